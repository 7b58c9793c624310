import type { Role } from '@mymedic/shared';
import type { TFunction } from 'i18next';
import type {
  AppointmentRow,
  ConflictRecord,
  DocumentRow,
  VisitRow,
  VitalsRow,
} from '../../engine/db';
import type { Formats } from '../../i18n/format';
import { sayRefusal } from '../../i18n/refusals';

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
  /**
   * For a change of mine refused, by command: whose record it is, and who made the change
   * that came between and when (as its card in the inbox says).
   */
  conflictContexts?: ReadonlyMap<
    string,
    { patientName: string | null; otherChange: { by: string | null; at: string | null } | null }
  >;
}

/** How the notifications are worded: the person's language, times on the clinic's clock. */
export interface Wording {
  t: TFunction<'notifications'>;
  format: Formats;
}

/**
 * Someone else did it, and the log says who. An action still pending on this device has
 * no author in the log yet (it was done at this tablet), so it tells nobody anything.
 */
const byColleague = (author: string | null | undefined, me: string): author is string =>
  typeof author === 'string' && author !== me;

function visitNotifications(sources: NotificationSources, { t }: Wording): StaffNotification[] {
  const { me, since, visits, appointmentDoctors, vitals, patientNames } = sources;
  const notes: StaffNotification[] = [];
  for (const visit of visits) {
    const doctor =
      visit.doctor_id ??
      (visit.appointment_id ? appointmentDoctors.get(visit.appointment_id) : null);
    if (doctor !== me || !visit.checked_in_at || visit.checked_in_at < since) continue;
    const patient = patientNames.get(visit.patient_id ?? '') ?? t('aPatient');
    const href = `/visits/${visit.visit_id}`;
    if (visit.status === 'waiting' && byColleague(visit.checked_in_by, me)) {
      notes.push({
        id: `checked_in:${visit.visit_id}`,
        kind: 'checked_in',
        at: visit.checked_in_at,
        text: t('derived.checkedIn', { patient }),
        href,
      });
    }
    if (visit.status === 'in_triage' && visit.triage && byColleague(visit.triaged_by, me)) {
      const measured = vitals.some((row) => row.visit_id === visit.visit_id);
      notes.push({
        id: `ready_for_doctor:${visit.visit_id}`,
        kind: 'ready_for_doctor',
        at: visit.triage.triaged_at,
        text: t(measured ? 'derived.readyMeasured' : 'derived.ready', { patient }),
        href,
      });
    }
  }
  return notes;
}

function documentNotifications(sources: NotificationSources, { t }: Wording): StaffNotification[] {
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
      text: t(document.title ? 'derived.documentTitled' : 'derived.document', {
        patient: patientNames.get(document.patient_id) ?? t('yourPatient'),
        title: document.title,
      }),
      href: `/patients/${document.patient_id}`,
    }));
}

/** Who acts on a patient's request: the front desk, whoever the doctor. */
const frontDesk: readonly Role[] = ['receptionist', 'admin'];

/**
 * A patient asks to cancel or to move a booked appointment (from a WhatsApp reminder,
 * the portal): their doctor and the front desk hear of it, as it waits for someone to
 * act. The patient's word has no colleague behind it, so it is news to everyone.
 */
function requestNotifications(
  sources: NotificationSources,
  { t, format }: Wording,
): StaffNotification[] {
  const { me, roles, since, requests, patientNames } = sources;
  const atDesk = roles.some((role) => frontDesk.includes(role));
  return requests.flatMap((appointment) => {
    const response = appointment.patient_response;
    if (!response || response.kind === 'confirmed' || response.at < since) return [];
    if (appointment.status !== 'scheduled') return [];
    if (!atDesk && appointment.doctor_id !== me) return [];
    const patient = patientNames.get(appointment.patient_id) ?? t('aPatient');
    return [
      {
        id: `patient_request:${appointment.appointment_id}:${response.at}`,
        kind: 'patient_request' as const,
        at: response.at,
        text: t(`derived.${response.kind}${response.note ? 'WithNote' : ''}`, {
          patient,
          when: format.dateTime(appointment.starts_at),
          note: response.note,
        }),
        href: `/patients/${appointment.patient_id}`,
      },
    ];
  });
}

const shownValue = (value: unknown, t: Wording['t']) =>
  value === null || value === undefined || value === ''
    ? t('empty')
    : typeof value === 'string'
      ? value
      : JSON.stringify(value);

/**
 * A value I saved that a colleague's later change replaced: once the sync brings it, the
 * field shows their value, and I am told so once instead of finding it changed under my
 * "Saved". Only what I set myself by an edit, only when the value differs.
 */
function replacedNotifications(
  sources: NotificationSources,
  { t, format }: Wording,
): StaffNotification[] {
  const { me, since, detailChanges = [], patientNames, staffNames } = sources;
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
        const who = staffNames?.get(change.user_id) ?? t('aColleague');
        notes.push({
          id: `replaced:${change.event_id}:${field}`,
          kind: 'replaced',
          at: change.at,
          text: t('derived.replaced', {
            patient: patientNames.get(patientId) ?? t('aPatient'),
            field: t(`field.${field}`, { defaultValue: field.replace(/_/g, ' ') }),
            saved: shownValue(before.value, t),
            now: shownValue(value, t),
            who,
            time: format.time(change.at),
          }),
          href: `/patients/${patientId}`,
        });
      }
    }
  }
  return notes;
}

/** A change of mine the server or a later sync refused: it waits in the inbox for me. */
function conflictNotifications(
  { me, conflicts, conflictContexts }: NotificationSources,
  { t, format }: Wording,
): StaffNotification[] {
  return conflicts
    .filter(
      (conflict) => conflict.resolution === null && conflict.command.issued_by?.user_id === me,
    )
    .map((conflict) => {
      const context = conflictContexts?.get(conflict.command_id);
      const other = context?.otherChange;
      const patient = context?.patientName;
      const said = { reason: sayRefusal(conflict.error), patient };
      const by = other?.by && other.at ? { who: other.by, at: format.dayTime(other.at) } : null;
      const key = `derived.conflict${patient ? 'Of' : ''}${by ? 'By' : ''}` as const;
      return {
        id: `conflict:${conflict.command_id}`,
        kind: 'conflict' as const,
        at: conflict.created_at,
        text: t(key, { ...said, ...by }),
        href: '/conflicts',
      };
    });
}

/**
 * What needs this person now, newest first: a patient checked in for their appointment,
 * a patient of theirs triaged and ready, a document attached for a patient of theirs, a
 * change of theirs in the conflicts inbox, a patient asking to cancel or move (their
 * doctor's and the front desk's), a value they saved that a colleague's later change
 * replaced. Never about their own action. Worded in the person's language (`wording`).
 */
export function deriveNotifications(
  sources: NotificationSources,
  wording: Wording,
): StaffNotification[] {
  return [
    ...visitNotifications(sources, wording),
    ...documentNotifications(sources, wording),
    ...conflictNotifications(sources, wording),
    ...requestNotifications(sources, wording),
    ...replacedNotifications(sources, wording),
  ].sort((left, right) => right.at.localeCompare(left.at));
}
