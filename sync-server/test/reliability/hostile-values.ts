import fc from 'fast-check';

/**
 * JSON text spliced into a body as it is: deep nesting, numbers JSON.stringify cannot
 * write (1e999), keys it would drop (__proto__ made by a literal), broken syntax.
 */
export class RawJson {
  constructor(readonly text: string) {}
}

/** Writes a body, putting each RawJson in place as its own text. */
export function toJsonText(value: unknown): string {
  const raws: string[] = [];
  const marker = (index: number) => `\u0001raw-json-${index}\u0001`;
  const text = JSON.stringify(value, (_key, item: unknown) => {
    if (!(item instanceof RawJson)) return item;
    raws.push(item.text);
    return marker(raws.length - 1);
  });
  return raws.reduce(
    (body, raw, index) => body.replace(JSON.stringify(marker(index)), () => raw),
    text ?? '',
  );
}

/** Sets a key as an own property, so `__proto__` and `constructor` reach the wire too. */
export function setOwn(target: Record<string, unknown>, key: string, value: unknown) {
  Object.defineProperty(target, key, {
    value,
    enumerable: true,
    writable: true,
    configurable: true,
  });
}

/** Bodies and strings just past the 1 MiB limit: in characters, and in UTF-8 bytes only. */
export const overLimitAscii = 'x'.repeat(1024 * 1024 + 1);
export const overLimitInBytes = 'é'.repeat(512 * 1024 + 1);

export const nestingDepths = [65, 100, 1_000, 5_000, 20_000, 100_000, 400_000] as const;

/** Arrays or objects nested `depth` levels deep, as JSON text. */
export const deeplyNested = fc
  .tuple(fc.constantFrom(...nestingDepths), fc.boolean())
  .map(
    ([depth, asObjects]) =>
      new RawJson(
        asObjects
          ? `${'{"a":'.repeat(depth)}null${'}'.repeat(depth)}`
          : `${'['.repeat(depth)}${']'.repeat(depth)}`,
      ),
  );

/** Text PostgreSQL cannot hold: NUL, and UTF-16 halves without their partner. */
export const unstorableText = fc
  .tuple(
    fc.constantFrom('Jane Doe', 'Hillside Clinic', 'asha@hillside.example', 'tablet'),
    fc.constantFrom('\u0000', '\ud800', '\udfff', '\ud83d', 'a\u0000', '\udc00\ud800'),
    fc.nat({ max: 8 }),
  )
  .map(([text, poison, at]) => text.slice(0, at) + poison + text.slice(at));

/** Whether PostgreSQL can hold the text: no NUL, no UTF-16 half without its partner. */
export const isStorable = (text: string) =>
  !text.includes('\u0000') &&
  !/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(text);

const surrogateHalf = fc
  .integer({ min: 0xd800, max: 0xdfff })
  .map((code) => String.fromCharCode(code));

/** Strings that break naive code: unicode edge cases, NaN-like, injections, long ones. */
export const hostileString: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    '',
    ' ',
    '\t\r\n',
    '\u00a0',
    '\u200b',
    '\ufeffJane',
    '\u202eeoD enaJ',
    'Ｊａｎｅ　Ｄｏｅ',
    'İstanbul',
    'straße',
    'Z̸̢̧̛a̴̡l̶͖g̷o̶',
    '👩🏽‍⚕️🩺',
    '𝕵𝖆𝖓𝖊',
    'NaN',
    'Infinity',
    '-Infinity',
    '-0',
    '1e309',
    '0x1F',
    '  42  ',
    'null',
    'undefined',
    'true',
    '[object Object]',
    '__proto__',
    'constructor',
    'prototype',
    'hasOwnProperty',
    "'; DROP TABLE event_store; --",
    '" OR 1=1 --',
    '<img src=x onerror=alert(1)>',
    '${7*7}{{7*7}}',
    '../../../etc/passwd',
    '%00%s%n',
    '\\',
    '"',
    'a'.repeat(201),
    'a'.repeat(10_000),
  ),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.string({ unit: surrogateHalf, minLength: 1, maxLength: 4 }),
  unstorableText,
);

/**
 * Device clocks an ISO schema and PostgreSQL take, but no clinic's record can have: years
 * 1 to 99 (which PGlite once read back as an invalid Date, failing every pull), before
 * 2020, and past the server's clock by more than a day.
 */
export const implausibleClocks = (): fc.Arbitrary<string> =>
  fc.oneof(
    fc.constantFrom(
      '0001-01-01T00:00:00Z',
      '0026-03-04T09:15:00+03:00',
      '0099-12-31T23:59:59.999999Z',
      '2001-09-09T01:46:40Z',
      '2019-12-31T23:59:59.999Z',
      '2099-01-01T00:00:00Z',
      '9999-12-31T23:59:59Z',
    ),
    fc
      .integer({ min: 1, max: 30 * 24 })
      .map((hours) => new Date(Date.now() + 24 * 3_600_000 + hours * 3_600_000).toISOString()),
    fc
      .date({
        min: new Date('0001-01-01T00:00:00Z'),
        max: new Date('2019-12-31T23:59:59Z'),
        noInvalidDate: true,
      })
      .map((date) => date.toISOString()),
  );

/** Numbers at and past every edge: negative, fractional, unsafe, huge, tiny. */
export const hostileNumber: fc.Arbitrary<number | RawJson> = fc.oneof(
  fc.constantFrom(
    -1,
    0,
    -0,
    0.5,
    -2_147_483_649,
    2_147_483_648,
    2 ** 53,
    2 ** 53 + 2,
    Number.MAX_SAFE_INTEGER,
    -Number.MAX_SAFE_INTEGER,
    Number.MAX_VALUE,
    Number.MIN_VALUE,
  ),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.constantFrom(
    new RawJson('1e999'),
    new RawJson('-1e999'),
    new RawJson('123456789012345678901234567890'),
    new RawJson('1.0E+2'),
    new RawJson('-0.0'),
    new RawJson('1e-400'),
  ),
);

/** A value of any JSON type, hostile where it can be. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { arbitrary: hostileString, weight: 3 },
  { arbitrary: hostileNumber, weight: 2 },
  fc.constantFrom(true, false, null, [], {}, [null], { '': '' }),
  fc.jsonValue({ maxDepth: 3 }),
  deeplyNested,
  fc.constantFrom(
    new RawJson('{"__proto__": {"role": "admin", "isAdmin": true}}'),
    new RawJson('{"constructor": {"prototype": {"role": "admin"}}}'),
  ),
);

/** Any value whose JSON type is not a string. */
export const notAString: fc.Arbitrary<unknown> = fc.oneof(
  hostileNumber,
  fc.constantFrom(true, false, null, [], {}, ['Jane'], { value: 'Jane' }),
  deeplyNested,
);

/** Any value whose JSON type is not a number. */
export const notANumber: fc.Arbitrary<unknown> = fc.oneof(
  hostileString,
  fc.constantFrom(true, false, null, [], {}, [1], { value: 1 }),
  deeplyNested,
);

/** Keys a careful server refuses in a strict body: pollution, tenancy, authorship. */
export const hostileKey = (foreignIds: string[]): fc.Arbitrary<string> =>
  fc.oneof(
    fc.constantFrom(
      '__proto__',
      'constructor',
      'prototype',
      'hospital_id',
      'user_id',
      'actor',
      'author',
      'role',
      'is_admin',
      'position',
      'stored_at',
      '',
      ...foreignIds,
    ),
    fc.string({ unit: 'binary', minLength: 1, maxLength: 12 }),
  );

/** Bodies that are not JSON, or JSON of the wrong shape altogether. */
export const notJsonBody: fc.Arbitrary<{ what: string; text: string }> = fc.oneof(
  fc.constantFrom(
    { what: 'empty body', text: '' },
    { what: 'whitespace body', text: ' \n\t ' },
    { what: 'JSON null', text: 'null' },
    { what: 'JSON true', text: 'true' },
    { what: 'JSON number', text: '0' },
    { what: 'JSON string', text: '"{}"' },
    { what: 'JSON array', text: '[{}]' },
    { what: 'NaN literal', text: '{"a": NaN}' },
    { what: 'single quotes', text: "{'a': 1}" },
    { what: 'trailing comma', text: '{"a": 1,}' },
    { what: 'comment', text: '{"a": 1 /* hi */}' },
    { what: 'unquoted key', text: '{a: 1}' },
    { what: 'two documents', text: '{}{}' },
    { what: 'raw control character', text: '{"a": "x\u0001y"}' },
    { what: 'bad escape', text: '{"a": "\\x41"}' },
    { what: 'lone surrogate escape', text: '{"a": "\\ud800"}' },
    { what: 'NUL escape', text: '{"a": "\\u0000"}' },
    // A byte order mark before valid JSON is read as that JSON (Fastify's parser drops
    // it, as RFC 8259 allows), and `{}` is a whole body on some routes (a patient's
    // "ask to cancel"): the mark before a broken text is the malformed case.
    { what: 'BOM before broken JSON', text: '\ufeff{' },
    { what: 'prototype pollution', text: '{"__proto__": {"isAdmin": true}}' },
    { what: 'constructor pollution', text: '{"constructor": {"prototype": {"isAdmin": true}}}' },
    { what: 'unclosed nesting', text: '['.repeat(10_000) },
  ),
  deeplyNested.map((raw) => ({ what: 'deep nesting at the root', text: raw.text })),
  fc.string({ unit: 'binary', maxLength: 60 }).map((text) => ({ what: 'random text', text })),
  fc.jsonValue({ maxDepth: 4 }).map((value) => ({
    what: 'random JSON',
    text: JSON.stringify(value),
  })),
);

/** Cuts a JSON text short or adds junk after it: no longer JSON. */
export const breakJsonText = (text: string): fc.Arbitrary<{ what: string; text: string }> =>
  fc.oneof(
    fc
      .integer({ min: 1, max: Math.max(1, text.length - 1) })
      .map((at) => ({ what: 'truncated JSON', text: text.slice(0, at) })),
    fc
      .constantFrom('}', ',', ']', 'x', '\u0000', '{"a":1}')
      .map((junk) => ({ what: 'junk after JSON', text: text + junk })),
  );
