import { expect } from 'vitest';
import type { AggregateType, CommandContext, DomainEvent } from '../src/kernel/decider';
import { DomainError, type DomainErrorCode } from '../src/kernel/errors';
import type { Actor } from '../src/kernel/roles';
import {
  currentSchemaVersion,
  decideCommand,
  evolveState,
  getDecider,
  upcastEvent,
} from '../src/domain/registry';

export const janeDoctor: Actor = {
  user_id: '0190a0b0-0000-7000-8000-000000000001',
  roles: ['doctor'],
};
export const nurseAmara: Actor = {
  user_id: '0190a0b0-0000-7000-8000-000000000002',
  roles: ['nurse'],
};
export const receptionistRavi: Actor = {
  user_id: '0190a0b0-0000-7000-8000-000000000003',
  roles: ['receptionist'],
};
export const adminAsha: Actor = {
  user_id: '0190a0b0-0000-7000-8000-000000000004',
  roles: ['admin'],
};
export const hillsideClinicId = '0190a0b0-0000-7000-8000-0000000000aa';

/**
 * Given events / when command / then events or then throws, for one aggregate.
 * Runs through `decideCommand`, the same path as the device and the server.
 */
export function given(aggregateType: AggregateType, events: DomainEvent[] = []) {
  const state = events.reduce(
    (current, event) => evolveState(aggregateType, current, event),
    getDecider(aggregateType).initialState,
  );
  return {
    when(
      type: string,
      payload: unknown,
      options: Partial<Omit<CommandContext, 'actor'>> & { actor?: Actor } = {},
    ) {
      const context: CommandContext = {
        hospital_id: hillsideClinicId,
        aggregate_id: options.aggregate_id ?? '0190a0b0-0000-7000-8000-0000000000bb',
        actor: options.actor ?? janeDoctor,
        issued_at: options.issued_at ?? '2026-11-24T09:30:00.000Z',
        ...(options.time_zone ? { time_zone: options.time_zone } : {}),
      };
      const run = () => {
        const events = decideCommand(
          { type, aggregate_type: aggregateType, payload },
          state,
          context,
        );
        // What decide makes must read back unchanged once stored as JSON and upcast.
        for (const event of events) {
          const stored: unknown = JSON.parse(JSON.stringify(event.data));
          expect(upcastEvent(event.type, currentSchemaVersion(event.type), stored)).toEqual(event);
        }
        return events;
      };
      return {
        then(expected: DomainEvent[]) {
          expect(run()).toEqual(expected);
        },
        thenThrows(code: DomainErrorCode, message?: RegExp) {
          let thrown: unknown;
          try {
            run();
          } catch (error) {
            thrown = error;
          }
          expect(thrown).toBeInstanceOf(DomainError);
          expect((thrown as DomainError).code).toBe(code);
          if (message) expect((thrown as DomainError).message).toMatch(message);
          return thrown as DomainError;
        },
        events: run,
      };
    },
  };
}
