import { z } from 'zod';
import { fieldNamed, phrase } from '../../refusals';

export interface VitalSign {
  field: string;
  label: string;
  unit: string;
  /**
   * The plausible range, both ends included; outside it is a typing mistake. Each
   * range's reasoning is in docs/clinical.md ("Plausible vitals").
   */
  min: number;
  max: number;
  /** Counted signs (pressures, rates, saturation) are whole numbers. */
  integer: boolean;
}

/** Every vital sign a measurement may hold, in the order the screens show them. */
export const vitalSigns = [
  { field: 'systolic', label: 'Systolic', unit: 'mmHg', min: 50, max: 260, integer: true },
  { field: 'diastolic', label: 'Diastolic', unit: 'mmHg', min: 20, max: 160, integer: true },
  { field: 'pulse', label: 'Pulse', unit: 'beats/min', min: 20, max: 300, integer: true },
  { field: 'temperature_c', label: 'Temperature', unit: '°C', min: 25, max: 45, integer: false },
  {
    field: 'respiratory_rate',
    label: 'Respiratory rate',
    unit: 'breaths/min',
    min: 4,
    max: 80,
    integer: true,
  },
  { field: 'spo2', label: 'SpO2', unit: '%', min: 50, max: 100, integer: true },
  { field: 'weight_kg', label: 'Weight', unit: 'kg', min: 0.3, max: 400, integer: false },
  { field: 'height_cm', label: 'Height', unit: 'cm', min: 20, max: 250, integer: false },
  { field: 'glucose_mmol_l', label: 'Glucose', unit: 'mmol/L', min: 1, max: 50, integer: false },
] as const satisfies readonly VitalSign[];
export type VitalSignField = (typeof vitalSigns)[number]['field'];
export const vitalSignFields: VitalSignField[] = vitalSigns.map((sign) => sign.field);

/** The rule for one sign, with messages that name the sign and its unit. */
function measurement(field: VitalSignField) {
  const sign = vitalSigns.find((known) => known.field === field)!;
  const named = { sign: fieldNamed(sign.label) };
  const range =
    sign.unit === '%'
      ? phrase('vitals.rangePercent', { ...named, min: sign.min, max: sign.max })
      : phrase('vitals.range', { ...named, min: sign.min, max: sign.max, unit: sign.unit });
  const number = z.number({ message: phrase('vitals.number', named) });
  return (sign.integer ? number.int({ message: phrase('vitals.wholeNumber', named) }) : number)
    .min(sign.min, { message: range })
    .max(sign.max, { message: range })
    .nullable()
    .optional()
    .default(null);
}

/** Each sign is optional; an absent one is stored as null. */
export const vitalValuesSchema = z.object({
  systolic: measurement('systolic'),
  diastolic: measurement('diastolic'),
  pulse: measurement('pulse'),
  temperature_c: measurement('temperature_c'),
  respiratory_rate: measurement('respiratory_rate'),
  spo2: measurement('spo2'),
  weight_kg: measurement('weight_kg'),
  height_cm: measurement('height_cm'),
  glucose_mmol_l: measurement('glucose_mmol_l'),
});
export type VitalValues = z.output<typeof vitalValuesSchema>;

/**
 * Body mass index in kg/m², to one decimal; null unless both weight and height are
 * known and positive.
 */
export function bmi(
  weight_kg: number | null | undefined,
  height_cm: number | null | undefined,
): number | null {
  const usable = (value: number | null | undefined): value is number =>
    typeof value === 'number' && Number.isFinite(value) && value > 0;
  if (!usable(weight_kg) || !usable(height_cm)) return null;
  const metres = height_cm / 100;
  return Math.round((weight_kg / (metres * metres)) * 10) / 10;
}
