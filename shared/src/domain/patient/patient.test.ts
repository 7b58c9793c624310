import { describe, expect, it } from 'vitest';
import { given, janeDoctor, nurseAmara, receptionistRavi } from '../../../test/given';
import type { PatientEvent } from './aggregate';

const janeRegistered: PatientEvent = {
  type: 'PatientRegistered',
  data: {
    mrn: 'HC-A1-000001',
    full_name: 'Jane Wanjiru',
    date_of_birth: '1984-03-12',
    birth_year_estimate: null,
    gender: 'female',
    phone: '+254712345678',
    email: null,
    address: null,
    national_id: null,
    preferred_language: 'sw',
    emergency_contact: null,
  },
};
const consentId = '0190a0b0-0000-7000-8000-0000000000d1';
const allergyId = '0190a0b0-0000-7000-8000-0000000000e1';

describe('patient registration', () => {
  it('registers with defaults for what was not given', () => {
    given('patient')
      .when(
        'RegisterPatient',
        {
          mrn: 'HC-A1-000001',
          full_name: ' Jane Wanjiru ',
          date_of_birth: '1984-03-12',
          gender: 'female',
          phone: '+254712345678',
          preferred_language: 'sw',
        },
        { actor: receptionistRavi },
      )
      .then([janeRegistered]);
  });

  it('accepts an estimated birth year when nobody knows the date', () => {
    const [event] = given('patient')
      .when('RegisterPatient', {
        mrn: 'HC-A1-000002',
        full_name: 'Mzee Otieno',
        birth_year_estimate: 1950,
        gender: 'male',
      })
      .events();
    expect(event?.data).toMatchObject({ date_of_birth: null, birth_year_estimate: 1950 });
  });

  it('refuses a patient with neither birth date nor estimate, with the field named', () => {
    const error = given('patient')
      .when('RegisterPatient', { mrn: 'HC-A1-000003', full_name: 'No Age', gender: 'female' })
      .thenThrows('validation', /date of birth or an estimated age/);
    expect(error.details).toMatchObject({
      issues: [{ path: 'date_of_birth', message: 'Give a date of birth or an estimated age' }],
    });
  });

  it('refuses bad phone numbers, bad MRNs and missing names', () => {
    const base = {
      mrn: 'HC-A1-000004',
      full_name: 'Jane',
      date_of_birth: '1990-01-01',
      gender: 'female',
    };
    given('patient')
      .when('RegisterPatient', { ...base, phone: 'call me' })
      .thenThrows('validation', /Phone/);
    given('patient')
      .when('RegisterPatient', { ...base, mrn: 'x' })
      .thenThrows('validation', /MRN/);
    given('patient')
      .when('RegisterPatient', { ...base, full_name: '  ' })
      .thenThrows('validation', /Full name/);
    given('patient')
      .when('RegisterPatient', { ...base, date_of_birth: '12/03/1984' })
      .thenThrows('validation');
  });

  it('refuses to register the same patient twice', () => {
    given('patient', [janeRegistered])
      .when('RegisterPatient', { ...janeRegistered.data })
      .thenThrows('illegal_state');
  });
});

describe('patient details: field merge', () => {
  it('applies a change whose seen value is still current', () => {
    given('patient', [janeRegistered])
      .when('UpdatePatientDetails', {
        changes: { phone: { from: '+254712345678', to: '+254700000001' } },
      })
      .then([{ type: 'PatientDetailsUpdated', data: { changes: { phone: '+254700000001' } } }]);
  });

  it('merges with a concurrent change of another field', () => {
    const otherDevice: PatientEvent = {
      type: 'PatientDetailsUpdated',
      data: { changes: { preferred_language: 'en' } },
    };
    given('patient', [janeRegistered, otherDevice])
      .when('UpdatePatientDetails', {
        changes: { phone: { from: '+254712345678', to: '+254700000001' } },
      })
      .then([{ type: 'PatientDetailsUpdated', data: { changes: { phone: '+254700000001' } } }]);
  });

  it('is a conflict, naming both values, when the same field changed meanwhile', () => {
    const otherDevice: PatientEvent = {
      type: 'PatientDetailsUpdated',
      data: { changes: { phone: '+254 799 999999' } },
    };
    const error = given('patient', [janeRegistered, otherDevice])
      .when('UpdatePatientDetails', {
        changes: { phone: { from: '+254712345678', to: '+254700000001' } },
      })
      .thenThrows('conflict', /phone/);
    expect(error.details).toMatchObject({
      fields: [
        {
          field: 'phone',
          seen: '+254712345678',
          current: '+254 799 999999',
          wanted: '+254700000001',
        },
      ],
    });
  });

  it('records nothing when the field already holds the wanted value', () => {
    given('patient', [janeRegistered])
      .when('UpdatePatientDetails', { changes: { preferred_language: { from: 'en', to: 'sw' } } })
      .then([]);
  });

  it('validates the new values and refuses clearing both birth date and estimate', () => {
    given('patient', [janeRegistered])
      .when('UpdatePatientDetails', { changes: { email: { from: null, to: 'nope' } } })
      .thenThrows('validation', /Email/);
    given('patient', [janeRegistered])
      .when('UpdatePatientDetails', {
        changes: { date_of_birth: { from: '1984-03-12', to: null } },
      })
      .thenThrows('validation', /estimated age/);
    given('patient', [janeRegistered])
      .when('UpdatePatientDetails', { changes: { mrn: { from: 'HC-A1-000001', to: 'HC-X' } } })
      .thenThrows('validation');
    given('patient', [janeRegistered])
      .when('UpdatePatientDetails', { changes: {} })
      .thenThrows('validation');
  });

  it('refuses updates of unknown or archived patients', () => {
    given('patient')
      .when('UpdatePatientDetails', { changes: { phone: { from: null, to: '+254700000001' } } })
      .thenThrows('not_found');
    given('patient', [
      janeRegistered,
      { type: 'PatientArchived', data: { reason: 'Duplicate record' } },
    ])
      .when('UpdatePatientDetails', {
        changes: { phone: { from: '+254712345678', to: '+254700000001' } },
      })
      .thenThrows('illegal_state', /archived/);
  });
});

describe('consents', () => {
  const consentRecorded: PatientEvent = {
    type: 'ConsentRecorded',
    data: {
      consent_id: consentId,
      consent_type: 'whatsapp_reminders',
      scope: 'Appointment reminders',
      given_at: '2026-11-24T09:30:00.000Z',
    },
  };

  it('records a consent at the time the command was issued', () => {
    given('patient', [janeRegistered])
      .when('RecordConsent', {
        consent_id: consentId,
        consent_type: 'whatsapp_reminders',
        scope: 'Appointment reminders',
      })
      .then([consentRecorded]);
  });

  it('withdraws a consent once, with a reason', () => {
    given('patient', [janeRegistered, consentRecorded])
      .when(
        'WithdrawConsent',
        { consent_id: consentId, reason: 'Changed phone' },
        { issued_at: '2026-12-01T08:00:00.000Z' },
      )
      .then([
        {
          type: 'ConsentWithdrawn',
          data: {
            consent_id: consentId,
            reason: 'Changed phone',
            withdrawn_at: '2026-12-01T08:00:00.000Z',
          },
        },
      ]);
    given('patient', [
      janeRegistered,
      consentRecorded,
      {
        type: 'ConsentWithdrawn',
        data: { consent_id: consentId, reason: 'x', withdrawn_at: '2026-12-01T08:00:00.000Z' },
      },
    ])
      .when('WithdrawConsent', { consent_id: consentId, reason: 'Again' })
      .thenThrows('illegal_state');
    given('patient', [janeRegistered])
      .when('WithdrawConsent', { consent_id: consentId, reason: 'x' })
      .thenThrows('not_found');
  });

  it('refuses the same consent twice and unknown kinds', () => {
    given('patient', [janeRegistered, consentRecorded])
      .when('RecordConsent', {
        consent_id: consentId,
        consent_type: 'treatment',
        scope: 'All care',
      })
      .thenThrows('illegal_state');
    given('patient', [janeRegistered])
      .when('RecordConsent', { consent_id: consentId, consent_type: 'marketing', scope: 'x' })
      .thenThrows('validation');
  });
});

describe('allergies', () => {
  const penicillin = {
    allergy_id: allergyId,
    substance: 'Penicillin',
    reaction: 'Hives',
    severity: 'severe',
  } as const;

  it('lets doctors and nurses record an allergy, not receptionists', () => {
    given('patient', [janeRegistered])
      .when('RecordAllergy', penicillin, { actor: nurseAmara })
      .then([{ type: 'AllergyRecorded', data: penicillin }]);
    given('patient', [janeRegistered])
      .when('RecordAllergy', penicillin, { actor: receptionistRavi })
      .thenThrows('forbidden');
  });

  it('refuses a substance already recorded', () => {
    given('patient', [janeRegistered, { type: 'AllergyRecorded', data: penicillin }])
      .when('RecordAllergy', { ...penicillin, allergy_id: consentId, substance: 'penicillin' })
      .thenThrows('validation', /already recorded/);
    given('patient', [janeRegistered, { type: 'AllergyRecorded', data: penicillin }])
      .when('RecordAllergy', penicillin)
      .thenThrows('illegal_state');
  });
});

describe('archive', () => {
  it('archives once, by a doctor or admin', () => {
    given('patient', [janeRegistered])
      .when('ArchivePatient', { reason: 'Duplicate of HC-A1-000009' }, { actor: janeDoctor })
      .then([{ type: 'PatientArchived', data: { reason: 'Duplicate of HC-A1-000009' } }]);
    given('patient', [janeRegistered, { type: 'PatientArchived', data: { reason: 'x' } }])
      .when('ArchivePatient', { reason: 'Again' })
      .thenThrows('illegal_state');
    given('patient', [janeRegistered])
      .when('ArchivePatient', { reason: 'x' }, { actor: receptionistRavi })
      .thenThrows('forbidden');
  });
});

describe('stored patient events', () => {
  it('read back a details update as only the fields it changed', async () => {
    const { upcastEvent } = await import('../registry');
    expect(
      upcastEvent('PatientDetailsUpdated', 1, { changes: { phone: '+254 700 000001' } }),
    ).toEqual({
      type: 'PatientDetailsUpdated',
      data: { changes: { phone: '+254 700 000001' } },
    });
  });
});
