import { describe, expect, it } from 'vitest';
import { adminAsha, given, janeDoctor, nurseAmara, receptionistRavi } from '../../../test/given';
import type { AppointmentEvent } from './aggregate';
import { appointmentStatuses } from './events';
import {
  appointmentsOverlap,
  findOverlaps,
  holdsDoctorsTime,
  type AppointmentSlot,
} from './overlap';

const wanjiruId = '0190a0b0-0000-7000-8000-000000000101';
const drOkelloId = '0190a0b0-0000-7000-8000-000000000102';
const drMwangiId = '0190a0b0-0000-7000-8000-000000000103';
const mainRoomId = '0190a0b0-0000-7000-8000-000000000104';
const visitId = '0190a0b0-0000-7000-8000-000000000105';
const otherVisitId = '0190a0b0-0000-7000-8000-000000000106';

const wanjiruBooked: AppointmentEvent = {
  type: 'AppointmentScheduled',
  data: {
    patient_id: wanjiruId,
    doctor_id: drOkelloId,
    location_id: mainRoomId,
    starts_at: '2026-11-25T10:00:00.000Z',
    duration_minutes: 20,
    visit_type: 'follow_up',
    reason: 'Asthma review',
    overbooking_intended: false,
  },
};
const cancelled: AppointmentEvent = {
  type: 'AppointmentCancelled',
  data: { reason: 'Patient travelling', cancelled_at: '2026-11-24T09:30:00.000Z' },
};
const noShow: AppointmentEvent = {
  type: 'AppointmentNoShow',
  data: { marked_at: '2026-11-25T11:00:00.000Z' },
};
const checkedIn: AppointmentEvent = {
  type: 'AppointmentCheckedIn',
  data: { visit_id: visitId, checked_in_at: '2026-11-25T09:55:00.000Z' },
};
const completed: AppointmentEvent = {
  type: 'AppointmentCompleted',
  data: { visit_id: visitId, completed_at: '2026-11-25T10:30:00.000Z' },
};

describe('scheduling', () => {
  it('records what the person booking confirmed was unusual, and nothing when none was', () => {
    const { overbooking_intended: _kept, ...slot } = wanjiruBooked.data;
    given('appointment')
      .when(
        'ScheduleAppointment',
        { ...slot, overrides: ['in_the_past', 'outside_opening_hours'] },
        { actor: receptionistRavi },
      )
      .then([
        {
          type: 'AppointmentScheduled',
          data: { ...wanjiruBooked.data, overrides: ['in_the_past', 'outside_opening_hours'] },
        },
      ]);
    given('appointment')
      .when('ScheduleAppointment', { ...slot, overrides: [] }, { actor: receptionistRavi })
      .then([wanjiruBooked]);
    given('appointment')
      .when(
        'ScheduleAppointment',
        { ...slot, overrides: ['after_dark'] },
        { actor: receptionistRavi },
      )
      .thenThrows('validation');
    given('appointment', [wanjiruBooked])
      .when(
        'RescheduleAppointment',
        { starts_at: '2026-11-29T10:00:00.000Z', duration_minutes: 20, overrides: ['closed_day'] },
        { actor: receptionistRavi },
      )
      .then([
        {
          type: 'AppointmentRescheduled',
          data: {
            starts_at: '2026-11-29T10:00:00.000Z',
            duration_minutes: 20,
            doctor_id: drOkelloId,
            location_id: mainRoomId,
            overbooking_intended: false,
            overrides: ['closed_day'],
          },
        },
      ]);
  });

  it('schedules with no location and no overbooking unless said', () => {
    given('appointment')
      .when(
        'ScheduleAppointment',
        {
          patient_id: wanjiruId,
          doctor_id: drOkelloId,
          location_id: mainRoomId,
          starts_at: '2026-11-25T10:00:00.000Z',
          duration_minutes: 20,
          visit_type: 'follow_up',
          reason: ' Asthma review ',
        },
        { actor: receptionistRavi },
      )
      .then([wanjiruBooked]);
    const [event] = given('appointment')
      .when(
        'ScheduleAppointment',
        {
          patient_id: wanjiruId,
          doctor_id: drOkelloId,
          starts_at: '2026-11-25T10:00:00+03:00',
          duration_minutes: 15,
          visit_type: 'vaccination',
          reason: 'Tetanus booster',
          overbooking_intended: true,
        },
        { actor: adminAsha },
      )
      .events();
    expect(event?.data).toMatchObject({ location_id: null, overbooking_intended: true });
  });

  it('refuses bad durations, visit types and times, naming the field', () => {
    const base = wanjiruBooked.data;
    const error = given('appointment')
      .when('ScheduleAppointment', { ...base, duration_minutes: 600 })
      .thenThrows('validation', /between 5 and 480 minutes/);
    expect(error.details).toMatchObject({
      issues: [{ path: 'duration_minutes', message: 'Duration must be between 5 and 480 minutes' }],
    });
    given('appointment')
      .when('ScheduleAppointment', { ...base, duration_minutes: 4 })
      .thenThrows('validation', /Duration/);
    given('appointment')
      .when('ScheduleAppointment', { ...base, visit_type: 'house_call' })
      .thenThrows('validation', /consultation/);
    given('appointment')
      .when('ScheduleAppointment', { ...base, starts_at: 'tomorrow at ten' })
      .thenThrows('validation', /starts_at/);
    given('appointment')
      .when('ScheduleAppointment', { ...base, reason: ' ' })
      .thenThrows('validation', /Reason is required/);
  });

  it('refuses to schedule the same appointment twice, and nurses may not schedule', () => {
    given('appointment', [wanjiruBooked])
      .when('ScheduleAppointment', wanjiruBooked.data)
      .thenThrows('illegal_state');
    given('appointment')
      .when('ScheduleAppointment', wanjiruBooked.data, { actor: nurseAmara })
      .thenThrows('forbidden');
  });
});

describe('rescheduling', () => {
  it('moves the slot, keeping doctor and location when not given', () => {
    given('appointment', [wanjiruBooked])
      .when(
        'RescheduleAppointment',
        { starts_at: '2026-11-26T14:00:00.000Z', duration_minutes: 30 },
        { actor: receptionistRavi },
      )
      .then([
        {
          type: 'AppointmentRescheduled',
          data: {
            starts_at: '2026-11-26T14:00:00.000Z',
            duration_minutes: 30,
            doctor_id: drOkelloId,
            location_id: mainRoomId,
            overbooking_intended: false,
          },
        },
      ]);
  });

  it('changes doctor, clears the location, and records nothing when nothing changes', () => {
    given('appointment', [wanjiruBooked])
      .when('RescheduleAppointment', {
        starts_at: '2026-11-25T10:00:00.000Z',
        duration_minutes: 20,
        doctor_id: drMwangiId,
        location_id: null,
      })
      .then([
        {
          type: 'AppointmentRescheduled',
          data: {
            starts_at: '2026-11-25T10:00:00.000Z',
            duration_minutes: 20,
            doctor_id: drMwangiId,
            location_id: null,
            overbooking_intended: false,
          },
        },
      ]);
    given('appointment', [wanjiruBooked])
      .when('RescheduleAppointment', {
        starts_at: '2026-11-25T13:00:00+03:00',
        duration_minutes: 20,
      })
      .then([]);
  });

  it('refuses to move unknown, cancelled, missed, attended or completed appointments', () => {
    const slot = { starts_at: '2026-11-26T14:00:00.000Z', duration_minutes: 30 };
    given('appointment').when('RescheduleAppointment', slot).thenThrows('not_found');
    given('appointment', [wanjiruBooked, cancelled])
      .when('RescheduleAppointment', slot)
      .thenThrows('illegal_state', /cancelled/);
    given('appointment', [wanjiruBooked, noShow])
      .when('RescheduleAppointment', slot)
      .thenThrows('illegal_state', /no-show/);
    given('appointment', [wanjiruBooked, checkedIn])
      .when('RescheduleAppointment', slot)
      .thenThrows('illegal_state', /checked in/);
    given('appointment', [wanjiruBooked, checkedIn, completed])
      .when('RescheduleAppointment', slot)
      .thenThrows('illegal_state', /completed/);
  });
});

describe('cancelling', () => {
  it('cancels with a reason, at the time the command was issued', () => {
    given('appointment', [wanjiruBooked])
      .when('CancelAppointment', { reason: 'Patient travelling' }, { actor: receptionistRavi })
      .then([cancelled]);
    given('appointment', [wanjiruBooked])
      .when('CancelAppointment', { reason: '' })
      .thenThrows('validation', /Reason is required/);
  });

  it('refuses to cancel a cancelled, missed or completed appointment', () => {
    given('appointment', [wanjiruBooked, cancelled])
      .when('CancelAppointment', { reason: 'Again' })
      .thenThrows('illegal_state', /The appointment is cancelled/);
    given('appointment', [wanjiruBooked, noShow])
      .when('CancelAppointment', { reason: 'Late' })
      .thenThrows('illegal_state', /no-show/);
    given('appointment', [wanjiruBooked, checkedIn, completed])
      .when('CancelAppointment', { reason: 'Oops' })
      .thenThrows('illegal_state', /completed/);
  });
});

describe('no-show', () => {
  it('is marked only once the appointment has started', () => {
    given('appointment', [wanjiruBooked])
      .when(
        'MarkAppointmentNoShow',
        {},
        { actor: receptionistRavi, issued_at: '2026-11-25T11:00:00.000Z' },
      )
      .then([noShow]);
    given('appointment', [wanjiruBooked])
      .when(
        'MarkAppointmentNoShow',
        {},
        { actor: receptionistRavi, issued_at: '2026-11-25T12:59:00+03:00' },
      )
      .thenThrows('illegal_state', /not started yet/);
  });

  it('refuses a cancelled appointment and doctors', () => {
    given('appointment', [wanjiruBooked, cancelled])
      .when(
        'MarkAppointmentNoShow',
        {},
        { actor: adminAsha, issued_at: '2026-11-25T11:00:00.000Z' },
      )
      .thenThrows('illegal_state', /cancelled/);
    given('appointment', [wanjiruBooked])
      .when(
        'MarkAppointmentNoShow',
        {},
        { actor: janeDoctor, issued_at: '2026-11-25T11:00:00.000Z' },
      )
      .thenThrows('forbidden');
  });
});

describe('check-in and completion follow the visit', () => {
  it('checks in once for a visit; the same check-in again changes nothing', () => {
    given('appointment', [wanjiruBooked])
      .when(
        'MarkAppointmentCheckedIn',
        { visit_id: visitId },
        { actor: nurseAmara, issued_at: '2026-11-25T09:55:00.000Z' },
      )
      .then([checkedIn]);
    given('appointment', [wanjiruBooked, checkedIn])
      .when('MarkAppointmentCheckedIn', { visit_id: visitId })
      .then([]);
    given('appointment', [wanjiruBooked, checkedIn])
      .when('MarkAppointmentCheckedIn', { visit_id: otherVisitId })
      .thenThrows('illegal_state', /already checked in/);
    given('appointment', [wanjiruBooked, cancelled])
      .when('MarkAppointmentCheckedIn', { visit_id: visitId })
      .thenThrows('illegal_state', /cancelled/);
  });

  it('completes a checked-in appointment for the same visit only', () => {
    given('appointment', [wanjiruBooked, checkedIn])
      .when(
        'MarkAppointmentCompleted',
        { visit_id: visitId },
        { issued_at: '2026-11-25T10:30:00.000Z' },
      )
      .then([completed]);
    given('appointment', [wanjiruBooked, checkedIn, completed])
      .when('MarkAppointmentCompleted', { visit_id: visitId })
      .then([]);
    given('appointment', [wanjiruBooked, checkedIn])
      .when('MarkAppointmentCompleted', { visit_id: otherVisitId })
      .thenThrows('illegal_state', /another visit/);
    given('appointment', [wanjiruBooked])
      .when('MarkAppointmentCompleted', { visit_id: visitId })
      .thenThrows('illegal_state', /not been checked in/);
    given('appointment', [wanjiruBooked, noShow])
      .when('MarkAppointmentCompleted', { visit_id: visitId })
      .thenThrows('illegal_state', /no-show/);
  });
});

describe('double-booking check', () => {
  const at = (id: string, starts_at: string, extra: Partial<AppointmentSlot> = {}) => ({
    appointment_id: `0190a0b0-0000-7000-8000-0000000002${id}`,
    doctor_id: drOkelloId,
    starts_at,
    duration_minutes: 30,
    ...extra,
  });
  const nineOClock = at('01', '2026-11-25T09:00:00.000Z', { status: 'scheduled' });

  it('sees intersecting times of the same doctor, whatever the offset', () => {
    expect(appointmentsOverlap(nineOClock, at('02', '2026-11-25T09:15:00.000Z'))).toBe(true);
    expect(appointmentsOverlap(nineOClock, at('02', '2026-11-25T12:20:00+03:00'))).toBe(true);
    expect(
      appointmentsOverlap(
        nineOClock,
        at('02', '2026-11-25T08:00:00.000Z', { duration_minutes: 90 }),
      ),
    ).toBe(true);
  });

  it('lets one appointment start when the previous one ends', () => {
    expect(appointmentsOverlap(nineOClock, at('02', '2026-11-25T09:30:00.000Z'))).toBe(false);
    expect(appointmentsOverlap(nineOClock, at('02', '2026-11-25T08:30:00.000Z'))).toBe(false);
  });

  it('ignores other doctors, itself, and cancelled or missed appointments', () => {
    const overlapping = '2026-11-25T09:10:00.000Z';
    expect(appointmentsOverlap(nineOClock, at('02', overlapping, { doctor_id: drMwangiId }))).toBe(
      false,
    );
    expect(appointmentsOverlap(nineOClock, { ...nineOClock, duration_minutes: 60 })).toBe(false);
    expect(appointmentsOverlap(nineOClock, at('02', overlapping, { status: 'cancelled' }))).toBe(
      false,
    );
    expect(appointmentsOverlap(nineOClock, at('02', overlapping, { status: 'no_show' }))).toBe(
      false,
    );
    expect(appointmentsOverlap(nineOClock, at('02', overlapping, { status: 'checked_in' }))).toBe(
      true,
    );
    expect(appointmentsOverlap(nineOClock, at('02', overlapping, { status: 'completed' }))).toBe(
      true,
    );
  });

  it("holds the doctor's time while booked, in the room or seen, and gives it back otherwise", () => {
    const holding = appointmentStatuses.filter((status) => holdsDoctorsTime(status));
    expect(holding).toEqual(['scheduled', 'checked_in', 'completed']);
    expect(holdsDoctorsTime(undefined)).toBe(true);
    expect(holdsDoctorsTime(null)).toBe(true);
  });

  it('finds every appointment a candidate would double-book, earliest first', () => {
    const diary = [
      at('03', '2026-11-25T09:40:00.000Z'),
      nineOClock,
      at('04', '2026-11-25T09:20:00.000Z', { status: 'cancelled' }),
      at('05', '2026-11-25T11:00:00.000Z'),
      at('06', '2026-11-25T09:30:00.000Z', { doctor_id: drMwangiId }),
    ];
    const candidate = at('07', '2026-11-25T09:20:00.000Z', { duration_minutes: 30 });
    expect(findOverlaps(candidate, diary).map((slot) => slot.appointment_id)).toEqual([
      nineOClock.appointment_id,
      diary[0]!.appointment_id,
    ]);
    expect(findOverlaps({ ...nineOClock }, [nineOClock])).toEqual([]);
  });
});
