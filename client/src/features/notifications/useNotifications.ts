import { Dexie } from 'dexie';
import { useLiveQuery } from 'dexie-react-hooks';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useClinic } from '../../app/clinic';
import { useFormat } from '../../app/useFormat';
import type { Role } from '@mymedic/shared';
import type { LocalDatabase } from '../../engine/db';
import { confirmedAfter, newestPosition } from '../../engine/local-log';
import { readConflictContext } from '../conflicts/context';
import {
  deriveNotifications,
  type DetailChange,
  type StaffNotification,
  type Wording,
} from './derive';

const hour = 3_600_000;
/** Notifications look a day back; "my patients" are those booked with me from 90 days back. */
const newsWindow = 24 * hour;
const patientsWindow = 90 * 24 * hour;

/** Reads what the notifications are derived from, and derives them. */
async function readNotifications(
  db: LocalDatabase,
  me: string,
  roles: readonly Role[],
  now: number,
  wording: Wording,
): Promise<StaffNotification[]> {
  const since = new Date(now - newsWindow).toISOString();
  // Appointments still to come whose patient asked to cancel or move since `since`.
  const requests = await db.appointments
    .where('starts_at')
    .aboveOrEqual(new Date(now).toISOString())
    .filter(
      (appointment) =>
        appointment.status === 'scheduled' &&
        (appointment.patient_response?.kind ?? 'confirmed') !== 'confirmed' &&
        appointment.patient_response!.at >= since,
    )
    .toArray();
  const visits = await db.visits.where('checked_in_at').aboveOrEqual(since).toArray();
  const booked = await db.appointments
    .where('[doctor_id+starts_at]')
    .between([me, new Date(now - patientsWindow).toISOString()], [me, Dexie.maxKey])
    .toArray();
  const appointmentIds = visits.flatMap((visit) =>
    visit.appointment_id ? [visit.appointment_id] : [],
  );
  const fromAppointments = await db.appointments.bulkGet(appointmentIds);
  const appointmentDoctors = new Map(
    fromAppointments.flatMap((row) => (row ? [[row.appointment_id, row.doctor_id] as const] : [])),
  );
  const myPatients = new Set([
    ...booked.map((appointment) => appointment.patient_id),
    ...visits.flatMap((visit) =>
      visit.doctor_id === me && visit.patient_id ? [visit.patient_id] : [],
    ),
  ]);
  const [vitals, documents, conflicts] = await Promise.all([
    db.vitals
      .where('visit_id')
      .anyOf(visits.map((visit) => visit.visit_id))
      .toArray(),
    db.documents
      .where('patient_id')
      .anyOf([...myPatients])
      .filter((document) => (document.attached_at ?? '') >= since)
      .toArray(),
    db.conflicts.filter((conflict) => conflict.resolution === null).toArray(),
  ]);
  const detailChanges = await recentDetailChanges(db, since);
  const staff = await db.staff.toArray();
  const staffNames = new Map(staff.map((person) => [person.user_id, person.full_name]));
  const mine = conflicts.filter((conflict) => conflict.command.issued_by?.user_id === me);
  const conflictContexts = new Map(
    await Promise.all(
      mine.map(
        async (conflict) => [conflict.command_id, await readConflictContext(db, conflict)] as const,
      ),
    ),
  );
  const patientIds = [
    ...visits.map((visit) => visit.patient_id ?? ''),
    ...documents.map((document) => document.patient_id),
    ...requests.map((appointment) => appointment.patient_id),
    ...detailChanges.map((change) => change.patient_id),
  ];
  const patients = await db.patients.bulkGet([...new Set(patientIds)]);
  const patientNames = new Map(
    patients.flatMap((patient) =>
      patient ? [[patient.patient_id, patient.full_name] as const] : [],
    ),
  );
  return deriveNotifications(
    {
      me,
      roles,
      since,
      visits,
      appointmentDoctors,
      vitals,
      documents,
      myPatients,
      conflicts,
      patientNames,
      requests,
      detailChanges,
      staffNames,
      conflictContexts,
    },
    wording,
  );
}

/** How far back in the log a replaced value is looked for: the newest events only. */
const recentEvents = 3000;

/**
 * The patients' detail changes among the log's newest confirmed events, since `since`:
 * enough to see a value of mine replaced by a later one of a colleague's.
 */
async function recentDetailChanges(db: LocalDatabase, since: string): Promise<DetailChange[]> {
  const newest = await newestPosition(db);
  if (newest === 0) return [];
  const events = (await confirmedAfter(db, newest - recentEvents)).filter(
    (event) =>
      event.type === 'PatientDetailsUpdated' &&
      event.meta !== null &&
      (event.stored_at ?? '') >= since,
  );
  return events.map((event) => ({
    event_id: event.event_id,
    patient_id: event.aggregate_id,
    version: event.version,
    user_id: event.meta!.user_id,
    at: event.stored_at!,
    changes: (event.data as { changes?: Record<string, unknown> }).changes ?? {},
  }));
}

export interface ShownNotification extends StaffNotification {
  seen: boolean;
}

/**
 * What needs the person at the tablet, kept up to date as the projections change, each
 * marked seen or not. Seen marks stay on this device, per person (NotificationSeenRow).
 */
export function useNotifications() {
  const { db, actor } = useClinic();
  const { t } = useTranslation('notifications');
  const format = useFormat();
  const me = actor.userId;
  const roles = actor.roles;
  // The window moves on the hour: a stable key for the live query between renders.
  const onTheHour = () => Math.ceil(Date.now() / hour) * hour;
  const [now, setNow] = useState(onTheHour);
  useEffect(() => {
    const timer = setInterval(() => setNow(onTheHour()), hour / 6);
    return () => clearInterval(timer);
  }, []);
  const derived = useLiveQuery(
    () => readNotifications(db, me, roles, now, { t, format }),
    [db, me, roles, now, t, format],
  );
  const seen = useLiveQuery(
    async () =>
      new Set(
        (await db.notificationsSeen.where('user_id').equals(me).toArray()).map(
          (row) => row.notification_id,
        ),
      ),
    [db, me],
  );
  const notifications: ShownNotification[] = (derived ?? []).map((notification) => ({
    ...notification,
    seen: seen?.has(notification.id) ?? false,
  }));
  const markSeen = useCallback(
    (ids: string[]) =>
      db.notificationsSeen.bulkPut(
        ids.map((id) => ({ user_id: me, notification_id: id, seen_at: new Date().toISOString() })),
      ),
    [db, me],
  );
  return {
    loaded: derived !== undefined && seen !== undefined,
    notifications,
    unread: notifications.filter((notification) => !notification.seen).length,
    markSeen,
  };
}
