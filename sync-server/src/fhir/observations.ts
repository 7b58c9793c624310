import type { StateOf } from '@mymedic/shared';
import { bmi } from '@mymedic/shared';
import { loinc, reference, ucum, type FhirResource, type RecordOf } from './resources';

/** Each sign with its LOINC code and UCUM unit (the FHIR vital-signs profile's). */
const vitalCodes = {
  pulse: { code: '8867-4', display: 'Heart rate', unit: '/min' },
  temperature_c: { code: '8310-5', display: 'Body temperature', unit: 'Cel' },
  respiratory_rate: { code: '9279-1', display: 'Respiratory rate', unit: '/min' },
  spo2: {
    code: '59408-5',
    display: 'Oxygen saturation in Arterial blood by Pulse oximetry',
    unit: '%',
  },
  weight_kg: { code: '29463-7', display: 'Body weight', unit: 'kg' },
  height_cm: { code: '8302-2', display: 'Body height', unit: 'cm' },
  glucose_mmol_l: { code: '15074-8', display: 'Glucose [Moles/volume] in Blood', unit: 'mmol/L' },
} as const;

const quantity = (value: number, unit: string) => ({ value, unit, system: ucum, code: unit });

/**
 * One Observation per sign measured (blood pressure as one panel of two), and BMI. A
 * measurement marked entered in error is exported still, as `entered-in-error` with the
 * reason, so that a system that took it earlier learns to withdraw it.
 */
export function observationResources(record: RecordOf<StateOf<'vitals'>>): FhirResource[] {
  const measurement = record.state.measurement;
  if (!measurement) return [];
  const inError = record.state.entered_in_error ?? null;
  const common = (suffix: string, code: string, display: string) => ({
    resourceType: 'Observation',
    id: `${record.id}-${suffix}`,
    status: inError ? 'entered-in-error' : 'final',
    category: [
      {
        coding: [
          {
            system: 'http://terminology.hl7.org/CodeSystem/observation-category',
            code: 'vital-signs',
          },
        ],
      },
    ],
    code: { coding: [{ system: loinc, code, display }], text: display },
    subject: reference('Patient', measurement.patient_id)!,
    ...(measurement.visit_id ? { encounter: reference('Encounter', measurement.visit_id) } : {}),
    effectiveDateTime: measurement.taken_at,
    performer: [{ reference: `Practitioner/${measurement.taken_by}` }],
    ...(inError
      ? {
          note: [
            {
              authorReference: { reference: `Practitioner/${inError.marked_by}` },
              time: inError.marked_at,
              text: `Entered in error: ${inError.reason}`,
            },
          ],
        }
      : {}),
  });
  const observations: FhirResource[] = [];
  if (measurement.systolic !== null || measurement.diastolic !== null) {
    observations.push({
      ...common('bp', '85354-9', 'Blood pressure panel'),
      component: [
        ...(measurement.systolic === null
          ? []
          : [
              {
                code: {
                  coding: [{ system: loinc, code: '8480-6', display: 'Systolic blood pressure' }],
                },
                valueQuantity: quantity(measurement.systolic, 'mm[Hg]'),
              },
            ]),
        ...(measurement.diastolic === null
          ? []
          : [
              {
                code: {
                  coding: [{ system: loinc, code: '8462-4', display: 'Diastolic blood pressure' }],
                },
                valueQuantity: quantity(measurement.diastolic, 'mm[Hg]'),
              },
            ]),
      ],
    });
  }
  for (const [field, code] of Object.entries(vitalCodes)) {
    const value = measurement[field as keyof typeof vitalCodes];
    if (value === null) continue;
    observations.push({
      ...common(field.replace(/_/g, '-'), code.code, code.display),
      valueQuantity: quantity(value, code.unit),
    });
  }
  const index = bmi(measurement.weight_kg, measurement.height_cm);
  if (index !== null) {
    observations.push({
      ...common('bmi', '39156-5', 'Body mass index (BMI) [Ratio]'),
      valueQuantity: quantity(index, 'kg/m2'),
    });
  }
  return observations;
}
