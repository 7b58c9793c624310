import { z } from 'zod';
import { DomainError } from '../../kernel/errors';
import type { Actor } from '../../kernel/roles';
import { isoDateTime, optionalLink, requiredText, uuidField } from '../fields';
import type { VitalsMeasurement, VitalsState } from './events';
import { implausibleCombinations } from './plausibility';
import { vitalSignFields, vitalValuesSchema } from './signs';
import { refusal, refusalIssue } from '../../refusals';

/** Without `taken_at` the vitals were taken when the command was issued. */
export const recordVitalsPayload = vitalValuesSchema
  .extend({
    patient_id: uuidField,
    visit_id: optionalLink,
    taken_at: isoDateTime.optional(),
  })
  .superRefine((vitals, context) => {
    if (vitalSignFields.every((field) => vitals[field] === null)) {
      context.addIssue(refusalIssue([], refusal('vitals.atLeastOne')));
    }
    for (const issue of implausibleCombinations(vitals)) {
      context.addIssue({
        code: 'custom',
        path: [issue.path],
        message: issue.message,
        params: { refusal: { key: issue.key, values: issue.values } },
      });
    }
  });

export const markVitalsEnteredInErrorPayload = z.object({ reason: requiredText('Reason', 500) });

/** The person who took the measurement knows it was wrong; a doctor may say so too. */
export const mayMarkEnteredInError = (measurement: VitalsMeasurement, actor: Actor) =>
  measurement.taken_by === actor.user_id || actor.roles.includes('doctor');

export function requireVitalsInForce(state: VitalsState): VitalsMeasurement {
  if (!state.exists || !state.measurement)
    throw new DomainError('not_found', refusal('vitals.notFound'));
  if (state.entered_in_error)
    throw new DomainError('illegal_state', refusal('vitals.alreadyEnteredInError'));
  return state.measurement;
}
