import type { AppointmentStatus, Diagnosis } from '@mymedic/shared';
import { clinicDate, datesBetween, monthOf, weekStart } from './clinicDates';

/**
 * The clinic's figures over a range of its days, worked out from the device's own
 * records (no server): visits per day and per doctor, no-shows per week and per doctor,
 * new patients, and the most frequent diagnoses of each month. Pure: the screen loads the
 * rows and hands them in, so these are tested on plain data.
 */

/** A range of the clinic's days, both ends included (`YYYY-MM-DD`). */
export interface DateRange {
  from: string;
  to: string;
}

export interface VisitFact {
  checked_in_at: string | null;
  doctor_id: string | null;
  /** Null when the person may not read them (the front desk): no diagnosis figures then. */
  diagnoses: Pick<Diagnosis, 'code' | 'description'>[] | null;
}

export interface AppointmentFact {
  starts_at: string;
  ends_at: string;
  doctor_id: string;
  status: AppointmentStatus;
}

export interface PatientFact {
  /** When the registration was issued; null when it is not known on this device. */
  registered_at: string | null;
}

export interface ReportInput {
  timeZone: string;
  range: DateRange;
  /** The time the report is made: a booked slot that has not ended yet is no one's no-show. */
  now: string;
  visits: VisitFact[];
  appointments: AppointmentFact[];
  patients: PatientFact[];
  /** False for the front desk: the report then holds no diagnoses at all. */
  readsClinical: boolean;
}

/**
 * How the booked appointments of a week or a doctor turned out. The rate is the share of
 * no-shows among the appointments whose outcome was recorded (the patient came, or was
 * marked as not come); slots that ended without either are counted apart, as nobody
 * has said yet what happened. Cancelled appointments and slots still to come are left out.
 */
export interface Attendance {
  attended: number;
  no_shows: number;
  not_marked: number;
  /** no_shows / (attended + no_shows), null when neither happened. */
  rate: number | null;
}

export interface DiagnosisCount {
  code: string;
  description: string;
  visits: number;
}

export interface ClinicReport {
  range: DateRange;
  visitsPerDay: { date: string; visits: number }[];
  /** Busiest first; `doctor_id` null for visits not assigned to a doctor. */
  visitsPerDoctor: { doctor_id: string | null; visits: number }[];
  /** Weeks named by their Monday, oldest first; only the range's days count. */
  attendancePerWeek: ({ week_start: string } & Attendance)[];
  attendancePerDoctor: ({ doctor_id: string } & Attendance)[];
  newPatientsPerDay: { date: string; patients: number }[];
  totals: { visits: number; new_patients: number } & Attendance;
  /** Per month of the range, the most frequent codes first; null for the front desk. */
  diagnosesPerMonth: { month: string; diagnoses: DiagnosisCount[] }[] | null;
}

/** How many codes of each month the report lists. */
export const topDiagnosesPerMonth = 10;

const inRange = (date: string, range: DateRange) => date >= range.from && date <= range.to;

function countInto<Key>(counts: Map<Key, number>, key: Key) {
  counts.set(key, (counts.get(key) ?? 0) + 1);
}

const emptyAttendance = (): Attendance => ({ attended: 0, no_shows: 0, not_marked: 0, rate: null });

function withRate(attendance: Attendance): Attendance {
  const known = attendance.attended + attendance.no_shows;
  return { ...attendance, rate: known === 0 ? null : attendance.no_shows / known };
}

/** Which column of the attendance an appointment counts in, if any. */
function outcomeOf(
  appointment: AppointmentFact,
  now: number,
): keyof Omit<Attendance, 'rate'> | null {
  switch (appointment.status) {
    case 'checked_in':
    case 'completed':
      return 'attended';
    case 'no_show':
      return 'no_shows';
    case 'scheduled':
      return Date.parse(appointment.ends_at) <= now ? 'not_marked' : null;
    case 'cancelled':
      return null;
  }
}

function mostFrequent(visits: { month: string; codes: VisitFact['diagnoses'] }[]) {
  const months = new Map<string, Map<string, DiagnosisCount>>();
  for (const { month, codes } of visits) {
    let counts = months.get(month);
    if (!counts) months.set(month, (counts = new Map<string, DiagnosisCount>()));
    // A code counts once per visit, however it was recorded.
    for (const code of new Set(codes?.map((diagnosis) => diagnosis.code))) {
      const description = codes!.find((diagnosis) => diagnosis.code === code)!.description;
      const count = counts.get(code) ?? { code, description, visits: 0 };
      counts.set(code, { ...count, visits: count.visits + 1 });
    }
  }
  return [...months.entries()]
    .sort(([left], [right]) => left.localeCompare(right))
    .map(([month, counts]) => ({
      month,
      diagnoses: [...counts.values()]
        .sort((left, right) => right.visits - left.visits || left.code.localeCompare(right.code))
        .slice(0, topDiagnosesPerMonth),
    }));
}

/** The report of the range's days, every day in the clinic's time zone. */
export function clinicReport(input: ReportInput): ClinicReport {
  const { timeZone, range } = input;
  const now = Date.parse(input.now);
  const days = datesBetween(range.from, range.to);

  const visitsByDay = new Map<string, number>();
  const visitsByDoctor = new Map<string | null, number>();
  const diagnosed: { month: string; codes: VisitFact['diagnoses'] }[] = [];
  let visits = 0;
  for (const visit of input.visits) {
    if (!visit.checked_in_at) continue;
    const date = clinicDate(visit.checked_in_at, timeZone);
    if (!inRange(date, range)) continue;
    visits += 1;
    countInto(visitsByDay, date);
    countInto(visitsByDoctor, visit.doctor_id);
    if (visit.diagnoses?.length) diagnosed.push({ month: monthOf(date), codes: visit.diagnoses });
  }

  const byWeek = new Map<string, Attendance>();
  const byDoctor = new Map<string, Attendance>();
  const total = emptyAttendance();
  for (const appointment of input.appointments) {
    const date = clinicDate(appointment.starts_at, timeZone);
    if (!inRange(date, range)) continue;
    const outcome = outcomeOf(appointment, now);
    if (!outcome) continue;
    const week = weekStart(date);
    for (const [counts, key] of [
      [byWeek, week],
      [byDoctor, appointment.doctor_id],
    ] as const) {
      const attendance = counts.get(key) ?? emptyAttendance();
      counts.set(key, { ...attendance, [outcome]: attendance[outcome] + 1 });
    }
    total[outcome] += 1;
  }

  const newByDay = new Map<string, number>();
  for (const patient of input.patients) {
    if (!patient.registered_at) continue;
    const date = clinicDate(patient.registered_at, timeZone);
    if (inRange(date, range)) countInto(newByDay, date);
  }
  const newPatientsPerDay = days.map((date) => ({ date, patients: newByDay.get(date) ?? 0 }));

  return {
    range,
    visitsPerDay: days.map((date) => ({ date, visits: visitsByDay.get(date) ?? 0 })),
    visitsPerDoctor: [...visitsByDoctor.entries()]
      .map(([doctor_id, count]) => ({ doctor_id, visits: count }))
      .sort((left, right) => right.visits - left.visits),
    // Every week the range touches, even one without appointments, so gaps show.
    attendancePerWeek: [...new Set(days.map(weekStart))].map((week_start) => ({
      week_start,
      ...withRate(byWeek.get(week_start) ?? emptyAttendance()),
    })),
    attendancePerDoctor: [...byDoctor.entries()]
      .map(([doctor_id, attendance]) => ({ doctor_id, ...withRate(attendance) }))
      .sort((left, right) => right.no_shows - left.no_shows || right.attended - left.attended),
    newPatientsPerDay,
    totals: {
      visits,
      new_patients: newPatientsPerDay.reduce((sum, day) => sum + day.patients, 0),
      ...withRate(total),
    },
    diagnosesPerMonth: input.readsClinical ? mostFrequent(diagnosed) : null,
  };
}
