import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, SyncApi } from '../engine/api';
import { deviceId, type StoredSession } from '../engine/session';
import { buttonClass, formText, secondaryButtonClass, TextField } from '../ui/Field';
import { useClinic } from './clinic';
import { serverAnswers } from './LockScreen';
import { completeSignIn } from './signIn';
import { useUiStore } from './store';
import { sayFailure } from '../i18n/refusals';

const api = new SyncApi('', null);

/**
 * The same person signs in again without leaving the screen they are on, so nothing
 * typed is lost: when a tablet unlocked offline past the 12 hours reaches the server
 * (asked at once, as the rules want), or when the server no longer takes the session.
 */
export function SignInAgain({ onRenewed }: { onRenewed: (session: StoredSession) => void }) {
  const { session, offline } = useClinic();
  const { t } = useTranslation('app');
  const syncState = useUiStore((state) => state.sync.state);
  const [serverBack, setServerBack] = useState(false);
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (!offline) return;
    let stopped = false;
    const probe = async () => {
      if (stopped) return;
      if (await serverAnswers()) setServerBack(true);
      else setTimeout(() => void probe(), 15_000);
    };
    void probe();
    return () => {
      stopped = true;
    };
  }, [offline]);

  const forced = offline && serverBack;
  const needed = forced || syncState === 'signed_out';

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const password = formText(new FormData(event.currentTarget), 'password');
    setBusy(true);
    setError(null);
    try {
      const response = await api.login(session.user.email, password, deviceId());
      onRenewed(await completeSignIn(response, password));
      setOpen(false);
    } catch (failure) {
      setError(
        failure instanceof ApiError && failure.status === 0
          ? t('again.unreachable')
          : failure instanceof Error
            ? sayFailure(failure)
            : t('again.failed'),
      );
    } finally {
      setBusy(false);
    }
  }

  if (!needed) return null;
  if (!forced && !open) {
    return (
      <div role="alert" className="bg-amber-100 px-4 py-2 text-center print:hidden">
        {t('again.banner')}{' '}
        <button type="button" className="min-h-11 px-2 underline" onClick={() => setOpen(true)}>
          {t('again.open')}
        </button>
      </div>
    );
  }
  return (
    <div className="fixed inset-0 z-50 flex items-center justify-center bg-slate-900/50 p-4 print:hidden">
      <form
        role="dialog"
        aria-modal="true"
        aria-labelledby="sign-in-again-title"
        onSubmit={(event) => void submit(event)}
        noValidate
        className="w-full max-w-md space-y-4 rounded-xl bg-white p-6 shadow-xl"
      >
        <h2 id="sign-in-again-title" className="text-xl font-semibold">
          {t('again.title', { name: session.user.full_name })}
        </h2>
        <p>{forced ? t('again.forced') : t('again.ended')}</p>
        <TextField
          label={t('again.password')}
          name="password"
          type="password"
          autoComplete="current-password"
          autoFocus
          error={error ?? undefined}
        />
        <div className="flex flex-wrap gap-2">
          <button type="submit" className={buttonClass} disabled={busy}>
            {busy ? t('again.signingIn') : t('again.signIn')}
          </button>
          {!forced && (
            <button type="button" className={secondaryButtonClass} onClick={() => setOpen(false)}>
              {t('again.later')}
            </button>
          )}
        </div>
      </form>
    </div>
  );
}
