/**
 * Wall-clock time in the clinic's zone (IANA, the organisation's `timezone`), with the
 * platform's time zone data: no library, and the same answer on every device and server.
 */

/** A date and a time of day as the clinic's clocks show them. */
export interface WallTime {
  year: number;
  month: number;
  day: number;
  /** Minutes since local midnight. */
  minutes: number;
}

/** A date on the clinic's calendar (month 1–12). */
export type ClinicDate = Pick<WallTime, 'year' | 'month' | 'day'>;

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

/** A zone the platform knows, else UTC (a typo in the settings must not stop the clinic). */
export const knownZone = (timeZone: string | null | undefined): string => {
  if (!timeZone) return 'UTC';
  try {
    formatterFor(timeZone);
    return timeZone;
  } catch {
    return 'UTC';
  }
};

/** The clinic's date and time of day at `instant` (milliseconds). */
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

/**
 * The instant a wall-clock time of a local date has in the zone. In the hour skipped
 * when clocks go forward, and in the hour repeated when they go back, the later one.
 */
export function zonedInstant(date: ClinicDate, minutes: number, timeZone: string): number {
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

/** Minutes since midnight of "HH:MM". */
export const clockMinutes = (text: string) =>
  Number(text.slice(0, 2)) * 60 + Number(text.slice(3, 5));

/** "HH:MM" of minutes since midnight. */
export const clockText = (minutes: number) =>
  `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

/** The clinic's date at `instant`. */
export function clinicDateOf(instant: number, timeZone: string): ClinicDate {
  const { year, month, day } = wallTime(instant, timeZone);
  return { year, month, day };
}

/** Sunday 0 … Saturday 6, as opening hours count weekdays. */
export const weekdayOf = (date: ClinicDate) =>
  new Date(Date.UTC(date.year, date.month - 1, date.day)).getUTCDay();

/** Days from `a` to `b` on the calendar (negative when `b` is earlier). */
export const daysBetween = (a: ClinicDate, b: ClinicDate) =>
  Math.round(
    (Date.UTC(b.year, b.month - 1, b.day) - Date.UTC(a.year, a.month - 1, a.day)) / 86_400_000,
  );

/** "2026-12-01" */
export const clinicDateText = (date: ClinicDate) =>
  `${date.year}-${String(date.month).padStart(2, '0')}-${String(date.day).padStart(2, '0')}`;
