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
    .refine((changes) => Object.keys(changes).length > 0, { message: 'Nothing to change' }),
  country: phoneCountryField,
});
export const recordConsentPayload = z.object({
  consent_id: uuidField,
  consent_type: z.enum(consentTypes, { message: 'Choose a kind of consent' }),
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
  if (!state.exists || !state.details) throw new DomainError('not_found', 'No such patient');
  if (state.archived) throw new DomainError('illegal_state', 'The patient record is archived');
  return state.details;
}
