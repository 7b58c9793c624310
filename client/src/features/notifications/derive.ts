import type { Role } from '@mymedic/shared';
import type {
  AppointmentRow,
  ConflictRecord,
  DocumentRow,
  VisitRow,
  VitalsRow,
} from '../../engine/db';

export type NotificationKind =
  'checked_in' | 'ready_for_doctor' | 'conflict' | 'document' | 'patient_request' | 'replaced';

/** A change of a patient's details as the log holds it: who set which fields, when. */
export interface DetailChange {
  event_id: string;
  patient_id: string;
  version: number;
  user_id: string;
  at: string;
  changes: Record<string, unknown>;
}

/** Something that needs this person, worked out on the device from its projections. */
export interface StaffNotification {
  /** Stable across derivations, so "seen" sticks: the kind and the record it is about. */
  id: string;
  kind: NotificationKind;
  at: string;
  text: string;
  href: string;
}

/** What the notifications are derived from: rows this device already holds. */
export interface NotificationSources {
  /** The person at the tablet. */
  me: string;
  /** Their roles: the front desk hears of every patient's request. */
  roles: readonly Role[];
  /** Nothing older than this is news (a day back): a first sync brings no backlog. */
  since: string;
  /** Recent visits (checked in since `since`). */
  visits: VisitRow[];
  /** The doctor of each appointment a visit came from, for visits that name none. */
  appointmentDoctors: ReadonlyMap<string, string>;
  /** Vitals of those visits. */
  vitals: VitalsRow[];
  /** Documents attached since `since`. */
  documents: DocumentRow[];
  /** The patients this person sees: booked with them or in a visit of theirs. */
  myPatients: ReadonlySet<string>;
  /** The conflicts inbox, settled or not. */
  conflicts: ConflictRecord[];
  patientNames: ReadonlyMap<string, string>;
  /** Booked appointments still to come whose patient asked something (to cancel, to move). */
  requests: AppointmentRow[];
  /** Recent changes of patients' details, confirmed by the server, in any order. */
  detailChanges?: DetailChange[];
  /** Colleagues' names, for saying who changed what. */
  staffNames?: ReadonlyMap<string, string>;
  /** The clinic's time zone, for the times in the words. */
  timeZone?: string;
}

/**
 * Someone else did it, and the log says who. An action still pending on this device has
 * no author in the log yet (it was done at this tablet), so it tells nobody anything.
 */
const byColleague = (author: string | null | undefined, me: string): author is string =>
  typeof author === 'string' && author !== me;

function visitNotifications(sources: NotificationSources): StaffNotification[] {
  const { me, since, visits, appointmentDoctors, vitals, patientNames } = sources;
  const notes: StaffNotification[] = [];
  for (const visit of visits) {
    const doctor =
      visit.doctor_id ??
      (visit.appointment_id ? appointmentDoctors.get(visit.appointment_id) : null);
    if (doctor !== me || !visit.checked_in_at || visit.checked_in_at < since) continue;
    const patient = patientNames.get(visit.patient_id ?? '') ?? 'A patient';
    const href = `/visits/${visit.visit_id}`;
    if (visit.status === 'waiting' && byColleague(visit.checked_in_by, me)) {
      notes.push({
        id: `checked_in:${visit.visit_id}`,
        kind: 'checked_in',
        at: visit.checked_in_at,
        text: `${patient} has checked in for your appointment`,
        href,
      });
    }
    if (visit.status === 'in_triage' && visit.triage && byColleague(visit.triaged_by, me)) {
      const measured = vitals.some((row) => row.visit_id === visit.visit_id);
      notes.push({
        id: `ready_for_doctor:${visit.visit_id}`,
        kind: 'ready_for_doctor',
        at: visit.triage.triaged_at,
        text: `${patient} is triaged${measured ? ', vitals recorded,' : ''} and ready for you`,
        href,
      });
    }
  }
  return notes;
}

function documentNotifications(sources: NotificationSources): StaffNotification[] {
  const { me, since, documents, myPatients, patientNames } = sources;
  return documents
    .filter(
      (document) =>
        document.archived === 0 &&
        myPatients.has(document.patient_id) &&
        byColleague(document.attached_by, me) &&
        (document.attached_at ?? '') >= since,
    )
    .map((document) => ({
      id: `document:${document.document_id}`,
      kind: 'document' as const,
      at: document.attached_at!,
      text: `A document was attached for ${patientNames.get(document.patient_id) ?? 'your patient'}${document.title ? `: ${document.title}` : ''}`,
      href: `/patients/${document.patient_id}`,
    }));
}

/** Who acts on a patient's request: the front desk, whoever the doctor. */
const frontDesk: readonly Role[] = ['receptionist', 'admin'];

const requestWords = {
  cancellation_requested: 'asks to cancel',
  move_requested: 'asks to move',
} as const;

/**
 * A patient asks to cancel or to move a booked appointment (from a WhatsApp reminder,
 * the portal): their doctor and the front desk hear of it, as it waits for someone to
 * act. The patient's word has no colleague behind it, so it is news to everyone.
 */
function requestNotifications(sources: NotificationSources): StaffNotification[] {
  const { me, roles, since, requests, patientNames } = sources;
  const atDesk = roles.some((role) => frontDesk.includes(role));
  return requests.flatMap((appointment) => {
    const response = appointment.patient_response;
    if (!response || response.kind === 'confirmed' || response.at < since) return [];
    if (appointment.status !== 'scheduled') return [];
    if (!atDesk && appointment.doctor_id !== me) return [];
    const patient = patientNames.get(appointment.patient_id) ?? 'A patient';
    return [
      {
        id: `patient_request:${appointment.appointment_id}:${response.at}`,
        kind: 'patient_request' as const,
        at: response.at,
        text: `${patient} ${requestWords[response.kind]} the appointment of ${new Date(
          appointment.starts_at,
        ).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' })}${
          response.note ? `: ${response.note}` : ''
        }`,
        href: `/patients/${appointment.patient_id}`,
      },
    ];
  });
}

const shownValue = (value: unknown) =>
  value === null || value === undefined || value === ''
    ? '(empty)'
    : typeof value === 'string'
      ? value
      : JSON.stringify(value);

const timeIn = (iso: string, timeZone: string) => {
  const options: Intl.DateTimeFormatOptions = {
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  };
  try {
    return new Intl.DateTimeFormat('en-GB', { ...options, timeZone }).format(new Date(iso));
  } catch {
    return new Intl.DateTimeFormat('en-GB', { ...options, timeZone: 'UTC' }).format(new Date(iso));
  }
};

/**
 * A value I saved that a colleague's later change replaced: once the sync brings it, the
 * field shows their value, and I am told so once instead of finding it changed under my
 * "Saved". Only what I set myself by an edit, only when the value differs.
 */
function replacedNotifications(sources: NotificationSources): StaffNotification[] {
  const { me, since, detailChanges = [], patientNames, staffNames, timeZone = 'UTC' } = sources;
  const byPatient = new Map<string, DetailChange[]>();
  for (const change of detailChanges)
    byPatient.set(change.patient_id, [...(byPatient.get(change.patient_id) ?? []), change]);
  const notes: StaffNotification[] = [];
  for (const [patientId, changes] of byPatient) {
    const lastSet = new Map<string, { user_id: string; value: unknown }>();
    for (const change of [...changes].sort((a, b) => a.version - b.version)) {
      for (const [field, value] of Object.entries(change.changes)) {
        const before = lastSet.get(field);
        lastSet.set(field, { user_id: change.user_id, value });
        if (!before || before.user_id !== me || !byColleague(change.user_id, me)) continue;
        if (change.at < since || JSON.stringify(before.value) === JSON.stringify(value)) continue;
        const who = staffNames?.get(change.user_id) ?? 'A colleague';
        notes.push({
          id: `replaced:${change.event_id}:${field}`,
          kind: 'replaced',
          at: change.at,
          text: `${patientNames.get(patientId) ?? 'A patient'}: the ${field.replace(/_/g, ' ')} you saved (${shownValue(before.value)}) is now ${shownValue(value)}, changed by ${who} at ${timeIn(change.at, timeZone)}`,
          href: `/patients/${patientId}`,
        });
      }
    }
  }
  return notes;
}

/** A change of mine the server or a later sync refused: it waits in the inbox for me. */
function conflictNotifications({ me, conflicts }: NotificationSources): StaffNotification[] {
  return conflicts
    .filter(
      (conflict) => conflict.resolution === null && conflict.command.issued_by?.user_id === me,
    )
    .map((conflict) => ({
      id: `conflict:${conflict.command_id}`,
      kind: 'conflict' as const,
      at: conflict.created_at,
      text: `A change of yours needs a decision: ${conflict.error.message}`,
      href: '/conflicts',
    }));
}

/**
 * What needs this person now, newest first: a patient checked in for their appointment,
 * a patient of theirs triaged and ready, a document attached for a patient of theirs, a
 * change of theirs in the conflicts inbox, a patient asking to cancel or move (their
 * doctor's and the front desk's), a value they saved that a colleague's later change
 * replaced. Never about their own action.
 */
export function deriveNotifications(sources: NotificationSources): StaffNotification[] {
  return [
    ...visitNotifications(sources),
    ...documentNotifications(sources),
    ...conflictNotifications(sources),
    ...requestNotifications(sources),
    ...replacedNotifications(sources),
  ].sort((left, right) => right.at.localeCompare(left.at));
}
