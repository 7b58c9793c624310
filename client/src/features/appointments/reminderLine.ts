import type { ReminderStatus } from '@mymedic/shared';
import type { TFunction } from 'i18next';

/** "24 h", "1 h 30 min", "5 min": how long before the appointment a reminder went. */
function offsetWords(offsetMinutes: number, t: TFunction<'appointments'>): string {
  const hours = Math.floor(offsetMinutes / 60);
  const minutes = offsetMinutes % 60;
  if (hours === 0) return t('reminder.minutes', { count: minutes });
  if (minutes === 0) return t('reminder.hours', { count: hours });
  return t('reminder.hoursMinutes', { hours, minutes });
}

/**
 * The one line an appointment shows about its reminders: the newest word the server
 * recorded ("Reminder sent by SMS 24 h before", "Reminder failed: ..."), or null.
 */
export function reminderLine(
  reminders: readonly ReminderStatus[] | undefined,
  t: TFunction<'appointments'>,
): { text: string; failed: boolean } | null {
  const newest = [...(reminders ?? [])].sort((a, b) => a.at.localeCompare(b.at)).at(-1);
  if (!newest) return null;
  const words = {
    channel: t(`reminder.channel.${newest.channel}`),
    offset: offsetWords(newest.offset_minutes, t),
  };
  if (newest.status === 'failed')
    return {
      text: t('reminder.failed', { ...words, error: newest.error ?? t('reminder.unknownError') }),
      failed: true,
    };
  return { text: t(`reminder.${newest.status}`, words), failed: false };
}
