import {
  defineAggregate,
  mustNotExist,
  type CommandsOf,
  type EventsOf,
} from '../../kernel/aggregate';
import { jsonEqual } from '../../kernel/equal';
import { DomainError } from '../../kernel/errors';
import { clinicians, doctors, everyone } from '../../kernel/roles';
import { refuseLaterThanIssued } from '../fields';
import {
  checkInPatientPayload,
  completeVisitPayload,
  recordDiagnosisPayload,
  recordTriagePayload,
  removeDiagnosisPayload,
  requireConsultation,
  requireOpenVisit,
  setTreatmentPlanPayload,
  startConsultationPayload,
} from './commands';
import {
  consultationStartedSchema,
  diagnosisRecordedSchema,
  diagnosisRemovedSchema,
  initialVisitState,
  treatmentPlanSetSchema,
  triageRecordedSchema,
  visitCheckedInSchema,
  visitCompletedSchema,
} from './events';
import { refusal } from '../../refusals';
import { issueAt } from '../../kernel/validate';

export const visitAggregate = defineAggregate('visit', 'rebase', initialVisitState).with({
  events: {
    VisitCheckedIn: {
      schema: visitCheckedInSchema,
      evolve: (state, visit) => ({ ...state, ...visit, exists: true, status: 'waiting' }),
    },
    TriageRecorded: {
      schema: triageRecordedSchema,
      evolve: (state, triage) => ({
        ...state,
        status: state.status === 'in_consultation' ? state.status : 'in_triage',
        triage,
      }),
      clinical: ['complaint'],
    },
    ConsultationStarted: {
      schema: consultationStartedSchema,
      evolve: (state, { doctor_id, started_at }) => ({
        ...state,
        status: 'in_consultation',
        doctor_id,
        consultation_started_at: started_at,
      }),
    },
    DiagnosisRecorded: {
      schema: diagnosisRecordedSchema,
      evolve: (state, diagnosis) => ({ ...state, diagnoses: [...state.diagnoses, diagnosis] }),
      clinical: ['code', 'description', 'kind'],
    },
    DiagnosisRemoved: {
      schema: diagnosisRemovedSchema,
      evolve: (state, { diagnosis_id }) => ({
        ...state,
        diagnoses: state.diagnoses.filter((diagnosis) => diagnosis.diagnosis_id !== diagnosis_id),
      }),
    },
    TreatmentPlanSet: {
      schema: treatmentPlanSetSchema,
      evolve: (state, plan) => ({ ...state, treatment_plan: plan }),
      clinical: ['plan'],
    },
    VisitCompleted: {
      schema: visitCompletedSchema,
      evolve: (state, { completed_at }) => ({ ...state, status: 'completed', completed_at }),
    },
  },
  commands: {
    CheckInPatient: {
      payload: checkInPatientPayload,
      label: 'Check-in',
      creates: true,
      issuedBy: everyone,
      requires: mustNotExist(refusal('visit.alreadyCheckedIn')),
      decide(visit, _state, context) {
        const checked_in_at = visit.checked_in_at ?? context.issued_at;
        refuseLaterThanIssued(checked_in_at, context.issued_at, 'checked_in_at', 'Arrival time');
        return [{ type: 'VisitCheckedIn', data: { ...visit, checked_in_at } }];
      },
    },
    // A triage taken offline at the bedside may reach the log after the doctor started
    // the consultation: it is still the patient's triage, so it is kept (the status stays
    // with the doctor). Only a completed visit refuses it.
    RecordTriage: {
      payload: recordTriagePayload,
      label: 'Triage',
      issuedBy: clinicians,
      requires: requireOpenVisit,
      decide: (triage, _state, context) => [
        { type: 'TriageRecorded', data: { ...triage, triaged_at: context.issued_at } },
      ],
    },
    StartConsultation: {
      payload: startConsultationPayload,
      label: 'Consultation',
      issuedBy: doctors,
      requires: requireOpenVisit,
      decide(_payload, state, context) {
        if (state.status === 'in_consultation') {
          throw new DomainError('illegal_state', refusal('visit.consultationStarted'));
        }
        return [
          {
            type: 'ConsultationStarted',
            data: { doctor_id: context.actor.user_id, started_at: context.issued_at },
          },
        ];
      },
    },
    RecordDiagnosis: {
      payload: recordDiagnosisPayload,
      label: 'Diagnosis',
      issuedBy: doctors,
      requires: requireConsultation,
      decide(diagnosis, state) {
        if (state.diagnoses.some((known) => known.diagnosis_id === diagnosis.diagnosis_id)) {
          throw new DomainError('illegal_state', refusal('visit.diagnosisAlreadyRecorded'));
        }
        if (state.diagnoses.some((known) => known.code === diagnosis.code)) {
          throw new DomainError(
            'validation',
            refusal('visit.codeAlreadyRecorded', { code: diagnosis.code }),
            { issues: [issueAt('code', refusal('field.alreadyRecorded'))] },
          );
        }
        if (
          diagnosis.kind === 'primary' &&
          state.diagnoses.some((known) => known.kind === 'primary')
        ) {
          const said = refusal('visit.primaryTaken');
          throw new DomainError('validation', said, { issues: [issueAt('kind', said)] });
        }
        return [{ type: 'DiagnosisRecorded', data: diagnosis }];
      },
    },
    RemoveDiagnosis: {
      payload: removeDiagnosisPayload,
      label: 'Diagnosis',
      issuedBy: doctors,
      requires: requireConsultation,
      decide({ diagnosis_id }, state) {
        if (!state.diagnoses.some((known) => known.diagnosis_id === diagnosis_id)) {
          throw new DomainError('not_found', refusal('visit.diagnosisNotFound'));
        }
        return [{ type: 'DiagnosisRemoved', data: { diagnosis_id } }];
      },
    },
    SetTreatmentPlan: {
      payload: setTreatmentPlanPayload,
      label: 'Treatment plan',
      issuedBy: doctors,
      requires: requireConsultation,
      decide(plan, state) {
        if (jsonEqual(plan, state.treatment_plan)) return [];
        return [{ type: 'TreatmentPlanSet', data: plan }];
      },
    },
    CompleteVisit: {
      payload: completeVisitPayload,
      label: 'Completion',
      issuedBy: doctors,
      requires(state) {
        if (state.status === 'completed') {
          throw new DomainError('illegal_state', refusal('visit.alreadyCompleted'));
        }
        requireConsultation(state);
      },
      decide: (_payload, _state, context) => [
        { type: 'VisitCompleted', data: { completed_at: context.issued_at } },
      ],
    },
  },
});

export type VisitEvent = EventsOf<typeof visitAggregate>;
export type VisitCommand = CommandsOf<typeof visitAggregate>;
