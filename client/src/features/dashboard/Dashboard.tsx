import { addDays } from 'date-fns';
import { useLiveQuery } from 'dexie-react-hooks';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useClinic } from '../../app/clinic';
import { useFormat } from '../../app/useFormat';
import { PinOffer } from '../../app/PinOffer';
import { staffName, useStaff } from '../../app/reference';
import { buttonClass } from '../../ui/Field';
import { SetupCard } from '../settings/SetupStatus';
import type { VisitRow } from '../../engine/db';
import { Badge } from '../../ui/Badge';
import { dayAt, instantOn, useClinicZone } from '../appointments/clinicClock';
import { TriageBadge, VisitStatusBadge } from '../visits/badges';

const priorityOrder = { emergency: 0, urgent: 1, routine: 2 } as const;

/** The clinic's today, as the instants it starts and ends at. */
function useClinicToday() {
  const zone = useClinicZone();
  const day = dayAt(Date.now(), zone);
  return {
    from: new Date(instantOn(day, 0, zone)).toISOString(),
    to: new Date(instantOn(addDays(day, 1), 0, zone)).toISOString(),
  };
}

/** Patients' names by id, for the rows of the day. */
function usePatientNames(patientIds: string[]) {
  const { db } = useClinic();
  const patients = useLiveQuery(() => db.patients.bulkGet(patientIds), [db, patientIds.join()]);
  return new Map(
    (patients ?? []).flatMap((patient) =>
      patient ? [[patient.patient_id, patient.full_name]] : [],
    ),
  );
}

/** A row of the day's lists: the whole row is the link, at least 44 px high. */
const rowClass =
  'flex min-h-11 flex-wrap items-center justify-between gap-x-3 gap-y-1 rounded-lg bg-white p-3 shadow hover:bg-slate-50';

/** One waiting patient; urgent and emergency rows are tinted and edged in their colour. */
function QueueRow({ visit, name }: { visit: VisitRow; name: string }) {
  const { t } = useTranslation('dashboard');
  const f = useFormat();
  const staff = useStaff();
  const priority = visit.triage?.priority ?? 'routine';
  const stands =
    priority === 'emergency'
      ? 'border-l-8 border-red-700 bg-red-50'
      : priority === 'urgent'
        ? 'border-l-8 border-orange-600 bg-orange-50'
        : '';
  return (
    <li>
      <Link to={`/visits/${visit.visit_id}`} className={`${rowClass} ${stands}`}>
        <span className="flex flex-wrap items-center gap-2">
          {priority !== 'routine' && <TriageBadge priority={priority} />}
          <span className="font-semibold text-teal-900 underline">{name}</span>
          <VisitStatusBadge status={visit.status} />
          <span className="text-slate-800">
            {visit.doctor_id
              ? t('queue.for', { doctor: staffName(staff, visit.doctor_id) })
              : t('queue.anyDoctor')}
          </span>
        </span>
        {visit.checked_in_at && (
          <span className="text-sm text-slate-700">
            {t('queue.since', {
              time: f.time(visit.checked_in_at),
              since: f.relative(visit.checked_in_at),
            })}
          </span>
        )}
      </Link>
    </li>
  );
}

/** Who waits, for whom and since when: today's open visits, most urgent first. */
function Queue() {
  const { t } = useTranslation('dashboard');
  const { db } = useClinic();
  const { from } = useClinicToday();
  const visits =
    useLiveQuery(
      () =>
        db.visits
          .where('checked_in_at')
          .aboveOrEqual(from)
          .filter((visit) => visit.status !== 'completed')
          .toArray(),
      [db, from],
    ) ?? [];
  const names = usePatientNames(visits.map((visit) => visit.patient_id ?? ''));
  const ordered = [...visits].sort(
    (left, right) =>
      priorityOrder[left.triage?.priority ?? 'routine'] -
        priorityOrder[right.triage?.priority ?? 'routine'] ||
      (left.checked_in_at ?? '').localeCompare(right.checked_in_at ?? ''),
  );
  return (
    <section aria-labelledby="queue-title" className="space-y-2">
      <h2 id="queue-title" className="text-xl font-semibold">
        {t('queue.title', { count: ordered.length })}
      </h2>
      {ordered.length === 0 ? (
        <p className="text-slate-700">{t('queue.empty')}</p>
      ) : (
        <ol className="space-y-2">
          {ordered.map((visit) => (
            <QueueRow
              key={visit.visit_id}
              visit={visit}
              name={names.get(visit.patient_id ?? '') ?? t('patient')}
            />
          ))}
        </ol>
      )}
    </section>
  );
}

/** Today's booked appointments not yet come, in time order; a row opens the patient. */
function TodaysAppointments() {
  const { t } = useTranslation('dashboard');
  const f = useFormat();
  const { db } = useClinic();
  const staff = useStaff();
  const { from, to } = useClinicToday();
  const appointments = useLiveQuery(
    () =>
      db.appointments
        .where('starts_at')
        .between(from, to)
        .filter((appointment) => appointment.status === 'scheduled')
        .sortBy('starts_at'),
    [db, from, to],
  );
  const names = usePatientNames((appointments ?? []).map((appointment) => appointment.patient_id));
  return (
    <section aria-labelledby="appointments-title" className="space-y-2">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h2 id="appointments-title" className="text-xl font-semibold">
          {appointments
            ? t('appointments.title', { count: appointments.length })
            : t('common:loading')}
        </h2>
        <Link to="/calendar" className="inline-flex min-h-11 items-center text-teal-900 underline">
          {t('appointments.calendar')}
        </Link>
      </div>
      {appointments?.length === 0 && <p className="text-slate-700">{t('appointments.empty')}</p>}
      <ol className="space-y-2">
        {appointments?.map((appointment) => (
          <li key={appointment.appointment_id}>
            <Link to={`/patients/${appointment.patient_id}`} className={rowClass}>
              <span className="flex flex-wrap items-center gap-2">
                <span className="font-semibold">{f.time(appointment.starts_at)}</span>
                <span className="font-semibold text-teal-900 underline">
                  {names.get(appointment.patient_id) ?? t('patient')}
                </span>
                <Badge tone="blue">{t('appointments.booked')}</Badge>
                <span className="text-slate-800">
                  {t('appointments.withReason', {
                    doctor: staffName(staff, appointment.doctor_id),
                    reason: appointment.reason,
                  })}
                </span>
              </span>
            </Link>
          </li>
        ))}
      </ol>
    </section>
  );
}

export default function Dashboard() {
  const { t } = useTranslation('dashboard');
  const f = useFormat();
  const { db, session } = useClinic();
  const counts = useLiveQuery(
    async () => ({
      patients: await db.patients.where('archived').equals(0).count(),
      pending: await db.outbox.count(),
      conflicts: await db.conflicts.filter((conflict) => conflict.resolution === null).count(),
    }),
    [db],
  );
  return (
    <section aria-labelledby="today-title" className="space-y-6">
      <h1 id="today-title" className="text-2xl font-semibold">
        {t('welcome', { name: session.user.full_name })}
      </h1>
      <Queue />
      <TodaysAppointments />
      <SetupCard />
      <PinOffer />
      <dl className="grid gap-4 sm:grid-cols-3">
        <div className="rounded-xl bg-white p-4 shadow">
          <dt className="text-sm text-slate-700">{t('counts.patients')}</dt>
          <dd className="text-3xl font-semibold">{counts ? f.number(counts.patients) : '…'}</dd>
        </div>
        <div className="rounded-xl bg-white p-4 shadow">
          <dt className="text-sm text-slate-700">{t('counts.pending')}</dt>
          <dd className="text-3xl font-semibold">{counts ? f.number(counts.pending) : '…'}</dd>
        </div>
        <div className="rounded-xl bg-white p-4 shadow">
          <dt className="text-sm text-slate-700">{t('counts.conflicts')}</dt>
          <dd className="text-3xl font-semibold">
            {counts?.conflicts ? (
              <Link to="/conflicts" className="underline">
                {counts.conflicts}
              </Link>
            ) : (
              (counts?.conflicts ?? '…')
            )}
          </dd>
        </div>
      </dl>
      <div className="flex flex-wrap gap-2">
        <Link to="/patients/new" className={buttonClass}>
          {t('register')}
        </Link>
        <Link to="/patients" className={buttonClass}>
          {t('find')}
        </Link>
      </div>
    </section>
  );
}
