import { clinicDateOf, clinicDateText } from '@mymedic/shared';
import { formatsFor } from '../../i18n/format';

/**
 * Calendar dates in the clinic's time zone, as plain `YYYY-MM-DD` strings. A report counts
 * a visit on the clinic's day, whatever zone the tablet showing it is set to, so every
 * instant is turned into the clinic's date once and the arithmetic after that is on
 * dates alone (no clock times, so no daylight-saving hours to fall into).
 */

/** The clinic's date (`YYYY-MM-DD`) at this instant. */
export const clinicDate = (instant: string | Date, timeZone: string): string =>
  clinicDateText(clinicDateOf(new Date(instant).getTime(), timeZone));

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

/** Plain dates as a person reads them in `locale` (`formatsFor(...).locale`). */
export interface DateWords {
  /** "Tue, 1 Dec 2026": a day in a table. */
  day(date: string): string;
  /** "1 Dec 2026". */
  date(date: string): string;
  /** "1 Dec": a date under a chart's bar. */
  short(date: string): string;
  /** "December 2026", of `YYYY-MM`. */
  month(month: string): string;
}

const dateWordsByLocale = new Map<string, DateWords>();

/** The words of plain dates in `locale`: a date has no clock, so it is read in UTC. */
export function dateWordsIn(locale: string): DateWords {
  const known = dateWordsByLocale.get(locale);
  if (known) return known;
  const formatter = (options: Intl.DateTimeFormatOptions) =>
    new Intl.DateTimeFormat(locale, { ...options, timeZone: 'UTC' });
  const day = formatter({ weekday: 'short', day: 'numeric', month: 'short', year: 'numeric' });
  const date = formatter({ day: 'numeric', month: 'short', year: 'numeric' });
  const short = formatter({ day: 'numeric', month: 'short' });
  const month = formatter({ month: 'long', year: 'numeric' });
  const words: DateWords = {
    day: (text) => day.format(asUtc(text)),
    date: (text) => date.format(asUtc(text)),
    short: (text) => short.format(asUtc(text)),
    month: (text) => month.format(asUtc(`${text}-01`)),
  };
  dateWordsByLocale.set(locale, words);
  return words;
}

/**
 * "1 Dec 2026, 14:05" in the clinic's zone: a time on a printed record (still English
 * there; a translated screen uses `useFormat().dateTime`).
 */
export const clinicDateTimeWords = (instant: string, timeZone: string): string =>
  formatsFor('en-GB', timeZone).dateTime(instant);

export const rangePresets = ['last_7_days', 'last_30_days', 'this_month', 'custom'] as const;
export type RangePreset = (typeof rangePresets)[number];

/** Why two chosen dates make no range (`reports:range.problem.*` says it in words). */
export type RangeProblem = 'noDates' | 'backwards' | 'tooLong';

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
): { from: string; to: string } | { problem: RangeProblem } {
  switch (preset) {
    case 'last_7_days':
      return { from: addDays(today, -6), to: today };
    case 'last_30_days':
      return { from: addDays(today, -29), to: today };
    case 'this_month':
      return { from: monthStart(today), to: today };
    case 'custom':
      if (!isPlainDate(custom.from) || !isPlainDate(custom.to)) return { problem: 'noDates' };
      if (custom.to < custom.from) return { problem: 'backwards' };
      if (datesBetween(custom.from, custom.to).length > longestRange) return { problem: 'tooLong' };
      return { from: custom.from, to: custom.to };
  }
}
