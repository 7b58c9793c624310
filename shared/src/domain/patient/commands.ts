import { z } from 'zod';
import { DomainError } from '../../kernel/errors';
import { isoDateTime, requiredText, uuidField } from '../fields';
import {
  patientDetailFieldNames,
  phoneCountryField,
  registerPatientSchema,
  type PatientDetailField,
  type PatientDetails,
} from './details';
import {
  allergyRecordedSchema,
  consentTypes,
  patientArchivedSchema,
  type PatientState,
} from './events';
import { phrase, refusal } from '../../refusals';

export const registerPatientPayload = registerPatientSchema.safeExtend({
  country: phoneCountryField,
});

/** For each changed field: the value the user saw, and the value they want. */
export const updatePatientDetailsPayload = z.object({
  changes: z
    .partialRecord(
      z.enum(patientDetailFieldNames as [PatientDetailField, ...PatientDetailField[]]),
      z.object({ from: z.unknown(), to: z.unknown() }),
    )
    .refine((changes) => Object.keys(changes).length > 0, {
      message: phrase('field.nothingToChange'),
    }),
  country: phoneCountryField,
});
export const recordConsentPayload = z.object({
  consent_id: uuidField,
  consent_type: z.enum(consentTypes, { message: phrase('patient.chooseConsent') }),
  scope: requiredText('Scope', 500),
  given_at: isoDateTime.optional(),
});
export const withdrawConsentPayload = z.object({
  consent_id: uuidField,
  reason: requiredText('Reason', 500),
});
export const recordAllergyPayload = allergyRecordedSchema;
export const archivePatientPayload = patientArchivedSchema;

/** One field both sides changed: what the user saw, what is there now, what they wanted. */
export interface FieldConflict {
  field: PatientDetailField;
  seen: unknown;
  current: unknown;
  wanted: unknown;
}

export function requireActivePatient(state: PatientState): PatientDetails {
  if (!state.exists || !state.details)
    throw new DomainError('not_found', refusal('patient.notFound'));
  if (state.archived) throw new DomainError('illegal_state', refusal('patient.archived'));
  return state.details;
}
