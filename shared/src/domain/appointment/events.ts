import { z } from 'zod';
import { isoDateTime, optionalLink, requiredText, uuidField } from '../fields';
import type { ReminderStatus } from './reminders';
import type { PatientResponse } from './responses';
import { phrase } from '../../refusals';

export const visitTypes = [
  'consultation',
  'follow_up',
  'emergency',
  'procedure',
  'vaccination',
] as const;
export type VisitType = (typeof visitTypes)[number];

export const appointmentStatuses = [
  'scheduled',
  'checked_in',
  'completed',
  'cancelled',
  'no_show',
] as const;
export type AppointmentStatus = (typeof appointmentStatuses)[number];

export const appointmentDurationField = z
  .number({ message: phrase('appointment.durationNumber') })
  .int({ message: phrase('appointment.durationWhole') })
  .min(5, { message: phrase('appointment.durationRange') })
  .max(480, { message: phrase('appointment.durationRange') });

export const visitTypeField = z.enum(visitTypes, {
  message: phrase('appointment.chooseType'),
});

/** Why a booking needs the person's explicit say-so; recorded on the event when given. */
export const bookingOverrideKinds = ['in_the_past', 'closed_day', 'outside_opening_hours'] as const;
export type BookingOverrideKind = (typeof bookingOverrideKinds)[number];

/**
 * What the person booking was told was unusual about the slot and confirmed (outside
 * opening hours, a closed day, in the past). Absent on ordinary bookings and on those made
 * before it was asked.
 */
export const bookingOverridesField = z.array(z.enum(bookingOverrideKinds)).max(3).optional();

export const appointmentScheduledSchema = z.object({
  patient_id: uuidField,
  doctor_id: uuidField,
  location_id: optionalLink,
  starts_at: isoDateTime,
  duration_minutes: appointmentDurationField,
  visit_type: visitTypeField,
  reason: requiredText('Reason', 500),
  /** The person booking saw the double-booking warning and went ahead. */
  overbooking_intended: z.boolean().optional().default(false),
  overrides: bookingOverridesField,
});
/** The whole new slot, the unchanged parts included, so readers need no earlier event. */
export const appointmentRescheduledSchema = z.object({
  starts_at: isoDateTime,
  duration_minutes: appointmentDurationField,
  doctor_id: uuidField,
  location_id: optionalLink,
  overbooking_intended: z.boolean().optional().default(false),
  overrides: bookingOverridesField,
});
export const appointmentCancelledSchema = z.object({
  reason: requiredText('Reason', 500),
  cancelled_at: isoDateTime,
});
export const appointmentNoShowSchema = z.object({ marked_at: isoDateTime });
export const appointmentCheckedInSchema = z.object({
  visit_id: uuidField,
  checked_in_at: isoDateTime,
  /** Why the patient was checked in before the appointment's day; absent on its day. */
  early_reason: requiredText('Reason', 500).optional(),
});
export const appointmentCompletedSchema = z.object({
  visit_id: uuidField,
  completed_at: isoDateTime,
});

export interface AppointmentState {
  exists: boolean;
  status: AppointmentStatus | null;
  patient_id: string | null;
  doctor_id: string | null;
  location_id: string | null;
  starts_at: string | null;
  duration_minutes: number | null;
  visit_type: VisitType | null;
  reason: string | null;
  visit_id: string | null;
  /** Absent in states folded before reminders existed (snapshots, devices' rows). */
  reminders?: ReminderStatus[];
  /** The patient's newest answer on this slot; a move by the clinic clears it. Absent in
   * states folded before patients could answer. */
  patient_response?: PatientResponse | null;
}

export const initialAppointmentState: AppointmentState = {
  exists: false,
  status: null,
  patient_id: null,
  doctor_id: null,
  location_id: null,
  starts_at: null,
  duration_minutes: null,
  visit_type: null,
  reason: null,
  visit_id: null,
  reminders: [],
  patient_response: null,
};
