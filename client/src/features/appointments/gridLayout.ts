import { clockMinutes, freeSlots, type FreeSlot } from '@mymedic/shared';
import type { AppointmentRow, OrganisationRow } from '../../engine/db';
import { clinicDate, minutesAt } from './clinicClock';

/** Height of one row of the grid, in px: a touch target (44 px) per slot. */
export const rowHeight = 48;

/** One column of the grid: a doctor's day (day view) or a day of the week. */
export interface GridColumn {
  key: string;
  day: Date;
  /** Whose free slots it offers; null offers none (the week of all doctors). */
  doctorId: string | null;
  doctorName: string | null;
  /** The location of a column per location: bookings from it are made there. */
  location?: { id: string | null; name: string };
  appointments: AppointmentRow[];
  free: FreeSlot[];
}

type OpeningHours = OrganisationRow['settings']['opening_hours'];

const hoursOn = (openingHours: OpeningHours, day: Date) =>
  openingHours.filter((hours) => hours.weekday === day.getDay());

/**
 * The clock times the grid spans, in minutes since midnight, `step` apart: from the
 * earliest opening (or appointment) of the days shown to the latest closing (or end),
 * whole hours; 08:00 to 18:00 when nothing is open.
 */
export function gridSpan(
  days: Date[],
  openingHours: OpeningHours,
  appointments: AppointmentRow[],
  zone: string,
): { from: number; to: number } {
  const starts: number[] = [];
  const ends: number[] = [];
  for (const day of days) {
    for (const hours of hoursOn(openingHours, day)) {
      starts.push(clockMinutes(hours.opens));
      ends.push(clockMinutes(hours.closes));
    }
  }
  for (const appointment of appointments) {
    const start = minutesAt(appointment.starts_at, zone);
    starts.push(start);
    ends.push(Math.min(24 * 60, start + appointment.duration_minutes));
  }
  if (starts.length === 0) return { from: 8 * 60, to: 18 * 60 };
  return {
    from: Math.floor(Math.min(...starts) / 60) * 60,
    to: Math.min(24 * 60, Math.ceil(Math.max(...ends) / 60) * 60),
  };
}

/** Whether the clinic is open for the whole row starting `minutes` on `day`. */
export const openAt = (openingHours: OpeningHours, day: Date, minutes: number, step: number) =>
  hoursOn(openingHours, day).some(
    (hours) => clockMinutes(hours.opens) <= minutes && minutes + step <= clockMinutes(hours.closes),
  );

/** Side-by-side lanes for appointments that overlap (an intended overbooking). */
export function lanesOf(appointments: AppointmentRow[]): Map<string, { lane: number; of: number }> {
  const sorted = [...appointments].sort(
    (a, b) => Date.parse(a.starts_at) - Date.parse(b.starts_at),
  );
  const laneEnds: number[] = [];
  const lane = new Map<string, number>();
  for (const appointment of sorted) {
    const start = Date.parse(appointment.starts_at);
    let index = laneEnds.findIndex((end) => end <= start);
    if (index < 0) index = laneEnds.length;
    laneEnds[index] = Date.parse(appointment.ends_at);
    lane.set(appointment.appointment_id, index);
  }
  return new Map(
    sorted.map((appointment) => [
      appointment.appointment_id,
      { lane: lane.get(appointment.appointment_id)!, of: Math.max(1, laneEnds.length) },
    ]),
  );
}

/** A doctor's free slots on a calendar day, for a visit of `durationMinutes`. */
export function freeSlotsOf(options: {
  day: Date;
  doctorId: string;
  organisation: OrganisationRow | undefined;
  zone: string;
  durationMinutes: number;
  /** Every appointment of the range, of all doctors and locations. */
  appointments: AppointmentRow[];
  now: number;
  movingId?: string | undefined;
}): FreeSlot[] {
  const settings = options.organisation?.settings;
  if (!settings) return [];
  return freeSlots({
    date: clinicDate(options.day),
    openingHours: settings.opening_hours,
    timeZone: options.zone,
    slotMinutes: settings.default_slot_minutes,
    durationMinutes: options.durationMinutes,
    doctorId: options.doctorId,
    appointments: options.appointments,
    now: options.now,
    ...(options.movingId ? { appointmentId: options.movingId } : {}),
  });
}
