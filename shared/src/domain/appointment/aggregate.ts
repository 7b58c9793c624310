import {
  defineAggregate,
  mustNotExist,
  type CommandsOf,
  type EventsOf,
} from '../../kernel/aggregate';
import { DomainError } from '../../kernel/errors';
import { everyone, frontDesk } from '../../kernel/roles';
import { instant } from '../fields';
import { checkInBeforeTheDay } from './check-in';
import {
  cancelAppointmentPayload,
  closedReasons,
  markAppointmentCheckedInPayload,
  markAppointmentCompletedPayload,
  markAppointmentNoShowPayload,
  requireAppointment,
  requireScheduled,
  rescheduleAppointmentPayload,
  scheduleAppointmentPayload,
} from './commands';
import {
  appointmentCancelledSchema,
  appointmentCheckedInSchema,
  appointmentCompletedSchema,
  appointmentNoShowSchema,
  appointmentRescheduledSchema,
  appointmentScheduledSchema,
  initialAppointmentState,
} from './events';
import {
  reminderDeliveredSchema,
  reminderFailedSchema,
  reminderReadSchema,
  reminderSentSchema,
  withReceipt,
  withReminder,
} from './reminders';
import {
  alreadySaid,
  appointmentCancellationRequestedSchema,
  appointmentConfirmedSchema,
  appointmentMoveRequestedSchema,
  confirmAppointmentPayload,
  requestAppointmentCancellationPayload,
  requestAppointmentMovePayload,
  requireAnswerable,
  requireRouteOfIssuer,
} from './responses';
import { refusal } from '../../refusals';

export const appointmentAggregate = defineAggregate(
  'appointment',
  'rebase',
  initialAppointmentState,
).with({
  events: {
    AppointmentScheduled: {
      schema: appointmentScheduledSchema,
      evolve: (state, { overbooking_intended: _overbooking, overrides: _overrides, ...slot }) => ({
        ...state,
        ...slot,
        exists: true,
        status: 'scheduled',
      }),
    },
    AppointmentRescheduled: {
      schema: appointmentRescheduledSchema,
      // The patient's answer was about the old slot.
      evolve: (state, { overbooking_intended: _overbooking, overrides: _overrides, ...slot }) => ({
        ...state,
        ...slot,
        patient_response: null,
      }),
    },
    AppointmentCancelled: {
      schema: appointmentCancelledSchema,
      evolve: (state) => ({ ...state, status: 'cancelled' }),
    },
    AppointmentNoShow: {
      schema: appointmentNoShowSchema,
      evolve: (state) => ({ ...state, status: 'no_show' }),
    },
    AppointmentCheckedIn: {
      schema: appointmentCheckedInSchema,
      evolve: (state, { visit_id }) => ({ ...state, status: 'checked_in', visit_id }),
    },
    AppointmentCompleted: {
      schema: appointmentCompletedSchema,
      evolve: (state) => ({ ...state, status: 'completed' }),
    },
    ReminderSent: {
      schema: reminderSentSchema,
      evolve: (state, sent) => ({ ...state, reminders: withReminder(state.reminders, { sent }) }),
    },
    ReminderFailed: {
      schema: reminderFailedSchema,
      evolve: (state, failed) => ({
        ...state,
        reminders: withReminder(state.reminders, { failed }),
      }),
    },
    ReminderDelivered: {
      schema: reminderDeliveredSchema,
      evolve: (state, receipt) => ({
        ...state,
        reminders: withReceipt(state.reminders, receipt, 'delivered', receipt.delivered_at),
      }),
    },
    ReminderRead: {
      schema: reminderReadSchema,
      evolve: (state, receipt) => ({
        ...state,
        reminders: withReceipt(state.reminders, receipt, 'read', receipt.read_at),
      }),
    },
    AppointmentConfirmed: {
      schema: appointmentConfirmedSchema,
      evolve: (state, { via, confirmed_at }) => ({
        ...state,
        patient_response: { kind: 'confirmed', via, at: confirmed_at, note: null },
      }),
    },
    AppointmentCancellationRequested: {
      schema: appointmentCancellationRequestedSchema,
      evolve: (state, { via, reason, requested_at }) => ({
        ...state,
        patient_response: { kind: 'cancellation_requested', via, at: requested_at, note: reason },
      }),
    },
    AppointmentMoveRequested: {
      schema: appointmentMoveRequestedSchema,
      evolve: (state, { via, preference, requested_at }) => ({
        ...state,
        patient_response: { kind: 'move_requested', via, at: requested_at, note: preference },
      }),
    },
  },
  commands: {
    ScheduleAppointment: {
      payload: scheduleAppointmentPayload,
      label: 'Appointment',
      creates: true,
      issuedBy: frontDesk,
      requires: mustNotExist(refusal('appointment.alreadyScheduled')),
      decide: ({ overrides, ...appointment }) => [
        {
          type: 'AppointmentScheduled',
          data: { ...appointment, ...(overrides?.length ? { overrides } : {}) },
        },
      ],
    },
    RescheduleAppointment: {
      payload: rescheduleAppointmentPayload,
      label: 'Reschedule',
      issuedBy: frontDesk,
      requires: requireScheduled,
      decide(wanted, state) {
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
            data: {
              ...slot,
              overbooking_intended: wanted.overbooking_intended,
              ...(wanted.overrides?.length ? { overrides: wanted.overrides } : {}),
            },
          },
        ];
      },
    },
    CancelAppointment: {
      payload: cancelAppointmentPayload,
      label: 'Cancellation',
      issuedBy: frontDesk,
      requires: requireScheduled,
      decide: ({ reason }, _state, context) => [
        { type: 'AppointmentCancelled', data: { reason, cancelled_at: context.issued_at } },
      ],
    },
    /** A no-show is only known once the appointment's time has come, by the issuing clock. */
    MarkAppointmentNoShow: {
      payload: markAppointmentNoShowPayload,
      label: 'No-show',
      issuedBy: ['admin', 'receptionist'],
      requires: requireScheduled,
      decide(_payload, state, context) {
        if (instant(context.issued_at) < instant(state.starts_at!)) {
          throw new DomainError('illegal_state', refusal('appointment.notStarted'));
        }
        return [{ type: 'AppointmentNoShow', data: { marked_at: context.issued_at } }];
      },
    },
    MarkAppointmentCheckedIn: {
      payload: markAppointmentCheckedInPayload,
      label: 'Check-in',
      issuedBy: everyone,
      readsClinicZone: true,
      requires: requireAppointment,
      decide({ visit_id, early_reason }, state, context) {
        // The same check-in arriving twice (a retry decided again) changes nothing.
        if (state.status === 'checked_in' && state.visit_id === visit_id) return [];
        requireScheduled(state);
        const early = checkInBeforeTheDay(state, context);
        if (early && !early_reason) throw early;
        return [
          {
            type: 'AppointmentCheckedIn',
            data: {
              visit_id,
              checked_in_at: context.issued_at,
              ...(early ? { early_reason: early_reason! } : {}),
            },
          },
        ];
      },
    },
    // Follows CompleteVisit, which doctors issue.
    MarkAppointmentCompleted: {
      payload: markAppointmentCompletedPayload,
      label: 'Completion',
      issuedBy: ['admin', 'doctor'],
      requires: requireAppointment,
      decide({ visit_id }, state, context) {
        if (state.status === 'completed' && state.visit_id === visit_id) return [];
        if (state.status !== 'checked_in') {
          throw new DomainError(
            'illegal_state',
            state.status === 'scheduled'
              ? refusal('appointment.notCheckedIn')
              : refusal(closedReasons[state.status!]),
          );
        }
        if (state.visit_id !== visit_id) {
          throw new DomainError('illegal_state', refusal('appointment.checkedInForOtherVisit'));
        }
        return [
          { type: 'AppointmentCompleted', data: { visit_id, completed_at: context.issued_at } },
        ];
      },
    },
    // The patient's answers. The front desk notes one given by phone or in person; the
    // server issues them for the patient portal and for replies to reminders.
    ConfirmAppointment: {
      payload: confirmAppointmentPayload,
      label: 'Confirmation',
      issuedBy: frontDesk,
      requires: (state, context) => requireAnswerable(state, context.issued_at),
      decide({ via }, state, context) {
        requireRouteOfIssuer(via, context.actor);
        if (alreadySaid(state, 'confirmed')) return [];
        return [{ type: 'AppointmentConfirmed', data: { via, confirmed_at: context.issued_at } }];
      },
    },
    RequestAppointmentCancellation: {
      payload: requestAppointmentCancellationPayload,
      label: 'Cancellation request',
      issuedBy: [],
      requires: (state, context) => requireAnswerable(state, context.issued_at),
      decide: ({ via, reason }, state, context) =>
        alreadySaid(state, 'cancellation_requested')
          ? []
          : [
              {
                type: 'AppointmentCancellationRequested',
                data: { via, reason, requested_at: context.issued_at },
              },
            ],
    },
    RequestAppointmentMove: {
      payload: requestAppointmentMovePayload,
      label: 'Request to move',
      issuedBy: [],
      requires: (state, context) => requireAnswerable(state, context.issued_at),
      decide: ({ via, preference }, state, context) =>
        alreadySaid(state, 'move_requested') && state.patient_response?.note === preference
          ? []
          : [
              {
                type: 'AppointmentMoveRequested',
                data: { via, preference, requested_at: context.issued_at },
              },
            ],
    },
    // The server records what became of a reminder, whatever the appointment's status
    // now: a reminder sent before a cancellation was still sent.
    RecordReminderSent: {
      payload: reminderSentSchema,
      label: 'Reminder sent',
      issuedBy: [],
      requires: requireAppointment,
      decide: (sent) => [{ type: 'ReminderSent', data: sent }],
    },
    RecordReminderFailed: {
      payload: reminderFailedSchema,
      label: 'Reminder failed',
      issuedBy: [],
      requires: requireAppointment,
      decide: (failed) => [{ type: 'ReminderFailed', data: failed }],
    },
    RecordReminderDelivered: {
      payload: reminderDeliveredSchema,
      label: 'Reminder delivered',
      issuedBy: [],
      requires: requireAppointment,
      decide: (receipt) => [{ type: 'ReminderDelivered', data: receipt }],
    },
    RecordReminderRead: {
      payload: reminderReadSchema,
      label: 'Reminder read',
      issuedBy: [],
      requires: requireAppointment,
      decide: (receipt) => [{ type: 'ReminderRead', data: receipt }],
    },
  },
});

export type AppointmentEvent = EventsOf<typeof appointmentAggregate>;
export type AppointmentCommand = CommandsOf<typeof appointmentAggregate>;
