import { describe, expect, it } from 'vitest';
import { storablePushRequestSchema } from '@mymedic/shared';
import { HttpError } from '../errors';
import { validatorOf } from '../plugins/contract';
import { isPlainPushRequest, pushBody } from './push-body';

/** The push body as Fastify checks it for the route. */
const validatePush = validatorOf(pushBody);

const janeDoe = {
  device_id: 'reception-tablet',
  commands: [
    {
      command_id: '01930f4e-8a3b-7c11-9a2e-5f1d2c3b4a50',
      client_seq: 1,
      type: 'RegisterPatient',
      aggregate_type: 'patient',
      aggregate_id: '01930f4e-8a3b-7c11-9a2e-5f1d2c3b4a51',
      expected_version: 0,
      payload: { full_name: 'Jane Doe', phone: '+254 712345678', address: { city: 'Kisumu' } },
      issued_at: '2026-11-25T09:30:00.000+03:00',
      events: [
        {
          event_id: '01930f4e-8a3b-7c11-9a2e-5f1d2c3b4a52',
          type: 'PatientRegistered',
          schema_version: 1,
          version: 1,
          data: { full_name: 'Jane Doe', phone: '+254 712345678' },
        },
      ],
    },
    {
      command_id: '01930f4e-8a3b-7c11-9a2e-5f1d2c3b4a53',
      client_seq: 2,
      type: 'RecordAllergy',
      aggregate_type: 'patient',
      aggregate_id: '01930f4e-8a3b-7c11-9a2e-5f1d2c3b4a51',
      expected_version: 1,
      payload: { substance: 'Penicillin' },
      issued_at: '2026-11-25T06:31:00Z',
      events: [],
    },
  ],
};

type Path = (string | number)[];

/** Every place in a JSON value, the value itself first. */
function paths(value: unknown, path: Path = []): Path[] {
  if (typeof value !== 'object' || value === null) return [path];
  const children = Array.isArray(value)
    ? value.map((child, index) => paths(child, [...path, index]))
    : Object.entries(value).map(([key, child]) => paths(child, [...path, key]));
  return [path, ...children.flat()];
}

const oddValues: unknown[] = [
  null,
  '',
  'x'.repeat(101),
  'not-a-uuid',
  '2026-11-25',
  '0000-01-01T00:00:00Z',
  -1,
  0,
  1.5,
  2 ** 60,
  true,
  [],
  {},
  [{}],
  Object.create(null) as unknown,
];

const remove = Symbol('remove');

/** The body with the value at `path` replaced, or removed when `value` is `remove`. */
function mutate(body: unknown, path: Path, value: unknown): unknown {
  if (path.length === 0) return value === remove ? undefined : value;
  const copy = structuredClone(body) as Record<string | number, unknown>;
  let parent = copy;
  for (const step of path.slice(0, -1)) parent = parent[step] as Record<string | number, unknown>;
  const last = path.at(-1)!;
  if (value === remove) delete parent[last];
  else parent[last] = value;
  return copy;
}

/** Bodies one change away from Jane Doe's push: each value replaced or removed, keys added. */
function neighbours(): { body: unknown; change: string }[] {
  const found: { body: unknown; change: string }[] = [];
  for (const path of paths(janeDoe)) {
    for (const value of [...oddValues, remove]) {
      found.push({
        body: mutate(janeDoe, path, value),
        change: `${path.join('.')} = ${value === remove ? '(removed)' : JSON.stringify(value)}`,
      });
    }
    const node = path.reduce<unknown>(
      (value, step) => (value as Record<string, unknown>)[step],
      janeDoe,
    );
    if (typeof node === 'object' && node !== null && !Array.isArray(node)) {
      found.push({
        body: mutate(janeDoe, [...path, 'extra'], 1),
        change: `${path.join('.')}.extra`,
      });
    }
  }
  return found;
}

describe('the push body quick check', () => {
  it('takes a plain push as it is', () => {
    expect(isPlainPushRequest(janeDoe)).toBe(true);
    expect(validatePush(janeDoe).value).toBe(janeDoe);
  });

  it('takes nothing the schema refuses, and what it takes the schema gives back equal', () => {
    let taken = 0;
    let refused = 0;
    for (const { body, change } of neighbours()) {
      const parsed = storablePushRequestSchema.safeParse(body);
      if (!isPlainPushRequest(body)) {
        refused += 1;
        continue;
      }
      taken += 1;
      expect(parsed.success, change).toBe(true);
      expect(parsed.data, change).toEqual(body);
    }
    // Payloads and event data are free-form: changes there are still plain pushes.
    expect(taken).toBeGreaterThan(0);
    expect(refused).toBeGreaterThan(taken);
  });

  it('leaves a wrong body to the schema, which names the field', () => {
    const body = mutate(janeDoe, ['commands', 1, 'client_seq'], 0);
    expect(isPlainPushRequest(body)).toBe(false);
    const refusal = validatePush(body).error;
    expect(refusal).toBeInstanceOf(HttpError);
    expect(refusal?.details).toEqual({
      issues: [expect.objectContaining({ path: 'commands.1.client_seq' })],
    });
  });
});
