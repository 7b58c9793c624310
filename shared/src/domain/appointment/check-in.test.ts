import { describe, it } from 'vitest';
import { given, receptionistRavi } from '../../../test/given';
import type { AppointmentEvent } from './aggregate';

const visitId = '0190a0b0-0000-7000-8000-000000000105';
// Thursday 3 December 2026, 08:30 in Nairobi (UTC+3).
const booked: AppointmentEvent = {
  type: 'AppointmentScheduled',
  data: {
    patient_id: '0190a0b0-0000-7000-8000-000000000101',
    doctor_id: '0190a0b0-0000-7000-8000-000000000102',
    location_id: null,
    starts_at: '2026-12-03T05:30:00.000Z',
    duration_minutes: 20,
    visit_type: 'consultation',
    reason: 'Blood pressure review',
    overbooking_intended: false,
  },
};
const nairobi = { actor: receptionistRavi, time_zone: 'Africa/Nairobi' };

describe('an appointment is checked in on its day', () => {
  it('checks in on the day by the clinic clock, with no reason', () => {
    // 22:00 UTC on the 2nd is already the 3rd in Nairobi.
    given('appointment', [booked])
      .when(
        'MarkAppointmentCheckedIn',
        { visit_id: visitId },
        {
          ...nairobi,
          issued_at: '2026-12-02T22:00:00.000Z',
        },
      )
      .then([
        {
          type: 'AppointmentCheckedIn',
          data: { visit_id: visitId, checked_in_at: '2026-12-02T22:00:00.000Z' },
        },
      ]);
  });

  it('refuses an earlier check-in without a reason, naming the day', () => {
    given('appointment', [booked])
      .when(
        'MarkAppointmentCheckedIn',
        { visit_id: visitId },
        {
          ...nairobi,
          issued_at: '2026-12-02T20:00:00.000Z',
        },
      )
      .thenThrows(
        'validation',
        /^The appointment is on Thursday 3 December: checking in before its day needs a reason$/,
      );
    given('appointment', [booked])
      .when(
        'MarkAppointmentCheckedIn',
        { visit_id: visitId, early_reason: '  ' },
        {
          ...nairobi,
          issued_at: '2026-12-01T08:00:00.000Z',
        },
      )
      .thenThrows('validation', /needs a reason/);
  });

  it('records the reason of an earlier check-in', () => {
    given('appointment', [booked])
      .when(
        'MarkAppointmentCheckedIn',
        { visit_id: visitId, early_reason: 'Came a day early in pain' },
        { ...nairobi, issued_at: '2026-12-02T08:00:00.000Z' },
      )
      .then([
        {
          type: 'AppointmentCheckedIn',
          data: {
            visit_id: visitId,
            checked_in_at: '2026-12-02T08:00:00.000Z',
            early_reason: 'Came a day early in pain',
          },
        },
      ]);
  });

  it('lets a patient late past midnight in, and keeps no reason given on the day', () => {
    given('appointment', [booked])
      .when(
        'MarkAppointmentCheckedIn',
        { visit_id: visitId, early_reason: 'Not needed' },
        { ...nairobi, issued_at: '2026-12-03T21:30:00.000Z' },
      )
      .then([
        {
          type: 'AppointmentCheckedIn',
          data: { visit_id: visitId, checked_in_at: '2026-12-03T21:30:00.000Z' },
        },
      ]);
  });
});
