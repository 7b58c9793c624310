import {
  defineAggregate,
  mustNotExist,
  type CommandsOf,
  type EventsOf,
} from '../../kernel/aggregate';
import { clinicians } from '../../kernel/roles';
import { refuseLaterThanIssued } from '../fields';
import { DomainError } from '../../kernel/errors';
import {
  markVitalsEnteredInErrorPayload,
  mayMarkEnteredInError,
  recordVitalsPayload,
  requireVitalsInForce,
} from './commands';
import {
  initialVitalsState,
  vitalsMarkedEnteredInErrorSchema,
  vitalsRecordedSchema,
} from './events';
import { vitalSignFields } from './signs';
import { refusal } from '../../refusals';

export const vitalsAggregate = defineAggregate('vitals', 'rebase', initialVitalsState).with({
  events: {
    VitalsRecorded: {
      schema: vitalsRecordedSchema,
      evolve: (state, measurement) => ({ ...state, exists: true, measurement }),
      clinical: vitalSignFields,
    },
    VitalsMarkedEnteredInError: {
      schema: vitalsMarkedEnteredInErrorSchema,
      evolve: (state, entered_in_error) => ({ ...state, entered_in_error }),
      clinical: ['reason'],
    },
  },
  commands: {
    RecordVitals: {
      payload: recordVitalsPayload,
      label: 'Vitals',
      creates: true,
      issuedBy: clinicians,
      requires: mustNotExist(refusal('vitals.alreadyRecorded')),
      decide({ taken_at, ...vitals }, _state, context) {
        const takenAt = taken_at ?? context.issued_at;
        refuseLaterThanIssued(takenAt, context.issued_at, 'taken_at', 'Time taken');
        return [
          {
            type: 'VitalsRecorded',
            data: { ...vitals, taken_at: takenAt, taken_by: context.actor.user_id },
          },
        ];
      },
    },
    MarkVitalsEnteredInError: {
      payload: markVitalsEnteredInErrorPayload,
      label: 'Entered in error',
      issuedBy: clinicians,
      requires: requireVitalsInForce,
      decide({ reason }, state, context) {
        if (!mayMarkEnteredInError(requireVitalsInForce(state), context.actor))
          throw new DomainError('forbidden', refusal('vitals.whoMayMarkInError'));
        return [
          {
            type: 'VitalsMarkedEnteredInError',
            data: { reason, marked_by: context.actor.user_id, marked_at: context.issued_at },
          },
        ];
      },
    },
  },
});

export type VitalsEvent = EventsOf<typeof vitalsAggregate>;
export type VitalsCommand = CommandsOf<typeof vitalsAggregate>;
