import { rolesOf } from '@mymedic/shared';
import { useState, type FormEvent } from 'react';
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

const reasonWords = {
  expired:
    'This tablet has been without the server for longer than the organisation allows: sign in with your password.',
  sign_in_needed:
    'More than 12 hours since you signed in with your password, and the server answers: sign in with it again. Nothing you entered is lost.',
  forgotten: 'Too many wrong PINs: sign in again with email and password.',
  unknown: 'This person cannot unlock with a PIN here: sign in with email and password.',
} as const;

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
        ? `Wrong PIN. ${result.attemptsLeft} ${result.attemptsLeft === 1 ? 'try' : 'tries'} left before a full sign-in is needed.`
        : reasonWords[result.reason],
    );
  }

  return (
    <main className="mx-auto max-w-md p-6">
      <h1 className="mb-6 text-3xl font-semibold text-teal-900">MyMedic is locked</h1>
      {people.length > 0 ? (
        <form
          onSubmit={(event) => void submit(event)}
          noValidate
          aria-label="Unlock"
          className="space-y-4 rounded-xl bg-white p-6 shadow"
        >
          <fieldset>
            <legend className="mb-2 font-medium">Who are you?</legend>
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
                {person.user.full_name} ({rolesOf(person.user).join(', ')})
              </label>
            ))}
          </fieldset>
          <TextField
            label="PIN"
            name="pin"
            type="password"
            inputMode="numeric"
            autoComplete="current-password"
            autoFocus
            error={error ?? undefined}
          />
          <button type="submit" className={`${buttonClass} w-full`} disabled={busy || !who}>
            {busy ? 'Unlocking…' : 'Unlock'}
          </button>
        </form>
      ) : (
        <p>Nobody can unlock this tablet with a PIN now.</p>
      )}
      <button
        type="button"
        className={`${secondaryButtonClass} mt-4 w-full`}
        onClick={onFullSignIn}
      >
        Sign in with email and password
      </button>
    </main>
  );
}
