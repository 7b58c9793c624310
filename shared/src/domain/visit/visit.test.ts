import { describe, expect, it } from 'vitest';
import { given, janeDoctor, nurseAmara, receptionistRavi } from '../../../test/given';
import { visitAggregate, type VisitEvent } from './aggregate';
import { icd10Code, initialVisitState } from './events';

const wanjiruId = '0190a0b0-0000-7000-8000-000000000301';
const appointmentId = '0190a0b0-0000-7000-8000-000000000302';
const asthmaId = '0190a0b0-0000-7000-8000-000000000303';
const rhinitisId = '0190a0b0-0000-7000-8000-000000000304';

const wanjiruArrived: VisitEvent = {
  type: 'VisitCheckedIn',
  data: {
    patient_id: wanjiruId,
    appointment_id: appointmentId,
    doctor_id: null,
    location_id: null,
    checked_in_at: '2026-11-24T09:30:00.000Z',
  },
};
const triaged: VisitEvent = {
  type: 'TriageRecorded',
  data: {
    priority: 'urgent',
    complaint: 'Wheezing since last night',
    triaged_at: '2026-11-24T09:30:00.000Z',
  },
};
const consultationStarted: VisitEvent = {
  type: 'ConsultationStarted',
  data: { doctor_id: janeDoctor.user_id, started_at: '2026-11-24T09:30:00.000Z' },
};
const asthma: VisitEvent = {
  type: 'DiagnosisRecorded',
  data: { diagnosis_id: asthmaId, code: 'J45.9', description: 'Asthma', kind: 'primary' },
};
const completed: VisitEvent = {
  type: 'VisitCompleted',
  data: { completed_at: '2026-11-24T09:30:00.000Z' },
};
const inConsultation = [wanjiruArrived, triaged, consultationStarted];

describe('check-in', () => {
  it('checks a patient in now, or at the time given', () => {
    given('visit')
      .when(
        'CheckInPatient',
        { patient_id: wanjiruId, appointment_id: appointmentId },
        { actor: receptionistRavi },
      )
      .then([wanjiruArrived]);
    const [event] = given('visit')
      .when(
        'CheckInPatient',
        { patient_id: wanjiruId, checked_in_at: '2026-11-24T09:10:00.000Z' },
        { actor: nurseAmara },
      )
      .events();
    expect(event?.data).toMatchObject({
      appointment_id: null,
      checked_in_at: '2026-11-24T09:10:00.000Z',
    });
  });

  it('refuses arrivals in the future, a second check-in and a missing patient', () => {
    given('visit')
      .when('CheckInPatient', { patient_id: wanjiruId, checked_in_at: '2026-11-24T10:00:00.000Z' })
      .thenThrows('validation', /Arrival time cannot be later than now/);
    given('visit', [wanjiruArrived])
      .when('CheckInPatient', { patient_id: wanjiruId })
      .thenThrows('illegal_state', /already checked in/);
    given('visit')
      .when('CheckInPatient', {})
      .thenThrows('validation', /patient_id/);
  });
});

describe('triage', () => {
  it('records triage by a nurse, and lets it be revised before the consultation', () => {
    given('visit', [wanjiruArrived])
      .when(
        'RecordTriage',
        { priority: 'urgent', complaint: 'Wheezing since last night' },
        { actor: nurseAmara },
      )
      .then([triaged]);
    given('visit', [wanjiruArrived, triaged])
      .when('RecordTriage', { priority: 'emergency', complaint: 'Cannot speak in sentences' })
      .then([
        {
          type: 'TriageRecorded',
          data: {
            priority: 'emergency',
            complaint: 'Cannot speak in sentences',
            triaged_at: '2026-11-24T09:30:00.000Z',
          },
        },
      ]);
  });

  it('keeps a triage that arrives after the consultation started, without taking the visit back', () => {
    const late = given('visit', inConsultation)
      .when('RecordTriage', { priority: 'urgent', complaint: 'Fever' })
      .events();
    expect(late).toHaveLength(1);
    expect(
      ([...inConsultation, ...late] as VisitEvent[]).reduce(
        (state, event) => visitAggregate.evolve(state, event),
        initialVisitState,
      ),
    ).toMatchObject({
      status: 'in_consultation',
      triage: { priority: 'urgent', complaint: 'Fever' },
    });
  });

  it('refuses unknown priorities and receptionists', () => {
    given('visit', [wanjiruArrived])
      .when('RecordTriage', { priority: 'soon', complaint: 'Cough' })
      .thenThrows('validation', /routine, urgent or emergency/);
    given('visit', [wanjiruArrived])
      .when(
        'RecordTriage',
        { priority: 'routine', complaint: 'Cough' },
        { actor: receptionistRavi },
      )
      .thenThrows('forbidden');
    given('visit')
      .when('RecordTriage', { priority: 'routine', complaint: 'Cough' })
      .thenThrows('not_found');
  });
});

describe('consultation', () => {
  it('is started by the doctor, with or without triage, once', () => {
    given('visit', [wanjiruArrived, triaged])
      .when('StartConsultation', {})
      .then([consultationStarted]);
    given('visit', [wanjiruArrived]).when('StartConsultation', {}).then([consultationStarted]);
    given('visit', inConsultation)
      .when('StartConsultation', {})
      .thenThrows('illegal_state', /already started/);
    given('visit', [wanjiruArrived])
      .when('StartConsultation', {}, { actor: nurseAmara })
      .thenThrows('forbidden');
  });
});

describe('diagnoses', () => {
  it('records an ICD-10 diagnosis, upper-casing the code', () => {
    given('visit', inConsultation)
      .when('RecordDiagnosis', {
        diagnosis_id: asthmaId,
        code: 'j45.9',
        description: 'Asthma',
        kind: 'primary',
      })
      .then([asthma]);
  });

  it('refuses codes that are not ICD-10, and diagnoses before the consultation', () => {
    const error = given('visit', inConsultation)
      .when('RecordDiagnosis', {
        diagnosis_id: asthmaId,
        code: 'asthma',
        description: 'Asthma',
        kind: 'primary',
      })
      .thenThrows('validation', /ICD-10/);
    expect(error.details).toMatchObject({
      issues: [{ path: 'code', message: 'Use an ICD-10 code such as J45 or J45.9' }],
    });
    given('visit', [wanjiruArrived, triaged])
      .when('RecordDiagnosis', asthma.data)
      .thenThrows('illegal_state', /Start the consultation first/);
  });

  it('takes every shape of ICD-10-CM code, and no word of three letters', () => {
    for (const code of ['I10', 'J45.909', 'i1a.0', 'QA0.0101', 'S72.8X2S'])
      expect(icd10Code.safeParse(code).success, code).toBe(true);
    for (const code of ['flu', 'FLU', 'J4', 'J45.', 'J45.90901'])
      expect(icd10Code.safeParse(code).success, code).toBe(false);
  });

  it('refuses a second primary, the same code twice and the same id twice', () => {
    given('visit', [...inConsultation, asthma])
      .when('RecordDiagnosis', {
        diagnosis_id: rhinitisId,
        code: 'J30.4',
        description: 'Allergic rhinitis',
        kind: 'primary',
      })
      .thenThrows('validation', /primary diagnosis/);
    given('visit', [...inConsultation, asthma])
      .when('RecordDiagnosis', { ...asthma.data, diagnosis_id: rhinitisId, kind: 'secondary' })
      .thenThrows('validation', /J45.9 is already recorded/);
    given('visit', [...inConsultation, asthma])
      .when('RecordDiagnosis', asthma.data)
      .thenThrows('illegal_state');
    given('visit', [...inConsultation, asthma])
      .when('RecordDiagnosis', {
        diagnosis_id: rhinitisId,
        code: 'J30.4',
        description: 'Allergic rhinitis',
        kind: 'secondary',
      })
      .then([
        {
          type: 'DiagnosisRecorded',
          data: {
            diagnosis_id: rhinitisId,
            code: 'J30.4',
            description: 'Allergic rhinitis',
            kind: 'secondary',
          },
        },
      ]);
  });

  it('removes a recorded diagnosis, after which its code may be recorded again', () => {
    const removed: VisitEvent = { type: 'DiagnosisRemoved', data: { diagnosis_id: asthmaId } };
    given('visit', [...inConsultation, asthma])
      .when('RemoveDiagnosis', { diagnosis_id: asthmaId })
      .then([removed]);
    given('visit', [...inConsultation, asthma, removed])
      .when('RemoveDiagnosis', { diagnosis_id: asthmaId })
      .thenThrows('not_found');
    given('visit', [...inConsultation, asthma, removed])
      .when('RecordDiagnosis', { ...asthma.data, diagnosis_id: rhinitisId })
      .then([{ type: 'DiagnosisRecorded', data: { ...asthma.data, diagnosis_id: rhinitisId } }]);
  });
});

describe('treatment plan', () => {
  const plan = { plan: 'Salbutamol inhaler as needed; spacer technique taught' };

  it('sets the plan, with an optional follow-up, and records nothing when unchanged', () => {
    given('visit', inConsultation)
      .when('SetTreatmentPlan', plan)
      .then([{ type: 'TreatmentPlanSet', data: { ...plan, follow_up_in_days: null } }]);
    const planSet: VisitEvent = {
      type: 'TreatmentPlanSet',
      data: { ...plan, follow_up_in_days: 14 },
    };
    given('visit', inConsultation)
      .when('SetTreatmentPlan', { ...plan, follow_up_in_days: 14 })
      .then([planSet]);
    given('visit', [...inConsultation, planSet])
      .when('SetTreatmentPlan', { ...plan, follow_up_in_days: 14 })
      .then([]);
  });

  it('refuses impossible follow-ups and nurses', () => {
    given('visit', inConsultation)
      .when('SetTreatmentPlan', { ...plan, follow_up_in_days: 0 })
      .thenThrows('validation', /between 1 and 365 days/);
    given('visit', inConsultation)
      .when('SetTreatmentPlan', plan, { actor: nurseAmara })
      .thenThrows('forbidden');
  });
});

describe('completion', () => {
  it('completes the consultation once; nothing clinical follows', () => {
    given('visit', [...inConsultation, asthma])
      .when('CompleteVisit', {})
      .then([completed]);
    given('visit', [...inConsultation, completed])
      .when('CompleteVisit', {})
      .thenThrows('illegal_state', /already completed/);
    const closed = [...inConsultation, asthma, completed];
    given('visit', closed)
      .when('RecordDiagnosis', { ...asthma.data, diagnosis_id: rhinitisId, code: 'J30.4' })
      .thenThrows('illegal_state', /The visit is completed/);
    given('visit', closed)
      .when('RemoveDiagnosis', { diagnosis_id: asthmaId })
      .thenThrows('illegal_state', /completed/);
    given('visit', closed)
      .when('SetTreatmentPlan', { plan: 'Too late' })
      .thenThrows('illegal_state', /completed/);
    given('visit', closed)
      .when('RecordTriage', { priority: 'routine', complaint: 'x' })
      .thenThrows('illegal_state', /completed/);
    given('visit', closed)
      .when('StartConsultation', {})
      .thenThrows('illegal_state', /completed/);
  });

  it('refuses to complete before the consultation', () => {
    given('visit', [wanjiruArrived])
      .when('CompleteVisit', {})
      .thenThrows('illegal_state', /Start the consultation first/);
  });
});
