import { z } from 'zod';
import { isoDateTime, optionalLink, requiredText, uuidField } from '../fields';
import { phrase } from '../../refusals';

export const visitStatuses = ['waiting', 'in_triage', 'in_consultation', 'completed'] as const;
export type VisitStatus = (typeof visitStatuses)[number];
export const triagePriorities = ['routine', 'urgent', 'emergency'] as const;
export type TriagePriority = (typeof triagePriorities)[number];
export const diagnosisKinds = ['primary', 'secondary'] as const;
export type DiagnosisKind = (typeof diagnosisKinds)[number];

/**
 * An ICD-10 code such as J45 or J45.909; typed lower-case, stored upper-case. ICD-10-CM
 * also has a letter third (I1A.0, resistant hypertension) and, since FY2026, second
 * (QA0.0101); a letter second is only ever followed by a digit, so words such as "flu"
 * are not taken for a code.
 */
export const icd10Code = z
  .string({ message: phrase('visit.codeRequired') })
  .trim()
  .toUpperCase()
  .regex(/^[A-Z](?:[0-9][0-9A-Z]|[A-Z][0-9])(\.[0-9A-Z]{1,4})?$/, {
    message: phrase('visit.codeShape'),
  });

export const visitCheckedInSchema = z.object({
  patient_id: uuidField,
  appointment_id: optionalLink,
  doctor_id: optionalLink,
  location_id: optionalLink,
  checked_in_at: isoDateTime,
});
export const triageRecordedSchema = z.object({
  priority: z.enum(triagePriorities, { message: phrase('visit.choosePriority') }),
  complaint: requiredText('Complaint', 1000),
  triaged_at: isoDateTime,
});
export const consultationStartedSchema = z.object({
  doctor_id: uuidField,
  started_at: isoDateTime,
});
export const diagnosisRecordedSchema = z.object({
  diagnosis_id: uuidField,
  code: icd10Code,
  description: requiredText('Description', 300),
  kind: z.enum(diagnosisKinds, { message: phrase('visit.chooseKind') }),
});
export const diagnosisRemovedSchema = z.object({ diagnosis_id: uuidField });
export const followUpInDays = z
  .number({ message: phrase('visit.followUpNumber') })
  .int({ message: phrase('visit.followUpWhole') })
  .min(1, { message: phrase('visit.followUpRange') })
  .max(365, { message: phrase('visit.followUpRange') });
export const treatmentPlanSetSchema = z.object({
  plan: requiredText('Treatment plan', 4000),
  follow_up_in_days: followUpInDays.nullable().optional().default(null),
});
export const visitCompletedSchema = z.object({ completed_at: isoDateTime });

export type Diagnosis = z.infer<typeof diagnosisRecordedSchema>;
export type Triage = z.infer<typeof triageRecordedSchema>;
export type TreatmentPlan = z.infer<typeof treatmentPlanSetSchema>;

export interface VisitState {
  exists: boolean;
  status: VisitStatus | null;
  patient_id: string | null;
  appointment_id: string | null;
  doctor_id: string | null;
  location_id: string | null;
  checked_in_at: string | null;
  triage: Triage | null;
  consultation_started_at: string | null;
  diagnoses: Diagnosis[];
  treatment_plan: TreatmentPlan | null;
  completed_at: string | null;
}

export const initialVisitState: VisitState = {
  exists: false,
  status: null,
  patient_id: null,
  appointment_id: null,
  doctor_id: null,
  location_id: null,
  checked_in_at: null,
  triage: null,
  consultation_started_at: null,
  diagnoses: [],
  treatment_plan: null,
  completed_at: null,
};
