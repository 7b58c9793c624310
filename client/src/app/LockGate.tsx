import { useCallback, useEffect, useState, type FormEvent, type ReactNode } from 'react';
import {
  closeVault,
  draftsSealed,
  hasPin,
  lastActivity,
  noteOfflineUnlockDays,
  pinProblem,
  setPin,
  touchActivity,
} from '../engine/lock';
import { clearSession } from '../engine/session';
import { buttonClass, formText, secondaryButtonClass, TextField } from '../ui/Field';
import { useClinic } from './clinic';
import { useOrganisation } from './reference';
import { useUiStore } from './store';

const activityEvents = ['pointerdown', 'keydown', 'touchstart', 'wheel'] as const;

/** Offers to set a PIN after an online sign-in, so the tablet can lock and unlock. */
function PinSetup({ onDone }: { onDone: () => void }) {
  const { session } = useClinic();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const pin = formText(form, 'new-pin');
    const problem = pinProblem(pin);
    if (problem) return setError(problem);
    if (pin !== formText(form, 'repeat-pin')) return setError('The two PINs differ');
    setBusy(true);
    try {
      await setPin(session, pin);
    } catch (failure) {
      setBusy(false);
      return setError(failure instanceof Error ? failure.message : 'The PIN could not be set');
    }
    // From now on this person's tokens live sealed and in memory, never in clear.
    clearSession();
    onDone();
  }
  return (
    <form
      onSubmit={(event) => void submit(event)}
      noValidate
      aria-label="Set your PIN"
      className="mx-auto mb-4 grid max-w-6xl gap-3 rounded-xl bg-sky-50 p-4 sm:grid-cols-3 print:hidden"
    >
      <p className="sm:col-span-3">
        Set a PIN of 6 or more digits to unlock this tablet quickly, even offline. It locks after a
        while without use, and keeps what you were typing.
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
        <button type="submit" className={buttonClass} disabled={busy}>
          {busy ? 'Saving…' : 'Save PIN'}
        </button>
        <button type="button" className={secondaryButtonClass} onClick={onDone}>
          Not now
        </button>
      </div>
    </form>
  );
}

/**
 * Shared tablets: the app locks after the organisation's idle time (or when someone
 * presses Lock). For someone with a PIN, locking seals their drafts, drops their key
 * and tokens from memory and shows the lock screen (`onLocked`); for someone without,
 * it is a sign-out that keeps their unsent work and drafts, as nobody is there to ask.
 */
export function LockGate({ children, onLocked }: { children: ReactNode; onLocked: () => void }) {
  const { session, signOut } = useClinic();
  const organisation = useOrganisation();
  const userId = session.user.user_id;
  const [offerPin, setOfferPin] = useState(() => !hasPin(userId));
  const setLockNow = useUiStore((state) => state.setLockNow);
  const idleMinutes = organisation?.settings.idle_lock_minutes ?? 15;
  const offlineDays = organisation?.settings.offline_unlock_days;

  useEffect(() => {
    if (offlineDays !== undefined) noteOfflineUnlockDays(userId, offlineDays);
  }, [userId, offlineDays]);

  const lock = useCallback(async () => {
    if (!hasPin(userId)) return signOut('idle');
    await draftsSealed();
    closeVault();
    onLocked();
  }, [userId, signOut, onLocked]);

  useEffect(() => {
    setLockNow(() => void lock());
    return () => setLockNow(null);
  }, [lock, setLockNow]);

  useEffect(() => {
    const touch = () => touchActivity();
    const check = () => {
      if (Date.now() - lastActivity() > idleMinutes * 60_000) void lock();
    };
    // A tablet put away while unlocked and opened again later is locked at once.
    check();
    for (const name of activityEvents) window.addEventListener(name, touch, { passive: true });
    const timer = setInterval(check, 5000);
    return () => {
      for (const name of activityEvents) window.removeEventListener(name, touch);
      clearInterval(timer);
    };
  }, [idleMinutes, lock]);

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
