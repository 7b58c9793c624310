import {
  foldEvents,
  type AggregateType,
  type AppointmentState,
  type HospitalState,
  type PatientResponseKind,
  type PatientState,
  type ReminderChannelName,
} from '@mymedic/shared';
import { readAppointments } from '../projections/appointments';
import { uuidArray, type Sql } from '../db/database';
import type { LoggedEvent, ReadModel } from '../read-side/read-model';
import { reconcileOutbox } from './outbox';
import { planReminders, type PlannedAppointment } from './plan';

export interface SchedulerOptions {
  /** The channels this server can send on. */
  available: ReadonlySet<ReminderChannelName>;
  /** The server's clock: an appointment already begun gets no reminder planned. */
  clock: () => Date;
}

/** Events that change nothing a reminder depends on. */
const ignored = new Set([
  'ReminderSent',
  'ReminderFailed',
  'ReminderDelivered',
  'ReminderRead',
  'AppointmentConfirmed',
  'AppointmentMoveRequested',
]);

/**
 * Keeps the reminder outbox in step with the log (docs/reminders.md, "Scheduling"): a
 * read model the projector runs after `patients`, from its own checkpoint, in the same
 * transaction as the checkpoint's move, so every event is planned for once and never
 * from the push's path. Each page names the appointments it touches (an appointment's
 * own events; a patient's, for their scheduled appointments; the organisation's, for
 * every scheduled one), plans them afresh and reconciles the plan with their rows. Its
 * table is not emptied on a rebuild: it records what was sent.
 */
export function reminderScheduler(options: SchedulerOptions): ReadModel {
  return {
    name: 'reminders',
    reads: new Set<AggregateType>(['appointment', 'patient', 'hospital']),
    tables: [],
    // It reads the patients' rows (consents, contacts); the appointments' are written in
    // the push's own transaction, the organisation and the answers are folded from the log.
    after: ['patients'],
    // A page names the appointments it touches from its events' streams and types alone.
    readsData: false,
    async apply(sql: Sql, hospitalId: string, events: LoggedEvent[]) {
      const touched = await touchedAppointments(sql, hospitalId, events, options.clock());
      if (touched.size === 0) return;
      const appointments = await readAppointments(sql, hospitalId, { ids: [...touched.keys()] });
      const patients = await readPatients(
        sql,
        hospitalId,
        [...appointments.values()].map((row) => row.patient_id),
      );
      const responses = await readPatientResponses(sql, hospitalId, [...appointments.keys()]);
      const hospital = await readHospital(sql, hospitalId);
      const doctors = await readNames(
        sql,
        hospitalId,
        [...appointments.values()].map((row) => row.doctor_id),
      );
      const now = options.clock().getTime();
      for (const [appointmentId, plannedAt] of touched) {
        const row = appointments.get(appointmentId);
        if (!row) continue;
        const appointment: PlannedAppointment = {
          ...row,
          patient_response: responses.get(appointmentId) ?? null,
        };
        // An appointment already begun needs no reminder (a first run over old history).
        const begun = Date.parse(row.starts_at) <= now;
        const plan = begun
          ? { reminders: [], otherwise: 'The appointment has begun' }
          : planReminders({
              appointment,
              patient: patients.get(row.patient_id) ?? null,
              hospital,
              doctorName: doctors.get(row.doctor_id) ?? null,
              available: options.available,
            });
        await reconcileOutbox(sql, hospitalId, appointment, plan, plannedAt);
      }
    },
  };
}

/**
 * The appointments a page of events touches, each with the time of the newest event
 * that touched it (a reminder whose time had passed by then is skipped, not sent late).
 */
async function touchedAppointments(
  sql: Sql,
  hospitalId: string,
  events: LoggedEvent[],
  now: Date,
): Promise<Map<string, string>> {
  const touched = new Map<string, string>();
  const patients = new Map<string, string>();
  let organisationChangedAt: string | null = null;
  for (const event of events) {
    if (ignored.has(event.type)) continue;
    if (event.aggregate_type === 'appointment') touched.set(event.aggregate_id, event.stored_at);
    else if (event.aggregate_type === 'patient') patients.set(event.aggregate_id, event.stored_at);
    else organisationChangedAt = event.stored_at;
  }
  if (patients.size === 0 && organisationChangedAt === null) return touched;
  // Scheduled appointments still to come, of these patients or of the whole organisation.
  const { rows } = await sql.query<{ appointment_id: string; patient_id: string }>(
    `SELECT appointment_id, patient_id FROM appointments
      WHERE hospital_id = $1 AND status = 'scheduled' AND starts_at > $2
        AND ($3 OR patient_id = ANY($4::uuid[]))`,
    [hospitalId, now.toISOString(), organisationChangedAt !== null, uuidArray(patients.keys())],
  );
  for (const row of rows) {
    const at = [
      touched.get(row.appointment_id),
      patients.get(row.patient_id),
      organisationChangedAt,
    ]
      .filter((time): time is string => time !== undefined && time !== null)
      .sort()
      .at(-1)!;
    touched.set(row.appointment_id, at);
  }
  return touched;
}

async function readPatients(sql: Sql, hospitalId: string, ids: string[]) {
  const { rows } = await sql.query<{ patient_id: string; state: PatientState }>(
    'SELECT patient_id, state FROM patients WHERE hospital_id = $1 AND patient_id = ANY($2::uuid[])',
    [hospitalId, uuidArray(new Set(ids))],
  );
  return new Map(rows.map((row) => [row.patient_id, row.state]));
}

/**
 * What each patient last said of their appointment's slot, folded from the appointments'
 * own streams (the read model keeps no answers): a request to cancel ends reminders.
 */
async function readPatientResponses(
  sql: Sql,
  hospitalId: string,
  ids: string[],
): Promise<Map<string, PatientResponseKind | null>> {
  const { rows } = await sql.query<{
    aggregate_id: string;
    type: string;
    schema_version: number;
    data: unknown;
  }>(
    `SELECT aggregate_id, type, schema_version, data FROM event_store
      WHERE hospital_id = $1 AND aggregate_id = ANY($2::uuid[]) ORDER BY aggregate_id, version`,
    [hospitalId, uuidArray(new Set(ids))],
  );
  const streams = new Map<string, typeof rows>();
  for (const row of rows) {
    const stream = streams.get(row.aggregate_id);
    if (stream) stream.push(row);
    else streams.set(row.aggregate_id, [row]);
  }
  const responses = new Map<string, PatientResponseKind | null>();
  for (const [id, events] of streams) {
    const state: AppointmentState = foldEvents('appointment', events);
    responses.set(id, state.patient_response?.kind ?? null);
  }
  return responses;
}

/** The organisation folded from its log (a handful of events: settings and locations). */
async function readHospital(sql: Sql, hospitalId: string): Promise<HospitalState | null> {
  const { rows } = await sql.query<{ type: string; schema_version: number; data: unknown }>(
    `SELECT type, schema_version, data FROM event_store
      WHERE hospital_id = $1 AND aggregate_id = $1 ORDER BY version`,
    [hospitalId],
  );
  return rows.length > 0 ? foldEvents('hospital', rows) : null;
}

/** Doctors as patients know them: "Dr" before a name that does not start with it. */
async function readNames(sql: Sql, hospitalId: string, ids: string[]) {
  const { rows } = await sql.query<{ user_id: string; full_name: string }>(
    'SELECT user_id, full_name FROM users WHERE hospital_id = $1 AND user_id = ANY($2::uuid[])',
    [hospitalId, uuidArray(new Set(ids))],
  );
  return new Map(
    rows.map((row) => [
      row.user_id,
      /^dr\b/i.test(row.full_name) ? row.full_name : `Dr ${row.full_name}`,
    ]),
  );
}
