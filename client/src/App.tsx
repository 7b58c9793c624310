import { lazy, Suspense, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { hasPin, lockedPeople, resumeVault, touchActivity } from './engine/lock';
import { clearSession, loadSession, type StoredSession } from './engine/session';
import { SignedOut } from './features/auth/SignedOut';

// The sign-in page is all a first visit loads; the rest comes when it is needed (and
// the service worker precaches all of it, for offline use, after that first visit).
const SignedIn = lazy(() => import('./SignedIn'));
const LockScreen = lazy(() => import('./app/LockScreen'));

type Screen =
  | { kind: 'starting' }
  | { kind: 'open'; session: StoredSession; offline: boolean }
  | { kind: 'locked'; hospitalId: string }
  | { kind: 'signed_out'; notice?: string };

/**
 * Where the device starts: someone without a PIN who is still signed in comes back in
 * (with their drafts); anyone with a PIN starts locked, as their key was only ever in
 * memory; otherwise the sign-in.
 */
async function startingScreen(): Promise<Screen> {
  const clear = loadSession();
  if (clear) {
    const userId = clear.session.user.user_id;
    if (!hasPin(userId)) {
      if (clear.vault) await resumeVault(userId, clear.vault);
      return { kind: 'open', session: clear.session, offline: false };
    }
    // From before tokens were kept sealed: a PIN holder's tokens never stay in clear.
    clearSession();
  }
  return lockedOrSignedOut();
}

function lockedOrSignedOut(): Screen {
  const last = lockedPeople().at(-1);
  return last ? { kind: 'locked', hospitalId: last.user.hospital_id } : { kind: 'signed_out' };
}

export function App() {
  const { t } = useTranslation();
  const opening = <p className="p-4">{t('opening')}</p>;
  const [screen, setScreen] = useState<Screen>({ kind: 'starting' });
  useEffect(() => {
    void startingScreen().then(setScreen);
  }, []);
  const open = (session: StoredSession, offline = false) =>
    setScreen({ kind: 'open', session, offline });

  if (screen.kind === 'starting') return opening;
  if (screen.kind === 'locked') {
    return (
      <Suspense fallback={opening}>
        <LockScreen
          hospitalId={screen.hospitalId}
          onUnlocked={(session, offline) => {
            touchActivity();
            open(session, offline);
          }}
          onFullSignIn={() => setScreen({ kind: 'signed_out' })}
        />
      </Suspense>
    );
  }
  if (screen.kind === 'signed_out') {
    const unlockInstead =
      lockedPeople().length > 0 ? () => setScreen(lockedOrSignedOut()) : undefined;
    return (
      <SignedOut
        onSignedIn={(session) => open(session)}
        onUnlockInstead={unlockInstead}
        notice={screen.notice}
      />
    );
  }
  const { session, offline } = screen;
  return (
    <Suspense fallback={opening}>
      <SignedIn
        session={session}
        offline={offline}
        onSignedOut={() => setScreen(lockedOrSignedOut())}
        onRevoked={(notice) => setScreen({ kind: 'signed_out', notice })}
        onRenewed={(renewed) => open(renewed)}
        onLocked={() => setScreen({ kind: 'locked', hospitalId: session.user.hospital_id })}
      />
    </Suspense>
  );
}
