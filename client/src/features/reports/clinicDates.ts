/**
 * Calendar dates in the clinic's time zone, as plain `YYYY-MM-DD` strings. A report counts
 * a visit on the clinic's day, whatever zone the tablet showing it is set to, so every
 * instant is turned into the clinic's date once and the arithmetic after that is on
 * dates alone (no clock times, so no daylight-saving hours to fall into).
 */

const formatters = new Map<string, Intl.DateTimeFormat>();

function dateFormatter(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** The clinic's date (`YYYY-MM-DD`) at this instant. */
export function clinicDate(instant: string | Date, timeZone: string): string {
  const parts = dateFormatter(timeZone).formatToParts(new Date(instant));
  const part = (type: Intl.DateTimeFormatPartTypes) =>
    parts.find((entry) => entry.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')}`;
}

/** Whether a string is a real calendar date written `YYYY-MM-DD`. */
export function isPlainDate(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  return new Date(`${text}T00:00:00Z`).toISOString().startsWith(text);
}

const asUtc = (date: string) => new Date(`${date}T00:00:00Z`);
const plain = (utc: Date) => utc.toISOString().slice(0, 10);

export function addDays(date: string, days: number): string {
  const utc = asUtc(date);
  utc.setUTCDate(utc.getUTCDate() + days);
  return plain(utc);
}

/** Every date from `from` to `to`, both included (none when `to` is before `from`). */
export function datesBetween(from: string, to: string): string[] {
  const dates: string[] = [];
  for (let date = from; date <= to; date = addDays(date, 1)) dates.push(date);
  return dates;
}

/** The Monday of the week the date falls in (weeks run Monday to Sunday, as ISO 8601's). */
export function weekStart(date: string): string {
  const weekday = asUtc(date).getUTCDay(); // 0 is Sunday
  return addDays(date, -((weekday + 6) % 7));
}

/** `YYYY-MM` of a date. */
export const monthOf = (date: string) => date.slice(0, 7);

/** The first day of the date's month. */
export const monthStart = (date: string) => `${monthOf(date)}-01`;

const dayNames = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'UTC',
  weekday: 'short',
  day: 'numeric',
  month: 'short',
  year: 'numeric',
});
const fullDates = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'UTC',
  day: 'numeric',
  month: 'short',
  year: 'numeric',
});
const shortDates = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'UTC',
  day: 'numeric',
  month: 'short',
});
const monthNames = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'UTC',
  month: 'long',
  year: 'numeric',
});

/** "Tue 1 Dec 2026": a day in a table. */
export const dayWords = (date: string) => dayNames.format(asUtc(date));
/** "1 Dec 2026". */
export const dateWords = (date: string) => fullDates.format(asUtc(date));
/** "1 Dec": a date under a chart's bar. */
export const shortDateWords = (date: string) => shortDates.format(asUtc(date));
/** "December 2026". */
export const monthWords = (month: string) => monthNames.format(asUtc(`${month}-01`));

const instantFormatters = new Map<string, Intl.DateTimeFormat>();

/** "1 Dec 2026, 14:05" in the clinic's zone: a time on a printed record. */
export function clinicDateTimeWords(instant: string, timeZone: string): string {
  let formatter = instantFormatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      day: 'numeric',
      month: 'short',
      year: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    instantFormatters.set(timeZone, formatter);
  }
  return formatter.format(new Date(instant));
}

export const rangePresets = ['last_7_days', 'last_30_days', 'this_month', 'custom'] as const;
export type RangePreset = (typeof rangePresets)[number];

/** The longest custom range, in days: a year and a day, so a whole year fits. */
export const longestRange = 367;

/**
 * The days a preset covers, ending today (the clinic's today), or the custom range when
 * it is two real dates in order and not longer than `longestRange`; else why not.
 */
export function rangeFor(
  preset: RangePreset,
  today: string,
  custom: { from: string; to: string },
): { from: string; to: string } | { problem: string } {
  switch (preset) {
    case 'last_7_days':
      return { from: addDays(today, -6), to: today };
    case 'last_30_days':
      return { from: addDays(today, -29), to: today };
    case 'this_month':
      return { from: monthStart(today), to: today };
    case 'custom':
      if (!isPlainDate(custom.from) || !isPlainDate(custom.to))
        return { problem: 'Choose the first and the last day' };
      if (custom.to < custom.from) return { problem: 'The last day is before the first' };
      if (datesBetween(custom.from, custom.to).length > longestRange)
        return { problem: 'Choose at most a year' };
      return { from: custom.from, to: custom.to };
  }
}
