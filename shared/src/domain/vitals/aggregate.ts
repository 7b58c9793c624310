import {
  defineAggregate,
  mustNotExist,
  type CommandsOf,
  type EventsOf,
} from '../../kernel/aggregate';
import { clinicians } from '../../kernel/roles';
import { refuseLaterThanIssued } from '../fields';
import { recordVitalsPayload } from './commands';
import { initialVitalsState, vitalsRecordedSchema } from './events';
import { vitalSignFields } from './signs';

export const vitalsAggregate = defineAggregate('vitals', 'append', initialVitalsState).with({
  events: {
    VitalsRecorded: {
      schema: vitalsRecordedSchema,
      evolve: (state, measurement) => ({ ...state, exists: true, measurement }),
      clinical: vitalSignFields,
    },
  },
  commands: {
    RecordVitals: {
      payload: recordVitalsPayload,
      label: 'Vitals',
      creates: true,
      issuedBy: clinicians,
      requires: mustNotExist('These vitals are already recorded'),
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
  },
});

export type VitalsEvent = EventsOf<typeof vitalsAggregate>;
export type VitalsCommand = CommandsOf<typeof vitalsAggregate>;
