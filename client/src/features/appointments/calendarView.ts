import { addDays, addWeeks, format, isSameDay, startOfWeek, subDays, subWeeks } from 'date-fns';
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

/** The clinic's opening hours on `day` in words: "open 08:00–12:00, 14:00–18:00" or "closed". */
export function openingHoursText(organisation: OrganisationRow | undefined, day: Date): string {
  const open =
    organisation?.settings.opening_hours.filter((slot) => slot.weekday === day.getDay()) ?? [];
  return open.length > 0
    ? `open ${open.map((slot) => `${slot.opens}–${slot.closes}`).join(', ')}`
    : 'closed';
}

/** "09:00–09:15" for an appointment, on the clinic's clock. */
export const timeRange = (appointment: { starts_at: string; ends_at: string }, zone: string) =>
  `${clockAt(appointment.starts_at, zone)}–${clockAt(appointment.ends_at, zone)}`;

/** "Tuesday 1 December" */
export const dayName = (day: Date) => format(day, 'EEEE d MMMM');
