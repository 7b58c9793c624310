import Dexie, { type Table } from 'dexie';
import type {
  AppointmentState,
  AttachedDocument,
  ConflictChoice,
  HospitalSettings,
  HospitalState,
  Location,
  MessageRecipient,
  Role,
  UserState,
  IssuedPrescription,
  NoteState,
  PrescriptionState,
  VisitState,
  VitalsEnteredInError,
  VitalsMeasurement,
  ErrorBody,
  PatientDetails,
  PushedCommand,
} from '@mymedic/shared';
import type { LocalEvent } from './local-event';
import type { PackedPage } from './packed';
import { moveConfirmedEventsToStreams, type StreamRow } from './streams';

export type { LocalEvent } from './local-event';

/** A command decided on this device and not yet confirmed by the server. */
export interface PendingCommand extends PushedCommand {
  /** The server answered accepted/duplicate/rebased; waiting for the pull to confirm. */
  acknowledged: 0 | 1;
  /**
   * Who issued it on this shared device. Only that person's session pushes it, so the
   * server records the real author; absent on commands from before this was kept.
   */
  issued_by?: Issuer;
}

/**
 * Who issued a pending command: their roles then (`role` alone on commands queued before
 * people held several roles).
 */
export interface Issuer {
  user_id: string;
  roles?: Role[];
  role?: Role;
}

/** A command the server (or a rebase) refused: kept, shown to people, never dropped. */
export interface ConflictRecord {
  command_id: string;
  /** The refused command, with who issued it on this device (kept from its outbox entry). */
  command: PushedCommand & { issued_by?: Issuer };
  kind: 'conflict' | 'rejected';
  error: ErrorBody;
  created_at: string;
  resolution: null | { choice: ConflictChoice; resolved_at: string; user_id: string };
}

/** The patients projection: one row per patient, derived from the aggregate's state. */
export interface PatientRow extends PatientDetails {
  patient_id: string;
  mrn: string;
  archived: 0 | 1;
  allergies: { allergy_id: string; substance: string; reaction: string; severity: string }[];
  consents: {
    consent_id: string;
    consent_type: string;
    scope: string;
    given_at: string;
    withdrawn_at: string | null;
    withdrawal_reason?: string | null;
  }[];
  /**
   * When the registration was issued (its confirmed event's `meta.issued_at`): null while
   * it waits to be sent, as the log has no author or time for it yet (reports take the
   * outbox's). Absent only on rows from before this was kept, filled in by version 7.
   */
  registered_at?: string | null;
  version: number;
  pending: 0 | 1;
}

/** Every projection row says which aggregate version it shows and whether any of it waits. */
interface ProjectedRow {
  version: number;
  pending: 0 | 1;
}

type Present<T, K extends keyof T> = Omit<T, K> & { [P in K]: NonNullable<T[P]> };

export interface AppointmentRow
  extends
    Present<
      Omit<AppointmentState, 'exists'>,
      | 'status'
      | 'patient_id'
      | 'doctor_id'
      | 'starts_at'
      | 'duration_minutes'
      | 'visit_type'
      | 'reason'
    >,
    ProjectedRow {
  appointment_id: string;
  /** starts_at plus the duration, for range queries on the calendar. */
  ends_at: string;
}

/**
 * Who did it, from the confirmed event's `meta.user_id`: null while the event is still
 * pending on this device (its author is not in the log yet), absent on rows projected
 * before this was kept. Notifications are never about a person's own action.
 */
type AuthorId = string | null;

export interface VisitRow extends Omit<VisitState, 'exists'>, ProjectedRow {
  visit_id: string;
  checked_in_by?: AuthorId;
  /** The author of the latest triage. */
  triaged_by?: AuthorId;
}

export interface VitalsRow extends VitalsMeasurement, ProjectedRow {
  vitals_id: string;
  /** Who marked it entered in error, when and why; absent on rows projected before. */
  entered_in_error?: VitalsEnteredInError | null;
}

export interface NoteRow extends Omit<NoteState, 'exists'>, ProjectedRow {
  note_id: string;
  status: 'draft' | 'signed';
  /**
   * When the server received the signature (its event's `stored_at`), beside the signing
   * time the device gave; null until confirmed, absent on rows projected before this.
   */
  signature_stored_at?: string | null;
}

export interface PrescriptionRow extends IssuedPrescription, ProjectedRow {
  prescription_id: string;
  status: 'issued' | 'cancelled';
  cancellation: PrescriptionState['cancellation'];
  /** When the server received the signed prescription, as for notes. */
  signature_stored_at?: string | null;
}

export interface DocumentRow extends AttachedDocument, ProjectedRow {
  document_id: string;
  archived: 0 | 1;
  attached_by?: AuthorId;
  /** When it was attached (the device's time), known with its author. */
  attached_at?: string | null;
  /** Since when the patient portal shows it; null (or absent) when not shared. */
  shared_at?: string | null;
}

/** A message between staff; `body` is null when it was pulled without it (not ours to read). */
export interface MessageRow extends ProjectedRow {
  message_id: string;
  from_user_id: string;
  recipient: MessageRecipient;
  body: string | null;
  sent_at: string;
  /** When each recipient read it, by user id. */
  read_by: Record<string, string>;
}

/**
 * A notification a person has seen, on this device: notifications are worked out here
 * from the projections, so whether one was seen is this person's, kept beside them.
 */
export interface NotificationSeenRow {
  user_id: string;
  notification_id: string;
  seen_at: string;
}

/**
 * A document's bytes on this device, keyed by their SHA-256: made here and waiting to
 * upload, or fetched from the server when someone opened it.
 */
export interface FileRow {
  sha256: string;
  blob: Blob;
  mime_type: string;
  /** 0 while the server does not have it yet. */
  uploaded: 0 | 1;
  /**
   * The AttachDocument commands of this device that name the file. The server takes the
   * bytes only once it has stored one of them, so the upload waits for that. Absent on
   * files kept before this was recorded, and on files fetched from the server.
   */
  attached_by?: string[];
}

/** A member of staff, from the user aggregate: who can be booked and who signed. */
export interface StaffRow extends ProjectedRow {
  user_id: string;
  full_name: string;
  email: string;
  /** Every role the person holds, in role order (admin first). */
  roles: Role[];
  active: 0 | 1;
  /** The language the person chose for the app, kept with their account; null until chosen. */
  language?: UserState['language'];
}

/** The organisation itself: its settings and locations (one row). */
export interface OrganisationRow extends ProjectedRow {
  hospital_id: string;
  kind: HospitalState['kind'];
  settings: HospitalSettings;
  locations: Location[];
}

/** Text typed into a clinical note, kept on every keystroke until it is saved as an event. */
export interface DraftRow {
  key: string;
  body: string;
  saved_at: string;
}

export interface MetaRow {
  key: string;
  value: unknown;
}

export class LocalDatabase extends Dexie {
  /** Pending events (confirmed ones before version 8). */
  events!: Table<LocalEvent, string>;
  /** Confirmed events, one row per aggregate (streams.ts). */
  streams!: Table<StreamRow, string>;
  /** Pages of a first sync whose events have not moved into `streams` yet (packed.ts). */
  packed!: Table<PackedPage, number>;
  outbox!: Table<PendingCommand, string>;
  conflicts!: Table<ConflictRecord, string>;
  meta!: Table<MetaRow, string>;
  patients!: Table<PatientRow, string>;
  appointments!: Table<AppointmentRow, string>;
  visits!: Table<VisitRow, string>;
  vitals!: Table<VitalsRow, string>;
  notes!: Table<NoteRow, string>;
  prescriptions!: Table<PrescriptionRow, string>;
  documents!: Table<DocumentRow, string>;
  files!: Table<FileRow, string>;
  drafts!: Table<DraftRow, string>;
  staff!: Table<StaffRow, string>;
  organisation!: Table<OrganisationRow, string>;
  messages!: Table<MessageRow, string>;
  notificationsSeen!: Table<NotificationSeenRow, [string, string]>;

  constructor(name: string) {
    super(name);
    this.version(1).stores({
      events: '&event_id, [aggregate_id+version], command_id, position, confirmed',
      outbox: '&command_id, client_seq, aggregate_id, acknowledged',
      conflicts: '&command_id, created_at',
      meta: '&key',
      patients: '&patient_id, mrn, full_name, archived',
    });
    this.version(2).stores({
      appointments: '&appointment_id, patient_id, [doctor_id+starts_at], starts_at, status',
      visits: '&visit_id, patient_id, status, checked_in_at, appointment_id',
      vitals: '&vitals_id, patient_id, taken_at, visit_id',
      notes: '&note_id, patient_id, visit_id',
      prescriptions: '&prescription_id, patient_id, visit_id',
      documents: '&document_id, patient_id, visit_id',
      files: '&sha256, uploaded',
      drafts: '&key',
    });
    this.version(3).stores({ staff: '&user_id, role', organisation: '&hospital_id' });
    this.version(4).stores({
      events: '&event_id, [aggregate_id+version], command_id, position, confirmed, redacted',
    });
    // People hold several roles: staff rows list them, indexed one entry per role.
    this.version(5)
      .stores({ staff: '&user_id, *roles' })
      .upgrade((transaction) =>
        transaction
          .table('staff')
          .toCollection()
          .modify((row: { role?: Role; roles?: Role[] }) => {
            row.roles ??= row.role ? [row.role] : [];
            delete row.role;
          }),
      );
    this.version(6).stores({
      messages: '&message_id, sent_at',
      notificationsSeen: '&[user_id+notification_id], user_id',
    });
    // Reports count new patients by the day they were registered.
    this.version(7)
      .stores({ patients: '&patient_id, mrn, full_name, archived, registered_at' })
      .upgrade(async (transaction) => {
        const events = transaction.table<LocalEvent>('events');
        const patients = transaction.table<PatientRow>('patients');
        for (const row of await patients.toArray()) {
          const registration = await events
            .where('[aggregate_id+version]')
            .equals([row.patient_id, 1])
            .first();
          await patients.update(row.patient_id, {
            registered_at: registration?.meta?.issued_at ?? null,
          });
        }
      });
    // Confirmed events move to one row per aggregate: a first sync stores a fifth of the
    // rows and index entries (docs/client.md, "The local log"). Pending ones stay.
    this.version(8)
      .stores({ streams: '&aggregate_id, last_position, redacted' })
      .upgrade((transaction) => moveConfirmedEventsToStreams(transaction));
    // A first sync stores the clinic's state and each page's history whole, and moves the
    // history into `streams` after (docs/client.md, "The local log").
    this.version(9).stores({ packed: '&first' });
    // No screen looks patients up by MRN through an index (search reads every row): one
    // index entry less for each of a clinic's patients, at every write of their row.
    this.version(10).stores({ patients: '&patient_id, full_name, archived, registered_at' });
  }
}

export const databaseName = (hospitalId: string) => `mymedic-${hospitalId}`;

export async function readMeta<T>(db: LocalDatabase, key: string, fallback: T): Promise<T> {
  const row = await db.meta.get(key);
  return row ? (row.value as T) : fallback;
}

export const writeMeta = (db: LocalDatabase, key: string, value: unknown) =>
  db.meta.put({ key, value });
