import { describe, expect, it } from 'vitest';
import { adminAsha, given } from '../../../test/given';
import type { HospitalEvent } from './aggregate';
import { fillTemplate, templateFor, type ReminderSettings } from './reminders';

const hillside: HospitalEvent = {
  type: 'HospitalRegistered',
  data: {
    kind: 'clinic',
    settings: {
      name: 'Hillside Clinic',
      timezone: 'Africa/Nairobi',
      idle_lock_minutes: 15,
      default_slot_minutes: 15,
      opening_hours: [],
    },
  },
};

const reminders = {
  channels: ['sms', 'email'],
  offsets_minutes: [24 * 60, 120],
  quiet_hours: { starts: '21:00', ends: '07:00' },
  fallback_language: 'English',
  country_calling_code: '254',
  templates: [
    {
      channel: 'sms',
      language: 'English',
      body: 'Hello {patient}, see {doctor} on {date} at {time}.',
    },
    { channel: 'sms', language: 'Kiswahili', body: 'Habari {patient}, {date} saa {time}.' },
    {
      channel: 'email',
      language: 'English',
      subject: 'Your appointment at {clinic}',
      body: 'Dear {patient}, {date} {time} at {location}.',
    },
  ],
} satisfies Omit<ReminderSettings, 'templates'> & { templates: unknown[] };

const change = (value: unknown) =>
  given('hospital', [hillside]).when(
    'ChangeHospitalSettings',
    { changes: { reminders: value } },
    { actor: adminAsha },
  );

describe('reminder settings', () => {
  it('are saved when every placeholder is known and every channel has a fallback template', () => {
    const [event] = change(reminders).events();
    expect(event?.type).toBe('HospitalSettingsChanged');
  });

  it('refuse a template with an unknown placeholder, naming it', () => {
    const templates = [
      ...reminders.templates.slice(1),
      { channel: 'sms', language: 'English', body: 'Hello {patient}, bring {insurance_card}.' },
    ];
    const error = change({ ...reminders, templates }).thenThrows(
      'validation',
      /Unknown placeholder \{insurance_card\}/,
    );
    expect(error.details).toMatchObject({
      issues: [expect.objectContaining({ path: 'changes.reminders.templates.2.body' })],
    });
  });

  it('refuse an enabled channel without a template in the fallback language', () => {
    change({ ...reminders, channels: ['sms', 'whatsapp'] }).thenThrows(
      'validation',
      /No WhatsApp template in English, the fallback language/,
    );
  });

  it('refuse an email template without subject, repeated times and empty quiet hours', () => {
    const templates = reminders.templates.map((template) => ({ ...template, subject: null }));
    change({ ...reminders, templates }).thenThrows('validation', /needs a subject/);
    change({ ...reminders, offsets_minutes: [120, 120] }).thenThrows('validation', /listed twice/);
    change({ ...reminders, quiet_hours: { starts: '21:00', ends: '21:00' } }).thenThrows(
      'validation',
      /Quiet hours/,
    );
  });

  it("take WhatsApp's approved template per language, refusing one without it", () => {
    const whatsapp = {
      channel: 'whatsapp',
      language: 'English',
      body: 'Hello {patient}, see {doctor} on {date} at {time}.',
      whatsapp: {
        name: 'appointment_reminder',
        language_code: 'en',
        parameters: ['patient', 'doctor', 'date', 'time'],
      },
    };
    const withWhatsApp = { ...reminders, channels: ['whatsapp', 'sms'] };
    const [event] = change({
      ...withWhatsApp,
      templates: [...reminders.templates, whatsapp],
    }).events();
    const saved = (event as Extract<HospitalEvent, { type: 'HospitalSettingsChanged' }>).data
      .changes.reminders!;
    expect(templateFor(saved, 'whatsapp', 'english')?.whatsapp).toEqual({
      ...whatsapp.whatsapp,
      reply_buttons: true,
    });
    const error = change({
      ...withWhatsApp,
      templates: [...reminders.templates, { ...whatsapp, whatsapp: null }],
    }).thenThrows('validation', /approved template's name and language code/);
    expect(error.details).toMatchObject({
      issues: [expect.objectContaining({ path: 'changes.reminders.templates.3.whatsapp' })],
    });
    const misnamed = { ...whatsapp.whatsapp, name: 'Appointment Reminder' };
    change({
      ...withWhatsApp,
      templates: [...reminders.templates, { ...whatsapp, whatsapp: misnamed }],
    }).thenThrows('validation', /lower-case letters, digits and _/);
    const unknownVariable = { ...whatsapp.whatsapp, parameters: ['patient', 'insurance'] };
    change({
      ...withWhatsApp,
      templates: [...reminders.templates, { ...whatsapp, whatsapp: unknownVariable }],
    }).thenThrows('validation', /A variable must be one of/);
  });

  it("pick the patient's language, else the fallback, and fill the placeholders", () => {
    const [event] = change(reminders).events();
    const saved = (event as Extract<HospitalEvent, { type: 'HospitalSettingsChanged' }>).data
      .changes.reminders!;
    expect(templateFor(saved, 'sms', 'kiswahili')?.language).toBe('Kiswahili');
    expect(templateFor(saved, 'sms', 'French')?.language).toBe('English');
    expect(templateFor(saved, 'sms', null)?.language).toBe('English');
    expect(
      fillTemplate('Hello {patient} at {time}', {
        patient: 'Amina',
        doctor: 'Dr Okello',
        clinic: 'Hillside',
        date: 'Wed 25 Nov',
        time: '10:00',
        location: 'Main',
      }),
    ).toBe('Hello Amina at 10:00');
  });
});
