import { z } from 'zod';
import type { CommandContext, CommandDefinition, Decider } from '../../kernel/decider';
import { DomainError } from '../../kernel/errors';
import { parseOrThrow } from '../../kernel/validate';
import { isoDateTime, optionalLink, refuseLaterThanIssued, uuidField } from '../fields';
import { evolveVitals, initialVitalsState, type VitalsEvent, type VitalsState } from './events';
import { vitalSignFields, vitalValuesSchema } from './signs';

/** Without `taken_at` the vitals were taken when the command was issued. */
export const recordVitalsPayload = vitalValuesSchema
  .extend({
    patient_id: uuidField,
    visit_id: optionalLink,
    taken_at: isoDateTime.optional(),
  })
  .superRefine((vitals, context) => {
    if (vitalSignFields.every((field) => vitals[field] === null)) {
      context.addIssue({ code: 'custom', path: [], message: 'Record at least one vital sign' });
    }
    if (
      vitals.systolic !== null &&
      vitals.diastolic !== null &&
      vitals.diastolic >= vitals.systolic
    ) {
      context.addIssue({
        code: 'custom',
        path: ['diastolic'],
        message: 'Diastolic must be lower than systolic',
      });
    }
  });

export type VitalsCommand = {
  type: 'RecordVitals';
  payload: z.input<typeof recordVitalsPayload>;
};

export function recordVitals(
  payload: unknown,
  state: VitalsState,
  context: CommandContext,
): VitalsEvent[] {
  if (state.exists) {
    throw new DomainError('illegal_state', 'These vitals are already recorded');
  }
  const { taken_at, ...vitals } = parseOrThrow(recordVitalsPayload, payload, 'Vitals');
  const takenAt = taken_at ?? context.issued_at;
  refuseLaterThanIssued(takenAt, context.issued_at, 'taken_at', 'Time taken');
  return [
    {
      type: 'VitalsRecorded',
      data: { ...vitals, taken_at: takenAt, taken_by: context.actor.user_id },
    },
  ];
}

export const vitalsDecider: Decider<VitalsState, VitalsCommand, VitalsEvent> = {
  aggregateType: 'vitals',
  policy: 'append',
  initialState: initialVitalsState,
  evolve: evolveVitals,
  decide(command, state, context) {
    switch (command.type) {
      case 'RecordVitals':
        return recordVitals(command.payload, state, context);
      default: {
        // One command only: `type` rather than the command narrows to never.
        const unknown: never = command.type;
        throw new DomainError('validation', `Unknown command ${String(unknown)}`);
      }
    }
  },
};

export const vitalsCommandDefinitions: CommandDefinition[] = [
  { type: 'RecordVitals', aggregateType: 'vitals', payload: recordVitalsPayload, creates: true },
];
