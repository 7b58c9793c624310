import { z } from 'zod';
import type { CommandContext, CommandDefinition, Decider } from '../../kernel/decider';
import { DomainError } from '../../kernel/errors';
import { parseOrThrow } from '../../kernel/validate';
import { instant, isoDateTime, requiredText, uuidField } from '../fields';
import {
  appointmentDurationField,
  appointmentScheduledSchema,
  evolveAppointment,
  initialAppointmentState,
  type AppointmentEvent,
  type AppointmentState,
} from './events';

export const scheduleAppointmentPayload = appointmentScheduledSchema;
/** Doctor and location are kept when absent; a null location clears it. */
export const rescheduleAppointmentPayload = z.object({
  starts_at: isoDateTime,
  duration_minutes: appointmentDurationField,
  doctor_id: uuidField.optional(),
  location_id: uuidField.nullable().optional(),
  overbooking_intended: z.boolean().optional().default(false),
});
export const cancelAppointmentPayload = z.object({ reason: requiredText('Reason', 500) });
export const markAppointmentNoShowPayload = z.object({});
export const markAppointmentCheckedInPayload = z.object({ visit_id: uuidField });
export const markAppointmentCompletedPayload = z.object({ visit_id: uuidField });

export type AppointmentCommand =
  | { type: 'ScheduleAppointment'; payload: z.input<typeof scheduleAppointmentPayload> }
  | { type: 'RescheduleAppointment'; payload: z.input<typeof rescheduleAppointmentPayload> }
  | { type: 'CancelAppointment'; payload: z.input<typeof cancelAppointmentPayload> }
  | { type: 'MarkAppointmentNoShow'; payload: z.input<typeof markAppointmentNoShowPayload> }
  | { type: 'MarkAppointmentCheckedIn'; payload: z.input<typeof markAppointmentCheckedInPayload> }
  | {
      type: 'MarkAppointmentCompleted';
      payload: z.input<typeof markAppointmentCompletedPayload>;
    };

const closedReasons = {
  cancelled: 'The appointment is cancelled',
  no_show: 'The appointment is marked as a no-show',
  completed: 'The appointment is completed',
  checked_in: 'The patient is already checked in for this appointment',
} as const;

function requireAppointment(state: AppointmentState): AppointmentState {
  if (!state.exists) throw new DomainError('not_found', 'No such appointment');
  return state;
}

/** Only a booked, not yet attended appointment can be moved, cancelled or missed. */
function requireScheduled(state: AppointmentState): void {
  requireAppointment(state);
  if (state.status !== 'scheduled' && state.status !== null) {
    throw new DomainError('illegal_state', closedReasons[state.status]);
  }
}

export function scheduleAppointment(payload: unknown, state: AppointmentState): AppointmentEvent[] {
  if (state.exists) throw new DomainError('illegal_state', 'The appointment is already scheduled');
  return [
    {
      type: 'AppointmentScheduled',
      data: parseOrThrow(scheduleAppointmentPayload, payload, 'Appointment'),
    },
  ];
}

export function rescheduleAppointment(
  payload: unknown,
  state: AppointmentState,
): AppointmentEvent[] {
  requireScheduled(state);
  const wanted = parseOrThrow(rescheduleAppointmentPayload, payload, 'Reschedule');
  const slot = {
    starts_at: wanted.starts_at,
    duration_minutes: wanted.duration_minutes,
    doctor_id: wanted.doctor_id ?? state.doctor_id!,
    location_id: wanted.location_id === undefined ? state.location_id : wanted.location_id,
  };
  const unchanged =
    instant(slot.starts_at) === instant(state.starts_at!) &&
    slot.duration_minutes === state.duration_minutes &&
    slot.doctor_id === state.doctor_id &&
    slot.location_id === state.location_id;
  if (unchanged) return [];
  return [
    {
      type: 'AppointmentRescheduled',
      data: { ...slot, overbooking_intended: wanted.overbooking_intended },
    },
  ];
}

export function cancelAppointment(
  payload: unknown,
  state: AppointmentState,
  context: CommandContext,
): AppointmentEvent[] {
  requireScheduled(state);
  const { reason } = parseOrThrow(cancelAppointmentPayload, payload, 'Cancellation');
  return [{ type: 'AppointmentCancelled', data: { reason, cancelled_at: context.issued_at } }];
}

/** A no-show is only known once the appointment's time has come, by the issuing clock. */
export function markAppointmentNoShow(
  payload: unknown,
  state: AppointmentState,
  context: CommandContext,
): AppointmentEvent[] {
  requireScheduled(state);
  parseOrThrow(markAppointmentNoShowPayload, payload, 'No-show');
  if (instant(context.issued_at) < instant(state.starts_at!)) {
    throw new DomainError('illegal_state', 'The appointment has not started yet');
  }
  return [{ type: 'AppointmentNoShow', data: { marked_at: context.issued_at } }];
}

export function markAppointmentCheckedIn(
  payload: unknown,
  state: AppointmentState,
  context: CommandContext,
): AppointmentEvent[] {
  requireAppointment(state);
  const { visit_id } = parseOrThrow(markAppointmentCheckedInPayload, payload, 'Check-in');
  // The same check-in arriving twice (a retry decided again) changes nothing.
  if (state.status === 'checked_in' && state.visit_id === visit_id) return [];
  requireScheduled(state);
  return [{ type: 'AppointmentCheckedIn', data: { visit_id, checked_in_at: context.issued_at } }];
}

export function markAppointmentCompleted(
  payload: unknown,
  state: AppointmentState,
  context: CommandContext,
): AppointmentEvent[] {
  requireAppointment(state);
  const { visit_id } = parseOrThrow(markAppointmentCompletedPayload, payload, 'Completion');
  if (state.status === 'completed' && state.visit_id === visit_id) return [];
  if (state.status !== 'checked_in') {
    throw new DomainError(
      'illegal_state',
      state.status === 'scheduled'
        ? 'The patient has not been checked in for this appointment'
        : closedReasons[state.status!],
    );
  }
  if (state.visit_id !== visit_id) {
    throw new DomainError('illegal_state', 'The appointment was checked in for another visit');
  }
  return [{ type: 'AppointmentCompleted', data: { visit_id, completed_at: context.issued_at } }];
}

export const appointmentDecider: Decider<AppointmentState, AppointmentCommand, AppointmentEvent> = {
  aggregateType: 'appointment',
  policy: 'rebase',
  initialState: initialAppointmentState,
  evolve: evolveAppointment,
  decide(command, state, context) {
    switch (command.type) {
      case 'ScheduleAppointment':
        return scheduleAppointment(command.payload, state);
      case 'RescheduleAppointment':
        return rescheduleAppointment(command.payload, state);
      case 'CancelAppointment':
        return cancelAppointment(command.payload, state, context);
      case 'MarkAppointmentNoShow':
        return markAppointmentNoShow(command.payload, state, context);
      case 'MarkAppointmentCheckedIn':
        return markAppointmentCheckedIn(command.payload, state, context);
      case 'MarkAppointmentCompleted':
        return markAppointmentCompleted(command.payload, state, context);
      default: {
        const unknown: never = command;
        throw new DomainError(
          'validation',
          `Unknown command ${(unknown as { type: string }).type}`,
        );
      }
    }
  },
};

export const appointmentCommandDefinitions: CommandDefinition[] = [
  {
    type: 'ScheduleAppointment',
    aggregateType: 'appointment',
    payload: scheduleAppointmentPayload,
    creates: true,
  },
  {
    type: 'RescheduleAppointment',
    aggregateType: 'appointment',
    payload: rescheduleAppointmentPayload,
    creates: false,
  },
  {
    type: 'CancelAppointment',
    aggregateType: 'appointment',
    payload: cancelAppointmentPayload,
    creates: false,
  },
  {
    type: 'MarkAppointmentNoShow',
    aggregateType: 'appointment',
    payload: markAppointmentNoShowPayload,
    creates: false,
  },
  {
    type: 'MarkAppointmentCheckedIn',
    aggregateType: 'appointment',
    payload: markAppointmentCheckedInPayload,
    creates: false,
  },
  {
    type: 'MarkAppointmentCompleted',
    aggregateType: 'appointment',
    payload: markAppointmentCompletedPayload,
    creates: false,
  },
];
