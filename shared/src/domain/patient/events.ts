import { z } from 'zod';
import type { EventDefinition } from '../../kernel/decider';
import { isoDateTime, requiredText, uuidField } from '../fields';
import {
  mrnSchema,
  patientDetailFields,
  patientDetailsSchema,
  type PatientDetails,
} from './details';

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
  consent_type: z.enum(consentTypes, { message: 'Choose a kind of consent' }),
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
  severity: z.enum(allergySeverities, { message: 'Choose a severity' }),
});
export const patientArchivedSchema = z.object({ reason: requiredText('Reason', 500) });

export type PatientEvent =
  | { type: 'PatientRegistered'; data: z.infer<typeof patientRegisteredSchema> }
  | { type: 'PatientDetailsUpdated'; data: z.infer<typeof patientDetailsUpdatedSchema> }
  | { type: 'ConsentRecorded'; data: z.infer<typeof consentRecordedSchema> }
  | { type: 'ConsentWithdrawn'; data: z.infer<typeof consentWithdrawnSchema> }
  | { type: 'AllergyRecorded'; data: z.infer<typeof allergyRecordedSchema> }
  | { type: 'PatientArchived'; data: z.infer<typeof patientArchivedSchema> };

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

export function evolvePatient(state: PatientState, event: PatientEvent): PatientState {
  switch (event.type) {
    case 'PatientRegistered': {
      const { mrn, ...details } = event.data;
      return { ...state, exists: true, mrn, details };
    }
    case 'PatientDetailsUpdated':
      return { ...state, details: { ...state.details!, ...event.data.changes } };
    case 'ConsentRecorded':
      return {
        ...state,
        consents: [
          ...state.consents,
          { ...event.data, withdrawn_at: null, withdrawal_reason: null },
        ],
      };
    case 'ConsentWithdrawn':
      return {
        ...state,
        consents: state.consents.map((consent) =>
          consent.consent_id === event.data.consent_id
            ? {
                ...consent,
                withdrawn_at: event.data.withdrawn_at,
                withdrawal_reason: event.data.reason,
              }
            : consent,
        ),
      };
    case 'AllergyRecorded':
      return { ...state, allergies: [...state.allergies, event.data] };
    case 'PatientArchived':
      return { ...state, archived: true };
  }
}

export const patientEventDefinitions: EventDefinition[] = [
  {
    type: 'PatientRegistered',
    aggregateType: 'patient',
    versions: [{ schema: patientRegisteredSchema }],
  },
  {
    type: 'PatientDetailsUpdated',
    aggregateType: 'patient',
    versions: [{ schema: patientDetailsUpdatedSchema }],
  },
  {
    type: 'ConsentRecorded',
    aggregateType: 'patient',
    versions: [{ schema: consentRecordedSchema }],
  },
  {
    type: 'ConsentWithdrawn',
    aggregateType: 'patient',
    versions: [{ schema: consentWithdrawnSchema }],
  },
  {
    type: 'AllergyRecorded',
    aggregateType: 'patient',
    versions: [{ schema: allergyRecordedSchema }],
  },
  {
    type: 'PatientArchived',
    aggregateType: 'patient',
    versions: [{ schema: patientArchivedSchema }],
  },
];
