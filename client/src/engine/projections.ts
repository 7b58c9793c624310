import { foldEvents, type AggregateType, type StateOf } from '@mymedic/shared';
import type { Table } from 'dexie';
import type {
  AppointmentRow,
  DocumentRow,
  LocalDatabase,
  LocalEvent,
  MessageRow,
  NoteRow,
  OrganisationRow,
  StaffRow,
  PatientRow,
  PrescriptionRow,
  VisitRow,
  VitalsRow,
} from './db';

/**
 * How one aggregate type shows on the screens: a row in its table, derived from the
 * aggregate's folded state alone, or none while the aggregate does not exist.
 */
interface Projector<State, Row> {
  table(db: LocalDatabase): Table<Row, string>;
  row: (aggregateId: string, state: State, stream: LocalEvent[]) => Row | null;
}

const pendingFlag = (stream: LocalEvent[]): 0 | 1 =>
  stream.some((event) => event.confirmed === 0) ? 1 : 0;

/** Who wrote the aggregate's latest event of this type, once confirmed (see VisitRow). */
const metaOf = (stream: LocalEvent[], type: string) =>
  stream.findLast((event) => event.type === type)?.meta ?? null;

const patientProjector: Projector<StateOf<'patient'>, PatientRow> = {
  table: (db) => db.patients,
  row(aggregateId, state, stream) {
    if (!state.exists || !state.details || !state.mrn) return null;
    return {
      ...state.details,
      patient_id: aggregateId,
      mrn: state.mrn,
      archived: state.archived ? 1 : 0,
      allergies: state.allergies,
      consents: state.consents,
      registered_at: metaOf(stream, 'PatientRegistered')?.issued_at ?? null,
      version: stream.length,
      pending: pendingFlag(stream),
    };
  },
};

const appointmentProjector: Projector<StateOf<'appointment'>, AppointmentRow> = {
  table: (db) => db.appointments,
  row(aggregateId, { exists, ...state }, stream) {
    const { status, patient_id, doctor_id, starts_at, duration_minutes, visit_type, reason } =
      state;
    if (
      !exists ||
      !status ||
      !patient_id ||
      !doctor_id ||
      !starts_at ||
      duration_minutes === null ||
      !visit_type ||
      reason === null
    )
      return null;
    const ends = new Date(Date.parse(starts_at) + duration_minutes * 60_000);
    return {
      ...state,
      status,
      patient_id,
      doctor_id,
      starts_at,
      duration_minutes,
      visit_type,
      reason,
      appointment_id: aggregateId,
      ends_at: ends.toISOString(),
      version: stream.length,
      pending: pendingFlag(stream),
    };
  },
};

const authorOf = (stream: LocalEvent[], type: string) => metaOf(stream, type)?.user_id ?? null;

const visitProjector: Projector<StateOf<'visit'>, VisitRow> = {
  table: (db) => db.visits,
  row(aggregateId, { exists, ...state }, stream) {
    if (!exists) return null;
    return {
      ...state,
      visit_id: aggregateId,
      checked_in_by: authorOf(stream, 'VisitCheckedIn'),
      triaged_by: authorOf(stream, 'TriageRecorded'),
      version: stream.length,
      pending: pendingFlag(stream),
    };
  },
};

const vitalsProjector: Projector<StateOf<'vitals'>, VitalsRow> = {
  table: (db) => db.vitals,
  row(aggregateId, { measurement, entered_in_error }, stream) {
    if (!measurement) return null;
    return {
      ...measurement,
      vitals_id: aggregateId,
      entered_in_error: entered_in_error ?? null,
      version: stream.length,
      pending: pendingFlag(stream),
    };
  },
};

/** The server's receipt time of an aggregate's event of this type, once confirmed. */
const storedAtOf = (stream: LocalEvent[], type: string) =>
  stream.find((event) => event.type === type)?.stored_at ?? null;

const noteProjector: Projector<StateOf<'note'>, NoteRow> = {
  table: (db) => db.notes,
  row(aggregateId, { exists, ...state }, stream) {
    if (!exists) return null;
    return {
      ...state,
      note_id: aggregateId,
      status: state.signature ? 'signed' : 'draft',
      signature_stored_at: storedAtOf(stream, 'NoteSigned'),
      version: stream.length,
      pending: pendingFlag(stream),
    };
  },
};

const prescriptionProjector: Projector<StateOf<'prescription'>, PrescriptionRow> = {
  table: (db) => db.prescriptions,
  row(aggregateId, state, stream) {
    if (!state.exists || !state.prescription || !state.status) return null;
    return {
      ...state.prescription,
      prescription_id: aggregateId,
      status: state.status,
      cancellation: state.cancellation,
      signature_stored_at: storedAtOf(stream, 'PrescriptionIssued'),
      version: stream.length,
      pending: pendingFlag(stream),
    };
  },
};

const documentProjector: Projector<StateOf<'document'>, DocumentRow> = {
  table: (db) => db.documents,
  row(aggregateId, state, stream) {
    if (!state.exists || !state.document) return null;
    return {
      ...state.document,
      document_id: aggregateId,
      archived: state.archived ? 1 : 0,
      shared_at: state.shared_at ?? null,
      attached_by: authorOf(stream, 'DocumentAttached'),
      attached_at: metaOf(stream, 'DocumentAttached')?.issued_at ?? null,
      version: stream.length,
      pending: pendingFlag(stream),
    };
  },
};

const staffProjector: Projector<StateOf<'user'>, StaffRow> = {
  table: (db) => db.staff,
  row(aggregateId, state, stream) {
    if (!state.exists || !state.full_name || !state.email || state.roles.length === 0) return null;
    return {
      user_id: aggregateId,
      full_name: state.full_name,
      email: state.email,
      roles: state.roles,
      active: state.active ? 1 : 0,
      language: state.language,
      version: stream.length,
      pending: pendingFlag(stream),
    };
  },
};

const organisationProjector: Projector<StateOf<'hospital'>, OrganisationRow> = {
  table: (db) => db.organisation,
  row(aggregateId, state, stream) {
    if (!state.registered || !state.settings) return null;
    return {
      hospital_id: aggregateId,
      kind: state.kind,
      settings: state.settings,
      locations: state.locations,
      version: stream.length,
      pending: pendingFlag(stream),
    };
  },
};

const messageProjector: Projector<StateOf<'message'>, MessageRow> = {
  table: (db) => db.messages,
  row(aggregateId, state, stream) {
    if (!state.exists || !state.from_user_id || !state.recipient || !state.sent_at) return null;
    return {
      message_id: aggregateId,
      from_user_id: state.from_user_id,
      recipient: state.recipient,
      // Absent when pulled without it: the person syncing was not among its readers.
      body: state.body ?? null,
      sent_at: state.sent_at,
      read_by: state.read_by,
      version: stream.length,
      pending: pendingFlag(stream),
    };
  },
};

/** Each aggregate type's projector, handed that type's folded state. */
const projectors: { [Type in AggregateType]?: Projector<StateOf<Type>, unknown> } = {
  user: staffProjector,
  hospital: organisationProjector,
  patient: patientProjector,
  appointment: appointmentProjector,
  visit: visitProjector,
  vitals: vitalsProjector,
  note: noteProjector,
  prescription: prescriptionProjector,
  document: documentProjector,
  message: messageProjector,
};

/** Every projection table: part of each write transaction (see local-log.ts). */
export const projectionTables = (db: LocalDatabase) =>
  Object.values(projectors).map((projector) => projector.table(db));

/** The row an aggregate's stream projects to, or null when it projects to nothing. */
export function projectRow<Type extends AggregateType>(
  aggregateType: Type,
  aggregateId: string,
  stream: LocalEvent[],
) {
  const projector = projectors[aggregateType];
  if (!projector) return undefined;
  return { projector, row: projector.row(aggregateId, foldEvents(aggregateType, stream), stream) };
}

/** Writes (or removes) the projection row of one aggregate from its local stream. */
export async function writeProjection(
  db: LocalDatabase,
  aggregateType: AggregateType,
  aggregateId: string,
  stream: LocalEvent[],
) {
  const projected = projectRow(aggregateType, aggregateId, stream);
  if (!projected) return;
  const table = projected.projector.table(db);
  if (projected.row === null) await table.delete(aggregateId);
  else await table.put(projected.row);
}

/**
 * Writes (or removes) the projection rows of many aggregates, each as writeProjection
 * would, with one bulkDelete and one bulkPut per table. Each aggregate once at most.
 */
export async function writeProjections(
  db: LocalDatabase,
  streams: { aggregateType: AggregateType; aggregateId: string; stream: LocalEvent[] }[],
) {
  const writes = new Map<
    string,
    { table: Table<unknown, string>; put: unknown[]; remove: string[] }
  >();
  for (const { aggregateType, aggregateId, stream } of streams) {
    const projected = projectRow(aggregateType, aggregateId, stream);
    if (!projected) continue;
    const table = projected.projector.table(db);
    let write = writes.get(table.name);
    if (!write) writes.set(table.name, (write = { table, put: [], remove: [] }));
    if (projected.row === null) write.remove.push(aggregateId);
    else write.put.push(projected.row);
  }
  for (const { table, put, remove } of writes.values()) {
    if (remove.length > 0) await table.bulkDelete(remove);
    if (put.length > 0) await table.bulkPut(put);
  }
}
