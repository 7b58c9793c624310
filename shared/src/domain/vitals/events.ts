import { z } from 'zod';
import { isoDateTime, optionalLink, requiredText, uuidField } from '../fields';
import { vitalValuesSchema } from './signs';

export const vitalsRecordedSchema = vitalValuesSchema.extend({
  patient_id: uuidField,
  visit_id: optionalLink,
  taken_at: isoDateTime,
  /** The person who took them: the actor who recorded the measurement. */
  taken_by: uuidField,
});
export type VitalsMeasurement = z.infer<typeof vitalsRecordedSchema>;

/**
 * The measurement was wrong (another patient's, a misread device): it stays in the
 * record, struck through with who said so and why, and is left out of charts and
 * exported as `entered-in-error`.
 */
export const vitalsMarkedEnteredInErrorSchema = z.object({
  reason: requiredText('Reason', 500),
  marked_by: uuidField,
  marked_at: isoDateTime,
});
export type VitalsEnteredInError = z.infer<typeof vitalsMarkedEnteredInErrorSchema>;

/** One measurement per aggregate: recorded once, never changed, at most marked in error. */
export interface VitalsState {
  exists: boolean;
  measurement: VitalsMeasurement | null;
  /** Absent in states folded before a measurement could be marked so. */
  entered_in_error?: VitalsEnteredInError | null;
}

export const initialVitalsState: VitalsState = {
  exists: false,
  measurement: null,
  entered_in_error: null,
};
