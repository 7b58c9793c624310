import { z } from 'zod';
import { isoDateTime, optionalLink, uuidField } from '../fields';
import { vitalValuesSchema } from './signs';

export const vitalsRecordedSchema = vitalValuesSchema.extend({
  patient_id: uuidField,
  visit_id: optionalLink,
  taken_at: isoDateTime,
  /** The person who took them: the actor who recorded the measurement. */
  taken_by: uuidField,
});
export type VitalsMeasurement = z.infer<typeof vitalsRecordedSchema>;

/** One measurement per aggregate (append policy): recorded once, never changed. */
export interface VitalsState {
  exists: boolean;
  measurement: VitalsMeasurement | null;
}

export const initialVitalsState: VitalsState = { exists: false, measurement: null };
