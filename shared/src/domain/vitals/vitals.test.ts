import { describe, expect, it } from 'vitest';
import { foldEvents } from '../registry';
import { given, janeDoctor, nurseAmara, receptionistRavi } from '../../../test/given';
import type { VitalsEvent } from './aggregate';
import { implausibleCombinations, vitalValueProblems } from './plausibility';
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
    expect(error.details).toMatchObject({
      issues: [
        { path: 'systolic', message: 'Systolic must be between 50 and 260 mmHg' },
        { path: 'temperature_c', message: 'Temperature must be between 25 and 45 °C' },
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

  it('keeps the extremes a clinic does meet: an infant in SVT, deep hypothermia', () => {
    given('vitals')
      .when('RecordVitals', { patient_id: wanjiruId, pulse: 280, temperature_c: 26.5 })
      .then([
        {
          type: 'VitalsRecorded',
          data: {
            ...none,
            patient_id: wanjiruId,
            visit_id: null,
            taken_at: '2026-11-24T09:30:00.000Z',
            taken_by: janeDoctor.user_id,
            pulse: 280,
            temperature_c: 26.5,
          },
        },
      ]);
  });

  it('refuses a diastolic not below the systolic', () => {
    const error = given('vitals')
      .when('RecordVitals', { patient_id: wanjiruId, systolic: 90, diastolic: 95 })
      .thenThrows('validation', /Diastolic must be lower than systolic/);
    expect(error.details).toMatchObject({
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

describe('combinations that cannot be', () => {
  it('refuses a pulse pressure under 10 or over 200 mmHg, and keeps the bounds', () => {
    given('vitals')
      .when('RecordVitals', { patient_id: wanjiruId, systolic: 100, diastolic: 95 })
      .thenThrows('validation', /only 5 mmHg apart cannot be measured/);
    given('vitals')
      .when('RecordVitals', { patient_id: wanjiruId, systolic: 250, diastolic: 40 })
      .thenThrows('validation', /210 mmHg apart is not plausible/);
    expect(implausibleCombinations({ systolic: 100, diastolic: 90 })).toEqual([]);
    // An elderly patient's stiff arteries: rare, real, and recorded.
    expect(implausibleCombinations({ systolic: 250, diastolic: 90 })).toEqual([]);
    expect(implausibleCombinations({ systolic: 260, diastolic: 60 })).toEqual([]);
  });

  it('refuses a diastolic alone, and lets a palpated systolic stand alone', () => {
    given('vitals')
      .when('RecordVitals', { patient_id: wanjiruId, diastolic: 80 })
      .thenThrows('validation', /A diastolic needs its systolic/);
    expect(implausibleCombinations({ systolic: 80 })).toEqual([]);
  });

  it('refuses a weight and height no body has, naming both fields', () => {
    // 7 kg typed for 70 at 170 cm: a BMI of 2.4.
    const error = given('vitals')
      .when('RecordVitals', { patient_id: wanjiruId, weight_kg: 7, height_cm: 170 })
      .thenThrows('validation', /BMI of 2.4/);
    expect((error.details as { issues: { path: string }[] }).issues.map((i) => i.path)).toEqual([
      'weight_kg',
      'height_cm',
    ]);
    // An extremely premature baby and a term newborn are bodies.
    expect(implausibleCombinations({ weight_kg: 0.45, height_cm: 30 })).toEqual([]);
    expect(implausibleCombinations({ weight_kg: 3.4, height_cm: 50 })).toEqual([]);
    expect(implausibleCombinations({ weight_kg: 300, height_cm: 60 })).toHaveLength(2);
  });

  it('leaves signs outside their own range to the range check alone', () => {
    expect(vitalValueProblems({ systolic: 300, diastolic: 295 })).toMatchObject([
      { path: 'systolic', message: 'Systolic must be between 50 and 260 mmHg' },
      { path: 'diastolic', message: 'Diastolic must be between 20 and 160 mmHg' },
    ]);
    expect(vitalValueProblems({ spo2: 101 })).toMatchObject([
      { path: 'spo2', message: 'SpO2 must be between 50 and 100%' },
    ]);
    expect(vitalValueProblems({ systolic: 120, diastolic: 80, pulse: 72 })).toEqual([]);
  });
});

describe('marking vitals entered in error', () => {
  const markedByAmara: VitalsEvent = {
    type: 'VitalsMarkedEnteredInError',
    data: {
      reason: 'Taken on the wrong patient',
      marked_by: nurseAmara.user_id,
      marked_at: '2026-11-24T09:30:00.000Z',
    },
  };

  it('lets the nurse who took them mark them, with a reason, and keeps the measurement', () => {
    given('vitals', [morningVitals])
      .when(
        'MarkVitalsEnteredInError',
        { reason: 'Taken on the wrong patient' },
        { actor: nurseAmara },
      )
      .then([markedByAmara]);
    const state = foldEvents('vitals', [
      { type: 'VitalsRecorded', schema_version: 1, data: morningVitals.data },
      { type: 'VitalsMarkedEnteredInError', schema_version: 1, data: markedByAmara.data },
    ]);
    expect(state.measurement).toEqual(morningVitals.data);
    expect(state.entered_in_error).toEqual(markedByAmara.data);
  });

  it('lets a doctor mark any measurement, but not another nurse', () => {
    given('vitals', [morningVitals])
      .when('MarkVitalsEnteredInError', { reason: 'Cuff too small' })
      .then([
        {
          type: 'VitalsMarkedEnteredInError',
          data: {
            reason: 'Cuff too small',
            marked_by: janeDoctor.user_id,
            marked_at: '2026-11-24T09:30:00.000Z',
          },
        },
      ]);
    const nurseJoseph = {
      user_id: '0190a0b0-0000-7000-8000-000000000009',
      roles: ['nurse' as const],
    };
    given('vitals', [morningVitals])
      .when('MarkVitalsEnteredInError', { reason: 'Mine' }, { actor: nurseJoseph })
      .thenThrows('forbidden', /who recorded these vitals or a doctor/);
    given('vitals', [morningVitals])
      .when('MarkVitalsEnteredInError', { reason: 'Mine' }, { actor: receptionistRavi })
      .thenThrows('forbidden');
  });

  it('refuses without a reason, twice, or on vitals never recorded', () => {
    given('vitals', [morningVitals])
      .when('MarkVitalsEnteredInError', { reason: '  ' }, { actor: nurseAmara })
      .thenThrows('validation', /Reason is required/);
    given('vitals', [morningVitals, markedByAmara])
      .when('MarkVitalsEnteredInError', { reason: 'Again' })
      .thenThrows('illegal_state', /already marked/);
    given('vitals').when('MarkVitalsEnteredInError', { reason: 'Nothing' }).thenThrows('not_found');
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
