import { formatDistanceToNow } from 'date-fns';
import type { ReactNode } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import { NavLink, Outlet } from 'react-router';
import { mayIssue, rolesOf } from '@mymedic/shared';
import { useClinic } from './clinic';
import { SignOutButton } from './SignOut';
import { useUiStore } from './store';
import { secondaryButtonClass } from '../ui/Field';

const stateWords = {
  idle: 'Starting',
  syncing: 'Syncing…',
  synced: 'Synced',
  offline: 'Offline',
  signed_out: 'Sign in again to sync',
  error: 'Sync problem',
} as const;

/** Always visible: offline / syncing / synced, what waits to be sent, and when it last synced. */
export function SyncIndicator() {
  const { db, syncNow } = useClinic();
  const sync = useUiStore((state) => state.sync);
  const pending = useLiveQuery(() => db.outbox.count(), [db]) ?? 0;
  const colour =
    sync.state === 'synced'
      ? 'bg-emerald-700'
      : sync.state === 'syncing'
        ? 'bg-sky-700'
        : 'bg-amber-600';
  return (
    <div role="status" aria-live="polite" className="flex items-center gap-2 text-sm">
      <span aria-hidden="true" className={`inline-block h-3 w-3 rounded-full ${colour}`} />
      <span className="font-medium">{stateWords[sync.state]}</span>
      <span>· {pending === 0 ? 'nothing waiting' : `${pending} waiting to send`}</span>
      {sync.lastSyncAt && (
        <span className="hidden sm:inline">
          · last {formatDistanceToNow(new Date(sync.lastSyncAt))} ago
        </span>
      )}
      <button
        type="button"
        onClick={syncNow}
        className="min-h-11 rounded px-2 text-teal-900 underline"
      >
        Sync now
      </button>
    </div>
  );
}

export const navLinkClass = ({ isActive }: { isActive: boolean }) =>
  `inline-flex min-h-11 items-center rounded-lg px-3 ${isActive ? 'bg-teal-800 text-white' : 'text-teal-950 hover:bg-teal-100'}`;

/**
 * The shell around every screen. `messages` and `alerts` come from the features (the
 * messages link with its unread count, the notifications bell), handed in by App.tsx so
 * the shell imports no feature.
 */
export function Layout({ messages, alerts }: { messages?: ReactNode; alerts?: ReactNode }) {
  const { db, session } = useClinic();
  const conflicts =
    useLiveQuery(
      () => db.conflicts.filter((conflict) => conflict.resolution === null).count(),
      [db],
    ) ?? 0;
  const updateAvailable = useUiStore((state) => state.updateAvailable);
  const lockNow = useUiStore((state) => state.lockNow);
  return (
    <div className="min-h-screen">
      <header className="border-b border-slate-300 bg-white">
        <div className="mx-auto flex max-w-6xl flex-wrap items-center justify-between gap-2 px-4 py-2">
          <span className="text-xl font-semibold text-teal-900">MyMedic</span>
          <SyncIndicator />
          <div className="flex items-center gap-2 text-sm">
            {alerts}
            <span>
              {session.user.full_name} ({rolesOf(session.user).join(', ')})
            </span>
            {lockNow && (
              <button type="button" className={secondaryButtonClass} onClick={lockNow}>
                Lock
              </button>
            )}
            <SignOutButton className={secondaryButtonClass} />
          </div>
        </div>
        <nav aria-label="Main" className="mx-auto flex max-w-6xl flex-wrap gap-1 px-4 pb-2">
          <NavLink to="/" end className={navLinkClass}>
            Today
          </NavLink>
          <NavLink to="/calendar" className={navLinkClass}>
            Calendar
          </NavLink>
          <NavLink to="/patients" end className={navLinkClass}>
            Patients
          </NavLink>
          <NavLink to="/patients/new" className={navLinkClass}>
            Register patient
          </NavLink>
          {messages}
          <NavLink to="/reports" className={navLinkClass}>
            Reports
          </NavLink>
          {mayIssue(rolesOf(session.user), 'ChangeHospitalSettings') && (
            <NavLink to="/organisation" className={navLinkClass}>
              Organisation
            </NavLink>
          )}
          <NavLink to="/conflicts" className={navLinkClass}>
            Conflicts{conflicts > 0 ? ` (${conflicts})` : ''}
          </NavLink>
        </nav>
      </header>
      {updateAvailable && (
        <div role="alert" className="bg-sky-100 px-4 py-2 text-center">
          A new version of MyMedic is ready.{' '}
          <button type="button" className="min-h-11 px-2 underline" onClick={updateAvailable}>
            Update now
          </button>
        </div>
      )}
      <main className="mx-auto max-w-6xl p-4">
        <Outlet />
      </main>
    </div>
  );
}
