import { z } from 'zod';
import type { CommandContext, CommandDefinition, Decider } from '../../kernel/decider';
import { jsonEqual } from '../../kernel/equal';
import { DomainError } from '../../kernel/errors';
import { parseOrThrow } from '../../kernel/validate';
import { isoDateTime, refuseLaterThanIssued, uuidField } from '../fields';
import {
  diagnosisRecordedSchema,
  evolveVisit,
  initialVisitState,
  treatmentPlanSetSchema,
  triageRecordedSchema,
  visitCheckedInSchema,
  type VisitEvent,
  type VisitState,
} from './events';

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

export type VisitCommand =
  | { type: 'CheckInPatient'; payload: z.input<typeof checkInPatientPayload> }
  | { type: 'RecordTriage'; payload: z.input<typeof recordTriagePayload> }
  | { type: 'StartConsultation'; payload: z.input<typeof startConsultationPayload> }
  | { type: 'RecordDiagnosis'; payload: z.input<typeof recordDiagnosisPayload> }
  | { type: 'RemoveDiagnosis'; payload: z.input<typeof removeDiagnosisPayload> }
  | { type: 'SetTreatmentPlan'; payload: z.input<typeof setTreatmentPlanPayload> }
  | { type: 'CompleteVisit'; payload: z.input<typeof completeVisitPayload> };

/** Nothing clinical is added to a visit once it is completed. */
function requireOpenVisit(state: VisitState): void {
  if (!state.exists) throw new DomainError('not_found', 'No such visit');
  if (state.status === 'completed')
    throw new DomainError('illegal_state', 'The visit is completed');
}

/** Diagnoses and plans belong to the doctor's consultation, so the waiting list stays true. */
function requireConsultation(state: VisitState): void {
  requireOpenVisit(state);
  if (state.status !== 'in_consultation') {
    throw new DomainError('illegal_state', 'Start the consultation first');
  }
}

export function checkInPatient(
  payload: unknown,
  state: VisitState,
  context: CommandContext,
): VisitEvent[] {
  if (state.exists) throw new DomainError('illegal_state', 'The patient is already checked in');
  const visit = parseOrThrow(checkInPatientPayload, payload, 'Check-in');
  const checked_in_at = visit.checked_in_at ?? context.issued_at;
  refuseLaterThanIssued(checked_in_at, context.issued_at, 'checked_in_at', 'Arrival time');
  return [{ type: 'VisitCheckedIn', data: { ...visit, checked_in_at } }];
}

export function recordTriage(
  payload: unknown,
  state: VisitState,
  context: CommandContext,
): VisitEvent[] {
  // A triage taken offline at the bedside may reach the log after the doctor started
  // the consultation: it is still the patient's triage, so it is kept (the status stays
  // with the doctor). Only a completed visit refuses it.
  requireOpenVisit(state);
  const triage = parseOrThrow(recordTriagePayload, payload, 'Triage');
  return [{ type: 'TriageRecorded', data: { ...triage, triaged_at: context.issued_at } }];
}

export function startConsultation(
  payload: unknown,
  state: VisitState,
  context: CommandContext,
): VisitEvent[] {
  requireOpenVisit(state);
  parseOrThrow(startConsultationPayload, payload, 'Consultation');
  if (state.status === 'in_consultation') {
    throw new DomainError('illegal_state', 'The consultation has already started');
  }
  return [
    {
      type: 'ConsultationStarted',
      data: { doctor_id: context.actor.user_id, started_at: context.issued_at },
    },
  ];
}

export function recordDiagnosis(payload: unknown, state: VisitState): VisitEvent[] {
  requireConsultation(state);
  const diagnosis = parseOrThrow(recordDiagnosisPayload, payload, 'Diagnosis');
  if (state.diagnoses.some((known) => known.diagnosis_id === diagnosis.diagnosis_id)) {
    throw new DomainError('illegal_state', 'That diagnosis is already recorded');
  }
  if (state.diagnoses.some((known) => known.code === diagnosis.code)) {
    throw new DomainError('validation', `${diagnosis.code} is already recorded for this visit`, {
      issues: [{ path: 'code', message: 'Already recorded' }],
    });
  }
  if (diagnosis.kind === 'primary' && state.diagnoses.some((known) => known.kind === 'primary')) {
    const message = 'The visit already has a primary diagnosis; record this one as secondary';
    throw new DomainError('validation', message, { issues: [{ path: 'kind', message }] });
  }
  return [{ type: 'DiagnosisRecorded', data: diagnosis }];
}

export function removeDiagnosis(payload: unknown, state: VisitState): VisitEvent[] {
  requireConsultation(state);
  const { diagnosis_id } = parseOrThrow(removeDiagnosisPayload, payload, 'Diagnosis');
  if (!state.diagnoses.some((known) => known.diagnosis_id === diagnosis_id)) {
    throw new DomainError('not_found', 'No such diagnosis on this visit');
  }
  return [{ type: 'DiagnosisRemoved', data: { diagnosis_id } }];
}

export function setTreatmentPlan(payload: unknown, state: VisitState): VisitEvent[] {
  requireConsultation(state);
  const plan = parseOrThrow(setTreatmentPlanPayload, payload, 'Treatment plan');
  if (jsonEqual(plan, state.treatment_plan)) return [];
  return [{ type: 'TreatmentPlanSet', data: plan }];
}

export function completeVisit(
  payload: unknown,
  state: VisitState,
  context: CommandContext,
): VisitEvent[] {
  if (state.status === 'completed') {
    throw new DomainError('illegal_state', 'The visit is already completed');
  }
  requireConsultation(state);
  parseOrThrow(completeVisitPayload, payload, 'Completion');
  return [{ type: 'VisitCompleted', data: { completed_at: context.issued_at } }];
}

export const visitDecider: Decider<VisitState, VisitCommand, VisitEvent> = {
  aggregateType: 'visit',
  policy: 'rebase',
  initialState: initialVisitState,
  evolve: evolveVisit,
  decide(command, state, context) {
    switch (command.type) {
      case 'CheckInPatient':
        return checkInPatient(command.payload, state, context);
      case 'RecordTriage':
        return recordTriage(command.payload, state, context);
      case 'StartConsultation':
        return startConsultation(command.payload, state, context);
      case 'RecordDiagnosis':
        return recordDiagnosis(command.payload, state);
      case 'RemoveDiagnosis':
        return removeDiagnosis(command.payload, state);
      case 'SetTreatmentPlan':
        return setTreatmentPlan(command.payload, state);
      case 'CompleteVisit':
        return completeVisit(command.payload, state, context);
      default: {
        const unknown: never = command;
        throw new DomainError(
          'validation',
          `Unknown command ${(unknown as { type: string }).type}`,
        );
      }
    }
  },
};

export const visitCommandDefinitions: CommandDefinition[] = [
  {
    type: 'CheckInPatient',
    aggregateType: 'visit',
    payload: checkInPatientPayload,
    creates: true,
  },
  { type: 'RecordTriage', aggregateType: 'visit', payload: recordTriagePayload, creates: false },
  {
    type: 'StartConsultation',
    aggregateType: 'visit',
    payload: startConsultationPayload,
    creates: false,
  },
  {
    type: 'RecordDiagnosis',
    aggregateType: 'visit',
    payload: recordDiagnosisPayload,
    creates: false,
  },
  {
    type: 'RemoveDiagnosis',
    aggregateType: 'visit',
    payload: removeDiagnosisPayload,
    creates: false,
  },
  {
    type: 'SetTreatmentPlan',
    aggregateType: 'visit',
    payload: setTreatmentPlanPayload,
    creates: false,
  },
  { type: 'CompleteVisit', aggregateType: 'visit', payload: completeVisitPayload, creates: false },
];
