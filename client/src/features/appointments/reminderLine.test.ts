import { describe, expect, it } from 'vitest';
import { translatorFor } from '../../i18n/translatorFor';
import { reminderLine } from './reminderLine';

const t = await translatorFor('en', 'appointments');
const line = (reminders: Parameters<typeof reminderLine>[0]) =>
  reminderLine(reminders, t)?.text ?? null;

describe('the reminder line of an appointment', () => {
  it('says nothing before any reminder', () => {
    expect(line(undefined)).toBeNull();
    expect(line([])).toBeNull();
  });

  it('tells the newest word: sent, delivered or failed', () => {
    const sent = {
      channel: 'sms' as const,
      reminder_kind: '24h',
      offset_minutes: 1440,
      status: 'sent' as const,
      provider_message_id: 'gw-1',
      error: null,
      at: '2026-11-24T10:00:00.000Z',
    };
    expect(line([sent])).toBe('Reminder sent by SMS 24 h before');
    expect(
      line([
        sent,
        {
          ...sent,
          channel: 'email',
          reminder_kind: '2h',
          offset_minutes: 120,
          status: 'failed',
          error: 'No such mailbox',
          at: '2026-11-25T08:00:00.000Z',
        },
      ]),
    ).toBe('Reminder failed: No such mailbox (email, 2 h before)');
    expect(line([{ ...sent, status: 'read', offset_minutes: 90 }])).toBe(
      'Reminder read by SMS 1 h 30 min before',
    );
  });

  it("says it in the person's language", async () => {
    const french = await translatorFor('fr', 'appointments');
    expect(
      reminderLine(
        [
          {
            channel: 'sms',
            reminder_kind: '2h',
            offset_minutes: 5,
            status: 'sent',
            provider_message_id: null,
            error: null,
            at: '2026-11-24T10:00:00.000Z',
          },
        ],
        french,
      ),
    ).toEqual({ text: 'Rappel envoyé par SMS 5 min avant', failed: false });
  });
});
