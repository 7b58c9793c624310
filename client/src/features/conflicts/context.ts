import type { TFunction } from 'i18next';
import type { ConflictRecord, LocalDatabase, LocalEvent } from '../../engine/db';
import { confirmedStreams, localStream } from '../../engine/local-log';
import type { Formats } from '../../i18n/format';

/** Who wrote something and when, as the device's log has it. */
export interface Authorship {
  by: string | null;
  at: string | null;
}

/** What a conflict card names besides the refused change (docs/client.md, "Conflicts"). */
export interface ConflictContext {
  patientName: string | null;
  /** The newest change the server took after the version this device had seen. */
  otherChange: Authorship | null;
  /** For a booking refused for its slot: the booking that holds it, and who made it. */
  holder: (Authorship & { patientName: string | null; doctorName: string | null }) | null;
}

interface Clash {
  appointment_id: string;
  patient_id: string;
  doctor_id?: string;
}

/** The records a command can be about, and where their patient is kept. */
const patientOfRecord: Partial<
  Record<string, (db: LocalDatabase, id: string) => Promise<string | null | undefined>>
> = {
  patient: (_db, id) => Promise.resolve(id),
  appointment: async (db, id) => (await db.appointments.get(id))?.patient_id,
  visit: async (db, id) => (await db.visits.get(id))?.patient_id,
  note: async (db, id) => (await db.notes.get(id))?.patient_id,
  prescription: async (db, id) => (await db.prescriptions.get(id))?.patient_id,
  document: async (db, id) => (await db.documents.get(id))?.patient_id,
  vitals: async (db, id) => (await db.vitals.get(id))?.patient_id,
};

/** The patient a refused command is about: its record's, else the one its payload names. */
async function patientIdOf(db: LocalDatabase, conflict: ConflictRecord) {
  const { aggregate_type, aggregate_id, payload } = conflict.command;
  const fromRecord = await patientOfRecord[aggregate_type]?.(db, aggregate_id);
  if (fromRecord) return fromRecord;
  const named = (payload as { patient_id?: unknown } | undefined)?.patient_id;
  return typeof named === 'string' ? named : null;
}

const authorOf = (event: LocalEvent | undefined, names: Map<string, string>): Authorship | null =>
  event?.meta
    ? {
        by: names.get(event.meta.user_id) ?? null,
        at: event.stored_at ?? event.meta.issued_at,
      }
    : null;

/**
 * Reads what a person deciding a conflict needs besides the two values: whose record it
 * is, who made the other change and when (the newest confirmed event after the version
 * the refused command was decided on), and for a booking, whose booking holds the slot.
 */
export async function readConflictContext(
  db: LocalDatabase,
  conflict: ConflictRecord,
): Promise<ConflictContext> {
  const staff = await db.staff.toArray();
  const names = new Map(staff.map((person) => [person.user_id, person.full_name]));
  const patientId = await patientIdOf(db, conflict);
  const patient = patientId ? await db.patients.get(patientId) : undefined;
  const { aggregate_id, expected_version } = conflict.command;
  const [confirmed] = await confirmedStreams(db, [aggregate_id]);
  const later = confirmed!.filter((event) => event.version > expected_version);
  const clash = (conflict.error.details as { clashes_with?: Clash } | undefined)?.clashes_with;
  let holder: ConflictContext['holder'] = null;
  if (clash) {
    const [booked, heldBy, held] = await Promise.all([
      localStream(db, clash.appointment_id).then((stream) =>
        stream.find((event) => event.version === 1),
      ),
      db.patients.get(clash.patient_id),
      db.appointments.get(clash.appointment_id),
    ]);
    const doctorId = clash.doctor_id ?? held?.doctor_id;
    holder = {
      by: null,
      at: null,
      ...authorOf(booked, names),
      patientName: heldBy?.full_name ?? null,
      doctorName: doctorId ? (names.get(doctorId) ?? null) : null,
    };
  }
  return {
    patientName: patient?.full_name ?? null,
    otherChange: authorOf(later.at(-1), names),
    holder,
  };
}

/** "Achieng Otieno, Tue 1 Dec, 10:42" on the clinic's clock, or what of it the device knows. */
export function describeAuthorship(
  change: Authorship,
  t: TFunction<'conflicts'>,
  format: Formats,
): string {
  const who = change.by ?? t('someoneElsewhere');
  return change.at ? t('authorship', { who, at: format.dayTime(change.at) }) : who;
}
