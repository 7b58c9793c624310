import {
  defineAggregate,
  mustNotExist,
  type CommandsOf,
  type EventsOf,
} from '../../kernel/aggregate';
import { DomainError } from '../../kernel/errors';
import { doctors } from '../../kernel/roles';
import { requireDigestOf } from '../fields';
import {
  cancelPrescriptionPayload,
  issuePrescriptionPayload,
  prescriptionSigningText,
} from './commands';
import {
  initialPrescriptionState,
  prescriptionCancelledSchema,
  prescriptionIssuedSchema,
} from './events';
import { refusal } from '../../refusals';

export const prescriptionAggregate = defineAggregate(
  'prescription',
  'rebase',
  initialPrescriptionState,
).with({
  events: {
    PrescriptionIssued: {
      schema: prescriptionIssuedSchema,
      evolve: (state, prescription) => ({
        ...state,
        exists: true,
        status: 'issued',
        prescription,
      }),
      clinical: ['medications', 'diagnosis', 'content_sha256'],
    },
    PrescriptionCancelled: {
      schema: prescriptionCancelledSchema,
      evolve: (state, cancellation) => ({ ...state, status: 'cancelled', cancellation }),
      clinical: ['reason'],
    },
  },
  commands: {
    IssuePrescription: {
      payload: issuePrescriptionPayload,
      label: 'Prescription',
      creates: true,
      issuedBy: doctors,
      requires: mustNotExist(refusal('prescription.alreadyIssued')),
      decide(prescription, _state, context) {
        requireDigestOf(
          prescriptionSigningText(prescription),
          prescription.content_sha256,
          "the prescription's content",
        );
        return [
          {
            type: 'PrescriptionIssued',
            data: {
              ...prescription,
              signed_by: context.actor.user_id,
              signed_at: context.issued_at,
            },
          },
        ];
      },
    },
    CancelPrescription: {
      payload: cancelPrescriptionPayload,
      label: 'Cancellation',
      issuedBy: doctors,
      requires(state) {
        if (!state.exists) throw new DomainError('not_found', refusal('prescription.notFound'));
        if (state.status === 'cancelled') {
          throw new DomainError('illegal_state', refusal('prescription.alreadyCancelled'));
        }
      },
      decide: ({ reason }, _state, context) => [
        { type: 'PrescriptionCancelled', data: { reason, cancelled_at: context.issued_at } },
      ],
    },
  },
});

export type PrescriptionEvent = EventsOf<typeof prescriptionAggregate>;
export type PrescriptionCommand = CommandsOf<typeof prescriptionAggregate>;
