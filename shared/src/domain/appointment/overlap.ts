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

/**
 * The statuses in which an appointment holds its doctor's time: booked, in the room or
 * seen. Cancelled and missed appointments give their time back. The one rule for the
 * device's warning, the server's double-booking check and the read model's constraint
 * (migrations/0013_completed_holds_time.sql writes the same list in SQL).
 */
export const statusesHoldingDoctorsTime = [
  'scheduled',
  'checked_in',
  'completed',
] as const satisfies readonly AppointmentStatus[];

/**
 * Whether an appointment in this status holds its doctor's time against other bookings;
 * one still being booked (no status yet) does. An intended overbooking is a separate
 * matter: the server lets it clash with nothing, the device still warns of it.
 */
export function holdsDoctorsTime(status: AppointmentStatus | null | undefined): boolean {
  return status == null || statusesHoldingDoctorsTime.some((holding) => holding === status);
}

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
  if (!holdsDoctorsTime(a.status) || !holdsDoctorsTime(b.status)) return false;
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
