import { rolesOf } from '@mymedic/shared';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { lockedPeople, unlockWithPin } from '../engine/lock';
import type { StoredSession } from '../engine/session';
import { buttonClass, formText, secondaryButtonClass, TextField } from '../ui/Field';

/** Whether the server answers at all: a PIN past the sign-in's 12 hours needs it not to. */
export async function serverAnswers(): Promise<boolean> {
  try {
    const response = await fetch('/health', {
      cache: 'no-store',
      signal: AbortSignal.timeout(4000),
    });
    return response.status < 500;
  } catch {
    return false;
  }
}

/**
 * The locked tablet: who is it, and their PIN. Nothing of anyone's session is open
 * behind it, so it stands outside the clinic: no tokens, no sync, no patient data.
 */
export default function LockScreen({
  hospitalId,
  onUnlocked,
  onFullSignIn,
}: {
  hospitalId: string;
  onUnlocked: (session: StoredSession, offline: boolean) => void;
  onFullSignIn: () => void;
}) {
  const { t } = useTranslation('app');
  const people = lockedPeople(hospitalId);
  const [who, setWho] = useState(people.at(-1)?.user.user_id ?? '');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    setBusy(true);
    const result = await unlockWithPin(who, formText(new FormData(form), 'pin'), serverAnswers);
    setBusy(false);
    form.reset();
    if (result.ok) return onUnlocked(result.session, result.offline);
    setError(
      result.reason === 'wrong_pin'
        ? t('lock.wrongPin', { count: result.attemptsLeft })
        : t(`lock.reasons.${result.reason}`),
    );
  }

  return (
    <main className="mx-auto max-w-md p-6">
      <h1 className="mb-6 text-3xl font-semibold text-teal-900">{t('lock.title')}</h1>
      {people.length > 0 ? (
        <form
          onSubmit={(event) => void submit(event)}
          noValidate
          aria-label={t('lock.form')}
          className="space-y-4 rounded-xl bg-white p-6 shadow"
        >
          <fieldset>
            <legend className="mb-2 font-medium">{t('lock.who')}</legend>
            {people.map((person) => (
              <label key={person.user.user_id} className="flex min-h-11 items-center gap-3">
                <input
                  type="radio"
                  name="who"
                  value={person.user.user_id}
                  checked={who === person.user.user_id}
                  onChange={() => setWho(person.user.user_id)}
                  className="h-5 w-5"
                />
                {t('lock.person', {
                  name: person.user.full_name,
                  roles: rolesOf(person.user)
                    .map((role) => t(`common:roles.${role}`))
                    .join(', '),
                })}
              </label>
            ))}
          </fieldset>
          <TextField
            label={t('lock.pin')}
            name="pin"
            type="password"
            inputMode="numeric"
            autoComplete="current-password"
            autoFocus
            error={error ?? undefined}
          />
          <button type="submit" className={`${buttonClass} w-full`} disabled={busy || !who}>
            {busy ? t('lock.unlocking') : t('lock.unlock')}
          </button>
        </form>
      ) : (
        <p>{t('lock.nobody')}</p>
      )}
      <button
        type="button"
        className={`${secondaryButtonClass} mt-4 w-full`}
        onClick={onFullSignIn}
      >
        {t('lock.fullSignIn')}
      </button>
    </main>
  );
}
