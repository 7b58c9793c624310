import { consentTypes } from '@mymedic/shared';
import i18next from 'i18next';
import { afterAll, describe, expect, it } from 'vitest';
import english from '../../i18n/locales/en/portal.json';
import swahili from '../../i18n/locales/sw/portal.json';
import englishErrors from '../../i18n/locales/en/errors.json';
import swahiliErrors from '../../i18n/locales/sw/errors.json';
import { PortalError, type Appointment } from './api';
import { portalFormats } from './clock';
import {
  actionsFor,
  challengeIsClosed,
  codeProblem,
  consentKinds,
  consentWords,
  contactProblem,
  lastUpdatedWords,
  nextAppointment,
  problemWords,
  responseWords,
  signInRefusal,
  sizeWords,
  statusWords,
  visitTypeWords,
  waitOf,
  type PortalT,
} from './words';

/** The words as the screens get them, from the translation files; a key English lacks fails. */
const missing: string[] = [];
const strings = i18next.createInstance();
await strings.init({
  lng: 'en',
  fallbackLng: 'en',
  ns: ['portal'],
  defaultNS: 'portal',
  resources: { en: { portal: english }, sw: { portal: swahili } },
  interpolation: { escapeValue: false },
  saveMissing: true,
  // A word asked for with a stand-in of its own (a visit type with no words) is not missing.
  missingKeyHandler: (_languages, _namespace, key, standIn) => {
    if (standIn === key) missing.push(key);
  },
});
const t: PortalT = strings.getFixedT('en', 'portal');
const inSwahili: PortalT = strings.getFixedT('sw', 'portal');
const nairobi = portalFormats('en', { timezone: 'Africa/Nairobi', country: 'KE' });

afterAll(() => {
  expect(missing, 'keys the words ask for that English lacks').toEqual([]);
});

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
    expect(contactProblem('', t)).toMatch(/Type the phone number or email/);
    expect(contactProblem('jane@example', t)).toMatch(/email address looks incomplete/);
    expect(contactProblem('123', t)).toMatch(/Type a phone number/);
    expect(contactProblem('call me', t)).toMatch(/Type a phone number/);
    expect(contactProblem(' jane@example.com ', t)).toBeNull();
    expect(contactProblem('+254 712 345 678', t)).toBeNull();
    expect(contactProblem('(0712) 345-678', t)).toBeNull();
  });

  it('checks a code: six digits, spaces allowed', () => {
    expect(codeProblem('', t)).toMatch(/Type the 6-digit code/);
    expect(codeProblem('12345', t)).toBe('The code is 6 digits');
    expect(codeProblem('12a456', t)).toBe('The code is 6 digits');
    expect(codeProblem('123 456', t)).toBeNull();
  });

  it('says a wrong code with the tries left, a dead challenge, and a wait', () => {
    const wrong = new PortalError(401, 'invalid_code', 'Wrong code', { tries_left: 3 });
    expect(signInRefusal(wrong, t)).toBe('That code is not right. You have 3 tries left.');
    expect(challengeIsClosed(wrong)).toBe(false);
    const last = new PortalError(401, 'invalid_code', 'Wrong code', { tries_left: 1 });
    expect(signInRefusal(last, t)).toBe('That code is not right. You have 1 try left.');
    const none = new PortalError(401, 'invalid_code', 'Wrong code', { tries_left: 0 });
    expect(signInRefusal(none, t)).toMatch(/no tries are left. Ask for a new code/);
    expect(challengeIsClosed(none)).toBe(true);
    const closed = new PortalError(401, 'challenge_closed', 'Closed');
    expect(signInRefusal(closed, t)).toMatch(/cannot be used any more.*Ask for a new code/);
    expect(challengeIsClosed(closed)).toBe(true);
    const limited = new PortalError(429, 'rate_limited', 'Slow down', { retry_after_seconds: 95 });
    expect(signInRefusal(limited, t)).toBe('Too many tries. Please wait 2 minutes and try again.');
    expect(signInRefusal(new PortalError(429, 'rate_limited', 'Slow down'), t)).toMatch(
      /wait a little/,
    );
    expect(signInRefusal(new PortalError(0, 'unreachable', 'x'), t)).toMatch(/No connection/);
    // In Swahili, with Swahili's plural.
    expect(signInRefusal(wrong, inSwahili)).toBe('Namba hiyo si sahihi. Umebakiwa na majaribio 3.');
  });

  it('says a wait as a person would', () => {
    expect(waitOf(1)).toEqual({ unit: 'seconds', count: 1 });
    expect(waitOf(42.2)).toEqual({ unit: 'seconds', count: 43 });
    expect(waitOf(60)).toEqual({ unit: 'minutes', count: 1 });
    expect(waitOf(61)).toEqual({ unit: 'minutes', count: 2 });
    const once = new PortalError(429, 'rate_limited', 'x', { retry_after_seconds: 1 });
    expect(signInRefusal(once, t)).toBe('Too many tries. Please wait 1 second and try again.');
  });

  it("says the portal's own problems in the patient's language, the clinic's refusals as sent", () => {
    expect(problemWords(new PortalError(0, 'unreachable', 'x'), inSwahili)).toBe(
      'Hakuna muunganisho na kliniki',
    );
    expect(problemWords(new PortalError(502, 'unexpected_answer', 'x'), t)).toBe(
      "The clinic's server answered 502",
    );
    expect(problemWords(new PortalError(200, 'not_understood', 'x'), t)).toMatch(
      /does not understand/,
    );
    // A refusal with no key (an older server's) reads as the server words it.
    const refused = new PortalError(409, 'conflict', 'The appointment is no longer booked');
    expect(problemWords(refused, inSwahili)).toBe('The appointment is no longer booked');
  });

  it("says the clinic's refusals by their key in the patient's language", async () => {
    // Refusals are said by the app's own instance, which holds the `errors` namespace.
    await i18next.init({
      lng: 'sw',
      fallbackLng: 'en',
      ns: ['errors'],
      resources: { en: { errors: englishErrors }, sw: { errors: swahiliErrors } },
      interpolation: { escapeValue: false },
    });
    const said = (key: string, message: string, values?: Record<string, number>) =>
      problemWords(new PortalError(409, 'refused', message, {}, key, values), inSwahili);
    expect(said('appointment.noLongerBooked', 'The appointment is no longer booked')).toBe(
      swahiliErrors.appointment.noLongerBooked,
    );
    expect(said('portal.typeCode', 'Type the 6-digit code', { digits: 6 })).toBe(
      'Andika namba ya uthibitisho yenye tarakimu 6',
    );
    expect(said('portal.someNewRefusal', 'A newer server’s refusal')).toBe(
      'A newer server’s refusal',
    );
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
    expect(responseWords(null, t, nairobi)).toBeNull();
    // When they answered, on the clinic's clock (10:00 UTC is 13:00 in Nairobi).
    expect(
      responseWords(
        { kind: 'confirmed', via: 'portal', at: now.toISOString(), note: null },
        t,
        nairobi,
      ),
    ).toBe('You confirmed you will come (1 Dec, 13:00).');
    expect(
      responseWords(
        { kind: 'move_requested', via: 'portal', at: now.toISOString(), note: 'Mornings' },
        t,
        nairobi,
      ),
    ).toMatch(/^You asked to move it: “Mornings”.*new time/);
  });

  it('names kinds and states of appointments, and keeps one it has no words for', () => {
    expect(visitTypeWords('follow_up', t)).toBe('Follow-up');
    expect(visitTypeWords('follow_up', inSwahili)).toBe('Ufuatiliaji');
    expect(statusWords('scheduled', t)).toBe('Booked');
    expect(statusWords('on_hold', t)).toBe('on_hold');
  });
});

describe('the other words', () => {
  it('says how fresh a kept answer is', () => {
    expect(lastUpdatedWords('2026-12-01T09:59:30Z', t, nairobi, now)).toMatch(
      /^Last updated just now \(/,
    );
    expect(lastUpdatedWords('2026-12-01T09:55:00Z', t, nairobi, now)).toBe(
      'Last updated 5 minutes ago (1 Dec, 12:55)',
    );
    expect(lastUpdatedWords('2026-11-29T10:00:00Z', t, nairobi, now)).toMatch(
      /^Last updated 2 days ago/,
    );
    const swahiliInKenya = portalFormats('sw', { timezone: 'Africa/Nairobi', country: 'KE' });
    expect(lastUpdatedWords('2026-12-01T09:55:00Z', inSwahili, swahiliInKenya, now)).toBe(
      'Imesasishwa dakika 5 zilizopita (1 Des, 12:55)',
    );
  });

  it('has words for every kind of consent the clinic records, and no other', () => {
    expect([...consentKinds].sort()).toEqual([...consentTypes].sort());
    expect(consentWords('data_sharing', t).title).toBe('Sharing my records');
    expect(consentWords('newly_added', t)).toEqual({ title: 'newly added', about: '' });
  });

  it('says file sizes as a person reads them, in their language', () => {
    expect(sizeWords(900, t, nairobi)).toBe('900 bytes');
    expect(sizeWords(830 * 1024, t, nairobi)).toBe('830 KB');
    expect(sizeWords(1.25 * 1024 * 1024, t, nairobi)).toBe('1.3 MB');
    const french = portalFormats('fr', { timezone: 'Africa/Nairobi', country: null });
    expect(sizeWords(1.25 * 1024 * 1024, t, french)).toBe('1,3 MB');
  });
});
