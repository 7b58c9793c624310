import { useEffect, useState } from 'react';
import { NavLink, Outlet, useLocation } from 'react-router';
import { PortalApi } from './model/api';
import { forgetSession } from './model/db';
import { usePortal, useSession } from './model/state';

export const portalPages = [
  { to: '/', label: 'Home' },
  { to: '/appointments', label: 'Appointments' },
  { to: '/visits', label: 'Visits' },
  { to: '/prescriptions', label: 'Prescriptions' },
  { to: '/vitals', label: 'Measurements' },
  { to: '/documents', label: 'Documents' },
  { to: '/consents', label: 'Consents' },
];

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
  usePortal.getState().signedOut('You are signed out.');
}

function SignOutButton({ className }: { className: string }) {
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
      {busy ? 'Signing out…' : 'Sign out'}
    </button>
  );
}

function Navigation({ onChosen }: { onChosen?: () => void }) {
  return (
    <ul className="space-y-1">
      {portalPages.map((page) => (
        <li key={page.to}>
          <NavLink to={page.to} end={page.to === '/'} className={linkClass} onClick={onChosen}>
            {page.label}
          </NavLink>
        </li>
      ))}
    </ul>
  );
}

function Banners() {
  const online = usePortal((state) => state.online);
  const updateReady = usePortal((state) => state.updateReady);
  return (
    <>
      {!online && (
        <p
          role="status"
          className="no-print border-b-2 border-amber-700 bg-amber-100 px-4 py-3 text-base font-medium text-amber-950"
        >
          You are offline. You are seeing what was last loaded. Answers to the clinic need a
          connection.
        </p>
      )}
      {updateReady && (
        <p className="no-print flex flex-wrap items-center gap-3 bg-sky-100 px-4 py-2 text-sky-950">
          A new version of this app is ready.
          <button type="button" className="min-h-12 font-semibold underline" onClick={updateReady}>
            Update now
          </button>
        </p>
      )}
    </>
  );
}

/** Every signed-in screen: header, banners, the menu, then the screen. */
export function Shell() {
  const session = useSession();
  const [menuOpen, setMenuOpen] = useState(false);
  const location = useLocation();
  useEffect(() => setMenuOpen(false), [location.pathname]);
  return (
    <div className="min-h-screen">
      <header className="no-print border-b border-slate-300 bg-white">
        <div className="mx-auto flex max-w-5xl items-center justify-between gap-3 px-4 py-2">
          <div className="min-w-0">
            <p className="text-xl font-semibold text-teal-900">My health</p>
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
            {menuOpen ? 'Close menu' : 'Menu'}
          </button>
          <SignOutButton className="hidden min-h-12 shrink-0 rounded-lg border border-slate-500 px-4 font-medium md:inline-flex md:items-center" />
        </div>
        {menuOpen && (
          <nav
            id="portal-menu"
            aria-label="Portal"
            className="border-t border-slate-200 px-4 py-3 md:hidden"
          >
            <Navigation onChosen={() => setMenuOpen(false)} />
            <SignOutButton className="mt-3 min-h-12 w-full rounded-lg border border-slate-500 px-4 text-lg font-medium" />
          </nav>
        )}
      </header>
      <Banners />
      <div className="mx-auto flex max-w-5xl gap-6 px-4 py-4">
        <nav aria-label="Portal pages" className="no-print hidden w-52 shrink-0 md:block">
          <Navigation />
        </nav>
        <main className="min-w-0 flex-1">
          <Outlet />
        </main>
      </div>
    </div>
  );
}
