import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { NavLink, Outlet, useLocation } from 'react-router';
import { i18next, languageChosenHere } from '../i18n/i18n';
import { LanguagePicker } from '../ui/LanguagePicker';
import { PortalApi } from './model/api';
import { useAnswer } from './model/answers';
import { forgetSession, type PortalSession } from './model/db';
import { languageOfRecord } from './model/language';
import { usePortal, useSession } from './model/state';

/** The portal's pages; `label` is the key of its name (locales: `nav.*`). */
export const portalPages = [
  { to: '/', label: 'nav.home' },
  { to: '/appointments', label: 'nav.appointments' },
  { to: '/visits', label: 'nav.visits' },
  { to: '/prescriptions', label: 'nav.prescriptions' },
  { to: '/vitals', label: 'nav.vitals' },
  { to: '/documents', label: 'nav.documents' },
  { to: '/consents', label: 'nav.consents' },
] as const;

const linkClass = ({ isActive }: { isActive: boolean }) =>
  `flex min-h-12 items-center rounded-lg px-4 text-lg ${
    isActive ? 'bg-teal-800 font-semibold text-white' : 'text-teal-950 hover:bg-teal-100'
  }`;

/**
 * Signs out: the server ends the session when it can be reached; the phone forgets the
 * session and everything it loaded either way (an unreachable server's token dies at
 * its expiry).
 */
async function signOut(token: string) {
  try {
    await new PortalApi(token).signOut();
  } catch {
    // Offline or already ended: forgetting it here is what matters to this phone.
  }
  await forgetSession();
  usePortal.getState().signedOut('signedOut');
}

function SignOutButton({ className }: { className: string }) {
  const { t } = useTranslation('portal');
  const session = useSession();
  const [busy, setBusy] = useState(false);
  return (
    <button
      type="button"
      className={className}
      disabled={busy}
      onClick={() => {
        setBusy(true);
        void signOut(session.token);
      }}
    >
      {busy ? t('shell.signingOut') : t('shell.signOut')}
    </button>
  );
}

function Navigation({ onChosen }: { onChosen?: () => void }) {
  const { t } = useTranslation('portal');
  return (
    <ul className="space-y-1">
      {portalPages.map((page) => (
        <li key={page.to}>
          <NavLink to={page.to} end={page.to === '/'} className={linkClass} onClick={onChosen}>
            {t(page.label)}
          </NavLink>
        </li>
      ))}
    </ul>
  );
}

function Banners() {
  const { t } = useTranslation('portal');
  const online = usePortal((state) => state.online);
  const updateReady = usePortal((state) => state.updateReady);
  return (
    <>
      {!online && (
        <p
          role="status"
          className="no-print border-b-2 border-amber-700 bg-amber-100 px-4 py-3 text-base font-medium text-amber-950"
        >
          {t('shell.offline')}
        </p>
      )}
      {updateReady && (
        <p className="no-print flex flex-wrap items-center gap-3 bg-sky-100 px-4 py-2 text-sky-950">
          {t('shell.updateReady')}
          <button type="button" className="min-h-12 font-semibold underline" onClick={updateReady}>
            {t('shell.updateNow')}
          </button>
        </p>
      )}
    </>
  );
}

/**
 * What the patient's record says of how to show the portal: their language, and their
 * clinic's clock and country (which a session kept from before the server named them
 * lacks).
 *
 * The record's language applies when nobody picked one on this phone, and is not kept as
 * the phone's choice: on a shared phone, the next patient's record (or a pick in the
 * language list) decides again.
 */
function useRecordSettings(session: PortalSession) {
  const me = useAnswer('me', session).data;
  const setClinic = usePortal((state) => state.setClinic);
  const language = languageOfRecord(me?.preferred_language);
  useEffect(() => {
    if (language && !languageChosenHere() && i18next.language !== language)
      void i18next.changeLanguage(language);
  }, [language]);
  const clinic = me?.clinic;
  useEffect(() => {
    if (clinic) setClinic(clinic);
    // The clinic's fields, not the object: each load of the answer is a new one.
  }, [setClinic, clinic?.hospital_id, clinic?.name, clinic?.timezone, clinic?.country]);
}

/** Every signed-in screen: header, banners, the menu, then the screen. */
export function Shell() {
  const { t } = useTranslation('portal');
  const session = useSession();
  useRecordSettings(session);
  const [menuOpen, setMenuOpen] = useState(false);
  const location = useLocation();
  useEffect(() => setMenuOpen(false), [location.pathname]);
  return (
    <div className="min-h-screen">
      <header className="no-print border-b border-slate-300 bg-white">
        <div className="mx-auto flex max-w-5xl items-center justify-between gap-3 px-4 py-2">
          <div className="min-w-0">
            <p className="text-xl font-semibold text-teal-900">{t('title')}</p>
            <p className="truncate text-sm text-slate-700">
              {session.patient.full_name} · {session.clinic.name}
            </p>
          </div>
          <button
            type="button"
            className="min-h-12 shrink-0 rounded-lg border border-slate-500 px-4 text-lg font-medium md:hidden"
            aria-expanded={menuOpen}
            aria-controls="portal-menu"
            onClick={() => setMenuOpen((open) => !open)}
          >
            {menuOpen ? t('shell.closeMenu') : t('shell.menu')}
          </button>
          <SignOutButton className="hidden min-h-12 shrink-0 rounded-lg border border-slate-500 px-4 font-medium md:inline-flex md:items-center" />
        </div>
        {menuOpen && (
          <nav
            id="portal-menu"
            aria-label={t('shell.menuLabel')}
            className="border-t border-slate-200 px-4 py-3 md:hidden"
          >
            <Navigation onChosen={() => setMenuOpen(false)} />
            <LanguagePicker className="mt-3 justify-between px-4 text-base" />
            <SignOutButton className="mt-3 min-h-12 w-full rounded-lg border border-slate-500 px-4 text-lg font-medium" />
          </nav>
        )}
      </header>
      <Banners />
      <div className="mx-auto flex max-w-5xl gap-6 px-4 py-4">
        <div className="no-print hidden w-52 shrink-0 md:block">
          <nav aria-label={t('shell.pagesLabel')}>
            <Navigation />
          </nav>
          <LanguagePicker className="mt-4 flex-wrap px-4 text-base" />
        </div>
        <main className="min-w-0 flex-1">
          <Outlet />
        </main>
      </div>
    </div>
  );
}
