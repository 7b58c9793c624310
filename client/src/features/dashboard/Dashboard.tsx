import { format, formatDistanceToNow, startOfDay, addDays } from 'date-fns';
import { useLiveQuery } from 'dexie-react-hooks';
import { Link } from 'react-router';
import { useClinic } from '../../app/clinic';
import { PinOffer } from '../../app/PinOffer';
import { staffName, useStaff } from '../../app/reference';
import { buttonClass } from '../../ui/Field';
import { visitStatusWords } from '../visits/statusWords';

const priorityOrder = { emergency: 0, urgent: 1, routine: 2 } as const;

/** Who waits, for whom and since when: today's open visits, most urgent first. */
function Queue() {
  const { db } = useClinic();
  const staff = useStaff();
  const since = startOfDay(new Date()).toISOString();
  const visits =
    useLiveQuery(
      () =>
        db.visits
          .where('checked_in_at')
          .aboveOrEqual(since)
          .filter((visit) => visit.status !== 'completed')
          .toArray(),
      [db, since],
    ) ?? [];
  const patients = useLiveQuery(
    () => db.patients.bulkGet(visits.map((visit) => visit.patient_id ?? '')),
    [db, visits.map((visit) => visit.visit_id).join()],
  );
  const names = new Map(
    (patients ?? []).flatMap((patient) =>
      patient ? [[patient.patient_id, patient.full_name]] : [],
    ),
  );
  const ordered = [...visits].sort(
    (left, right) =>
      priorityOrder[left.triage?.priority ?? 'routine'] -
        priorityOrder[right.triage?.priority ?? 'routine'] ||
      (left.checked_in_at ?? '').localeCompare(right.checked_in_at ?? ''),
  );
  return (
    <section aria-labelledby="queue-title" className="space-y-2">
      <h2 id="queue-title" className="text-xl font-semibold">
        Waiting today ({ordered.length})
      </h2>
      {ordered.length === 0 ? (
        <p className="text-slate-700">Nobody is waiting.</p>
      ) : (
        <ol className="space-y-2">
          {ordered.map((visit) => (
            <li
              key={visit.visit_id}
              className="flex flex-wrap items-center justify-between gap-2 rounded-lg bg-white p-3 shadow"
            >
              <span>
                <Link
                  to={`/visits/${visit.visit_id}`}
                  className="font-medium text-teal-900 underline"
                >
                  {names.get(visit.patient_id ?? '') ?? 'Patient'}
                </Link>{' '}
                · {visitStatusWords[visit.status ?? 'waiting']}
                {visit.triage && ` · ${visit.triage.priority}`} · for{' '}
                {visit.doctor_id ? staffName(staff, visit.doctor_id) : 'any doctor'}
              </span>
              <span className="text-sm text-slate-700">
                since {visit.checked_in_at ? format(new Date(visit.checked_in_at), 'HH:mm') : '?'}
                {visit.checked_in_at && ` (${formatDistanceToNow(new Date(visit.checked_in_at))})`}
              </span>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

function TodaysAppointments() {
  const { db } = useClinic();
  const from = startOfDay(new Date());
  const count = useLiveQuery(
    () =>
      db.appointments
        .where('starts_at')
        .between(from.toISOString(), addDays(from, 1).toISOString())
        .filter((appointment) => appointment.status === 'scheduled')
        .count(),
    [db, from.getTime()],
  );
  return (
    <p>
      {count === undefined ? '…' : count} booked appointments still to come today.{' '}
      <Link to="/calendar" className="text-teal-900 underline">
        Open the calendar
      </Link>
    </p>
  );
}

export default function Dashboard() {
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
        Welcome, {session.user.full_name}
      </h1>
      <PinOffer />
      <dl className="grid gap-4 sm:grid-cols-3">
        <div className="rounded-xl bg-white p-4 shadow">
          <dt className="text-sm text-slate-700">Patients on this device</dt>
          <dd className="text-3xl font-semibold">{counts?.patients ?? '…'}</dd>
        </div>
        <div className="rounded-xl bg-white p-4 shadow">
          <dt className="text-sm text-slate-700">Changes waiting to send</dt>
          <dd className="text-3xl font-semibold">{counts?.pending ?? '…'}</dd>
        </div>
        <div className="rounded-xl bg-white p-4 shadow">
          <dt className="text-sm text-slate-700">Conflicts to review</dt>
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
      <Queue />
      <TodaysAppointments />
      <div className="flex flex-wrap gap-2">
        <Link to="/patients/new" className={buttonClass}>
          Register a patient
        </Link>
        <Link to="/patients" className={buttonClass}>
          Find a patient
        </Link>
      </div>
    </section>
  );
}
