import type { HospitalState, PatientState } from '@mymedic/shared';
import { describe, expect, it } from 'vitest';
import { afterQuietHours } from './clinic-time';
import { planReminders, type PlanInput } from './plan';

/** A text containing `part`, as an expectation inside an object. */
const containing = (part: string) => expect.stringContaining(part) as string;

const nairobi = 'Africa/Nairobi'; // UTC+3, no DST
const at = (text: string) => Date.parse(text);

describe('quiet hours in the clinic zone', () => {
  const quiet = { starts: '21:00', ends: '07:00' };
  it('leave a time outside them alone', () => {
    expect(afterQuietHours(at('2026-11-25T09:00:00Z'), quiet, nairobi)).toBe(
      at('2026-11-25T09:00:00Z'),
    );
  });
  it('move a time after midnight to their end that morning', () => {
    // 05:30 in Nairobi is 02:30 UTC; the quiet hours end at 07:00 there, 04:00 UTC.
    expect(afterQuietHours(at('2026-11-25T02:30:00Z'), quiet, nairobi)).toBe(
      at('2026-11-25T04:00:00Z'),
    );
  });
  it('move a time before midnight to their end the next morning', () => {
    // 22:00 in Nairobi on the 24th.
    expect(afterQuietHours(at('2026-11-24T19:00:00Z'), quiet, nairobi)).toBe(
      at('2026-11-25T04:00:00Z'),
    );
  });
  it('follow a daylight saving change', () => {
    // London moves to BST on 29 March 2026: 07:00 local is 06:00 UTC that day.
    expect(afterQuietHours(at('2026-03-29T03:00:00Z'), quiet, 'Europe/London')).toBe(
      at('2026-03-29T06:00:00Z'),
    );
  });
});

const hospital: HospitalState = {
  registered: true,
  kind: 'clinic',
  locations: [
    { location_id: '0190a0b0-0000-7000-8000-0000000000c1', name: 'Main', address: 'Market road' },
  ],
  settings: {
    name: 'Hillside Clinic',
    timezone: nairobi,
    idle_lock_minutes: 15,
    default_slot_minutes: 15,
    opening_hours: [],
    reminders: {
      channels: ['sms'],
      offsets_minutes: [120],
      quiet_hours: { starts: '21:00', ends: '07:00' },
      fallback_language: 'English',
      country_calling_code: '254',
      templates: [
        {
          channel: 'sms',
          language: 'English',
          subject: null,
          body: '{patient}: {date} {time}, {location}',
          whatsapp: null,
        },
        {
          channel: 'sms',
          language: 'Kiswahili',
          subject: null,
          body: '{patient}: saa {time}',
          whatsapp: null,
        },
      ],
    },
  },
};
const patient: PatientState = {
  exists: true,
  archived: false,
  mrn: 'HC-1',
  allergies: [],
  consents: [
    {
      consent_id: '0190a0b0-0000-7000-8000-0000000000d1',
      consent_type: 'sms_reminders',
      scope: 'Reminders',
      given_at: '2026-11-01T00:00:00Z',
      withdrawn_at: null,
      withdrawal_reason: null,
    },
  ],
  details: {
    full_name: 'Amina Yusuf',
    date_of_birth: null,
    birth_year_estimate: 1990,
    gender: 'female',
    phone: '0712 345678',
    email: null,
    address: null,
    national_id: null,
    preferred_language: 'kiswahili',
    emergency_contact: null,
  },
};
const input = (startsAt: string, changes: Partial<PlanInput> = {}): PlanInput => ({
  appointment: {
    appointment_id: '0190a0b0-0000-7000-8000-0000000000a1',
    patient_id: '0190a0b0-0000-7000-8000-0000000000b1',
    doctor_id: '0190a0b0-0000-7000-8000-0000000000b2',
    location_id: '0190a0b0-0000-7000-8000-0000000000c1',
    starts_at: startsAt,
    status: 'scheduled',
  },
  patient,
  hospital,
  doctorName: 'Dr Okello',
  available: new Set(['sms']),
  ...changes,
});

describe('planning', () => {
  it('moves a reminder out of quiet hours while still before the appointment', () => {
    // 08:00 in Nairobi: the 2 h reminder at 06:00 goes at 07:00, in Kiswahili.
    const [reminder] = planReminders(input('2026-11-25T05:00:00Z')).reminders;
    expect(reminder).toMatchObject({
      outcome: 'send',
      due_at: '2026-11-25T04:00:00.000Z',
      address: '+254712345678',
      body: 'Amina Yusuf: saa 08:00',
    });
  });

  it('skips it when the quiet hours last until the appointment', () => {
    // 07:00 in Nairobi: the reminder at 05:00 could only go at 07:00.
    const [reminder] = planReminders(input('2026-11-25T04:00:00Z')).reminders;
    expect(reminder).toMatchObject({
      outcome: 'skip',
      detail: containing('quiet hours'),
    });
  });

  it('falls back to the fallback language, and names the place', () => {
    const english = { ...patient, details: { ...patient.details!, preferred_language: 'French' } };
    const [reminder] = planReminders(input('2026-11-25T09:00:00Z', { patient: english })).reminders;
    expect(reminder).toMatchObject({
      body: 'Amina Yusuf: Wed 25 Nov 2026 12:00, Main, Market road',
    });
  });

  it('sends nothing without consent, a usable number, or the channel on this server', () => {
    const withdrawn = {
      ...patient,
      consents: patient.consents.map((consent) => ({
        ...consent,
        withdrawn_at: '2026-11-02T00:00:00Z',
      })),
    };
    expect(
      planReminders(input('2026-11-25T09:00:00Z', { patient: withdrawn })).reminders[0],
    ).toMatchObject({
      outcome: 'none',
      detail: 'The patient has not consented to reminders by SMS',
    });
    const noCode = {
      ...hospital,
      settings: {
        ...hospital.settings!,
        reminders: { ...hospital.settings!.reminders!, country_calling_code: null },
      },
    };
    expect(
      planReminders(input('2026-11-25T09:00:00Z', { hospital: noCode })).reminders[0],
    ).toMatchObject({
      outcome: 'none',
      detail: containing('+country code'),
    });
    expect(
      planReminders(input('2026-11-25T09:00:00Z', { available: new Set() })).reminders[0],
    ).toMatchObject({
      outcome: 'none',
      detail: 'SMS is not set up on this server',
    });
  });

  it("gives WhatsApp the approved template, its language and each placeholder's value", () => {
    const approved = {
      name: 'appointment_reminder',
      language_code: 'sw',
      parameters: ['patient', 'doctor', 'time'] as const,
      reply_buttons: true,
    };
    const reminders = hospital.settings!.reminders!;
    const withWhatsApp = {
      ...hospital,
      settings: {
        ...hospital.settings!,
        reminders: {
          ...reminders,
          channels: ['whatsapp' as const],
          templates: [
            ...reminders.templates.map((template) => ({
              ...template,
              channel: 'whatsapp' as const,
              whatsapp:
                template.language === 'Kiswahili'
                  ? { ...approved, parameters: [...approved.parameters] }
                  : null,
            })),
          ],
        },
      },
    };
    const consented = {
      ...patient,
      consents: [{ ...patient.consents[0]!, consent_type: 'whatsapp_reminders' as const }],
    };
    const plan = (changes: Partial<PlanInput>) =>
      planReminders(
        input('2026-11-25T09:00:00Z', {
          hospital: withWhatsApp,
          patient: consented,
          available: new Set(['whatsapp']),
          ...changes,
        }),
      ).reminders[0];
    expect(plan({})).toMatchObject({
      outcome: 'send',
      address: '+254712345678',
      language: 'Kiswahili',
      values: { patient: 'Amina Yusuf', doctor: 'Dr Okello', time: '12:00' },
      whatsapp: approved,
    });
    // Settings saved before WhatsApp could send name no approved template.
    const english = {
      ...consented,
      details: { ...consented.details!, preferred_language: 'English' },
    };
    expect(plan({ patient: english })).toMatchObject({
      outcome: 'none',
      detail: 'No approved WhatsApp template is set',
    });
  });

  it('sends nothing once the patient asked to cancel, as after a cancellation', () => {
    const asked = input('2026-11-25T09:00:00Z');
    const plan = planReminders({
      ...asked,
      appointment: { ...asked.appointment, patient_response: 'cancellation_requested' },
    });
    expect(plan).toEqual({ reminders: [], otherwise: 'The patient asked to cancel' });
    const confirmed = planReminders({
      ...asked,
      appointment: { ...asked.appointment, patient_response: 'confirmed' },
    });
    expect(confirmed.reminders[0]).toMatchObject({ outcome: 'send' });
  });
});
