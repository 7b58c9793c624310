import { describe, expect, it } from 'vitest';
import { given, janeDoctor, nurseAmara, receptionistRavi } from '../../../test/given';
import type { VitalsEvent } from './aggregate';
import { bmi, vitalSigns } from './signs';

const wanjiruId = '0190a0b0-0000-7000-8000-000000000401';
const visitId = '0190a0b0-0000-7000-8000-000000000402';

const none = {
  systolic: null,
  diastolic: null,
  pulse: null,
  temperature_c: null,
  respiratory_rate: null,
  spo2: null,
  weight_kg: null,
  height_cm: null,
  glucose_mmol_l: null,
};
const morningVitals: VitalsEvent = {
  type: 'VitalsRecorded',
  data: {
    ...none,
    patient_id: wanjiruId,
    visit_id: visitId,
    taken_at: '2026-11-24T09:25:00.000Z',
    taken_by: nurseAmara.user_id,
    systolic: 128,
    diastolic: 82,
    pulse: 76,
    temperature_c: 37.2,
    spo2: 97,
  },
};

describe('recording vitals', () => {
  it('records what was measured, by whom and when; the rest is null', () => {
    given('vitals')
      .when(
        'RecordVitals',
        {
          patient_id: wanjiruId,
          visit_id: visitId,
          taken_at: '2026-11-24T09:25:00.000Z',
          systolic: 128,
          diastolic: 82,
          pulse: 76,
          temperature_c: 37.2,
          spo2: 97,
        },
        { actor: nurseAmara },
      )
      .then([morningVitals]);
  });

  it('takes the time of the command when no time is given, with no visit', () => {
    given('vitals')
      .when('RecordVitals', { patient_id: wanjiruId, weight_kg: 61.5, height_cm: 164 })
      .then([
        {
          type: 'VitalsRecorded',
          data: {
            ...none,
            patient_id: wanjiruId,
            visit_id: null,
            taken_at: '2026-11-24T09:30:00.000Z',
            taken_by: janeDoctor.user_id,
            weight_kg: 61.5,
            height_cm: 164,
          },
        },
      ]);
  });

  it('refuses implausible values with a message per field naming range and unit', () => {
    const error = given('vitals')
      .when('RecordVitals', { patient_id: wanjiruId, systolic: 300, temperature_c: 52 })
      .thenThrows('validation', /Systolic must be between 50 and 260 mmHg/);
    expect(error.details).toEqual({
      issues: [
        { path: 'systolic', message: 'Systolic must be between 50 and 260 mmHg' },
        { path: 'temperature_c', message: 'Temperature must be between 30 and 45 °C' },
      ],
    });
    given('vitals')
      .when('RecordVitals', { patient_id: wanjiruId, spo2: 40 })
      .thenThrows('validation', /SpO2 must be between 50 and 100%/);
    given('vitals')
      .when('RecordVitals', { patient_id: wanjiruId, pulse: 72.5 })
      .thenThrows('validation', /Pulse must be a whole number/);
    given('vitals')
      .when('RecordVitals', { patient_id: wanjiruId, glucose_mmol_l: '5.4' })
      .thenThrows('validation', /Glucose must be a number/);
  });

  it('refuses a diastolic not below the systolic', () => {
    const error = given('vitals')
      .when('RecordVitals', { patient_id: wanjiruId, systolic: 90, diastolic: 95 })
      .thenThrows('validation', /Diastolic must be lower than systolic/);
    expect(error.details).toEqual({
      issues: [{ path: 'diastolic', message: 'Diastolic must be lower than systolic' }],
    });
  });

  it('refuses an empty measurement and a time after the command', () => {
    given('vitals')
      .when('RecordVitals', { patient_id: wanjiruId, visit_id: visitId })
      .thenThrows('validation', /at least one vital sign/);
    given('vitals')
      .when('RecordVitals', {
        patient_id: wanjiruId,
        pulse: 80,
        taken_at: '2026-11-24T12:00:00.000Z',
      })
      .thenThrows('validation', /Time taken cannot be later than now/);
  });

  it('records each measurement once, and only nurses and doctors record them', () => {
    given('vitals', [morningVitals])
      .when('RecordVitals', { patient_id: wanjiruId, pulse: 80 })
      .thenThrows('illegal_state');
    given('vitals')
      .when('RecordVitals', { patient_id: wanjiruId, pulse: 80 }, { actor: receptionistRavi })
      .thenThrows('forbidden');
  });
});

describe('vital sign helpers', () => {
  it('describes every sign with a label, unit and a range', () => {
    expect(vitalSigns.map((sign) => sign.field)).toEqual(Object.keys(none));
    for (const sign of vitalSigns) expect(sign.min).toBeLessThan(sign.max);
  });

  it('computes the BMI to one decimal, or null when it cannot', () => {
    expect(bmi(61.5, 164)).toBe(22.9);
    expect(bmi(3.4, 50)).toBe(13.6);
    expect(bmi(null, 164)).toBeNull();
    expect(bmi(70, 0)).toBeNull();
    expect(bmi(Number.NaN, 170)).toBeNull();
  });
});
