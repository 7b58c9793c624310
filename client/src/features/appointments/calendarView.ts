import type { OrganisationRow } from '../../engine/db';
import { addDays, addWeeks, format, isSameDay, startOfWeek, subDays, subWeeks } from 'date-fns';

/** What the calendar shows: one day, or the week (Monday first) around it. */
export type CalendarView = 'day' | 'week';

/** The days shown for the view around `anchor`, and the moment after the last one. */
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

/** The appointments that start on `day`, in the order given. */
export const startingOn = <T extends { starts_at: string }>(appointments: T[], day: Date): T[] =>
  appointments.filter((appointment) => isSameDay(new Date(appointment.starts_at), day));

/** The clinic's opening hours on `day` in words: "open 08:00–12:00, 14:00–18:00" or "closed". */
export function openingHoursText(organisation: OrganisationRow | undefined, day: Date): string {
  const open =
    organisation?.settings.opening_hours.filter((slot) => slot.weekday === day.getDay()) ?? [];
  return open.length > 0
    ? `open ${open.map((slot) => `${slot.opens}–${slot.closes}`).join(', ')}`
    : 'closed';
}

/** "09:00–09:15" for an appointment. */
export const timeRange = (appointment: { starts_at: string; ends_at: string }) =>
  `${format(new Date(appointment.starts_at), 'HH:mm')}–${format(new Date(appointment.ends_at), 'HH:mm')}`;
