import {
  defineAggregate,
  mustNotExist,
  type CommandsOf,
  type EventsOf,
} from '../../kernel/aggregate';
import { DomainError } from '../../kernel/errors';
import { clinicians, everyone } from '../../kernel/roles';
import { parseOrThrow } from '../../kernel/validate';
import {
  archivePatientPayload,
  recordAllergyPayload,
  recordConsentPayload,
  registerPatientPayload,
  requireActivePatient,
  updatePatientDetailsPayload,
  withdrawConsentPayload,
  type FieldConflict,
} from './commands';
import {
  patientDetailFields,
  sameDetail,
  withPhonesInE164,
  type PatientDetailField,
  type PatientDetails,
} from './details';
import {
  allergyRecordedSchema,
  consentRecordedSchema,
  consentWithdrawnSchema,
  initialPatientState,
  patientArchivedSchema,
  patientDetailsUpdatedSchema,
  patientRegisteredSchema,
} from './events';
import { refusal } from '../../refusals';
import { issueAt } from '../../kernel/validate';

export const patientAggregate = defineAggregate('patient', 'field-merge', initialPatientState).with(
  {
    events: {
      PatientRegistered: {
        schema: patientRegisteredSchema,
        evolve: (state, { mrn, ...details }) => ({ ...state, exists: true, mrn, details }),
      },
      PatientDetailsUpdated: {
        schema: patientDetailsUpdatedSchema,
        evolve: (state, { changes }) => ({ ...state, details: { ...state.details!, ...changes } }),
      },
      ConsentRecorded: {
        schema: consentRecordedSchema,
        evolve: (state, consent) => ({
          ...state,
          consents: [
            ...state.consents,
            { ...consent, withdrawn_at: null, withdrawal_reason: null },
          ],
        }),
      },
      ConsentWithdrawn: {
        schema: consentWithdrawnSchema,
        evolve: (state, withdrawal) => ({
          ...state,
          consents: state.consents.map((consent) =>
            consent.consent_id === withdrawal.consent_id
              ? {
                  ...consent,
                  withdrawn_at: withdrawal.withdrawn_at,
                  withdrawal_reason: withdrawal.reason,
                }
              : consent,
          ),
        }),
      },
      AllergyRecorded: {
        schema: allergyRecordedSchema,
        evolve: (state, allergy) => ({ ...state, allergies: [...state.allergies, allergy] }),
        clinical: ['substance', 'reaction', 'severity'],
      },
      PatientArchived: {
        schema: patientArchivedSchema,
        evolve: (state) => ({ ...state, archived: true }),
      },
    },
    commands: {
      RegisterPatient: {
        payload: registerPatientPayload,
        label: 'Patient',
        creates: true,
        issuedBy: everyone,
        requires: mustNotExist(refusal('patient.alreadyRegistered')),
        decide: ({ country, ...patient }) => [
          { type: 'PatientRegistered', data: withPhonesInE164(patient, country, 'Patient') },
        ],
      },
      /**
       * Field-merge: a field whose value is still the one the user saw takes the new value;
       * a field someone else changed to a different value is a conflict; a field that
       * already holds the wanted value is left alone. Untouched fields never collide.
       */
      UpdatePatientDetails: {
        payload: updatePatientDetailsPayload,
        label: 'Patient update',
        issuedBy: everyone,
        requires: requireActivePatient,
        decide({ changes, country }, state) {
          const details = requireActivePatient(state);
          // What each change wants, as it would be recorded: numbers in E.164, so that
          // the same number typed another way is no change.
          const wanted = withPhonesInE164(
            Object.fromEntries(
              Object.entries(changes).map(([field, change]) => [
                field,
                parseOrThrow(
                  patientDetailFields[field as PatientDetailField],
                  (change as { to: unknown }).to,
                  field,
                ),
              ]),
            ) as Partial<PatientDetails>,
            country,
            'Patient update',
          );
          const applied: Partial<PatientDetails> = {};
          const conflicts: FieldConflict[] = [];
          for (const [field, change] of Object.entries(changes) as [
            PatientDetailField,
            { from: unknown; to: unknown },
          ][]) {
            const current = details[field];
            if (sameDetail(field, current, wanted[field], country)) continue;
            if (sameDetail(field, current, change.from, country)) {
              (applied as Record<string, unknown>)[field] = wanted[field];
            } else {
              conflicts.push({
                field,
                seen: change.from ?? null,
                current: current ?? null,
                wanted: wanted[field],
              });
            }
          }
          if (conflicts.length > 0) {
            throw new DomainError(
              'conflict',
              refusal('patient.changedMeanwhile', {
                fields: conflicts.map((conflict) => conflict.field).join(', '),
              }),
              { fields: conflicts },
            );
          }
          const merged = { ...details, ...applied };
          if (merged.date_of_birth === null && merged.birth_year_estimate === null) {
            const said = refusal('patient.birthNeeded');
            throw new DomainError('validation', said, {
              issues: [issueAt('date_of_birth', said)],
            });
          }
          if (Object.keys(applied).length === 0) return [];
          return [{ type: 'PatientDetailsUpdated', data: { changes: applied } }];
        },
      },
      RecordConsent: {
        payload: recordConsentPayload,
        label: 'Consent',
        issuedBy: everyone,
        requires: requireActivePatient,
        decide(consent, state, context) {
          if (state.consents.some((known) => known.consent_id === consent.consent_id)) {
            throw new DomainError('illegal_state', refusal('patient.consentAlreadyRecorded'));
          }
          return [
            {
              type: 'ConsentRecorded',
              data: {
                consent_id: consent.consent_id,
                consent_type: consent.consent_type,
                scope: consent.scope,
                given_at: consent.given_at ?? context.issued_at,
              },
            },
          ];
        },
      },
      WithdrawConsent: {
        payload: withdrawConsentPayload,
        label: 'Withdrawal',
        issuedBy: everyone,
        requires: requireActivePatient,
        decide({ consent_id, reason }, state, context) {
          const consent = state.consents.find((known) => known.consent_id === consent_id);
          if (!consent) throw new DomainError('not_found', refusal('patient.consentNotFound'));
          if (consent.withdrawn_at)
            throw new DomainError('illegal_state', refusal('patient.consentAlreadyWithdrawn'));
          return [
            {
              type: 'ConsentWithdrawn',
              data: { consent_id, reason, withdrawn_at: context.issued_at },
            },
          ];
        },
      },
      RecordAllergy: {
        payload: recordAllergyPayload,
        label: 'Allergy',
        issuedBy: clinicians,
        requires: requireActivePatient,
        decide(allergy, state) {
          if (state.allergies.some((known) => known.allergy_id === allergy.allergy_id)) {
            throw new DomainError('illegal_state', refusal('patient.allergyAlreadyRecorded'));
          }
          if (
            state.allergies.some(
              (known) => known.substance.toLowerCase() === allergy.substance.toLowerCase(),
            )
          ) {
            throw new DomainError(
              'validation',
              refusal('patient.allergyToAlreadyRecorded', { substance: allergy.substance }),
              { issues: [issueAt('substance', refusal('field.alreadyRecorded'))] },
            );
          }
          return [{ type: 'AllergyRecorded', data: allergy }];
        },
      },
      ArchivePatient: {
        payload: archivePatientPayload,
        label: 'Archive',
        issuedBy: ['admin', 'doctor'],
        requires: requireActivePatient,
        decide: (archive) => [{ type: 'PatientArchived', data: archive }],
      },
    },
  },
);

export type PatientEvent = EventsOf<typeof patientAggregate>;
export type PatientCommand = CommandsOf<typeof patientAggregate>;
