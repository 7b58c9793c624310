import { useLiveQuery } from 'dexie-react-hooks';
import { Link } from 'react-router';
import { useClinic } from '../../app/clinic';
import { buttonClass } from '../../ui/Field';

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
