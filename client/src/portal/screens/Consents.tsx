import { useState } from 'react';
import { PortalError, type Consent } from '../model/api';
import { changeConsent, useAnswer } from '../model/answers';
import { usePortal, useSession } from '../model/state';
import { consentWords, dayWords } from '../model/words';
import { buttonClass, secondaryButtonClass } from '../../ui/Field';
import { Card, Screen } from '../parts/Screen';

type Step =
  | { kind: 'idle' }
  | { kind: 'asking' }
  | { kind: 'sending' }
  | { kind: 'done'; words: string }
  | { kind: 'refused'; words: string };

const wordsOf = (type: string) =>
  consentWords[type] ?? { title: type.replace(/_/g, ' '), about: '' };

/** One kind of consent: given (since when, with a withdraw) or not (with a give). */
function ConsentRow({
  type,
  active,
  withdrawn,
}: {
  type: string;
  active: Consent | null;
  withdrawn: Consent | null;
}) {
  const session = useSession();
  const online = usePortal((state) => state.online);
  const [step, setStep] = useState<Step>({ kind: 'idle' });
  const words = wordsOf(type);
  const question = active
    ? `Withdraw your consent to “${words.title}”?`
    : `Give your consent to “${words.title}”?`;
  const send = async () => {
    setStep({ kind: 'sending' });
    try {
      await changeConsent(session, active ? { withdraw: active.consent_id } : { grant: type });
      setStep({
        kind: 'done',
        words: active ? 'Your consent is withdrawn.' : 'Thank you. Your consent is recorded.',
      });
    } catch (error) {
      setStep({
        kind: 'refused',
        words:
          error instanceof PortalError && error.unreachable
            ? 'No connection: nothing was changed. Try again when you are online.'
            : `The clinic could not record this: ${error instanceof Error ? error.message : 'unknown problem'}`,
      });
    }
  };
  return (
    <Card>
      <h2 className="text-xl font-semibold">{words.title}</h2>
      {words.about && <p className="text-base text-slate-700">{words.about}</p>}
      <p className={`mt-1 text-base font-medium ${active ? 'text-emerald-800' : ''}`}>
        {active
          ? `✓ Given on ${dayWords(active.granted_at)}`
          : withdrawn?.withdrawn_at
            ? `Not given: you withdrew it on ${dayWords(withdrawn.withdrawn_at)}`
            : 'Not given'}
      </p>
      <div aria-live="polite">
        {step.kind === 'done' && (
          <p className="mt-2 rounded-lg bg-emerald-50 p-3 text-lg text-emerald-900">{step.words}</p>
        )}
      </div>
      {step.kind === 'refused' && (
        <p role="alert" className="mt-2 rounded-lg bg-red-50 p-3 text-lg text-red-900">
          {step.words}
        </p>
      )}
      {step.kind === 'asking' || step.kind === 'sending' ? (
        <div className="mt-3 space-y-3 rounded-lg border-2 border-teal-800 bg-teal-50 p-3">
          <p className="text-lg font-semibold">{question}</p>
          <div className="flex flex-wrap gap-2">
            <button
              type="button"
              className={`${buttonClass} min-h-12 text-lg`}
              disabled={step.kind === 'sending'}
              onClick={() => void send()}
            >
              {step.kind === 'sending' ? 'Sending…' : active ? 'Yes, withdraw' : 'Yes, I consent'}
            </button>
            <button
              type="button"
              className={`${secondaryButtonClass} min-h-12 text-lg disabled:opacity-50`}
              disabled={step.kind === 'sending'}
              onClick={() => setStep({ kind: 'idle' })}
            >
              No, go back
            </button>
          </div>
        </div>
      ) : (
        <div className="no-print mt-3">
          <button
            type="button"
            className={`${secondaryButtonClass} min-h-12 w-full text-lg disabled:opacity-50 sm:w-auto`}
            disabled={!online}
            onClick={() => setStep({ kind: 'asking' })}
          >
            {active ? 'Withdraw consent' : 'Give consent'}
          </button>
          {!online && (
            <p className="mt-2 text-base text-slate-700">Changing a consent needs a connection.</p>
          )}
        </div>
      )}
    </Card>
  );
}

/** The patient's consents: each kind given or not, to give or withdraw. */
export function ConsentsScreen() {
  const session = useSession();
  const view = useAnswer('me', session);
  return (
    <Screen title="Consents" view={view}>
      {({ consents }) => {
        const activeOf = (type: string) =>
          consents.find((consent) => consent.type === type && !consent.withdrawn_at) ?? null;
        const lastWithdrawnOf = (type: string) =>
          consents
            .filter((consent) => consent.type === type && consent.withdrawn_at)
            .sort((a, b) => Date.parse(b.withdrawn_at!) - Date.parse(a.withdrawn_at!))[0] ?? null;
        const known = [...Object.keys(consentWords), ...consents.map((consent) => consent.type)];
        const types = known.filter((type, index) => known.indexOf(type) === index);
        return (
          <div className="space-y-3">
            <p className="text-lg">
              What you allow the clinic to do. You can change your mind at any time.
            </p>
            {types.map((type) => (
              <ConsentRow
                key={type}
                type={type}
                active={activeOf(type)}
                withdrawn={lastWithdrawnOf(type)}
              />
            ))}
          </div>
        );
      }}
    </Screen>
  );
}
