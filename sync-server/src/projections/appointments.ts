import {
  statusesHoldingDoctorsTime,
  upcastEventOf,
  type AppointmentEvent,
  type AppointmentStatus,
  type PatientResponse,
  type VisitType,
} from '@mymedic/shared';
import { uuidArray, type Sql } from '../db/database';
import { isoInstant, utcIsoText } from '../db/times';
import type { ProjectedEvent, ServerProjection } from '../event-store/projection';

/** One appointment as the `appointments` table keeps it; `starts_at` is ISO in UTC. */
export interface AppointmentRow {
  appointment_id: string;
  patient_id: string;
  doctor_id: string;
  location_id: string | null;
  starts_at: string;
  duration_minutes: number;
  status: AppointmentStatus;
  overbooking_intended: boolean;
  visit_type: VisitType;
  reason: string;
  visit_id: string | null;
  /** The patient's newest answer on this slot (the portal shows it); a move clears it.
   * Absent where a row is read for the diary alone. */
  patient_response?: PatientResponse | null;
}

const utc = (instant: Date | string) => new Date(instant).toISOString();

/**
 * The row after one event. An appointment whose AppointmentScheduled the table never
 * saw (a log from before this read model, not yet rebuilt) stays absent.
 */
export function evolveAppointmentRow(
  row: AppointmentRow | undefined,
  appointmentId: string,
  event: AppointmentEvent,
): AppointmentRow | undefined {
  switch (event.type) {
    case 'AppointmentScheduled':
      return {
        ...event.data,
        appointment_id: appointmentId,
        starts_at: utc(event.data.starts_at),
        status: 'scheduled',
        visit_id: null,
        patient_response: null,
      };
    case 'AppointmentRescheduled':
      // The patient's answer was about the old slot.
      return (
        row && {
          ...row,
          ...event.data,
          starts_at: utc(event.data.starts_at),
          patient_response: null,
        }
      );
    case 'AppointmentCancelled':
      return row && { ...row, status: 'cancelled' };
    case 'AppointmentNoShow':
      return row && { ...row, status: 'no_show' };
    case 'AppointmentCheckedIn':
      return row && { ...row, status: 'checked_in', visit_id: event.data.visit_id };
    case 'AppointmentCompleted':
      return row && { ...row, status: 'completed' };
    // What became of a reminder changes nothing the diary holds.
    case 'ReminderSent':
    case 'ReminderFailed':
    case 'ReminderDelivered':
    case 'ReminderRead':
      return row;
    // What the patient said of it changes no slot and no status either (a request to
    // cancel or move holds the slot until the clinic acts): only the newest answer is
    // kept, for the patient portal to show.
    case 'AppointmentConfirmed':
      return (
        row && {
          ...row,
          patient_response: {
            kind: 'confirmed',
            via: event.data.via,
            at: event.data.confirmed_at,
            note: null,
          },
        }
      );
    case 'AppointmentCancellationRequested':
      return (
        row && {
          ...row,
          patient_response: {
            kind: 'cancellation_requested',
            via: event.data.via,
            at: event.data.requested_at,
            note: event.data.reason,
          },
        }
      );
    case 'AppointmentMoveRequested':
      return (
        row && {
          ...row,
          patient_response: {
            kind: 'move_requested',
            via: event.data.via,
            at: event.data.requested_at,
            note: event.data.preference,
          },
        }
      );
  }
}

/**
 * The rows holding their doctor's time, in SQL: the shared rule (`holdsDoctorsTime`),
 * written out as the table's `appointments_no_double_booking` constraint writes it, so
 * that a query by time uses the constraint's gist index.
 */
const holdingDoctorsTime = (alias: string) =>
  `${alias}status IN (${statusesHoldingDoctorsTime.map((status) => `'${status}'`).join(', ')})
        AND NOT ${alias}overbooking_intended`;

/** A stretch of one doctor's diary, as ISO instants, end excluded. */
export interface DiaryWindow {
  doctor_id: string;
  from: string;
  to: string;
}

const columnNames = [
  'appointment_id',
  'patient_id',
  'doctor_id',
  'location_id',
  'starts_at',
  'duration_minutes',
  'status',
  'overbooking_intended',
  'visit_type',
  'reason',
  'visit_id',
  'patient_response',
] as const;
const columns = (alias = '') => columnNames.map((name) => `${alias}${name}`).join(', ');
/** The columns as read: `starts_at` formatted by the database, never parsed by a driver. */
const readColumns = (alias = '') =>
  columnNames
    .map((name) =>
      name === 'starts_at' ? `${utcIsoText(`${alias}starts_at`)} AS starts_at` : `${alias}${name}`,
    )
    .join(', ');

/**
 * Reads appointments in one query: those with the given ids, whatever their status,
 * and those holding a doctor's time within one of the windows (through the constraint's
 * gist index).
 */
export async function readAppointments(
  sql: Sql,
  hospitalId: string,
  wanted: { ids?: string[]; heldIn?: DiaryWindow[] },
): Promise<Map<string, AppointmentRow>> {
  const ids = wanted.ids ?? [];
  const windows = wanted.heldIn ?? [];
  const found = new Map<string, AppointmentRow>();
  if (ids.length === 0 && windows.length === 0) return found;
  const { rows } = await sql.query<AppointmentRow>(
    `SELECT ${readColumns()} FROM appointments
      WHERE hospital_id = $1 AND appointment_id = ANY($2::uuid[])
     UNION ALL
     SELECT ${readColumns('a.')}
       FROM jsonb_to_recordset($3::jsonb) AS w(doctor_id uuid, "from" timestamptz, "to" timestamptz)
       JOIN appointments AS a
         ON a.hospital_id = $1 AND a.doctor_id = w.doctor_id
        AND a.during && tstzrange(w."from", w."to", '[)')
        AND ${holdingDoctorsTime('a.')}`,
    [hospitalId, uuidArray(ids), JSON.stringify(windows)],
  );
  for (const row of rows)
    found.set(row.appointment_id, { ...row, starts_at: isoInstant(row.starts_at) });
  return found;
}

/**
 * The appointments read model: one row per appointment, its latest state. A batch is
 * folded in memory and written with one upsert; the no-double-booking constraint is
 * checked at commit, so a batch may pass through states a single row could not.
 */
/**
 * Marks, in one hospital's read model, each completed appointment that overlaps another
 * one holding the same doctor's time as an intended overbooking. Such overlaps were
 * accepted before completed appointments held time (migration 0013, which marked them
 * the same way); the push refuses them since, so on a replay of the log they can only be
 * that history, and without the marks a rebuild would fail at commit.
 */
async function markOverlapsAcceptedBeforeCompletedHeldTime(sql: Sql, hospitalId: string) {
  await sql.query(
    `UPDATE appointments AS completed
        SET overbooking_intended = true
      WHERE completed.hospital_id = $1
        AND completed.status = 'completed'
        AND NOT completed.overbooking_intended
        AND EXISTS (
          SELECT 1 FROM appointments AS other
           WHERE other.hospital_id = completed.hospital_id
             AND other.doctor_id = completed.doctor_id
             AND other.appointment_id <> completed.appointment_id
             AND other.during && completed.during
             AND other.status IN ('scheduled', 'checked_in', 'completed')
             AND NOT other.overbooking_intended)`,
    [hospitalId],
  );
}

export const appointmentsProjection: ServerProjection = {
  name: 'appointments',
  afterRebuild: markOverlapsAcceptedBeforeCompletedHeldTime,
  tables: ['appointments'],
  handles: new Set<AppointmentEvent['type']>([
    'AppointmentScheduled',
    'AppointmentRescheduled',
    'AppointmentCancelled',
    'AppointmentNoShow',
    'AppointmentCheckedIn',
    'AppointmentCompleted',
    'AppointmentConfirmed',
    'AppointmentCancellationRequested',
    'AppointmentMoveRequested',
  ]),
  async apply(sql: Sql, hospitalId: string, events: ProjectedEvent[]) {
    const firstEvent = new Map<string, string>();
    for (const event of events) {
      if (!firstEvent.has(event.aggregate_id)) firstEvent.set(event.aggregate_id, event.type);
    }
    // Appointments booked in this very batch have no row to read yet.
    const existing = [...firstEvent]
      .filter(([, type]) => type !== 'AppointmentScheduled')
      .map(([id]) => id);
    const appointments = await readAppointments(sql, hospitalId, { ids: existing });
    for (const stored of events) {
      const row = evolveAppointmentRow(
        appointments.get(stored.aggregate_id),
        stored.aggregate_id,
        upcastEventOf('appointment', stored),
      );
      if (row) appointments.set(stored.aggregate_id, row);
    }
    if (appointments.size === 0) return;
    await sql.query(
      `INSERT INTO appointments (hospital_id, ${columns()})
       SELECT $1, ${columns()} FROM jsonb_to_recordset($2::jsonb) AS r(appointment_id uuid,
              patient_id uuid, doctor_id uuid, location_id uuid, starts_at timestamptz,
              duration_minutes integer, status text, overbooking_intended boolean,
              visit_type text, reason text, visit_id uuid, patient_response jsonb)
       ON CONFLICT (hospital_id, appointment_id) DO UPDATE SET
         patient_id = EXCLUDED.patient_id, doctor_id = EXCLUDED.doctor_id,
         location_id = EXCLUDED.location_id, starts_at = EXCLUDED.starts_at,
         duration_minutes = EXCLUDED.duration_minutes, status = EXCLUDED.status,
         overbooking_intended = EXCLUDED.overbooking_intended,
         visit_type = EXCLUDED.visit_type, reason = EXCLUDED.reason, visit_id = EXCLUDED.visit_id,
         patient_response = EXCLUDED.patient_response`,
      [hospitalId, JSON.stringify([...appointments.values()])],
    );
  },
};
