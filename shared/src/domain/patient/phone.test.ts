import { describe, expect, it } from 'vitest';
import { given } from '../../../test/given';
import { dialablePhoneProblem, phoneInE164 } from '../fields';
import type { PatientEvent } from './aggregate';

const base = {
  mrn: 'HC-A1-000010',
  full_name: 'Amina Yusuf',
  date_of_birth: '1990-01-01',
  gender: 'female',
};

/** Registered before numbers were checked for dialling: the loose shape of the time. */
const registeredLoosely: PatientEvent = {
  type: 'PatientRegistered',
  data: {
    ...base,
    gender: 'female',
    birth_year_estimate: null,
    phone: '1-----',
    email: null,
    address: null,
    national_id: null,
    preferred_language: null,
    emergency_contact: null,
  },
};

describe('phone numbers a person enters', () => {
  it('accepts international and national numbers with the usual separators', () => {
    for (const phone of [
      '+254 712 345678',
      '+254712345678',
      '0712 345678',
      '(0712) 345-678',
      '+1 (415) 555-0100',
      '98765 43210',
      '+44 20.7946.0958',
    ])
      expect(dialablePhoneProblem(phone), phone).toBeNull();
  });

  it('refuses what is not a number, with the reason', () => {
    for (const phone of [
      '1-----',
      '+254 70 1',
      '12345',
      '+0712345678',
      '07-12--34',
      '0712 345678 ext 4',
      '+254 7123 456 789 0123',
      '254+712345678',
    ])
      expect(dialablePhoneProblem(phone), phone).toMatch(/7 to 15 digits/);
  });

  it('refuses one at registration and on the emergency contact, naming the field', () => {
    const error = given('patient')
      .when('RegisterPatient', { ...base, phone: '1-----' })
      .thenThrows('validation', /Patient: phone: Phone must be 7 to 15 digits/);
    expect(error.details).toEqual({
      issues: [expect.objectContaining({ path: 'phone' })],
    });
    given('patient')
      .when('RegisterPatient', {
        ...base,
        phone: '+254 712 345678',
        emergency_contact: { name: 'Baraka', phone: '+254 70 1' },
      })
      .thenThrows('validation', /emergency_contact\.phone/);
  });

  it('refuses one in an update, yet keeps a loose number recorded earlier readable', () => {
    given('patient', [registeredLoosely])
      .when('UpdatePatientDetails', { changes: { phone: { from: '1-----', to: '1-2-3-4' } } })
      .thenThrows('validation', /Patient update: phone: Phone must be 7 to 15 digits/);
    // Another field changes while the old number stays as it was.
    given('patient', [registeredLoosely])
      .when('UpdatePatientDetails', {
        changes: { full_name: { from: 'Amina Yusuf', to: 'Amina Y.' } },
      })
      .then([{ type: 'PatientDetailsUpdated', data: { changes: { full_name: 'Amina Y.' } } }]);
  });

  it('writes a number in E.164 form, a national one only with the country code', () => {
    expect(phoneInE164('+254 712 345678', null)).toBe('+254712345678');
    expect(phoneInE164('0712 345678', '254')).toBe('+254712345678');
    expect(phoneInE164('0712 345678', null)).toBeNull();
    expect(phoneInE164('1-----', '254')).toBeNull();
  });
});
