import { z } from 'zod';
import { DomainError } from '../../kernel/errors';
import { isoDateTime, uuidField } from '../fields';
import {
  diagnosisRecordedSchema,
  treatmentPlanSetSchema,
  triageRecordedSchema,
  visitCheckedInSchema,
  type VisitState,
} from './events';
import { refusal } from '../../refusals';

/** Without `checked_in_at` the patient arrived when the command was issued. */
export const checkInPatientPayload = visitCheckedInSchema.extend({
  checked_in_at: isoDateTime.optional(),
});
export const recordTriagePayload = triageRecordedSchema.omit({ triaged_at: true });
export const startConsultationPayload = z.object({});
export const recordDiagnosisPayload = diagnosisRecordedSchema;
export const removeDiagnosisPayload = z.object({ diagnosis_id: uuidField });
export const setTreatmentPlanPayload = treatmentPlanSetSchema;
export const completeVisitPayload = z.object({});

/** Nothing clinical is added to a visit once it is completed. */
export function requireOpenVisit(state: VisitState): void {
  if (!state.exists) throw new DomainError('not_found', refusal('visit.notFound'));
  if (state.status === 'completed')
    throw new DomainError('illegal_state', refusal('visit.completed'));
}

/** Diagnoses and plans belong to the doctor's consultation, so the waiting list stays true. */
export function requireConsultation(state: VisitState): void {
  requireOpenVisit(state);
  if (state.status !== 'in_consultation') {
    throw new DomainError('illegal_state', refusal('visit.startConsultationFirst'));
  }
}
