import { lazy, Suspense, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { StoredSession } from '../../engine/session';
import { SignIn } from './SignIn';

const SignUp = lazy(() => import('./SignUp'));

/**
 * The path of the page, followed as the person goes back and forth. Two pages need no
 * router: the sign-in page then loads no react-router (the signed-in app's router
 * loads with that app).
 */
function usePath(): [string, (to: string) => void] {
  const [path, setPath] = useState(window.location.pathname);
  useEffect(() => {
    const follow = () => setPath(window.location.pathname);
    window.addEventListener('popstate', follow);
    return () => window.removeEventListener('popstate', follow);
  }, []);
  const goTo = (to: string) => {
    window.history.pushState(null, '', to);
    setPath(to);
  };
  return [path, goTo];
}

/** Before signing in: the practice's registration at /signup, the sign-in anywhere else. */
export function SignedOut({
  onSignedIn,
  onUnlockInstead,
  notice,
}: {
  onSignedIn: (session: StoredSession) => void;
  onUnlockInstead?: (() => void) | undefined;
  notice?: string | undefined;
}) {
  const { t } = useTranslation();
  const [path, goTo] = usePath();
  if (path === '/signup') {
    return (
      <Suspense fallback={<p className="p-4">{t('opening')}</p>}>
        <SignUp onSignedIn={onSignedIn} onGoTo={goTo} />
      </Suspense>
    );
  }
  return (
    <SignIn
      onSignedIn={onSignedIn}
      onUnlockInstead={onUnlockInstead}
      notice={notice}
      onGoTo={goTo}
    />
  );
}
