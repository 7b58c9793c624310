import type { VitalsReading } from './api';

/**
 * The vitals charts' arithmetic: which measures the patient has, and where each reading
 * sits in a small SVG. No chart library: a line and its dots are a few lines of maths.
 */

/**
 * A measure the portal charts. Its words are the patient's language's: its name
 * `vitals.measures.<id>`, its unit `vitals.units.<id>`, each line `vitals.lines.<field>`.
 */
export interface Measure {
  id: string;
  /** The unit as the clinic records it (the domain's). */
  unit: string;
  /** The fields drawn: blood pressure draws two lines (systolic over diastolic). */
  fields: { field: string }[];
}

const single = (field: string, unit: string): Measure => ({ id: field, unit, fields: [{ field }] });

/**
 * Every sign the clinic records (the domain's vital signs, in its order and units).
 * The portal does not load the domain's code, which it would only need for this list;
 * a test keeps the two the same.
 */
export const measures: Measure[] = [
  { id: 'blood_pressure', unit: 'mmHg', fields: [{ field: 'systolic' }, { field: 'diastolic' }] },
  single('pulse', 'beats/min'),
  single('temperature_c', '°C'),
  single('respiratory_rate', 'breaths/min'),
  single('spo2', '%'),
  single('weight_kg', 'kg'),
  single('height_cm', 'cm'),
  single('glucose_mmol_l', 'mmol/L'),
];

export interface Point {
  at: number;
  value: number;
}

/** The readings of one field, oldest first; readings without it are left out. */
export function seriesOf(readings: VitalsReading[], field: string): Point[] {
  return readings
    .map((reading) => ({ at: Date.parse(reading.recorded_at), value: reading[field] }))
    .filter(
      (point): point is Point =>
        Number.isFinite(point.at) &&
        typeof point.value === 'number' &&
        Number.isFinite(point.value),
    )
    .sort((a, b) => a.at - b.at);
}

/** The measures with at least one reading. */
export const measuresWithReadings = (readings: VitalsReading[]) =>
  measures.filter((measure) =>
    measure.fields.some((field) => seriesOf(readings, field.field).length > 0),
  );

export interface Plot {
  width: number;
  height: number;
  /** The value range shown, a little wider than the readings so no dot sits on an edge. */
  low: number;
  high: number;
  /** The first and last reading's times, written under the chart's ends. */
  first: number;
  last: number;
  lines: {
    field: string;
    path: string;
    dots: { x: number; y: number; value: number; at: number }[];
  }[];
}

export const plotSize = { width: 320, height: 150, left: 40, right: 14, top: 12, bottom: 28 };

/**
 * The range the axis shows: the readings' range with a little room, widened to round
 * numbers (96 to 98, 70 to 90) so its two labels read as a person would write them.
 */
export function niceRange(lowest: number, highest: number): { low: number; high: number } {
  // At least 2% of the value: a change of 0.2 °C is not drawn as a cliff.
  const room =
    Math.max((highest - lowest) * 0.1, Math.max(Math.abs(highest), Math.abs(lowest)) * 0.02) || 1;
  const span = highest - lowest + 2 * room;
  const magnitude = 10 ** Math.floor(Math.log10(span));
  const step =
    span / magnitude >= 5 ? magnitude : span / magnitude >= 2 ? magnitude / 2 : magnitude / 5;
  const low = Math.floor((lowest - room) / step) * step;
  const high = Math.ceil((highest + room) / step) * step;
  const tidy = (value: number) => Math.round(value * 1000) / 1000;
  return { low: tidy(low), high: tidy(high) };
}

/**
 * Where each reading goes: time along, value up. One reading sits in the middle; a
 * flat series gets a range around its value.
 */
export function plot(series: { field: string; points: Point[] }[]): Plot {
  const { width, height, left, right, top, bottom } = plotSize;
  const all = series.flatMap((line) => line.points);
  const values = all.map((point) => point.value);
  const times = all.map((point) => point.at);
  const { low, high } = niceRange(Math.min(...values), Math.max(...values));
  const first = Math.min(...times);
  const last = Math.max(...times);
  const x = (at: number) =>
    last === first
      ? left + (width - left - right) / 2
      : left + ((at - first) / (last - first)) * (width - left - right);
  const y = (value: number) => top + ((high - value) / (high - low)) * (height - top - bottom);
  const round = (number: number) => Math.round(number * 10) / 10;
  return {
    width,
    height,
    low,
    high,
    first,
    last,
    lines: series.map((line) => {
      const dots = line.points.map((point) => ({
        x: round(x(point.at)),
        y: round(y(point.value)),
        value: point.value,
        at: point.at,
      }));
      return {
        field: line.field,
        dots,
        path: dots.map((dot, index) => `${index === 0 ? 'M' : 'L'}${dot.x} ${dot.y}`).join(' '),
      };
    }),
  };
}
