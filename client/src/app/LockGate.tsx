import { rolesOf } from '@mymedic/shared';
import { useCallback, useEffect, useState, type FormEvent, type ReactNode } from 'react';
import {
  hasPin,
  holdsKeyFor,
  lockedPeople,
  pinProblem,
  setPin,
  unlockWithPin,
  type LockedPerson,
} from '../engine/lock';
import { clearSession, storeSession, type StoredSession } from '../engine/session';
import { buttonClass, formText, secondaryButtonClass, TextField } from '../ui/Field';
import { useClinic } from './clinic';
import { useOrganisation } from './reference';
import { useUiStore } from './store';

const activityKey = 'mymedic.last-activity';
const activityEvents = ['pointerdown', 'keydown', 'touchstart', 'wheel'] as const;

const lastActivity = () => Number(localStorage.getItem(activityKey) ?? Date.now());

/** Offers to set a PIN after an online sign-in, so the tablet can lock and unlock. */
function PinSetup({ onDone }: { onDone: () => void }) {
  const { session } = useClinic();
  const [error, setError] = useState<string | null>(null);
  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const pin = formText(form, 'new-pin');
    const problem = pinProblem(pin);
    if (problem) return setError(problem);
    if (pin !== formText(form, 'repeat-pin')) return setError('The two PINs differ');
    await setPin(session, pin);
    onDone();
  }
  return (
    <form
      onSubmit={(event) => void submit(event)}
      noValidate
      aria-label="Set your PIN"
      className="mx-auto mb-4 grid max-w-6xl gap-3 rounded-xl bg-sky-50 p-4 sm:grid-cols-3"
    >
      <p className="sm:col-span-3">
        Set a PIN to unlock this tablet quickly, even offline. It locks after a while without use.
      </p>
      <TextField
        label="New PIN"
        name="new-pin"
        type="password"
        inputMode="numeric"
        autoComplete="new-password"
        error={error ?? undefined}
      />
      <TextField
        label="Repeat the PIN"
        name="repeat-pin"
        type="password"
        inputMode="numeric"
        autoComplete="new-password"
      />
      <div className="flex items-end gap-2">
        <button type="submit" className={buttonClass}>
          Save PIN
        </button>
        <button type="button" className={secondaryButtonClass} onClick={onDone}>
          Not now
        </button>
      </div>
    </form>
  );
}

function LockScreen({
  people,
  onUnlocked,
  onFullSignIn,
}: {
  people: LockedPerson[];
  onUnlocked: (session: StoredSession) => void;
  onFullSignIn: () => void;
}) {
  const { session } = useClinic();
  const [who, setWho] = useState(
    people.some((person) => person.user.user_id === session.user.user_id)
      ? session.user.user_id
      : (people[0]?.user.user_id ?? ''),
  );
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    setBusy(true);
    const result = await unlockWithPin(who, formText(new FormData(form), 'pin'));
    setBusy(false);
    form.reset();
    if (result.ok) return onUnlocked(result.session);
    setError(
      result.reason === 'wrong_pin'
        ? `Wrong PIN. ${result.attemptsLeft} ${result.attemptsLeft === 1 ? 'try' : 'tries'} left before a full sign-in is needed.`
        : result.reason === 'expired'
          ? 'More than 12 hours since this person signed in with their password: sign in again.'
          : 'Too many wrong PINs: sign in again with email and password.',
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
        <p>Nobody has a PIN on this tablet yet.</p>
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

/**
 * Shared tablets: the app locks after the organisation's idle time (or when someone
 * presses Lock) and each person unlocks with their own PIN. A reload starts locked for
 * anyone with a PIN, since their key lives only in memory; someone without a PIN gets
 * the full sign-in instead. Syncing goes on while locked; the local data stays.
 */
export function LockGate({
  children,
  onSwitch,
  onFullSignIn,
}: {
  children: ReactNode;
  onSwitch: (session: StoredSession) => void;
  onFullSignIn: () => void;
}) {
  const { session } = useClinic();
  const organisation = useOrganisation();
  const userId = session.user.user_id;
  const [locked, setLocked] = useState(() => hasPin(userId) && !holdsKeyFor(userId));
  const [offerPin, setOfferPin] = useState(() => !hasPin(userId));
  const setLockNow = useUiStore((state) => state.setLockNow);
  const idleMinutes = organisation?.settings.idle_lock_minutes ?? 15;

  const lock = useCallback(() => {
    if (hasPin(userId)) return setLocked(true);
    // Without a PIN the only way back in is the password: nothing is left open.
    clearSession();
    onFullSignIn();
  }, [userId, onFullSignIn]);

  useEffect(() => {
    setLockNow(lock);
    return () => setLockNow(null);
  }, [lock, setLockNow]);

  useEffect(() => {
    if (locked) return;
    const touch = () => localStorage.setItem(activityKey, String(Date.now()));
    if (Date.now() - lastActivity() > idleMinutes * 60_000) touch();
    for (const name of activityEvents) window.addEventListener(name, touch, { passive: true });
    const timer = setInterval(() => {
      if (Date.now() - lastActivity() > idleMinutes * 60_000) lock();
    }, 5000);
    return () => {
      for (const name of activityEvents) window.removeEventListener(name, touch);
      clearInterval(timer);
    };
  }, [locked, idleMinutes, lock]);

  if (locked) {
    return (
      <LockScreen
        people={lockedPeople(session.user.hospital_id)}
        onFullSignIn={() => {
          clearSession();
          onFullSignIn();
        }}
        onUnlocked={(unlocked) => {
          localStorage.setItem(activityKey, String(Date.now()));
          if (unlocked.user.user_id === userId) return setLocked(false);
          // Someone else takes the tablet: their session becomes the device's.
          onSwitch(storeSession(unlocked));
        }}
      />
    );
  }
  return (
    <>
      {offerPin && (
        <div className="px-4 pt-4">
          <PinSetup onDone={() => setOfferPin(false)} />
        </div>
      )}
      {children}
    </>
  );
}
