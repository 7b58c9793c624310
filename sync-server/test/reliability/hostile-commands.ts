import fc from 'fast-check';
import { uuidv7, type Role } from '@mymedic/shared';
import { commandShapes, type CommandShape } from './hostile-payloads';
import {
  dropField,
  forgedTokens,
  forwardedFor,
  invalidField,
  invalidFor,
  jsonRoute,
  setField,
  staleAuthorizations,
  tenantIds,
  unknownKey,
  type Authorization,
  type Battleground,
  type Body,
  type HostileRequest,
  type Mutation,
} from './hostile-requests';
import { RawJson, toJsonText } from './hostile-values';

/**
 * `POST /commands/<command>` for every command of the shared registry: bodies broken in
 * each payload field (with the values that field's own schema refuses), in the version,
 * the aggregate and the envelope; valid bodies under tokens that may not (forged, old,
 * of a role that may not, of a person demoted since); commands that do not exist; and
 * Idempotency-Keys the contract refuses. Every one must be refused and store nothing.
 */

const route = 'POST /commands/:command' as const;

/** The people of tenant A, by the role the database gives them now. */
const people = (ground: Battleground) =>
  [
    { role: 'admin', token: ground.a.adminToken, what: 'the admin' },
    { role: 'doctor', token: ground.a.doctorToken, what: 'a doctor' },
    { role: 'nurse', token: ground.a.nurseToken, what: 'a nurse' },
    {
      role: 'receptionist',
      token: ground.a.demotedAdminToken,
      what: 'an admin since made receptionist',
    },
    {
      role: 'receptionist',
      token: ground.a.demotedDoctorToken,
      what: 'a doctor since made receptionist',
    },
  ] satisfies { role: Role; token: string; what: string }[];

/** Someone who may issue the command, or (for the server's own) the admin, refused. */
function issuer(ground: Battleground, shape: CommandShape): Authorization {
  const allowed = people(ground).find((person) => shape.definition.issuedBy.includes(person.role));
  return allowed
    ? { what: '', header: `Bearer ${allowed.token}`, refused: false }
    : {
        what: 'as the admin (the server alone issues it)',
        header: `Bearer ${ground.a.adminToken}`,
        refused: true,
      };
}

/**
 * Tokens refused for this command whatever the body: of people whose roles (as the
 * database has them now) may not issue it, most often; old ones; forged ones.
 */
function refusedFor(ground: Battleground, shape: CommandShape): fc.Arbitrary<Authorization> {
  const mayNot = people(ground)
    .filter((person) => !shape.definition.issuedBy.includes(person.role))
    .map((person) => ({
      what: `as ${person.what}`,
      header: `Bearer ${person.token}`,
      refused: true,
    }));
  return fc.oneof(
    ...(mayNot.length > 0 ? [{ weight: 2, arbitrary: fc.constantFrom(...mayNot) }] : []),
    { weight: 1, arbitrary: fc.constantFrom(...staleAuthorizations(ground)) },
    { weight: 1, arbitrary: fc.constantFrom(...forgedTokens(ground)) },
  );
}

/** A body the route would take: the aggregate it aims at, at its version, when one exists. */
function validBody(ground: Battleground, shape: CommandShape): () => Body {
  const { definition } = shape;
  const target = ground.a.targets[definition.aggregateType];
  return () => {
    if (definition.creates) return { payload: shape.valid() };
    return {
      aggregate_id: target?.id ?? uuidv7(),
      expected_version: target?.version ?? 1,
      payload: shape.valid(),
    };
  };
}

const notAnObject = fc.constantFrom<unknown>(
  null,
  [],
  [{}],
  'payload',
  '',
  0,
  true,
  new RawJson('1e999'),
);

/** expected_version values the contract refuses: negative, huge, fractional, not numbers. */
const badVersions = fc.constantFrom<unknown>(
  -1,
  -2_147_483_649,
  0.5,
  1.000001,
  1_000_000_001,
  2 ** 53,
  Number.MAX_VALUE,
  new RawJson('1e999'),
  new RawJson('123456789012345678901234567890'),
  '1',
  '',
  'latest',
  null,
  true,
  [1],
  { version: 1 },
);

function breakers(ground: Battleground, shape: CommandShape): fc.Arbitrary<Mutation> {
  const foreign = tenantIds(ground);
  const ownIds = Object.values(ground.a.targets).map((target) => target.id);
  const fields = shape.fields.filter((field) => field.wrong.length > 0);
  const choices: fc.Arbitrary<Mutation>[] = [
    invalidField(['payload'], notAnObject),
    fc.constant(dropField(['payload'])),
    invalidField(['expected_version'], badVersions),
    invalidField(
      ['aggregate_id'],
      fc.oneof(
        invalidFor.uuid,
        fc.constantFrom(...ownIds).map((id) => id.toUpperCase()),
      ),
    ),
    unknownKey([], foreign),
  ];
  if (fields.length > 0) {
    const wrongField = fc
      .constantFrom(...fields)
      .chain((field) =>
        fc.constantFrom(...field.wrong).map((value) => setField(['payload', field.name], value)),
      );
    choices.push(
      wrongField,
      // Unknown payload keys are dropped, not refused: they ride along with a wrong field.
      fc.tuple(wrongField, unknownKey(['payload'], foreign)).map(([wrong, extra]) => ({
        what: `${wrong.what}; ${extra.what}`,
        apply(body: Body) {
          wrong.apply(body);
          extra.apply(body);
        },
      })),
    );
  }
  // A record may name only its own hospital's: hospital B's patient or person in a link.
  const sample = shape.valid();
  const links = (['patient_id', 'doctor_id'] as const).filter(
    (name) => typeof sample[name] === 'string',
  );
  if (links.length > 0)
    choices.push(
      fc
        .constantFrom(...links)
        .map((name) =>
          setField(
            ['payload', name],
            name === 'patient_id' ? ground.b.patientId : ground.b.adminId,
            `${name} of hospital B`,
          ),
        ),
    );
  // Another hospital's aggregates are unknown here; a new aggregate cannot take an id in use.
  choices.push(
    definitionCreates(shape)
      ? fc
          .constantFrom(...ownIds)
          .map((id) => setField(['aggregate_id'], id, `aggregate_id in use ${id}`))
      : fc
          .constantFrom(ground.b.hospitalId, ground.b.adminId, ground.b.patientId)
          .map((id) => setField(['aggregate_id'], id, `aggregate_id of hospital B ${id}`)),
  );
  if (!shape.definition.creates) {
    choices.push(
      fc.constant(dropField(['expected_version'])),
      fc.constant(dropField(['aggregate_id'])),
    );
  }
  return fc.oneof(...choices);
}

const definitionCreates = (shape: CommandShape) => shape.definition.creates;

/** One command's route, through the generic JSON route's transports and refusals. */
function commandRoute(ground: Battleground, shape: CommandShape) {
  const allowed = issuer(ground, shape);
  const refused = refusedFor(ground, shape);
  return jsonRoute({
    route,
    path: `/commands/${shape.kebab}`,
    valid: validBody(ground, shape),
    breakers: breakers(ground, shape),
    authorization: fc.oneof(
      { weight: 6, arbitrary: fc.constant(allowed) },
      { weight: 2, arbitrary: refused },
    ),
  });
}

/**
 * Keys the contract refuses (empty, over 200 characters, with spaces or bytes past
 * ASCII), on a body that would be stored: the key is read before anything is decided.
 * Node writes header text as Latin-1, so UTF-8 goes as its bytes.
 */
const badKeys: { what: string; key: string }[] = [
  { what: 'empty', key: '' },
  { what: 'a space', key: ' ' },
  { what: '201 characters', key: 'k'.repeat(201) },
  { what: '8,000 characters', key: 'k'.repeat(8_000) },
  { what: 'with a space', key: 'retry 1' },
  { what: 'with a tab', key: 'retry\t1' },
  { what: 'Latin-1', key: 'clé-été' },
  { what: 'UTF-8 bytes', key: Buffer.from('ключ-повтора', 'utf8').toString('latin1') },
  { what: 'an emoji', key: Buffer.from('retry-🔁', 'utf8').toString('latin1') },
  { what: 'a no-break space', key: 'retry\u00a0key' },
];

function idempotencyRequests(ground: Battleground, shapes: CommandShape[]) {
  const creating = shapes.filter(
    (shape) => shape.definition.creates && shape.definition.issuedBy.length > 0,
  );
  return fc
    .tuple(fc.constantFrom(...creating), fc.constantFrom(...badKeys), forwardedFor)
    .map(([shape, { what, key }, address]): HostileRequest => {
      const auth = issuer(ground, shape);
      return {
        route,
        what: `Idempotency-Key ${what} on a valid ${shape.type}`,
        method: 'POST',
        path: `/commands/${shape.kebab}`,
        headers: {
          'content-type': 'application/json',
          authorization: auth.header!,
          'idempotency-key': key,
          'x-forwarded-for': address,
        },
        body: () => toJsonText(validBody(ground, shape)()),
      };
    });
}

/**
 * Names of no command: made up, near misses of real ones (derived from the registry,
 * never one that exists), names of object properties, traversals and very long ones.
 */
function unknownCommands(ground: Battleground, shapes: CommandShape[]) {
  const known = new Set(shapes.map((shape) => shape.kebab));
  const nearMisses = (shape: CommandShape) =>
    [
      `${shape.kebab}s`,
      shape.kebab.slice(0, -1),
      shape.kebab.replaceAll('-', ''),
      shape.kebab.replaceAll('-', '_'),
      shape.kebab.toUpperCase(),
      shape.type,
      `${shape.kebab}-v2`,
      `${shape.kebab}.json`,
      `${shape.kebab}%20`,
      `${shape.kebab}%00`,
      `${shape.kebab};drop`,
      `-${shape.kebab}`,
      `${shape.kebab}-`,
      shape.kebab.replace('-', '--'),
      `${shape.kebab}/${shape.kebab}`,
    ].filter((name) => !known.has(name));
  const madeUp = [
    'make-coffee',
    'delete-everything',
    'drop-table',
    'constructor',
    'to-string',
    'value-of',
    'has-own-property',
    '__proto__',
    'prototype',
    'a',
    '..',
    '..%2f..%2fauth%2fsignup',
    '%2e%2e%2fusers',
    '../users',
    '..\\users',
    '%252e%252e',
    '%zz',
    '%c0%ae%c0%ae',
    'a'.repeat(61),
    'a'.repeat(5_000),
    `register-${'x-'.repeat(2_000)}patient`,
    '',
  ];
  return fc
    .tuple(
      fc.constantFrom(...shapes),
      fc.oneof(
        { weight: 2, arbitrary: fc.constantFrom(...madeUp) },
        {
          weight: 3,
          arbitrary: fc
            .constantFrom(...shapes)
            .chain((shape) => fc.constantFrom(...nearMisses(shape))),
        },
      ),
      forwardedFor,
    )
    .map(([shape, name, address]): HostileRequest => ({
      route,
      what: `no command ${JSON.stringify(name.slice(0, 60))}, a ${shape.type} body`,
      method: 'POST',
      path: `/commands/${name}`,
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${ground.a.adminToken}`,
        'x-forwarded-for': address,
      },
      body: () => toJsonText(validBody(ground, shape)()),
    }));
}

/** Every kind of hostile command, spread over the registry's commands. */
export function commandRequests(ground: Battleground): fc.Arbitrary<HostileRequest> {
  const shapes = commandShapes();
  return fc.oneof(
    { weight: 8, arbitrary: fc.oneof(...shapes.map((shape) => commandRoute(ground, shape))) },
    { weight: 1, arbitrary: idempotencyRequests(ground, shapes) },
    { weight: 1, arbitrary: unknownCommands(ground, shapes) },
  );
}
