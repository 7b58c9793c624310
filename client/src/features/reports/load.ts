import type { LocalDatabase } from '../../engine/db';
import { addDays } from './clinicDates';
import type { DateRange, ReportInput } from './figures';

/**
 * The instants that can fall on the range's days in any time zone (UTC-12 to UTC+14): the
 * index reads this much, and the report keeps the rows on the clinic's days.
 */
const coarseWindow = (range: DateRange) =>
  [`${addDays(range.from, -1)}T00:00:00`, `${addDays(range.to, 2)}T00:00:00`] as const;

/**
 * The rows the report of a range is made of, read from the device's projections by their
 * time indexes. Diagnoses are read only for someone who may read clinical records.
 */
export async function loadReportInput(
  db: LocalDatabase,
  options: { timeZone: string; range: DateRange; readsClinical: boolean; now: Date },
): Promise<ReportInput> {
  const { range, readsClinical } = options;
  const [from, to] = coarseWindow(range);
  return db.transaction('r', [db.visits, db.appointments, db.patients, db.outbox], async () => {
    const visits = await db.visits.where('checked_in_at').between(from, to).toArray();
    const appointments = await db.appointments.where('starts_at').between(from, to).toArray();
    const registered = await db.patients.where('registered_at').between(from, to).toArray();
    // A registration still waiting to be sent has no time in the log: its command has.
    const waiting = await db.outbox
      .filter((command) => command.type === 'RegisterPatient')
      .toArray();
    return {
      timeZone: options.timeZone,
      range,
      now: options.now.toISOString(),
      readsClinical,
      visits: visits.map((visit) => ({
        checked_in_at: visit.checked_in_at,
        doctor_id: visit.doctor_id,
        diagnoses: readsClinical ? visit.diagnoses : null,
      })),
      appointments,
      patients: [
        ...registered.map((patient) => ({ registered_at: patient.registered_at ?? null })),
        ...waiting.map((command) => ({ registered_at: command.issued_at })),
      ],
    };
  });
}
