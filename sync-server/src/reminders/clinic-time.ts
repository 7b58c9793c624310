import { clockMinutes, wallTime, zonedInstant } from '@mymedic/shared';

/**
 * The instant a message due at `due` may go, given quiet hours in the zone: `due` itself
 * outside them, else the end of the quiet hours it falls in (they may span midnight).
 */
export function afterQuietHours(
  due: number,
  quiet: { starts: string; ends: string } | null,
  timeZone: string,
): number {
  if (!quiet) return due;
  const starts = clockMinutes(quiet.starts);
  const ends = clockMinutes(quiet.ends);
  const local = wallTime(due, timeZone);
  const spansMidnight = starts > ends;
  const inQuiet = spansMidnight
    ? local.minutes >= starts || local.minutes < ends
    : local.minutes >= starts && local.minutes < ends;
  if (!inQuiet) return due;
  const endsNextDay = spansMidnight && local.minutes >= starts;
  // Noon of the local date, moved a day when the quiet hours end tomorrow.
  const noon = zonedInstant(local, 12 * 60, timeZone) + (endsNextDay ? 24 * 3600_000 : 0);
  return zonedInstant(wallTime(noon, timeZone), ends, timeZone);
}

/** "Wed 25 Nov 2026" and "10:00" in the clinic's zone, for the templates. */
export function clinicDateAndTime(instant: number, timeZone: string) {
  const date = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    year: 'numeric',
  }).format(new Date(instant));
  const time = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    hourCycle: 'h23',
    hour: '2-digit',
    minute: '2-digit',
  }).format(new Date(instant));
  return { date: date.replace(/,/g, ''), time };
}
