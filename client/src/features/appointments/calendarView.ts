import { addDays, addWeeks, isSameDay, startOfWeek, subDays, subWeeks } from 'date-fns';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../app/useFormat';
import type { OrganisationRow } from '../../engine/db';
import { clockAt, dayAt } from './clinicClock';

/** What the calendar shows: one day, or the week (Monday first) around it. */
export type CalendarView = 'day' | 'week';

/** The calendar days shown for the view around `anchor`, and the day after the last one. */
export function daysShown(view: CalendarView, anchor: Date): { days: Date[]; until: Date } {
  const from = view === 'day' ? anchor : startOfWeek(anchor, { weekStartsOn: 1 });
  const days = Array.from({ length: view === 'day' ? 1 : 7 }, (_, index) => addDays(from, index));
  return { days, until: addDays(days.at(-1)!, 1) };
}

/** The anchor one view earlier (-1) or later (+1). */
export function stepped(view: CalendarView, anchor: Date, direction: -1 | 1): Date {
  if (view === 'day') return direction < 0 ? subDays(anchor, 1) : addDays(anchor, 1);
  return direction < 0 ? subWeeks(anchor, 1) : addWeeks(anchor, 1);
}

/** The appointments that start on calendar `day` in the clinic, in the order given. */
export const startingOn = <T extends { starts_at: string }>(
  appointments: T[],
  day: Date,
  zone: string,
): T[] =>
  appointments.filter((appointment) =>
    isSameDay(dayAt(Date.parse(appointment.starts_at), zone), day),
  );

/** The clinic's opening hours on `day`: "08:00–12:00, 14:00–18:00", or null when closed. */
export function openingHoursOn(
  organisation: OrganisationRow | undefined,
  day: Date,
): string | null {
  const open =
    organisation?.settings.opening_hours.filter((slot) => slot.weekday === day.getDay()) ?? [];
  return open.length > 0 ? open.map((slot) => `${slot.opens}–${slot.closes}`).join(', ') : null;
}

/** "09:00–09:15" for an appointment, on the clinic's clock. */
export const timeRange = (appointment: { starts_at: string; ends_at: string }, zone: string) =>
  `${clockAt(appointment.starts_at, zone)}–${clockAt(appointment.ends_at, zone)}`;

/** The calendar day as a UTC instant, so Intl names its own date whatever the device's zone. */
const utcOf = (day: Date) => new Date(Date.UTC(day.getFullYear(), day.getMonth(), day.getDate()));

/**
 * Calendar days in the person's language: `long` "Tuesday 1 December" (the weekday and
 * month named by Intl, put in each language's order by the translation), `short`
 * "Tue 1 Dec", `dayMonth` "1 Dec".
 */
export function useDayWords() {
  const { t } = useTranslation('appointments');
  const { locale } = useFormat();
  const names = (width: 'long' | 'short') => {
    const weekday = new Intl.DateTimeFormat(locale, { weekday: width, timeZone: 'UTC' });
    const month = new Intl.DateTimeFormat(locale, { month: width, timeZone: 'UTC' });
    return (day: Date) => ({
      weekday: weekday.format(utcOf(day)),
      day: day.getDate(),
      month: month.format(utcOf(day)),
    });
  };
  const long = names('long');
  const short = names('short');
  const dayMonth = new Intl.DateTimeFormat(locale, {
    day: 'numeric',
    month: 'short',
    timeZone: 'UTC',
  });
  return {
    long: (day: Date) => t('dayName', long(day)),
    short: (day: Date) => t('shortDay', short(day)),
    dayMonth: (day: Date) => dayMonth.format(utcOf(day)),
  };
}
