import { describe, expect, it } from 'vitest';
import { given } from '../../../test/given';
import type { PatientEvent } from './aggregate';

const base = {
  mrn: 'HC-A1-000010',
  full_name: 'Amina Yusuf',
  date_of_birth: '1990-01-01',
  gender: 'female' as const,
};

const details = {
  ...base,
  birth_year_estimate: null,
  email: null,
  address: null,
  national_id: null,
  preferred_language: null,
  emergency_contact: null,
};

/** Registered before numbers were checked: the loose shape of the time. */
const registeredLoosely: PatientEvent = {
  type: 'PatientRegistered',
  data: { ...details, phone: '1-----' },
};
const registeredInE164: PatientEvent = {
  type: 'PatientRegistered',
  data: { ...details, phone: '+254712345678' },
};

describe('phone numbers entered on a patient record', () => {
  it('are read in the clinic country and recorded in E.164', () => {
    given('patient')
      .when('RegisterPatient', {
        ...base,
        phone: '0712 345 678',
        emergency_contact: { name: 'Baraka Yusuf', phone: '+44 20 7946 0958' },
        country: 'KE',
      })
      .then([
        {
          type: 'PatientRegistered',
          data: {
            ...details,
            phone: '+254712345678',
            emergency_contact: {
              name: 'Baraka Yusuf',
              phone: '+442079460958',
              relationship: null,
            },
          },
        },
      ]);
  });

  it('refuses one that is not a phone number at registration, naming the field and why', () => {
    const error = given('patient')
      .when('RegisterPatient', { ...base, phone: '0712 34', country: 'KE' })
      .thenThrows('validation', /Patient: phone: Not a phone number in Kenya: too short/);
    expect(error.details).toMatchObject({
      issues: [{ path: 'phone', message: 'Not a phone number in Kenya: too short' }],
    });
    given('patient')
      .when('RegisterPatient', {
        ...base,
        phone: '+254 712 345678',
        emergency_contact: { name: 'Baraka', phone: '0912 345678' },
        country: 'KE',
      })
      .thenThrows('validation', /emergency_contact\.phone: Not a phone number in Kenya/);
  });

  it('refuses a country whose numbers are not known', () => {
    given('patient')
      .when('RegisterPatient', { ...base, phone: '0712 345678', country: 'QQ' })
      .thenThrows('validation', /country: A country whose phone numbers are known/);
  });

  it('takes a national number only where the clinic has a country', () => {
    given('patient')
      .when('RegisterPatient', { ...base, phone: '0712 345678' })
      .thenThrows('validation', /Write the number with \+ and its country code/);
    given('patient')
      .when('RegisterPatient', { ...base, phone: '+254 712 345678', country: null })
      .then([{ type: 'PatientRegistered', data: { ...details, phone: '+254712345678' } }]);
  });

  it('refuses one in an update, yet keeps a loose number recorded earlier readable', () => {
    given('patient', [registeredLoosely])
      .when('UpdatePatientDetails', {
        changes: { phone: { from: '1-----', to: '1-2-3-4' } },
        country: 'KE',
      })
      .thenThrows('validation', /Patient update: phone: Not a phone number/);
    // Another field changes while the old number stays as it was.
    given('patient', [registeredLoosely])
      .when('UpdatePatientDetails', {
        changes: { full_name: { from: 'Amina Yusuf', to: 'Amina Y.' } },
      })
      .then([{ type: 'PatientDetailsUpdated', data: { changes: { full_name: 'Amina Y.' } } }]);
  });

  it('records a new number in E.164, and the same number typed another way is no change', () => {
    given('patient', [registeredLoosely])
      .when('UpdatePatientDetails', {
        changes: { phone: { from: '1-----', to: '0722 111 222' } },
        country: 'KE',
      })
      .then([{ type: 'PatientDetailsUpdated', data: { changes: { phone: '+254722111222' } } }]);
    given('patient', [registeredInE164])
      .when('UpdatePatientDetails', {
        changes: { phone: { from: '+254712345678', to: '254-712-345678' } },
        country: 'KE',
      })
      .then([]);
  });

  it('takes a number recorded loosely, seen written in E.164, as the number seen', () => {
    const registeredWithSpaces: PatientEvent = {
      type: 'PatientRegistered',
      data: { ...details, phone: '+254 712 345678' },
    };
    given('patient', [registeredWithSpaces])
      .when('UpdatePatientDetails', {
        changes: { phone: { from: '+254712345678', to: '0722 111222' } },
        country: 'KE',
      })
      .then([{ type: 'PatientDetailsUpdated', data: { changes: { phone: '+254722111222' } } }]);
  });
});
