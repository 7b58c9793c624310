import { z } from 'zod';
import { DomainError } from '../../kernel/errors';
import { isoDateTime, optionalText, requiredText, uuidField } from '../fields';
import {
  appointmentDurationField,
  bookingOverridesField,
  appointmentScheduledSchema,
  type AppointmentState,
} from './events';
import { refusal } from '../../refusals';

export const scheduleAppointmentPayload = appointmentScheduledSchema;
/** Doctor and location are kept when absent; a null location clears it. */
export const rescheduleAppointmentPayload = z.object({
  starts_at: isoDateTime,
  duration_minutes: appointmentDurationField,
  doctor_id: uuidField.optional(),
  location_id: uuidField.nullable().optional(),
  overbooking_intended: z.boolean().optional().default(false),
  overrides: bookingOverridesField,
});
export const cancelAppointmentPayload = z.object({ reason: requiredText('Reason', 500) });
export const markAppointmentNoShowPayload = z.object({});
/** `early_reason` is needed before the appointment's day (checkInDayRule). */
export const markAppointmentCheckedInPayload = z.object({
  visit_id: uuidField,
  early_reason: optionalText('Reason', 500).optional(),
});
export const markAppointmentCompletedPayload = z.object({ visit_id: uuidField });

export const closedReasons = {
  cancelled: 'appointment.cancelled',
  no_show: 'appointment.noShow',
  completed: 'appointment.completed',
  checked_in: 'appointment.alreadyCheckedIn',
} as const;

export function requireAppointment(state: AppointmentState): AppointmentState {
  if (!state.exists) throw new DomainError('not_found', refusal('appointment.notFound'));
  return state;
}

/** Only a booked, not yet attended appointment can be moved, cancelled or missed. */
export function requireScheduled(state: AppointmentState): void {
  requireAppointment(state);
  if (state.status !== 'scheduled' && state.status !== null) {
    throw new DomainError('illegal_state', refusal(closedReasons[state.status]));
  }
}
