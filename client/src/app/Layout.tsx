import { useEffect, useRef, useState, type ReactNode } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import { NavLink, Outlet, useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { mayIssue, rolesOf } from '@mymedic/shared';
import { useClinic } from './clinic';
import { SignOutButton } from './SignOut';
import { useUiStore } from './store';
import { hasPin } from '../engine/lock';
import { offerPinAgain } from './PinOffer';
import { LanguagePicker } from '../ui/LanguagePicker';
import { useAccountLanguage, useKeepLanguage } from './accountLanguage';
import { formatsFor } from '../i18n/format';
import { SyncProgress } from './SyncProgress';

/**
 * Always visible, in one line of the header: offline / syncing / synced as a coloured
 * dot and a word, what waits to be sent as a count (said in words to a screen reader),
 * when it last synced (on wide screens) and a way to sync now.
 */
export function SyncIndicator() {
  const { db, syncNow } = useClinic();
  const sync = useUiStore((state) => state.sync);
  const { t, i18n } = useTranslation();
  const pending = useLiveQuery(() => db.outbox.count(), [db]) ?? 0;
  const colour =
    sync.state === 'synced'
      ? 'bg-emerald-700'
      : sync.state === 'syncing'
        ? 'bg-sky-700'
        : 'bg-amber-600';
  return (
    <div role="status" aria-live="polite" className="flex items-center gap-1.5 text-sm">
      <span aria-hidden="true" className={`inline-block h-3 w-3 rounded-full ${colour}`} />
      <span className="font-medium">{t(`sync.${sync.state}`)}</span>
      {pending === 0 ? (
        <span className="sr-only">· {t('sync.nothingWaiting')}</span>
      ) : (
        <span className="rounded-full bg-amber-100 px-2 py-0.5 font-medium text-amber-950">
          {t('sync.waiting', { count: pending })}
        </span>
      )}
      {sync.lastSyncAt && (
        <span className="hidden whitespace-nowrap 2xl:inline">
          · {t('sync.last', { when: formatsFor(i18n.language, null).relative(sync.lastSyncAt) })}
        </span>
      )}
      <button
        type="button"
        onClick={syncNow}
        className="min-h-11 whitespace-nowrap rounded px-2 text-teal-900 underline"
      >
        {t('sync.now')}
      </button>
    </div>
  );
}

/**
 * The person at the tablet: their name and roles on a button that opens what concerns
 * them alone (lock, sign out, a PIN offered again).
 */
function PersonMenu() {
  const { session } = useClinic();
  const { t } = useTranslation();
  const keepLanguage = useKeepLanguage();
  const lockNow = useUiStore((state) => state.lockNow);
  const offlineReady = useUiStore((state) => state.offlineReady);
  const [open, setOpen] = useState(false);
  const navigate = useNavigate();
  const menuRef = useRef<HTMLDivElement>(null);
  const userId = session.user.user_id;
  const who = `${session.user.full_name} (${rolesOf(session.user)
    .map((role) => t(`roles.${role}`))
    .join(', ')})`;
  useEffect(() => {
    if (!open) return;
    const close = (event: PointerEvent | KeyboardEvent) => {
      if (
        event instanceof KeyboardEvent
          ? event.key === 'Escape'
          : !menuRef.current?.contains(event.target as Node)
      )
        setOpen(false);
    };
    document.addEventListener('pointerdown', close);
    document.addEventListener('keydown', close);
    return () => {
      document.removeEventListener('pointerdown', close);
      document.removeEventListener('keydown', close);
    };
  }, [open]);
  const item =
    'flex min-h-11 w-full items-center rounded-lg px-3 text-left hover:bg-teal-50 focus:bg-teal-50';
  return (
    <div ref={menuRef} className="relative">
      <button
        type="button"
        aria-expanded={open}
        aria-controls="person-menu"
        aria-label={t('person.menu', { who })}
        onClick={() => setOpen(!open)}
        className="inline-flex min-h-11 max-w-64 items-center gap-1 rounded-lg border border-slate-300 px-3 text-sm"
      >
        <span className="truncate">{who}</span>
        <span aria-hidden="true">▾</span>
      </button>
      {open && (
        <div
          id="person-menu"
          className="absolute right-0 z-30 mt-1 w-60 space-y-1 rounded-xl border border-slate-300 bg-white p-2 shadow-lg"
        >
          <NavLink to="/account" className={item} onClick={() => setOpen(false)}>
            {t('person.account')}
          </NavLink>
          {lockNow && (
            <button type="button" className={item} onClick={lockNow}>
              {t('person.lock')}
            </button>
          )}
          {!hasPin(userId) && (
            <button
              type="button"
              className={item}
              onClick={() => {
                offerPinAgain(userId);
                setOpen(false);
                void navigate('/');
              }}
            >
              {t('person.setPin')}
            </button>
          )}
          <LanguagePicker
            onChosen={(language) => void keepLanguage(language)}
            className="justify-between px-3 py-1"
          />
          <SignOutButton className={item} />
          {offlineReady && <p className="px-3 py-1 text-sm text-slate-700">{t('offline.works')}</p>}
        </div>
      )}
    </div>
  );
}

export const navLinkClass = ({ isActive }: { isActive: boolean }) =>
  `inline-flex min-h-11 items-center justify-center rounded-lg px-2 text-center leading-tight xl:whitespace-nowrap ${isActive ? 'bg-teal-800 text-white' : 'text-teal-950 hover:bg-teal-100'}`;

/**
 * The shell around every screen. `messages` and `alerts` come from the features (the
 * messages link with its unread count, the notifications bell), handed in by App.tsx so
 * the shell imports no feature.
 */
export function Layout({ messages, alerts }: { messages?: ReactNode; alerts?: ReactNode }) {
  const { db, session } = useClinic();
  const { t } = useTranslation();
  useAccountLanguage();
  const conflicts =
    useLiveQuery(
      () => db.conflicts.filter((conflict) => conflict.resolution === null).count(),
      [db],
    ) ?? 0;
  const updateAvailable = useUiStore((state) => state.updateAvailable);
  // Below xl the links are a bar at the foot of the screen, in reach of a thumb; from
  // xl they sit in the header's one row.
  const links = (
    <>
      <NavLink to="/" end className={navLinkClass}>
        {t('nav.today')}
      </NavLink>
      <NavLink to="/calendar" className={navLinkClass}>
        {t('nav.calendar')}
      </NavLink>
      <NavLink to="/patients" end className={navLinkClass}>
        {t('nav.patients')}
      </NavLink>
      <NavLink to="/patients/new" className={navLinkClass}>
        {t('nav.register')}
      </NavLink>
      {messages}
      <NavLink to="/reports" className={navLinkClass}>
        {t('nav.reports')}
      </NavLink>
      {mayIssue(rolesOf(session.user), 'ChangeHospitalSettings') && (
        <NavLink to="/organisation" className={navLinkClass}>
          {t('nav.organisation')}
        </NavLink>
      )}
      <NavLink to="/conflicts" className={navLinkClass}>
        {conflicts > 0 ? t('nav.conflictsCount', { count: conflicts }) : t('nav.conflicts')}
      </NavLink>
    </>
  );
  return (
    <div className="min-h-screen pb-20 xl:pb-0 print:pb-0">
      <header className="border-b border-slate-300 bg-white print:hidden">
        <div className="mx-auto flex max-w-screen-2xl items-center gap-3 px-4 py-1.5">
          <span className="text-xl font-semibold text-teal-900">MyMedic</span>
          <nav
            aria-label={t('nav.main')}
            className="fixed inset-x-0 bottom-0 z-10 flex justify-around gap-0.5 border-t border-slate-300 bg-white px-1 py-1 text-sm xl:static xl:z-auto xl:justify-start xl:border-0 xl:bg-transparent xl:p-0 xl:text-base"
          >
            {links}
          </nav>
          <div className="ml-auto flex items-center gap-2">
            <SyncIndicator />
            {alerts}
            <PersonMenu />
          </div>
        </div>
      </header>
      <SyncProgress />
      {updateAvailable && (
        <div role="alert" className="bg-sky-100 px-4 py-2 text-center">
          {t('update.ready')}{' '}
          <button type="button" className="min-h-11 px-2 underline" onClick={updateAvailable}>
            {t('update.now')}
          </button>
        </div>
      )}
      <main className="mx-auto max-w-6xl p-4">
        <Outlet />
      </main>
    </div>
  );
}
