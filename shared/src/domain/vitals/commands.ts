import { isoDateTime, optionalLink, uuidField } from '../fields';
import { vitalSignFields, vitalValuesSchema } from './signs';

/** Without `taken_at` the vitals were taken when the command was issued. */
export const recordVitalsPayload = vitalValuesSchema
  .extend({
    patient_id: uuidField,
    visit_id: optionalLink,
    taken_at: isoDateTime.optional(),
  })
  .superRefine((vitals, context) => {
    if (vitalSignFields.every((field) => vitals[field] === null)) {
      context.addIssue({ code: 'custom', path: [], message: 'Record at least one vital sign' });
    }
    if (
      vitals.systolic !== null &&
      vitals.diastolic !== null &&
      vitals.diastolic >= vitals.systolic
    ) {
      context.addIssue({
        code: 'custom',
        path: ['diastolic'],
        message: 'Diastolic must be lower than systolic',
      });
    }
  });
