import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { hasPin, pinProblem, setPin } from '../engine/lock';
import { clearSession } from '../engine/session';
import { buttonClass, formText, secondaryButtonClass, TextField } from '../ui/Field';
import { useClinic } from './clinic';

const dismissedKey = (userId: string) => `mymedic-pin-offer-dismissed:${userId}`;

/** Whether this person said "Not now" to the PIN offer on this device. */
export const pinOfferDismissed = (userId: string) =>
  localStorage.getItem(dismissedKey(userId)) !== null;

const offeredAgain = 'mymedic-pin-offered-again';

/** Shows the PIN offer again (the person menu's "Set a PIN"), also on the screen open now. */
export function offerPinAgain(userId: string) {
  localStorage.removeItem(dismissedKey(userId));
  window.dispatchEvent(new Event(offeredAgain));
}

/** Offers to set a PIN after an online sign-in, so the tablet can lock and unlock. */
function PinSetup({ onDone, onNotNow }: { onDone: () => void; onNotNow: () => void }) {
  const { session } = useClinic();
  const { t } = useTranslation('app');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const pin = formText(form, 'new-pin');
    const problem = pinProblem(pin);
    if (problem) return setError(t(`pin.problems.${problem}`));
    if (pin !== formText(form, 'repeat-pin')) return setError(t('pin.differ'));
    setBusy(true);
    try {
      await setPin(session, pin);
    } catch (failure) {
      // The person reads that it failed; why (a closed vault, a browser without crypto) is for the console.
      console.warn('The PIN could not be set', failure);
      setBusy(false);
      return setError(t('pin.failed'));
    }
    // From now on this person's tokens live sealed and in memory, never in clear.
    clearSession();
    onDone();
  }
  return (
    <form
      onSubmit={(event) => void submit(event)}
      noValidate
      aria-label={t('pin.form')}
      className="grid gap-3 rounded-xl border border-sky-200 bg-sky-50 p-4 sm:grid-cols-3 print:hidden"
    >
      <p className="sm:col-span-3">{t('pin.offer')}</p>
      <TextField
        label={t('pin.new')}
        name="new-pin"
        type="password"
        inputMode="numeric"
        autoComplete="new-password"
        error={error ?? undefined}
      />
      <TextField
        label={t('pin.repeat')}
        name="repeat-pin"
        type="password"
        inputMode="numeric"
        autoComplete="new-password"
      />
      <div className="flex items-end gap-2">
        <button type="submit" className={buttonClass} disabled={busy}>
          {busy ? t('pin.saving') : t('pin.save')}
        </button>
        <button type="button" className={secondaryButtonClass} onClick={onNotNow}>
          {t('pin.notNow')}
        </button>
      </div>
    </form>
  );
}

/**
 * The offer to set a PIN, as a card on the first screen: until this person has a PIN or
 * says "Not now" on this device, which it remembers (the person menu offers it again).
 * Never printed.
 */
export function PinOffer() {
  const { session } = useClinic();
  const userId = session.user.user_id;
  const [shown, setShown] = useState(() => !hasPin(userId) && !pinOfferDismissed(userId));
  useEffect(() => {
    const again = () => setShown(!hasPin(userId));
    window.addEventListener(offeredAgain, again);
    return () => window.removeEventListener(offeredAgain, again);
  }, [userId]);
  if (!shown) return null;
  return (
    <PinSetup
      onDone={() => setShown(false)}
      onNotNow={() => {
        localStorage.setItem(dismissedKey(userId), new Date().toISOString());
        setShown(false);
      }}
    />
  );
}
