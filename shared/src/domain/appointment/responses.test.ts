import { describe, expect, it } from 'vitest';
import { evolveState, getDecider } from '../registry';
import { given, nurseAmara, receptionistRavi } from '../../../test/given';
import type { AppointmentEvent } from './aggregate';
import type { AppointmentState } from './events';
import { describeResponse } from './responses';

const server = { user_id: '0190a0b0-0000-7000-8000-0000000000f0', roles: ['system' as const] };
const before = { issued_at: '2026-11-24T09:30:00.000Z' };
const booked: AppointmentEvent = {
  type: 'AppointmentScheduled',
  data: {
    patient_id: '0190a0b0-0000-7000-8000-000000000101',
    doctor_id: '0190a0b0-0000-7000-8000-000000000102',
    location_id: null,
    starts_at: '2026-11-25T10:00:00.000Z',
    duration_minutes: 20,
    visit_type: 'follow_up',
    reason: 'Asthma review',
    overbooking_intended: false,
  },
};
const confirmedByWhatsApp: AppointmentEvent = {
  type: 'AppointmentConfirmed',
  data: { via: 'whatsapp', confirmed_at: before.issued_at },
};

const fold = (events: AppointmentEvent[]): AppointmentState =>
  events.reduce<AppointmentState>(
    (state, event) => evolveState('appointment', state, event) as AppointmentState,
    getDecider('appointment').initialState as AppointmentState,
  );

describe("the patient's answers", () => {
  it('are recorded by the server for the portal and replies, once', () => {
    given('appointment', [booked])
      .when('ConfirmAppointment', { via: 'whatsapp' }, { ...before, actor: server })
      .then([confirmedByWhatsApp]);
    // A replayed reply, or a second tap, adds nothing.
    given('appointment', [booked, confirmedByWhatsApp])
      .when('ConfirmAppointment', { via: 'portal' }, { ...before, actor: server })
      .then([]);
    given('appointment', [booked])
      .when('RequestAppointmentCancellation', { via: 'portal' }, { ...before, actor: server })
      .then([
        {
          type: 'AppointmentCancellationRequested',
          data: { via: 'portal', reason: null, requested_at: before.issued_at },
        },
      ]);
  });

  it("a confirmation by phone is the front desk's to note; a request is the patient's own", () => {
    given('appointment', [booked])
      .when('ConfirmAppointment', { via: 'phone' }, { ...before, actor: receptionistRavi })
      .then([
        { type: 'AppointmentConfirmed', data: { via: 'phone', confirmed_at: before.issued_at } },
      ]);
    given('appointment', [booked])
      .when('ConfirmAppointment', { via: 'whatsapp' }, { ...before, actor: receptionistRavi })
      .thenThrows('validation', /phone or in person/);
    given('appointment', [booked])
      .when('ConfirmAppointment', { via: 'phone' }, { ...before, actor: nurseAmara })
      .thenThrows('forbidden');
    given('appointment', [booked])
      .when('RequestAppointmentMove', { via: 'phone' }, { ...before, actor: receptionistRavi })
      .thenThrows('forbidden');
  });

  it('are refused once the appointment is closed or has begun', () => {
    const cancelled: AppointmentEvent = {
      type: 'AppointmentCancelled',
      data: { reason: 'Clinic closed', cancelled_at: before.issued_at },
    };
    given('appointment', [booked, cancelled])
      .when('ConfirmAppointment', { via: 'portal' }, { ...before, actor: server })
      .thenThrows('illegal_state', /no longer booked/);
    given('appointment', [booked])
      .when(
        'ConfirmAppointment',
        { via: 'portal' },
        {
          issued_at: '2026-11-25T10:00:00.000Z',
          actor: server,
        },
      )
      .thenThrows('illegal_state', /already started/);
    given('appointment')
      .when('RequestAppointmentMove', { via: 'portal' }, { ...before, actor: server })
      .thenThrows('not_found');
  });

  it('keep the newest answer, and a move by the clinic clears it', () => {
    const moveAsked: AppointmentEvent = {
      type: 'AppointmentMoveRequested',
      data: { via: 'portal', preference: 'Any morning next week', requested_at: before.issued_at },
    };
    const asked = fold([booked, confirmedByWhatsApp, moveAsked]);
    expect(asked.patient_response).toEqual({
      kind: 'move_requested',
      via: 'portal',
      at: before.issued_at,
      note: 'Any morning next week',
    });
    expect(describeResponse(asked.patient_response!)).toBe(
      'Patient asks to move (the patient portal): Any morning next week',
    );
    const moved = fold([
      booked,
      moveAsked,
      {
        type: 'AppointmentRescheduled',
        data: {
          starts_at: '2026-11-30T09:00:00.000Z',
          duration_minutes: 20,
          doctor_id: booked.data.doctor_id,
          location_id: null,
          overbooking_intended: false,
        },
      },
    ]);
    expect(moved.patient_response).toBeNull();
  });

  it('a request to move with a new preference is recorded again', () => {
    const moveAsked: AppointmentEvent = {
      type: 'AppointmentMoveRequested',
      data: { via: 'portal', preference: 'Mornings', requested_at: before.issued_at },
    };
    given('appointment', [booked, moveAsked])
      .when(
        'RequestAppointmentMove',
        { via: 'portal', preference: 'Mornings' },
        {
          ...before,
          actor: server,
        },
      )
      .then([]);
    given('appointment', [booked, moveAsked])
      .when(
        'RequestAppointmentMove',
        { via: 'portal', preference: 'Friday afternoon' },
        {
          ...before,
          actor: server,
        },
      )
      .then([
        {
          type: 'AppointmentMoveRequested',
          data: { via: 'portal', preference: 'Friday afternoon', requested_at: before.issued_at },
        },
      ]);
  });
});
