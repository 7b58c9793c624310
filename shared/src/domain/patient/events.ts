import { z } from 'zod';
import { isoDateTime, requiredText, uuidField } from '../fields';
import {
  mrnSchema,
  patientDetailFields,
  patientDetailsSchema,
  type PatientDetails,
} from './details';
import { phrase } from '../../refusals';

export const consentTypes = [
  'treatment',
  'data_sharing',
  'sms_reminders',
  'whatsapp_reminders',
  'email_reminders',
  'photography',
  'research',
] as const;
export const allergySeverities = ['mild', 'moderate', 'severe', 'unknown'] as const;

export const patientRegisteredSchema = patientDetailsSchema.extend({ mrn: mrnSchema });
// Built from the field schemas (not patientDetailsSchema.partial()), whose defaults
// would fill every absent field with null.
export const patientDetailsUpdatedSchema = z.object({
  changes: z.object(patientDetailFields).partial(),
});
export const consentRecordedSchema = z.object({
  consent_id: uuidField,
  consent_type: z.enum(consentTypes, { message: phrase('patient.chooseConsent') }),
  scope: requiredText('Scope', 500),
  given_at: isoDateTime,
});
export const consentWithdrawnSchema = z.object({
  consent_id: uuidField,
  withdrawn_at: isoDateTime,
  reason: requiredText('Reason', 500),
});
export const allergyRecordedSchema = z.object({
  allergy_id: uuidField,
  substance: requiredText('Substance', 120),
  reaction: requiredText('Reaction', 300),
  severity: z.enum(allergySeverities, { message: phrase('patient.chooseSeverity') }),
});
export const patientArchivedSchema = z.object({ reason: requiredText('Reason', 500) });

export interface Consent {
  consent_id: string;
  consent_type: (typeof consentTypes)[number];
  scope: string;
  given_at: string;
  withdrawn_at: string | null;
  withdrawal_reason: string | null;
}

export interface Allergy {
  allergy_id: string;
  substance: string;
  reaction: string;
  severity: (typeof allergySeverities)[number];
}

export interface PatientState {
  exists: boolean;
  archived: boolean;
  mrn: string | null;
  details: PatientDetails | null;
  consents: Consent[];
  allergies: Allergy[];
}

export const initialPatientState: PatientState = {
  exists: false,
  archived: false,
  mrn: null,
  details: null,
  consents: [],
  allergies: [],
};
