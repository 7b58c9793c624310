import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineAggregate, eventDefinition, type EventDefinition } from './aggregate';
import type { Decider, DomainCommand, DomainEvent } from './decider';
import { roles } from './roles';
import { mayIssue } from '../permissions';
import { jsonEqual } from './equal';
import { uuidPattern, uuidv7 } from './ids';
import {
  decideCommand,
  getCommandDefinition,
  getDecider,
  knownCommandTypes,
  upcastEvent,
} from '../domain/registry';
import { DomainError } from './errors';
import { janeDoctor } from '../../test/given';
import { refusal } from '../refusals';

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
      eventDefinition('VitalsTaken', 'vitals', {
        schema: z.object({ temperature_c: z.number() }),
        earlier: [
          {
            schema: z.object({ temp_f: z.number() }),
            upcast: (data) => ({ temperature_c: ((data as { temp_f: number }).temp_f - 32) / 1.8 }),
          },
        ],
      }),
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

describe('defineAggregate', () => {
  const counter = defineAggregate('vitals', 'strict', { count: 0, open: true }).with({
    events: {
      Counted: {
        schema: z.object({ by: z.number() }),
        evolve: (state, { by }) => ({ ...state, count: state.count + by }),
      },
    },
    commands: {
      Count: {
        payload: z.object({ by: z.number().min(1) }),
        label: 'Count',
        issuedBy: ['nurse'],
        requires(state) {
          if (!state.open) throw new DomainError('illegal_state', refusal('visit.completed'));
        },
        decide: ({ by }) => [{ type: 'Counted', data: { by } }],
      },
    },
  });
  const context = {
    hospital_id: '0190a0b0-0000-7000-8000-0000000000aa',
    aggregate_id: '0190a0b0-0000-7000-8000-0000000000bb',
    actor: janeDoctor,
    issued_at: '2026-11-24T09:30:00.000Z',
  };

  it('dispatches by looking the command up, and refuses one it does not define', () => {
    expect(
      counter.decide({ type: 'Count', payload: { by: 2 } }, counter.initialState, context),
    ).toEqual([{ type: 'Counted', data: { by: 2 } }]);
    const untyped: Decider<unknown, DomainCommand, DomainEvent> = counter;
    expect(() =>
      untyped.decide({ type: 'Uncount', payload: {} }, counter.initialState, context),
    ).toThrow(/Unknown command Uncount/);
    expect(() =>
      getDecider('patient').decide({ type: 'Count', payload: {} }, null, context),
    ).toThrow(/Unknown command Count/);
  });

  it('checks the state refusals before the payload, then the payload with its label', () => {
    const closed = { count: 0, open: false };
    expect(() => counter.decide({ type: 'Count', payload: { by: 0 } }, closed, context)).toThrow(
      /The visit is completed/,
    );
    expect(() =>
      counter.decide({ type: 'Count', payload: { by: 0 } }, counter.initialState, context),
    ).toThrow(/^Count: by:/);
  });

  it('folds by looking each event up, and refuses an event of another aggregate', () => {
    expect(counter.evolve(counter.initialState, { type: 'Counted', data: { by: 3 } })).toEqual({
      count: 3,
      open: true,
    });
    expect(() => counter.upcast('PatientArchived', 1, { reason: 'Moved' })).toThrow(
      /PatientArchived is not a vitals event/,
    );
  });

  it("decides with the clinic's zone only the commands that say they read it", () => {
    const zoned = defineAggregate('vitals', 'strict', {}).with({
      events: { Seen: { schema: z.object({ zone: z.string() }), evolve: (state) => state } },
      commands: {
        ByClinicDay: {
          payload: z.object({}),
          label: 'By the clinic day',
          issuedBy: ['nurse'],
          readsClinicZone: true,
          decide: (_payload, _state, { time_zone }) => [
            { type: 'Seen', data: { zone: time_zone ?? 'none' } },
          ],
        },
        Undeclared: {
          payload: z.object({}),
          label: 'Undeclared',
          issuedBy: ['nurse'],
          decide: (_payload, _state, { time_zone }) => [
            { type: 'Seen', data: { zone: time_zone ?? 'none' } },
          ],
        },
      },
    });
    const inNairobi = { ...context, time_zone: 'Africa/Nairobi' };
    const zoneSeen = (type: 'ByClinicDay' | 'Undeclared') =>
      zoned.decide({ type, payload: {} }, zoned.initialState, inNairobi)[0]!.data;
    expect(zoneSeen('ByClinicDay')).toEqual({ zone: 'Africa/Nairobi' });
    expect(zoneSeen('Undeclared')).toEqual({ zone: 'none' });
    // The server reads the organisation's stream for a batch only when it holds one.
    expect(
      knownCommandTypes().filter((type) => getCommandDefinition(type)!.readsClinicZone),
    ).toEqual(['MarkAppointmentCheckedIn']);
  });

  it('takes who may issue a command from its definition', () => {
    for (const type of knownCommandTypes()) {
      const issuedBy = getCommandDefinition(type)!.issuedBy;
      for (const role of roles) expect(mayIssue(role, type)).toBe(issuedBy.includes(role));
    }
    expect(getCommandDefinition('RecordVitals')!.issuedBy).toEqual(['doctor', 'nurse']);
    expect(mayIssue('system', 'RegisterHospital')).toBe(true);
    expect(mayIssue('admin', 'RegisterHospital')).toBe(false);
    // Not an aggregate's command: kept in permissions.ts.
    expect(mayIssue('admin', 'RevokeDevice')).toBe(true);
    expect(mayIssue('doctor', 'RevokeDevice')).toBe(false);
    expect(() =>
      decideCommand(
        { type: 'ChangeHospitalSettings', aggregate_type: 'hospital', payload: {} },
        null,
        context,
      ),
    ).toThrow(/A doctor may not ChangeHospitalSettings/);
  });
});
