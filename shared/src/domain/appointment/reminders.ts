import { z } from 'zod';
import { reminderChannels, type ReminderChannelName } from '../hospital/reminders';
import { isoDateTime, requiredText } from '../fields';
import { phrase } from '../../refusals';

/**
 * What the server learnt of an appointment's reminders, appended by the server itself
 * (docs/reminders.md) so that every tablet sees, offline, whether the patient was
 * reached. Delivered and Read come from a provider's receipts (a webhook).
 */
const reminderKind = z.string().regex(/^\d+[hm]$/, { message: phrase('appointment.reminderKind') });
const reminderOf = {
  channel: z.enum(reminderChannels),
  reminder_kind: reminderKind,
  offset_minutes: z.number().int().min(1),
};

export const reminderSentSchema = z.object({
  ...reminderOf,
  provider_message_id: requiredText('Provider message id', 200),
  sent_at: isoDateTime,
});
export const reminderFailedSchema = z.object({
  ...reminderOf,
  error: requiredText('Error', 500),
  failed_at: isoDateTime,
});
export const reminderDeliveredSchema = z.object({
  channel: z.enum(reminderChannels),
  provider_message_id: requiredText('Provider message id', 200),
  delivered_at: isoDateTime,
});
export const reminderReadSchema = z.object({
  channel: z.enum(reminderChannels),
  provider_message_id: requiredText('Provider message id', 200),
  read_at: isoDateTime,
});

/** Where one reminder (a channel and kind) stands, as the appointment shows it. */
export interface ReminderStatus {
  channel: ReminderChannelName;
  reminder_kind: string;
  offset_minutes: number;
  status: 'sent' | 'failed' | 'delivered' | 'read';
  provider_message_id: string | null;
  error: string | null;
  at: string;
}

type Sent = z.output<typeof reminderSentSchema>;
type Failed = z.output<typeof reminderFailedSchema>;

/** The reminders after one was sent or failed: the newest word on its channel and kind. */
export function withReminder(
  reminders: readonly ReminderStatus[] | undefined,
  outcome: { sent: Sent } | { failed: Failed },
): ReminderStatus[] {
  const data = 'sent' in outcome ? outcome.sent : outcome.failed;
  const status: ReminderStatus =
    'sent' in outcome
      ? {
          ...reminderKey(data),
          status: 'sent',
          provider_message_id: outcome.sent.provider_message_id,
          error: null,
          at: outcome.sent.sent_at,
        }
      : {
          ...reminderKey(data),
          status: 'failed',
          provider_message_id: null,
          error: outcome.failed.error,
          at: outcome.failed.failed_at,
        };
  const others = (reminders ?? []).filter(
    (known) => !(known.channel === data.channel && known.reminder_kind === data.reminder_kind),
  );
  return [...others, status];
}

const reminderKey = (data: Sent | Failed) => ({
  channel: data.channel,
  reminder_kind: data.reminder_kind,
  offset_minutes: data.offset_minutes,
});

/** A receipt moves the reminder it names forward (sent, delivered, read), never back. */
export function withReceipt(
  reminders: readonly ReminderStatus[] | undefined,
  receipt: { channel: ReminderChannelName; provider_message_id: string },
  status: 'delivered' | 'read',
  at: string,
): ReminderStatus[] {
  const order = { failed: 0, sent: 1, delivered: 2, read: 3 };
  return (reminders ?? []).map((known) =>
    known.channel === receipt.channel &&
    known.provider_message_id === receipt.provider_message_id &&
    order[known.status] < order[status]
      ? { ...known, status, at }
      : known,
  );
}
