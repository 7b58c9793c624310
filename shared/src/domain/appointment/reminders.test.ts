import { describe, expect, it } from 'vitest';
import { evolveState, getDecider } from '../registry';
import { given, receptionistRavi } from '../../../test/given';
import type { AppointmentEvent } from './aggregate';

const server = { user_id: '0190a0b0-0000-7000-8000-0000000000f0', roles: ['system'] as const };
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
const sent = {
  channel: 'sms',
  reminder_kind: '24h',
  offset_minutes: 1440,
  provider_message_id: 'gw-1',
  sent_at: '2026-11-24T10:00:00.000Z',
} as const;

describe('appointment reminders', () => {
  it('are recorded by the server alone', () => {
    given('appointment', [booked])
      .when('RecordReminderSent', sent, { actor: { ...server, roles: ['system'] } })
      .then([{ type: 'ReminderSent', data: sent }]);
    given('appointment', [booked])
      .when('RecordReminderSent', sent, { actor: receptionistRavi })
      .thenThrows('forbidden');
    given('appointment')
      .when('RecordReminderSent', sent, { actor: { ...server, roles: ['system'] } })
      .thenThrows('not_found');
  });

  it('fold to the newest word per channel and kind; receipts only move forward', () => {
    const failed: AppointmentEvent = {
      type: 'ReminderFailed',
      data: { ...sent, channel: 'email', error: 'Mailbox unavailable', failed_at: sent.sent_at },
    };
    const events: AppointmentEvent[] = [
      booked,
      { type: 'ReminderSent', data: sent },
      failed,
      {
        type: 'ReminderRead',
        data: { channel: 'sms', provider_message_id: 'gw-1', read_at: '2026-11-24T10:05:00.000Z' },
      },
      {
        type: 'ReminderDelivered',
        data: {
          channel: 'sms',
          provider_message_id: 'gw-1',
          delivered_at: '2026-11-24T10:01:00.000Z',
        },
      },
    ];
    const state = events.reduce(
      (current, event) => evolveState('appointment', current, event),
      getDecider('appointment').initialState,
    ) as { reminders?: unknown };
    expect(state.reminders).toEqual([
      {
        channel: 'sms',
        reminder_kind: '24h',
        offset_minutes: 1440,
        status: 'read',
        provider_message_id: 'gw-1',
        error: null,
        at: '2026-11-24T10:05:00.000Z',
      },
      expect.objectContaining({ channel: 'email', status: 'failed', error: 'Mailbox unavailable' }),
    ]);
  });
});
