import { describe, expect, it } from 'vitest';
import { compactPullAnswer } from './compact-pull-check';
import { compactPullResponseSchema } from './compact-pull';

const row = (position: number) => [
  '01933a2e-7c41-7a3b-9f00-000000000001',
  'patient',
  '01933a2e-7c41-7a3b-9f00-000000000002',
  1,
  'PatientRegistered',
  1,
  { full_name: 'Amina Otieno' },
  '01933a2e-7c41-7a3b-9f00-000000000003',
  'tablet-1',
  '01933a2e-7c41-7a3b-9f00-000000000004',
  '2026-12-01T08:00:00.000Z',
  position,
  '2026-12-01T08:00:01.123456Z',
];

const page = (events: unknown[]) => ({
  format: 'compact',
  hospital_id: '01933a2e-7c41-7a3b-9f00-000000000005',
  events,
  head: 40,
  has_more: false,
});

/** Values that break one rule or another of some field. */
const wrongValues = [
  undefined,
  null,
  '',
  'x'.repeat(101),
  'not-a-uuid',
  '01933a2e-7c41-7a3b-9f00-00000000000',
  '2026-12-01',
  '2026-02-30T08:00:00Z',
  0,
  -1,
  1.5,
  2 ** 60,
  '1',
  2,
  true,
  {},
  [],
  'visit',
  'bicycle',
];

describe('the fast check of a compact page', () => {
  it('accepts what the schema accepts, and gives the same page', () => {
    const valid = page([row(1), row(2), [...row(3), 1]]);
    const fast = compactPullAnswer.safeParse(valid);
    expect(fast.success).toBe(true);
    expect(fast.data).toEqual(compactPullResponseSchema.parse(valid));
  });

  it('never accepts a page the schema refuses, whatever field of an event is wrong', () => {
    let refused = 0;
    for (let field = 0; field <= 14; field += 1) {
      for (const value of wrongValues) {
        const event: unknown[] = [...row(7)];
        event[field] = value;
        const candidate = page([row(6), event]);
        const schema = compactPullResponseSchema.safeParse(candidate);
        const fast = compactPullAnswer.safeParse(candidate);
        expect(fast.success, `field ${field} = ${JSON.stringify(value)}`).toBe(schema.success);
        if (!schema.success) refused += 1;
      }
    }
    // Most of these break the rule of their field: the test checks refusals, not only passes.
    expect(refused).toBeGreaterThan(150);
  });

  it('never accepts a page whose own fields are wrong, and says why', () => {
    for (const key of ['format', 'hospital_id', 'events', 'head', 'has_more'] as const) {
      for (const value of wrongValues) {
        const candidate: Record<string, unknown> = page([row(1)]);
        candidate[key] = value;
        const schema = compactPullResponseSchema.safeParse(candidate);
        const fast = compactPullAnswer.safeParse(candidate);
        expect(fast.success, `${key} = ${JSON.stringify(value)}`).toBe(schema.success);
        if (!fast.success) expect(fast.error.issues.length).toBeGreaterThan(0);
      }
    }
    expect(compactPullAnswer.safeParse(null).success).toBe(false);
    expect(compactPullAnswer.safeParse([row(1)]).success).toBe(false);
  });
});
