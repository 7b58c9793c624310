import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { EventDefinition } from './decider';
import { jsonEqual } from './equal';
import { uuidPattern, uuidv7 } from './ids';
import { decideCommand, upcastEvent } from '../domain/registry';
import { DomainError } from './errors';
import { janeDoctor } from '../../test/given';

describe('uuidv7', () => {
  it('makes valid version 7 ids that sort by time', () => {
    const earlier = uuidv7(1_700_000_000_000);
    const later = uuidv7(1_700_000_000_001);
    expect(earlier).toMatch(uuidPattern);
    expect(earlier[14]).toBe('7');
    expect(earlier < later).toBe(true);
    expect(uuidv7()).not.toBe(uuidv7());
  });
});

describe('jsonEqual', () => {
  it('compares like JSON does', () => {
    expect(jsonEqual({ a: 1, b: [1, { c: null }] }, { b: [1, { c: null }], a: 1 })).toBe(true);
    expect(jsonEqual({ a: undefined }, {})).toBe(true);
    expect(jsonEqual(undefined, null)).toBe(true);
    expect(jsonEqual({ a: 1 }, { a: 2 })).toBe(false);
    expect(jsonEqual([1], { 0: 1 })).toBe(false);
  });
});

describe('event upcasting', () => {
  const definitions = new Map<string, EventDefinition>([
    [
      'VitalsTaken',
      {
        type: 'VitalsTaken',
        aggregateType: 'vitals',
        versions: [
          {
            schema: z.object({ temp_f: z.number() }),
            upcast: (data) => ({ temperature_c: ((data as { temp_f: number }).temp_f - 32) / 1.8 }),
          },
          { schema: z.object({ temperature_c: z.number() }) },
        ],
      },
    ],
  ]);

  it('lifts an old payload to the newest version', () => {
    expect(upcastEvent('VitalsTaken', 1, { temp_f: 212 }, definitions)).toEqual({
      type: 'VitalsTaken',
      data: { temperature_c: 100 },
    });
    expect(upcastEvent('VitalsTaken', 2, { temperature_c: 37 }, definitions).data).toEqual({
      temperature_c: 37,
    });
  });

  it('refuses unknown types and versions', () => {
    expect(() => upcastEvent('Nope', 1, {}, definitions)).toThrow(DomainError);
    expect(() => upcastEvent('VitalsTaken', 3, {}, definitions)).toThrow(/schema_version/);
    expect(() => upcastEvent('VitalsTaken', 2, { temperature_c: 'hot' }, definitions)).toThrow(
      DomainError,
    );
  });
});

describe('decideCommand', () => {
  const context = {
    hospital_id: '0190a0b0-0000-7000-8000-0000000000aa',
    aggregate_id: '0190a0b0-0000-7000-8000-0000000000bb',
    actor: janeDoctor,
    issued_at: '2026-11-24T09:30:00.000Z',
  };
  it('refuses unknown commands and commands sent to the wrong aggregate type', () => {
    expect(() =>
      decideCommand({ type: 'DropTables', aggregate_type: 'patient', payload: {} }, null, context),
    ).toThrow(/Unknown command type/);
    expect(() =>
      decideCommand({ type: 'CreateUser', aggregate_type: 'patient', payload: {} }, null, context),
    ).toThrow(/is a user command/);
  });
});
