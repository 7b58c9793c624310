import { useLiveQuery } from 'dexie-react-hooks';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { buttonClass, secondaryButtonClass } from '../ui/Field';
import { useClinic } from './clinic';
import { describeCommand, unsentWork } from './unsent';
import { useFormat } from './useFormat';

const dangerButtonClass =
  'inline-flex min-h-11 items-center justify-center rounded-lg bg-red-800 px-4 py-2 font-medium text-white hover:bg-red-900 disabled:opacity-60';

/**
 * Sign-out never deletes work the server has not received. With nothing waiting it
 * signs out at once; otherwise it says what waits and offers to send it now, keep it on
 * this tablet for the person's next sign-in, or discard it after naming what is lost.
 */
export function SignOutButton({ className }: { className: string }) {
  const { db, session, signOut, syncRound } = useClinic();
  const { t } = useTranslation('app');
  const format = useFormat();
  const userId = session.user.user_id;
  const [open, setOpen] = useState(false);
  const [confirmDiscard, setConfirmDiscard] = useState(false);
  const [busy, setBusy] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const work = useLiveQuery(async () => {
    const waiting = await unsentWork(db, userId);
    const patients = await db.patients.toArray();
    const names = new Map(patients.map((patient) => [patient.patient_id, patient.full_name]));
    return { ...waiting, names };
  }, [db, userId]);
  const waiting = work?.commands.length ?? 0;

  async function begin() {
    const now = await unsentWork(db, userId);
    if (now.commands.length === 0) return signOut('keep');
    setOpen(true);
  }

  async function sendNow() {
    setBusy(t('signOut.sending'));
    setMessage(null);
    await syncRound();
    const left = await unsentWork(db, userId);
    setBusy(null);
    if (left.commands.length === 0) return signOut('keep');
    setMessage(
      t(navigator.onLine ? 'signOut.unreachable' : 'signOut.offline', {
        count: left.commands.length,
      }),
    );
  }

  // What waits, in words: shown before the choice and again before a discard.
  const waitingList = (
    <ul className="my-3 list-disc space-y-1 pl-6">
      {work?.commands.map((command) => (
        <li key={command.command_id}>{describeCommand(command, work.names, t, format)}</li>
      ))}
    </ul>
  );
  return (
    <>
      <button type="button" className={className} onClick={() => void begin()}>
        {t('signOut.button')}
      </button>
      {open && (
        <div className="fixed inset-0 z-50 flex items-center justify-center bg-slate-900/50 p-4">
          <section
            role="dialog"
            aria-modal="true"
            aria-labelledby="sign-out-title"
            className="max-h-full w-full max-w-lg overflow-y-auto rounded-xl bg-white p-6 shadow-xl"
          >
            <h2 id="sign-out-title" className="text-xl font-semibold">
              {t('signOut.title', { count: waiting })}
            </h2>
            {!confirmDiscard ? (
              <>
                <p className="mt-2">{t('signOut.notReceived', { count: waiting })}</p>
                {waitingList}
                {message && (
                  <p role="alert" className="mb-3 text-amber-900">
                    {message}
                  </p>
                )}
                <div className="flex flex-col gap-2">
                  <button
                    type="button"
                    className={buttonClass}
                    disabled={busy !== null}
                    onClick={() => void sendNow()}
                  >
                    {busy ?? t('signOut.sendNow')}
                  </button>
                  <button
                    type="button"
                    className={secondaryButtonClass}
                    disabled={busy !== null}
                    onClick={() => void signOut('keep')}
                  >
                    {t('signOut.keep')}
                  </button>
                  <button
                    type="button"
                    className={secondaryButtonClass}
                    disabled={busy !== null}
                    onClick={() => setConfirmDiscard(true)}
                  >
                    {t('signOut.discard')}
                  </button>
                  <button
                    type="button"
                    className="min-h-11 underline"
                    onClick={() => {
                      setOpen(false);
                      setMessage(null);
                    }}
                  >
                    {t('signOut.stay')}
                  </button>
                </div>
              </>
            ) : (
              <>
                <p className="mt-2 font-medium text-red-900">
                  {t('signOut.discardWarning', { count: waiting })}
                </p>
                {waitingList}
                <div className="flex flex-col gap-2">
                  <button
                    type="button"
                    className={dangerButtonClass}
                    onClick={() => void signOut('discard')}
                  >
                    {t('signOut.discardConfirm', { count: waiting })}
                  </button>
                  <button
                    type="button"
                    className={secondaryButtonClass}
                    onClick={() => setConfirmDiscard(false)}
                  >
                    {t('signOut.back')}
                  </button>
                </div>
              </>
            )}
          </section>
        </div>
      )}
    </>
  );
}
