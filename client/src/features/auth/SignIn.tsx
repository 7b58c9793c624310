import { lazy, Suspense, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { StoredSession } from '../../engine/session';
import { formText, TextField } from '../../ui/Field';
import { AuthPage, loadRequests, PageLink, SubmitWhile } from './AuthPage';

const NewPasswordAtSignIn = lazy(() => import('./NewPasswordAtSignIn'));

/**
 * The sign-in page: the first screen of a first visit, so it imports nothing of the
 * signed-in app, the domain or the server's answers' checks (`requests.ts` loads when
 * the form is first touched).
 */
export function SignIn({
  onSignedIn,
  onUnlockInstead,
  notice,
  onGoTo,
}: {
  /** Why the person is here, when it is not a plain sign-in (a revoked tablet). */
  notice?: string | undefined;
  onSignedIn: (session: StoredSession) => void;
  /** Someone on this tablet can unlock with a PIN instead. */
  onUnlockInstead?: (() => void) | undefined;
  /** Follows a link to another signed-out page. */
  onGoTo: (to: string) => void;
}) {
  const { t } = useTranslation('auth');
  const [error, setError] = useState<string | null>(null);
  const [message, setMessage] = useState(notice ?? null);
  const [busy, setBusy] = useState(false);
  // Signed in with a temporary password (an admin's reset): a new one is chosen first.
  const [temporary, setTemporary] = useState<{ email: string; password: string } | null>(null);
  async function submit(form: FormData) {
    setBusy(true);
    setError(null);
    const email = formText(form, 'email');
    const password = formText(form, 'password');
    const requests = await loadRequests();
    if (!requests) {
      setError(t('unreachable'));
      return setBusy(false);
    }
    try {
      onSignedIn(await requests.signIn(email, password));
    } catch (failure) {
      const refusal = requests.refusalCode(failure);
      if (refusal === 'password_change_required') {
        setTemporary({ email, password });
      } else if (refusal === 'device_revoked') {
        // Found again after it was reported lost: wiped, it signs in as a new device.
        await requests.wipeRevokedDevice();
        setMessage(requests.revokedMessage);
        setError(null);
      } else setError(requests.explain(failure, t));
    } finally {
      setBusy(false);
    }
  }
  if (temporary) {
    return (
      <Suspense fallback={<p className="p-4">{t('common:opening')}</p>}>
        <NewPasswordAtSignIn
          {...temporary}
          onSignedIn={onSignedIn}
          onBack={() => setTemporary(null)}
        />
      </Suspense>
    );
  }
  return (
    <AuthPage titleId="sign-in-title" title={t('signIn.title')} validate onSubmit={submit}>
      <TextField label={t('email')} name="email" type="email" autoComplete="username" required />
      <TextField
        label={t('password')}
        name="password"
        type="password"
        autoComplete="current-password"
        required
      />
      {message && (
        <p role="status" className="rounded-lg bg-amber-50 p-3 text-amber-950">
          {message}
        </p>
      )}
      <SubmitWhile
        error={error}
        busy={busy}
        label={t('signIn.submit')}
        busyLabel={t('signIn.busy')}
      />
      {onUnlockInstead && (
        <button type="button" className="min-h-11 w-full underline" onClick={onUnlockInstead}>
          {t('signIn.unlockInstead')}
        </button>
      )}
      <p className="text-sm">
        {t('signIn.newHere')}{' '}
        <PageLink to="/signup" onGoTo={onGoTo}>
          {t('signIn.register')}
        </PageLink>
      </p>
    </AuthPage>
  );
}
