/**
 * Wall-clock time in the clinic's zone (IANA, the organisation's `timezone`), with the
 * platform's time zone data: no library, and the same answer on every server.
 */

interface WallTime {
  year: number;
  month: number;
  day: number;
  /** Minutes since local midnight. */
  minutes: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string) {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** A zone the platform knows, else UTC (a typo in the settings must not stop reminders). */
export const knownZone = (timeZone: string) => {
  try {
    formatterFor(timeZone);
    return timeZone;
  } catch {
    return 'UTC';
  }
};

export function wallTime(instant: number, timeZone: string): WallTime {
  const parts = Object.fromEntries(
    formatterFor(timeZone)
      .formatToParts(new Date(instant))
      .map((part) => [part.type, Number(part.value)]),
  ) as Record<string, number>;
  return {
    year: parts.year!,
    month: parts.month!,
    day: parts.day!,
    minutes: parts.hour! * 60 + parts.minute!,
  };
}

/** The instant a wall-clock time of a local date has in the zone (DST: the later one). */
export function zonedInstant(
  date: { year: number; month: number; day: number },
  minutes: number,
  timeZone: string,
): number {
  const asUtc = Date.UTC(date.year, date.month - 1, date.day, 0, minutes);
  let instant = asUtc;
  // Two rounds find the offset in force at the instant itself, across a DST change.
  for (let round = 0; round < 2; round += 1) {
    const seen = wallTime(instant, timeZone);
    const seenAsUtc = Date.UTC(seen.year, seen.month - 1, seen.day, 0, seen.minutes);
    instant -= seenAsUtc - asUtc;
  }
  return instant;
}

export const clockMinutes = (text: string) =>
  Number(text.slice(0, 2)) * 60 + Number(text.slice(3, 5));

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
