import { knownZone } from '@mymedic/shared';

/**
 * Dates, times and numbers as the person reads them (their language, the clinic's country:
 * "1 Des 2026" in Swahili in Kenya) and on the clinic's clock, whatever the device's zone.
 */
export interface Formats {
  /** "10:42" */
  time(at: string | number | Date): string;
  /** "1 Dec 2026" */
  date(at: string | number | Date): string;
  /**
   * A day of the calendar rather than a moment ("1980-04-02", a date of birth): "2 Apr 1980"
   * whatever the clinic's zone. Text that is no such day is shown as it is.
   */
  calendarDay(isoDay: string): string;
  /** "Tue 1 Dec" */
  day(at: string | number | Date): string;
  /** "Tue 1 Dec, 10:42" */
  dayTime(at: string | number | Date): string;
  /** "1 Dec 2026, 10:42" */
  dateTime(at: string | number | Date): string;
  number(value: number, options?: Intl.NumberFormatOptions): string;
  /** "5 minutes ago", "in 2 days", "yesterday": how long from now. */
  relative(at: string | number | Date, now?: number): string;
  /** The BCP 47 tag these formats use. */
  locale: string;
  timeZone: string;
}

/** `language` as spoken in `country` when the platform knows that pairing, else the language. */
export function localeFor(language: string, country?: string | null): string {
  if (!country) return language;
  const tag = `${language}-${country.toUpperCase()}`;
  try {
    return Intl.DateTimeFormat.supportedLocalesOf([tag]).length > 0 ? tag : language;
  } catch {
    return language;
  }
}

const units: [Intl.RelativeTimeFormatUnit, number][] = [
  ['second', 60],
  ['minute', 60],
  ['hour', 24],
  ['day', 7],
  ['week', 4.35],
  ['month', 12],
  ['year', Infinity],
];

/** A span of milliseconds (negative: past) in the largest unit that keeps it above one. */
export function relativeTime(locale: string, span: number): string {
  const format = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
  let amount = span / 1000;
  for (const [unit, next] of units) {
    if (Math.abs(amount) < next) return format.format(Math.round(amount), unit);
    amount /= next;
  }
  return format.format(Math.round(amount), 'year');
}

const cache = new Map<string, Formats>();

export function formatsFor(
  language: string,
  timeZone: string | null | undefined,
  country?: string | null,
): Formats {
  const zone = knownZone(timeZone);
  const locale = localeFor(language, country);
  const key = `${locale}|${zone}`;
  const known = cache.get(key);
  if (known) return known;
  const clock = { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' } as const;
  const shortDay = { weekday: 'short', day: 'numeric', month: 'short' } as const;
  const formatter = (options: Intl.DateTimeFormatOptions) =>
    new Intl.DateTimeFormat(locale, { ...options, timeZone: zone });
  const time = formatter(clock);
  const date = formatter({ dateStyle: 'medium' });
  // A calendar day is read as midnight UTC and written in UTC: no zone moves it a day.
  const calendarDate = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' });
  const day = formatter(shortDay);
  const dayTime = formatter({ ...shortDay, ...clock });
  const dateTime = formatter({ day: 'numeric', month: 'short', year: 'numeric', ...clock });
  const instant = (at: string | number | Date) => (at instanceof Date ? at : new Date(at));
  const formats: Formats = {
    time: (at) => time.format(instant(at)),
    date: (at) => date.format(instant(at)),
    calendarDay: (isoDay) => {
      const day = /^\d{4}-\d{2}-\d{2}$/.test(isoDay) ? new Date(`${isoDay}T00:00:00Z`) : null;
      return day && !Number.isNaN(day.getTime()) ? calendarDate.format(day) : isoDay;
    },
    day: (at) => day.format(instant(at)),
    dayTime: (at) => dayTime.format(instant(at)),
    dateTime: (at) => dateTime.format(instant(at)),
    number: (value, options) => new Intl.NumberFormat(locale, options).format(value),
    relative: (at, now = Date.now()) => relativeTime(locale, instant(at).getTime() - now),
    locale,
    timeZone: zone,
  };
  cache.set(key, formats);
  return formats;
}
