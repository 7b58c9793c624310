import {
  clinicCountry,
  foldEvents,
  isKnownTimeZone,
  phoneSearchDigits,
  type AppointmentStatus,
  type VisitType,
  type Allergy,
  type Consent,
  type PatientDetails,
  type StateOf,
} from '@mymedic/shared';
import type { Sql } from '../db/database';
import { isoInstant, utcIsoText } from '../db/times';

/**
 * What the REST API and the FHIR export read: the read models, never the log. Every
 * function runs in the caller's tenant transaction (row level security scopes it to one
 * hospital besides the explicit `hospital_id`), and leaves out clinical content when the
 * reader may not read clinical records (`readsClinical`, from the permission table).
 */

export interface PatientSummary {
  patient_id: string;
  mrn: string;
  full_name: string;
  date_of_birth: string | null;
  birth_year_estimate: number | null;
  gender: PatientDetails['gender'];
  phone: string | null;
  archived: boolean;
  version: number;
  updated_at: string;
}

interface PatientRow {
  patient_id: string;
  version: number;
  archived: boolean;
  state: StateOf<'patient'>;
  created_at: string;
  updated_at: string;
}

const patientColumns = `patient_id, version, archived, state,
  ${utcIsoText('created_at')} AS created_at, ${utcIsoText('updated_at')} AS updated_at`;

function summaryOf(row: PatientRow): PatientSummary {
  const details = row.state.details;
  return {
    patient_id: row.patient_id,
    mrn: row.state.mrn ?? '',
    full_name: details?.full_name ?? '',
    date_of_birth: details?.date_of_birth ?? null,
    birth_year_estimate: details?.birth_year_estimate ?? null,
    gender: details?.gender ?? 'unknown',
    phone: details?.phone ?? null,
    archived: row.archived,
    version: row.version,
    updated_at: isoInstant(row.updated_at),
  };
}

/** Patients by name, a page at a time, with how many there are. */
export async function listPatients(
  sql: Sql,
  hospitalId: string,
  page: { limit: number; offset: number },
) {
  const [{ rows }, { rows: counted }] = [
    await sql.query<PatientRow>(
      `SELECT ${patientColumns} FROM patients WHERE hospital_id = $1
        ORDER BY full_name, patient_id LIMIT $2 OFFSET $3`,
      [hospitalId, page.limit, page.offset],
    ),
    await sql.query<{ total: number }>(
      'SELECT count(*)::int AS total FROM patients WHERE hospital_id = $1',
      [hospitalId],
    ),
  ];
  return { patients: rows.map(summaryOf), total: counted[0]?.total ?? 0 };
}

/** What an MRN looks like, in lower case (mrnSchema): typed whole or its start. */
const mrnShape = /^[a-z0-9][a-z0-9-]{2,39}$/;

/** The country the clinic's phone numbers are read in (`clinicCountry`), or null. */
export async function clinicPhoneCountry(sql: Sql, hospitalId: string) {
  return clinicCountry(await clinicSettings(sql, hospitalId));
}

/**
 * The digits a typed phone number is looked for by: its national number read in the
 * clinic's country (so 0712 345 678, +254712345678 and 712345678 all give 712345678), or
 * for text that is not only a number, its last nine digits. Null: too few digits.
 */
async function phoneDigitsTyped(sql: Sql, hospitalId: string, text: string) {
  const digits = text.replace(/\D/g, '');
  if (digits.length < 6) return null;
  return phoneSearchDigits(text, await clinicPhoneCountry(sql, hospitalId)) ?? digits.slice(-9);
}

/**
 * Patients matching what someone typed, best first: a name with a typo or two in any of
 * its words, or a word's start (each word typed against the hospital's vocabulary of name
 * words, by trigram word similarity), a phone number in any common format (read in the
 * clinic's country, so a trunk 0 or a country code does not matter), or an MRN, whole or
 * its start.
 */
export async function searchPatients(sql: Sql, hospitalId: string, query: string, limit = 20) {
  const text = query.trim().toLowerCase().replace(/\s+/g, ' ');
  const phone = await phoneDigitsTyped(sql, hospitalId, text);
  const mrn = mrnShape.test(text) ? text : null;
  // `patients_found` (migration 0018) runs as its owner to reach its indexes under row
  // level security, and keeps to the tenant itself; the rows are read here as usual.
  const { rows } = await sql.query<PatientRow & { score: number }>(
    `SELECT ${patientColumns}, found.score
       FROM patients_found($2, $3, $4, $5) AS found JOIN patients USING (patient_id)
      WHERE patients.hospital_id = $1
      ORDER BY found.score DESC, patients.full_name, patient_id`,
    [hospitalId, text, phone, mrn, limit],
  );
  return rows.map((row) => ({ ...summaryOf(row), score: Math.round(row.score * 1000) / 1000 }));
}

export interface PatientRecord extends PatientSummary {
  email: string | null;
  address: PatientDetails['address'];
  national_id: string | null;
  preferred_language: string | null;
  emergency_contact: PatientDetails['emergency_contact'];
  consents: Consent[];
  /** Absent for a reader who may not read clinical records. */
  allergies?: Allergy[];
  created_at: string;
}

/** One patient with consents, and allergies for a clinician; undefined when unknown here. */
export async function readPatient(
  sql: Sql,
  hospitalId: string,
  patientId: string,
  readsClinical: boolean,
): Promise<PatientRecord | undefined> {
  const row = await patientRow(sql, hospitalId, patientId);
  if (!row) return undefined;
  const details = row.state.details;
  return {
    ...summaryOf(row),
    email: details?.email ?? null,
    address: details?.address ?? null,
    national_id: details?.national_id ?? null,
    preferred_language: details?.preferred_language ?? null,
    emergency_contact: details?.emergency_contact ?? null,
    consents: row.state.consents,
    ...(readsClinical ? { allergies: row.state.allergies } : {}),
    created_at: isoInstant(row.created_at),
  };
}

export async function patientRow(sql: Sql, hospitalId: string, patientId: string) {
  const { rows } = await sql.query<PatientRow>(
    `SELECT ${patientColumns} FROM patients WHERE hospital_id = $1 AND patient_id = $2`,
    [hospitalId, patientId],
  );
  return rows[0];
}

/** A record of one of the folded-state read models, as the FHIR export maps it. */
export interface StoredRecord<State> {
  id: string;
  version: number;
  state: State;
  created_at: string;
  updated_at: string;
}

const recordTables = {
  visits: 'visit_id',
  vitals: 'vitals_id',
  notes: 'note_id',
  prescriptions: 'prescription_id',
  documents: 'document_id',
} as const;
type RecordTable = keyof typeof recordTables;
interface StateOfTable {
  visits: StateOf<'visit'>;
  vitals: StateOf<'vitals'>;
  notes: StateOf<'note'>;
  prescriptions: StateOf<'prescription'>;
  documents: StateOf<'document'>;
}

/** A record table's rows where `condition` holds ($1 is the hospital, $2 the value). */
async function readRecords<Table extends RecordTable>(
  sql: Sql,
  table: Table,
  condition: string,
  params: [hospitalId: string, value: string],
): Promise<StoredRecord<StateOfTable[Table]>[]> {
  const id = recordTables[table];
  const { rows } = await sql.query<StoredRecord<StateOfTable[Table]>>(
    `SELECT ${id} AS id, version, state,
            ${utcIsoText('created_at')} AS created_at, ${utcIsoText('updated_at')} AS updated_at
       FROM ${table} WHERE hospital_id = $1 AND ${condition}
      ORDER BY created_at, ${id}`,
    params,
  );
  return rows.map((row) => ({
    ...row,
    created_at: isoInstant(row.created_at),
    updated_at: isoInstant(row.updated_at),
  }));
}

/** A patient's records of one kind, oldest first. */
export const recordsOfPatient = <Table extends RecordTable>(
  sql: Sql,
  hospitalId: string,
  table: Table,
  patientId: string,
) => readRecords(sql, table, 'patient_id = $2', [hospitalId, patientId]);

/** One record by its id; undefined when unknown here. */
export async function recordById<Table extends RecordTable>(
  sql: Sql,
  hospitalId: string,
  table: Table,
  id: string,
): Promise<StoredRecord<StateOfTable[Table]> | undefined> {
  return (await readRecords(sql, table, `${recordTables[table]} = $2`, [hospitalId, id]))[0];
}

/** A visit as the front desk may see it: where it stands, not what was found. */
export function visitForReader(record: StoredRecord<StateOf<'visit'>>, readsClinical: boolean) {
  const { state } = record;
  return {
    visit_id: record.id,
    version: record.version,
    status: state.status,
    patient_id: state.patient_id,
    appointment_id: state.appointment_id,
    doctor_id: state.doctor_id,
    location_id: state.location_id,
    checked_in_at: state.checked_in_at,
    consultation_started_at: state.consultation_started_at,
    completed_at: state.completed_at,
    triage_priority: state.triage?.priority ?? null,
    ...(readsClinical
      ? {
          complaint: state.triage?.complaint ?? null,
          diagnoses: state.diagnoses,
          treatment_plan: state.treatment_plan,
        }
      : {}),
  };
}

/** The clinic's settings, from its own stream (a handful of events). */
async function clinicSettings(sql: Sql, hospitalId: string) {
  const { rows } = await sql.query<{ type: string; schema_version: number; data: unknown }>(
    `SELECT type, schema_version, data FROM event_store
      WHERE hospital_id = $1 AND aggregate_type = 'hospital' ORDER BY version`,
    [hospitalId],
  );
  return foldEvents('hospital', rows).settings;
}

/** The clinic's time zone. */
export async function clinicTimeZone(sql: Sql, hospitalId: string): Promise<string> {
  const zone = (await clinicSettings(sql, hospitalId))?.timezone ?? 'UTC';
  // A zone set before zones were checked, unknown to the database, would fail every
  // query by day: those read in UTC.
  return isKnownTimeZone(zone) ? zone : 'UTC';
}

/** Visits checked in on a day of the clinic's calendar. */
export async function visitsOn(sql: Sql, hospitalId: string, date: string, readsClinical: boolean) {
  const zone = await clinicTimeZone(sql, hospitalId);
  const { rows } = await sql.query<StoredRecord<StateOf<'visit'>>>(
    `SELECT visit_id AS id, version, state,
            ${utcIsoText('created_at')} AS created_at, ${utcIsoText('updated_at')} AS updated_at
       FROM visits
      WHERE hospital_id = $1
        AND (state ->> 'checked_in_at')::timestamptz >= ($2::date)::timestamp AT TIME ZONE $3
        AND (state ->> 'checked_in_at')::timestamptz < ($2::date + 1)::timestamp AT TIME ZONE $3
      ORDER BY (state ->> 'checked_in_at')::timestamptz, visit_id`,
    [hospitalId, date, zone],
  );
  return { time_zone: zone, visits: rows.map((row) => visitForReader(row, readsClinical)) };
}

export interface AppointmentListing {
  appointment_id: string;
  patient_id: string;
  patient_name: string | null;
  doctor_id: string;
  doctor_name: string | null;
  location_id: string | null;
  starts_at: string;
  duration_minutes: number;
  status: AppointmentStatus;
  overbooking_intended: boolean;
  visit_type: VisitType;
  reason: string;
  visit_id: string | null;
}

/** A day's appointments in the clinic's calendar, with names, by time. */
export async function appointmentsOn(
  sql: Sql,
  hospitalId: string,
  filter: { date: string; doctor_id?: string; location_id?: string },
) {
  const zone = await clinicTimeZone(sql, hospitalId);
  const { rows } = await sql.query<AppointmentListing>(
    `SELECT a.appointment_id, a.patient_id, p.full_name AS patient_name, a.doctor_id,
            u.full_name AS doctor_name, a.location_id, ${utcIsoText('a.starts_at')} AS starts_at,
            a.duration_minutes, a.status, a.overbooking_intended, a.visit_type, a.reason, a.visit_id
       FROM appointments AS a
       LEFT JOIN patients AS p ON p.hospital_id = a.hospital_id AND p.patient_id = a.patient_id
       LEFT JOIN users AS u ON u.hospital_id = a.hospital_id AND u.user_id = a.doctor_id
      WHERE a.hospital_id = $1
        AND a.starts_at >= ($2::date)::timestamp AT TIME ZONE $3
        AND a.starts_at < ($2::date + 1)::timestamp AT TIME ZONE $3
        AND ($4::uuid IS NULL OR a.doctor_id = $4)
        AND ($5::uuid IS NULL OR a.location_id = $5)
      ORDER BY a.starts_at, a.appointment_id`,
    [hospitalId, filter.date, zone, filter.doctor_id ?? null, filter.location_id ?? null],
  );
  return {
    time_zone: zone,
    appointments: rows.map((row) => ({ ...row, starts_at: isoInstant(row.starts_at) })),
  };
}

/** A patient's appointments, oldest first (for the history and the FHIR export). */
export async function appointmentsOfPatient(sql: Sql, hospitalId: string, patientId: string) {
  const { rows } = await sql.query<AppointmentListing>(
    `SELECT appointment_id, patient_id, doctor_id, location_id,
            ${utcIsoText('starts_at')} AS starts_at, duration_minutes, status,
            overbooking_intended, visit_type, reason, visit_id
       FROM appointments WHERE hospital_id = $1 AND patient_id = $2
      ORDER BY starts_at, appointment_id`,
    [hospitalId, patientId],
  );
  return rows.map((row) => ({ ...row, starts_at: isoInstant(row.starts_at) }));
}
