import { describe, expect, it } from 'vitest';
import type { PatientRow } from '../engine/db';
import { likelyDuplicates, searchPatients, withinDistance } from './patientSearch';

const patient = (patient_id: string, full_name: string, extra: Partial<PatientRow> = {}) =>
  ({
    patient_id,
    full_name,
    mrn: `HC-${patient_id}`,
    phone: null,
    date_of_birth: null,
    ...extra,
  }) as PatientRow;

const clinic = [
  patient('001', 'Jane Wanjiru', { phone: '+254 712 345678', date_of_birth: '1984-03-12' }),
  // Recorded in E.164, as numbers are since they are checked.
  patient('002', 'John Otieno', { phone: '+254722111222' }),
  patient('003', 'Mary Akinyi'),
];

describe('patient search', () => {
  it('finds by name with a typo, by phone number and by MRN', () => {
    expect(searchPatients(clinic, 'Wanjirru').map((row) => row.patient_id)).toEqual(['001']);
    expect(searchPatients(clinic, 'jon otieno').map((row) => row.patient_id)).toEqual(['002']);
    expect(searchPatients(clinic, '712 345').map((row) => row.patient_id)).toEqual(['001']);
    expect(searchPatients(clinic, 'hc-003').map((row) => row.patient_id)).toEqual(['003']);
    expect(searchPatients(clinic, 'zebra')).toEqual([]);
  });

  it('finds a number in any common format, read in the clinic country', () => {
    const found = (typed: string) =>
      searchPatients(clinic, typed, 50, 'KE').map((row) => row.patient_id);
    for (const typed of [
      '0712 345 678',
      '+254712345678',
      '254-712-345678',
      '712345678',
      '0722 111222',
      '0712 345',
    ])
      expect(found(typed), typed).toEqual(typed.startsWith('0722') ? ['002'] : ['001']);
    expect(found('0799 999 999')).toEqual([]);
  });

  it('bounds the edit distance', () => {
    expect(withinDistance('wanjiru', 'wanjirru', 1)).toBe(true);
    expect(withinDistance('wanjiru', 'otieno', 2)).toBe(false);
  });

  it('warns of a likely duplicate by name and birth date, or by phone', () => {
    expect(
      likelyDuplicates(clinic, {
        full_name: 'Jane Wanjru',
        date_of_birth: '1984-03-12',
        phone: null,
      }),
    ).toHaveLength(1);
    expect(
      likelyDuplicates(clinic, {
        full_name: 'Someone',
        date_of_birth: null,
        phone: '+254712345678',
      }),
    ).toHaveLength(1);
    expect(
      likelyDuplicates(
        clinic,
        { full_name: 'Someone', date_of_birth: null, phone: '0712 345 678' },
        'KE',
      ),
    ).toHaveLength(1);
    expect(
      likelyDuplicates(clinic, {
        full_name: 'Jane Wanjiru',
        date_of_birth: '1990-01-01',
        phone: null,
      }),
    ).toHaveLength(0);
  });
});
