import { channelLabels, describeOffset, type ReminderStatus } from '@mymedic/shared';

const verbs: Record<ReminderStatus['status'], string> = {
  sent: 'sent',
  delivered: 'delivered',
  read: 'read',
  failed: 'failed',
};

/**
 * The one line an appointment shows about its reminders: the newest word the server
 * recorded ("Reminder sent by SMS 24 h before", "Reminder failed: ..."), or null.
 */
export function reminderLine(reminders: readonly ReminderStatus[] | undefined): string | null {
  const newest = [...(reminders ?? [])].sort((a, b) => a.at.localeCompare(b.at)).at(-1);
  if (!newest) return null;
  const when = `${describeOffset(newest.offset_minutes)} before`;
  if (newest.status === 'failed')
    return `Reminder failed: ${newest.error ?? 'unknown error'} (${channelLabels[newest.channel]}, ${when})`;
  return `Reminder ${verbs[newest.status]} by ${channelLabels[newest.channel]} ${when}`;
}
