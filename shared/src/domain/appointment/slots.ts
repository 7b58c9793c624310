import { instant } from '../fields';
import { clockMinutes, weekdayOf, zonedInstant, type ClinicDate } from '../hospital/clinic-time';
import type { HospitalSettings } from '../hospital/events';
import type { BookingOverrideKind } from './events';
import { appointmentsOverlap, type AppointmentSlot } from './overlap';

type OpeningHours = HospitalSettings['opening_hours'];

/** One stretch of a day when the clinic is open, in its words and as instants. */
export interface OpenPeriod {
  opens: string;
  closes: string;
  from: number;
  to: number;
}

/**
 * The clinic's open periods on a date, earliest first. Wall-clock hours become instants
 * in the clinic's zone, so a day when the clocks change keeps its 09:00 opening.
 */
export function openPeriods(
  date: ClinicDate,
  openingHours: OpeningHours,
  timeZone: string,
): OpenPeriod[] {
  const weekday = weekdayOf(date);
  return openingHours
    .filter((hours) => hours.weekday === weekday)
    .map((hours) => ({
      opens: hours.opens,
      closes: hours.closes,
      from: zonedInstant(date, clockMinutes(hours.opens), timeZone),
      to: zonedInstant(date, clockMinutes(hours.closes), timeZone),
    }))
    .filter((period) => period.from < period.to)
    .sort((a, b) => a.from - b.from);
}

/** A bookable start for a doctor. */
export interface FreeSlot {
  starts_at: string;
  ends_at: string;
}

/**
 * The doctor's free slots on a date: every `slotMinutes` from each opening, long enough
 * for `durationMinutes` before closing, not yet begun at `now`, and clashing with none of
 * the doctor's appointments that hold time (overlap.ts decides which). `appointmentId`
 * names an appointment being moved, whose own time counts as free.
 */
export function freeSlots(options: {
  date: ClinicDate;
  openingHours: OpeningHours;
  timeZone: string;
  slotMinutes: number;
  durationMinutes: number;
  doctorId: string;
  appointments: readonly AppointmentSlot[];
  now: number;
  appointmentId?: string;
}): FreeSlot[] {
  const step = options.slotMinutes * 60_000;
  const length = options.durationMinutes * 60_000;
  const slots: FreeSlot[] = [];
  for (const period of openPeriods(options.date, options.openingHours, options.timeZone)) {
    // Stepping in real time from the opening: the hour a clock change skips is no slot.
    for (let start = period.from; start + length <= period.to; start += step) {
      if (start < options.now) continue;
      const candidate = {
        appointment_id: options.appointmentId ?? '',
        doctor_id: options.doctorId,
        starts_at: new Date(start).toISOString(),
        duration_minutes: options.durationMinutes,
      };
      if (options.appointments.some((held) => appointmentsOverlap(candidate, held))) continue;
      slots.push({
        starts_at: candidate.starts_at,
        ends_at: new Date(start + length).toISOString(),
      });
    }
  }
  return slots;
}

export interface BookingOverride {
  kind: BookingOverrideKind;
  /** "Outside opening hours (08:00–17:00)", "Closed on Sundays", "In the past". */
  message: string;
}

const weekdayNames = [
  'Sunday',
  'Monday',
  'Tuesday',
  'Wednesday',
  'Thursday',
  'Friday',
  'Saturday',
] as const;

/**
 * What is unusual about booking this slot: it starts before `now`, falls on a day the
 * clinic is closed, or does not fit inside one of the day's opening periods. Empty for
 * an ordinary booking. `date` is the clinic's date of the start.
 */
export function bookingOverrides(options: {
  date: ClinicDate;
  starts_at: string;
  duration_minutes: number;
  openingHours: OpeningHours;
  timeZone: string;
  now: number;
}): BookingOverride[] {
  const start = instant(options.starts_at);
  const end = start + options.duration_minutes * 60_000;
  const found: BookingOverride[] = [];
  if (start < options.now) found.push({ kind: 'in_the_past', message: 'In the past' });
  const periods = openPeriods(options.date, options.openingHours, options.timeZone);
  if (periods.length === 0) {
    found.push({
      kind: 'closed_day',
      message: `Closed on ${weekdayNames[weekdayOf(options.date)]}s`,
    });
  } else if (!periods.some((period) => period.from <= start && end <= period.to)) {
    const hours = periods.map((period) => `${period.opens}–${period.closes}`).join(', ');
    found.push({ kind: 'outside_opening_hours', message: `Outside opening hours (${hours})` });
  }
  return found;
}
