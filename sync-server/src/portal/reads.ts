import type {
  HospitalState,
  PatientResponse,
  PortalAppointment,
  PortalMe,
  StateOf,
} from '@mymedic/shared';
import type { Sql } from '../db/database';
import { isoInstant, utcIsoText } from '../db/times';
import { portalClinicOf } from './clinic';

/**
 * What the portal shows a patient, from the server's read models. Every function runs in
 * a transaction of the portal's role for one patient (`asSignedInPatient`): row level
 * security returns that patient's rows alone, so a query here that forgot its patient
 * would still read nobody else's. The explicit conditions say what is meant.
 */

const consentsOf = (state: StateOf<'patient'>) =>
  state.consents.map((consent) => ({
    consent_id: consent.consent_id,
    type: consent.consent_type,
    granted_at: consent.given_at,
    withdrawn_at: consent.withdrawn_at,
  }));

/** The patient's folded record, or undefined when not on record (or not theirs). */
export async function patientState(sql: Sql, hospitalId: string, patientId: string) {
  const { rows } = await sql.query<{ state: StateOf<'patient'> }>(
    'SELECT state FROM patients WHERE hospital_id = $1 AND patient_id = $2',
    [hospitalId, patientId],
  );
  return rows[0]?.state;
}

export async function readMe(
  sql: Sql,
  hospitalId: string,
  patientId: string,
  clinic: HospitalState,
): Promise<PortalMe | undefined> {
  const state = await patientState(sql, hospitalId, patientId);
  if (!state?.details) return undefined;
  return {
    patient_id: patientId,
    full_name: state.details.full_name,
    date_of_birth: state.details.date_of_birth ?? null,
    phone: state.details.phone ?? null,
    email: state.details.email ?? null,
    preferred_language: state.details.preferred_language ?? null,
    clinic: portalClinicOf(hospitalId, clinic),
    consents: consentsOf(state),
  };
}

export async function readConsents(sql: Sql, hospitalId: string, patientId: string) {
  const state = await patientState(sql, hospitalId, patientId);
  return state ? consentsOf(state) : [];
}

interface AppointmentRow {
  appointment_id: string;
  starts_at: string;
  duration_minutes: number;
  status: string;
  visit_type: string;
  doctor_name: string | null;
  location_id: string | null;
  patient_response: PatientResponse | null;
  version: number | null;
}

/** The patient's appointments (or the one asked for), with names, earliest first. */
async function appointmentRows(sql: Sql, hospitalId: string, patientId: string, id?: string) {
  const { rows } = await sql.query<AppointmentRow>(
    `SELECT a.appointment_id, ${utcIsoText('a.starts_at')} AS starts_at, a.duration_minutes,
            a.status, a.visit_type, u.full_name AS doctor_name, a.location_id,
            a.patient_response, s.version
       FROM appointments AS a
       LEFT JOIN users AS u ON u.hospital_id = a.hospital_id AND u.user_id = a.doctor_id
       LEFT JOIN streams AS s ON s.hospital_id = a.hospital_id AND s.aggregate_id = a.appointment_id
      WHERE a.hospital_id = $1 AND a.patient_id = $2
        AND ($3::uuid IS NULL OR a.appointment_id = $3::uuid)
      ORDER BY a.starts_at, a.appointment_id`,
    [hospitalId, patientId, id ?? null],
  );
  return rows;
}

function appointmentOf(row: AppointmentRow, clinic: HospitalState): PortalAppointment {
  const location = clinic.locations.find((known) => known.location_id === row.location_id);
  return {
    appointment_id: row.appointment_id,
    starts_at: isoInstant(row.starts_at),
    duration_minutes: row.duration_minutes,
    status: row.status,
    visit_type: row.visit_type,
    doctor_name: row.doctor_name,
    location_name: location?.name ?? null,
    patient_response: row.patient_response,
    version: row.version ?? 0,
  };
}

/** Upcoming (starting after `now`, soonest first) and past (latest first). */
export async function readAppointments(
  sql: Sql,
  hospitalId: string,
  patientId: string,
  clinic: HospitalState,
  now: Date,
) {
  const all = (await appointmentRows(sql, hospitalId, patientId)).map((row) =>
    appointmentOf(row, clinic),
  );
  const upcoming = all.filter((appointment) => Date.parse(appointment.starts_at) > now.getTime());
  const past = all.filter((appointment) => !upcoming.includes(appointment)).reverse();
  return { upcoming, past };
}

export async function readAppointment(
  sql: Sql,
  hospitalId: string,
  patientId: string,
  clinic: HospitalState,
  appointmentId: string,
) {
  const [row] = await appointmentRows(sql, hospitalId, patientId, appointmentId);
  return row && appointmentOf(row, clinic);
}

/** The staff names a page of records refers to. */
async function staffNames(sql: Sql, hospitalId: string, ids: (string | null | undefined)[]) {
  const wanted = [...new Set(ids.filter((id): id is string => typeof id === 'string'))];
  if (wanted.length === 0) return new Map<string, string>();
  const { rows } = await sql.query<{ user_id: string; full_name: string }>(
    `SELECT user_id, full_name FROM users WHERE hospital_id = $1 AND user_id = ANY($2::uuid[])`,
    [hospitalId, `{${wanted.join(',')}}`],
  );
  return new Map(rows.map((row) => [row.user_id, row.full_name]));
}

/** The state of each of the patient's records in one read model, oldest first. */
async function statesOf<Table extends 'visits' | 'vitals' | 'prescriptions' | 'documents'>(
  sql: Sql,
  table: Table,
  hospitalId: string,
  patientId: string,
) {
  const idColumn = {
    visits: 'visit_id',
    vitals: 'vitals_id',
    prescriptions: 'prescription_id',
    documents: 'document_id',
  }[table];
  const { rows } = await sql.query<{ id: string; state: unknown; shared_at: string | null }>(
    `SELECT ${idColumn} AS id, state,
            ${table === 'documents' ? utcIsoText('shared_at') : 'NULL::text'} AS shared_at
       FROM ${table} WHERE hospital_id = $1 AND patient_id = $2
      ORDER BY created_at, ${idColumn}`,
    [hospitalId, patientId],
  );
  return rows;
}

/** Completed visits: when, with whom, the diagnoses and the plan the doctor signed off. */
export async function readVisits(sql: Sql, hospitalId: string, patientId: string) {
  const visits = (await statesOf(sql, 'visits', hospitalId, patientId))
    .map((row) => ({ id: row.id, state: row.state as StateOf<'visit'> }))
    .filter(({ state }) => state.status === 'completed');
  const names = await staffNames(
    sql,
    hospitalId,
    visits.map(({ state }) => state.doctor_id),
  );
  return {
    visits: visits.reverse().map(({ id, state }) => ({
      visit_id: id,
      started_at: state.consultation_started_at ?? state.checked_in_at,
      completed_at: state.completed_at,
      doctor_name: (state.doctor_id && names.get(state.doctor_id)) ?? null,
      diagnoses: state.diagnoses.map(({ code, description }) => ({ code, description })),
      treatment_plan: state.treatment_plan?.plan ?? null,
    })),
  };
}

/** Signed prescriptions still standing (issued, not cancelled), newest first. */
export async function readPrescriptions(sql: Sql, hospitalId: string, patientId: string) {
  const signed = (await statesOf(sql, 'prescriptions', hospitalId, patientId))
    .map((row) => ({ id: row.id, state: row.state as StateOf<'prescription'> }))
    .filter(({ state }) => state.status === 'issued' && state.prescription);
  const names = await staffNames(
    sql,
    hospitalId,
    signed.map(({ state }) => state.prescription!.signed_by),
  );
  return {
    prescriptions: signed.reverse().map(({ id, state }) => {
      const prescription = state.prescription!;
      return {
        prescription_id: id,
        issued_at: prescription.signed_at,
        prescriber_name: names.get(prescription.signed_by) ?? null,
        diagnosis: prescription.diagnosis,
        items: prescription.medications,
        signed: true as const,
        content_sha256: prescription.content_sha256,
      };
    }),
  };
}

const measures = [
  'systolic',
  'diastolic',
  'pulse',
  'temperature_c',
  'respiratory_rate',
  'spo2',
  'weight_kg',
  'height_cm',
  'glucose_mmol_l',
] as const;

/** Every measurement, oldest first (what a chart draws), but those entered in error. */
export async function readVitals(sql: Sql, hospitalId: string, patientId: string) {
  const rows = (await statesOf(sql, 'vitals', hospitalId, patientId))
    .map((row) => ({ id: row.id, state: row.state as StateOf<'vitals'> }))
    .filter(({ state }) => state.measurement !== null && !state.entered_in_error)
    .map(({ id, state }) => ({ id, measurement: state.measurement }));
  const vitals = rows.map(({ id, measurement }) => ({
    vitals_id: id,
    recorded_at: measurement!.taken_at,
    ...Object.fromEntries(measures.map((measure) => [measure, measurement![measure] ?? null])),
  }));
  vitals.sort((a, b) => Date.parse(a.recorded_at) - Date.parse(b.recorded_at));
  return {
    vitals: vitals as ({ vitals_id: string; recorded_at: string } & Record<
      (typeof measures)[number],
      number | null
    >)[],
  };
}

/** The documents the clinic shared with the patient (the policy reads no others). */
export async function readDocuments(sql: Sql, hospitalId: string, patientId: string) {
  const rows = await statesOf(sql, 'documents', hospitalId, patientId);
  return {
    documents: rows.flatMap((row) => {
      const { document } = row.state as StateOf<'document'>;
      if (!document || !row.shared_at) return [];
      return [
        {
          document_id: row.id,
          title: document.title,
          kind: document.category,
          shared_at: isoInstant(row.shared_at),
          content_type: document.mime_type,
          size: document.size_bytes,
        },
      ];
    }),
  };
}

/** One shared document's file: its media type and bytes; undefined when not theirs. */
export async function readDocumentFile(
  sql: Sql,
  hospitalId: string,
  patientId: string,
  documentId: string,
) {
  const { rows } = await sql.query<{ mime_type: string; file_name: string; bytes: Uint8Array }>(
    `SELECT f.mime_type, d.state -> 'document' ->> 'file_name' AS file_name, f.bytes
       FROM documents AS d
       JOIN document_files AS f
         ON f.hospital_id = d.hospital_id AND f.sha256 = d.state -> 'document' ->> 'sha256'
      WHERE d.hospital_id = $1 AND d.patient_id = $2 AND d.document_id = $3`,
    [hospitalId, patientId, documentId],
  );
  return rows[0];
}
