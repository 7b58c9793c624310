import { consentTypes } from '@mymedic/shared';
import { describe, expect, it } from 'vitest';
import { PortalError, type Appointment } from './api';
import {
  actionsFor,
  challengeIsClosed,
  codeProblem,
  consentWords,
  contactProblem,
  lastUpdatedWords,
  nextAppointment,
  responseWords,
  signInRefusal,
  sizeWords,
  waitWords,
} from './words';

const now = new Date('2026-12-01T10:00:00Z');

function appointment(overrides: Partial<Appointment> = {}): Appointment {
  return {
    appointment_id: 'a1',
    starts_at: '2026-12-03T09:00:00Z',
    duration_minutes: 20,
    status: 'scheduled',
    visit_type: 'consultation',
    doctor_name: 'Dr Achieng',
    location_name: null,
    patient_response: null,
    version: 1,
    ...overrides,
  };
}

describe('the sign-in words', () => {
  it('checks a contact before sending it: an email address or a phone number', () => {
    expect(contactProblem('')).toMatch(/Type the phone number or email/);
    expect(contactProblem('jane@example')).toMatch(/email address looks incomplete/);
    expect(contactProblem('123')).toMatch(/Type a phone number/);
    expect(contactProblem('call me')).toMatch(/Type a phone number/);
    expect(contactProblem(' jane@example.com ')).toBeNull();
    expect(contactProblem('+254 712 345 678')).toBeNull();
    expect(contactProblem('(0712) 345-678')).toBeNull();
  });

  it('checks a code: six digits, spaces allowed', () => {
    expect(codeProblem('')).toMatch(/Type the 6-digit code/);
    expect(codeProblem('12345')).toBe('The code is 6 digits');
    expect(codeProblem('12a456')).toBe('The code is 6 digits');
    expect(codeProblem('123 456')).toBeNull();
  });

  it('says a wrong code with the tries left, a dead challenge, and a wait', () => {
    const wrong = new PortalError(401, 'invalid_code', 'Wrong code', { tries_left: 3 });
    expect(signInRefusal(wrong)).toBe('That code is not right. You have 3 tries left.');
    expect(challengeIsClosed(wrong)).toBe(false);
    const last = new PortalError(401, 'invalid_code', 'Wrong code', { tries_left: 1 });
    expect(signInRefusal(last)).toBe('That code is not right. You have 1 try left.');
    const none = new PortalError(401, 'invalid_code', 'Wrong code', { tries_left: 0 });
    expect(signInRefusal(none)).toMatch(/no tries are left. Ask for a new code/);
    expect(challengeIsClosed(none)).toBe(true);
    const closed = new PortalError(401, 'challenge_closed', 'Closed');
    expect(signInRefusal(closed)).toMatch(/cannot be used any more.*Ask for a new code/);
    expect(challengeIsClosed(closed)).toBe(true);
    const limited = new PortalError(429, 'rate_limited', 'Slow down', { retry_after_seconds: 95 });
    expect(signInRefusal(limited)).toBe('Too many tries. Please wait 2 minutes and try again.');
    expect(signInRefusal(new PortalError(429, 'rate_limited', 'Slow down'))).toMatch(
      /wait a little/,
    );
    expect(signInRefusal(new PortalError(0, 'unreachable', 'x'))).toMatch(/No connection/);
  });

  it('says a wait as a person would', () => {
    expect(waitWords(1)).toBe('1 second');
    expect(waitWords(42.2)).toBe('43 seconds');
    expect(waitWords(60)).toBe('1 minute');
    expect(waitWords(61)).toBe('2 minutes');
  });
});

describe('the answers to an appointment', () => {
  it('offers confirm, cancel and move for a booked appointment to come', () => {
    expect(actionsFor(appointment(), now)).toEqual(['confirm', 'cancel', 'move']);
  });

  it('leaves out what the patient already said', () => {
    const confirmed = appointment({
      patient_response: { kind: 'confirmed', via: 'portal', at: now.toISOString(), note: null },
    });
    expect(actionsFor(confirmed, now)).toEqual(['cancel', 'move']);
    const moving = appointment({
      patient_response: { kind: 'move_requested', via: 'sms', at: now.toISOString(), note: null },
    });
    expect(actionsFor(moving, now)).toEqual(['confirm', 'cancel']);
  });

  it('offers nothing once the appointment is no longer booked or has begun', () => {
    expect(actionsFor(appointment({ status: 'cancelled' }), now)).toEqual([]);
    expect(actionsFor(appointment({ status: 'checked_in' }), now)).toEqual([]);
    expect(actionsFor(appointment({ starts_at: '2026-12-01T09:59:00Z' }), now)).toEqual([]);
  });

  it('takes the soonest booked appointment still to come as the next one', () => {
    const later = appointment({ appointment_id: 'later', starts_at: '2026-12-20T09:00:00Z' });
    const sooner = appointment({ appointment_id: 'sooner', starts_at: '2026-12-02T09:00:00Z' });
    const cancelled = appointment({
      appointment_id: 'cancelled',
      starts_at: '2026-12-01T12:00:00Z',
      status: 'cancelled',
    });
    const gone = appointment({ appointment_id: 'gone', starts_at: '2026-12-01T08:00:00Z' });
    expect(nextAppointment([later, cancelled, gone, sooner], now)?.appointment_id).toBe('sooner');
    expect(nextAppointment([cancelled, gone], now)).toBeNull();
  });

  it("says the patient's own answer in their words", () => {
    expect(responseWords(null)).toBeNull();
    expect(
      responseWords({ kind: 'confirmed', via: 'portal', at: now.toISOString(), note: null }),
    ).toMatch(/^You confirmed you will come/);
    expect(
      responseWords({
        kind: 'move_requested',
        via: 'portal',
        at: now.toISOString(),
        note: 'Mornings',
      }),
    ).toMatch(/^You asked to move it: “Mornings”.*new time/);
  });
});

describe('the other words', () => {
  it('says how fresh a kept answer is', () => {
    expect(lastUpdatedWords('2026-12-01T09:59:30Z', now)).toMatch(/^Last updated just now \(/);
    expect(lastUpdatedWords('2026-12-01T09:55:00Z', now)).toMatch(
      /^Last updated 5 minutes ago \(1 Dec, /,
    );
    expect(lastUpdatedWords('2026-11-29T10:00:00Z', now)).toMatch(/^Last updated 2 days ago/);
  });

  it('has words for every kind of consent the clinic records, and no other', () => {
    expect(Object.keys(consentWords).sort()).toEqual([...consentTypes].sort());
  });

  it('says file sizes as a person reads them', () => {
    expect(sizeWords(900)).toBe('900 bytes');
    expect(sizeWords(830 * 1024)).toBe('830 KB');
    expect(sizeWords(1.25 * 1024 * 1024)).toBe('1.3 MB');
  });
});
