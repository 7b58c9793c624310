import { decideCommand, initialHospitalState } from '@mymedic/shared';
import { describe, expect, it } from 'vitest';
import { variablesText, whatsAppTemplateOf } from './whatsAppTemplate';

const fields = {
  name: ' appointment_reminder ',
  languageCode: 'en',
  variables: '{patient}, {doctor} {date},time',
  buttons: true,
};

describe("a reminder template's WhatsApp fields", () => {
  it('become the approved template, variables in the order typed', () => {
    expect(whatsAppTemplateOf('whatsapp', fields)).toEqual({
      name: 'appointment_reminder',
      language_code: 'en',
      parameters: ['patient', 'doctor', 'date', 'time'],
      reply_buttons: true,
    });
    expect(variablesText(['patient', 'doctor'])).toBe('patient, doctor');
  });

  it('are nothing on SMS or email', () => {
    expect(whatsAppTemplateOf('sms', fields)).toBeNull();
    expect(whatsAppTemplateOf('email', fields)).toBeNull();
  });

  it('are checked by the shared decider, which names an unknown variable', () => {
    const template = whatsAppTemplateOf('whatsapp', { ...fields, variables: 'patient, bed' });
    const registered = {
      ...initialHospitalState,
      registered: true,
      kind: 'clinic' as const,
      settings: {
        name: 'Hillside',
        timezone: 'UTC',
        idle_lock_minutes: 15,
        default_slot_minutes: 15,
        opening_hours: [],
      },
    };
    expect(() =>
      decideCommand(
        {
          type: 'ChangeHospitalSettings',
          aggregate_type: 'hospital',
          payload: {
            changes: {
              reminders: {
                channels: ['whatsapp'],
                offsets_minutes: [1440],
                quiet_hours: null,
                fallback_language: 'English',
                templates: [
                  {
                    channel: 'whatsapp',
                    language: 'English',
                    body: 'Hi {patient}',
                    whatsapp: template,
                  },
                ],
              },
            },
          },
        },
        registered,
        {
          hospital_id: '0190a0b0-0000-7000-8000-0000000000f1',
          aggregate_id: '0190a0b0-0000-7000-8000-0000000000f1',
          actor: { user_id: '0190a0b0-0000-7000-8000-0000000000c1', roles: ['admin'] },
          issued_at: '2026-12-01T08:00:00.000Z',
        },
      ),
    ).toThrow(/A variable must be one of/);
  });
});
