import { z } from 'zod';
import type { EventDefinition } from '../../kernel/decider';
import { isoDateTime, optionalLink, requiredText, uuidField } from '../fields';

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
  .number({ message: 'Duration must be a number of minutes' })
  .int({ message: 'Duration must be whole minutes' })
  .min(5, { message: 'Duration must be between 5 and 480 minutes' })
  .max(480, { message: 'Duration must be between 5 and 480 minutes' });

export const visitTypeField = z.enum(visitTypes, {
  message: 'Choose consultation, follow-up, emergency, procedure or vaccination',
});

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
});
/** The whole new slot, the unchanged parts included, so readers need no earlier event. */
export const appointmentRescheduledSchema = z.object({
  starts_at: isoDateTime,
  duration_minutes: appointmentDurationField,
  doctor_id: uuidField,
  location_id: optionalLink,
  overbooking_intended: z.boolean().optional().default(false),
});
export const appointmentCancelledSchema = z.object({
  reason: requiredText('Reason', 500),
  cancelled_at: isoDateTime,
});
export const appointmentNoShowSchema = z.object({ marked_at: isoDateTime });
export const appointmentCheckedInSchema = z.object({
  visit_id: uuidField,
  checked_in_at: isoDateTime,
});
export const appointmentCompletedSchema = z.object({
  visit_id: uuidField,
  completed_at: isoDateTime,
});

export type AppointmentEvent =
  | { type: 'AppointmentScheduled'; data: z.infer<typeof appointmentScheduledSchema> }
  | { type: 'AppointmentRescheduled'; data: z.infer<typeof appointmentRescheduledSchema> }
  | { type: 'AppointmentCancelled'; data: z.infer<typeof appointmentCancelledSchema> }
  | { type: 'AppointmentNoShow'; data: z.infer<typeof appointmentNoShowSchema> }
  | { type: 'AppointmentCheckedIn'; data: z.infer<typeof appointmentCheckedInSchema> }
  | { type: 'AppointmentCompleted'; data: z.infer<typeof appointmentCompletedSchema> };

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
};

export function evolveAppointment(
  state: AppointmentState,
  event: AppointmentEvent,
): AppointmentState {
  switch (event.type) {
    case 'AppointmentScheduled': {
      const { overbooking_intended: _overbooking, ...slot } = event.data;
      return { ...state, ...slot, exists: true, status: 'scheduled' };
    }
    case 'AppointmentRescheduled': {
      const { overbooking_intended: _overbooking, ...slot } = event.data;
      return { ...state, ...slot };
    }
    case 'AppointmentCancelled':
      return { ...state, status: 'cancelled' };
    case 'AppointmentNoShow':
      return { ...state, status: 'no_show' };
    case 'AppointmentCheckedIn':
      return { ...state, status: 'checked_in', visit_id: event.data.visit_id };
    case 'AppointmentCompleted':
      return { ...state, status: 'completed' };
  }
}

export const appointmentEventDefinitions: EventDefinition[] = [
  {
    type: 'AppointmentScheduled',
    aggregateType: 'appointment',
    versions: [{ schema: appointmentScheduledSchema }],
  },
  {
    type: 'AppointmentRescheduled',
    aggregateType: 'appointment',
    versions: [{ schema: appointmentRescheduledSchema }],
  },
  {
    type: 'AppointmentCancelled',
    aggregateType: 'appointment',
    versions: [{ schema: appointmentCancelledSchema }],
  },
  {
    type: 'AppointmentNoShow',
    aggregateType: 'appointment',
    versions: [{ schema: appointmentNoShowSchema }],
  },
  {
    type: 'AppointmentCheckedIn',
    aggregateType: 'appointment',
    versions: [{ schema: appointmentCheckedInSchema }],
  },
  {
    type: 'AppointmentCompleted',
    aggregateType: 'appointment',
    versions: [{ schema: appointmentCompletedSchema }],
  },
];
