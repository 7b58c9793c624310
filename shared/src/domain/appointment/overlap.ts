import { instant } from '../fields';
import type { AppointmentStatus } from './events';

/** What the double-booking check needs to know of an appointment. */
export interface AppointmentSlot {
  appointment_id: string;
  doctor_id: string;
  starts_at: string;
  duration_minutes: number;
  /** Absent for an appointment still being booked. */
  status?: AppointmentStatus | null;
}

/** Cancelled and missed appointments no longer hold their time. */
const holdsTime = (slot: AppointmentSlot) =>
  slot.status !== 'cancelled' && slot.status !== 'no_show';

const range = (slot: AppointmentSlot) => {
  const start = instant(slot.starts_at);
  return { start, end: start + slot.duration_minutes * 60_000 };
};

/**
 * True when two different appointments book the same doctor at the same time. Ranges
 * are half-open, so one appointment may start the minute the previous one ends.
 * The decider cannot see other appointments; the device warns with this before
 * scheduling, and the person may go ahead with `overbooking_intended`.
 */
export function appointmentsOverlap(a: AppointmentSlot, b: AppointmentSlot): boolean {
  if (a.appointment_id === b.appointment_id || a.doctor_id !== b.doctor_id) return false;
  if (!holdsTime(a) || !holdsTime(b)) return false;
  const first = range(a);
  const second = range(b);
  return first.start < second.end && second.start < first.end;
}

/** The appointments that `candidate` would double-book, earliest first. */
export function findOverlaps<Slot extends AppointmentSlot>(
  candidate: AppointmentSlot,
  appointments: readonly Slot[],
): Slot[] {
  return appointments
    .filter((appointment) => appointmentsOverlap(candidate, appointment))
    .sort((a, b) => instant(a.starts_at) - instant(b.starts_at));
}
