import { useLiveQuery } from 'dexie-react-hooks';
import { useState } from 'react';
import { buttonClass, secondaryButtonClass } from '../ui/Field';
import { useClinic } from './clinic';
import { describeCommand, unsentWork } from './unsent';

const dangerButtonClass =
  'inline-flex min-h-11 items-center justify-center rounded-lg bg-red-800 px-4 py-2 font-medium text-white hover:bg-red-900 disabled:opacity-60';

/**
 * Sign-out never deletes work the server has not received. With nothing waiting it
 * signs out at once; otherwise it says what waits and offers to send it now, keep it on
 * this tablet for the person's next sign-in, or discard it after naming what is lost.
 */
export function SignOutButton({ className }: { className: string }) {
  const { db, session, signOut, syncRound } = useClinic();
  const userId = session.user.user_id;
  const [open, setOpen] = useState(false);
  const [confirmDiscard, setConfirmDiscard] = useState(false);
  const [busy, setBusy] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const work = useLiveQuery(async () => {
    const waiting = await unsentWork(db, userId);
    const patients = await db.patients.toArray();
    const names = new Map(patients.map((patient) => [patient.patient_id, patient.full_name]));
    return {
      ...waiting,
      described: waiting.commands.map((command) => describeCommand(command, names)),
    };
  }, [db, userId]);
  const waiting = work?.commands.length ?? 0;

  async function begin() {
    const now = await unsentWork(db, userId);
    if (now.commands.length === 0) return signOut('keep');
    setOpen(true);
  }

  async function sendNow() {
    setBusy('Sending…');
    setMessage(null);
    await syncRound();
    const left = await unsentWork(db, userId);
    setBusy(null);
    if (left.commands.length === 0) return signOut('keep');
    setMessage(
      `The server did not take ${left.commands.length === 1 ? 'it' : 'them all'}: ${
        navigator.onLine ? 'it cannot be reached just now' : 'this tablet is offline'
      }. Keep ${left.commands.length === 1 ? 'it' : 'them'} on this tablet, or try again later.`,
    );
  }

  const plural = waiting === 1 ? '' : 's';
  // What waits, in words: shown before the choice and again before a discard.
  const waitingList = (
    <ul className="my-3 list-disc space-y-1 pl-6">
      {work?.described.map((line, index) => (
        <li key={work.commands[index]!.command_id}>{line}</li>
      ))}
    </ul>
  );
  return (
    <>
      <button type="button" className={className} onClick={() => void begin()}>
        Sign out
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
              {waiting} change{plural} not sent yet
            </h2>
            {!confirmDiscard ? (
              <>
                <p className="mt-2">
                  The server has not received {waiting === 1 ? 'this' : 'these'} yet. Signing out
                  does not delete {waiting === 1 ? 'it' : 'them'} unless you choose to.
                </p>
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
                    {busy ?? 'Send now, then sign out'}
                  </button>
                  <button
                    type="button"
                    className={secondaryButtonClass}
                    disabled={busy !== null}
                    onClick={() => void signOut('keep')}
                  >
                    Keep on this tablet for my next sign-in
                  </button>
                  <button
                    type="button"
                    className={secondaryButtonClass}
                    disabled={busy !== null}
                    onClick={() => setConfirmDiscard(true)}
                  >
                    Discard…
                  </button>
                  <button
                    type="button"
                    className="min-h-11 underline"
                    onClick={() => {
                      setOpen(false);
                      setMessage(null);
                    }}
                  >
                    Stay signed in
                  </button>
                </div>
              </>
            ) : (
              <>
                <p className="mt-2 font-medium text-red-900">
                  Discarding loses {waiting === 1 ? 'this' : 'these'} for good; nobody will see{' '}
                  {waiting === 1 ? 'it' : 'them'} again:
                </p>
                {waitingList}
                <div className="flex flex-col gap-2">
                  <button
                    type="button"
                    className={dangerButtonClass}
                    onClick={() => void signOut('discard')}
                  >
                    Discard {waiting} change{plural} and sign out
                  </button>
                  <button
                    type="button"
                    className={secondaryButtonClass}
                    onClick={() => setConfirmDiscard(false)}
                  >
                    Go back
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
