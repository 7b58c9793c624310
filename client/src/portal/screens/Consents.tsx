import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PortalError, type Consent } from '../model/api';
import { changeConsent, useAnswer } from '../model/answers';
import { usePortalFormat } from '../model/clock';
import { usePortal, useSession } from '../model/state';
import { consentKinds, consentWords, problemWords, type PortalT } from '../model/words';
import { buttonClass, secondaryButtonClass } from '../../ui/Field';
import { Card, Screen } from '../parts/Screen';

type Step =
  | { kind: 'idle' }
  | { kind: 'asking' }
  | { kind: 'sending' }
  | { kind: 'done'; withdrawn: boolean }
  | { kind: 'refused'; error: unknown };

/** Why a change of consent did not reach the clinic. */
function refusalWords(error: unknown, t: PortalT): string {
  if (error instanceof PortalError && error.unreachable) return t('consents.unreachable');
  const reason = error instanceof PortalError ? problemWords(error, t) : t('problem.unexpected');
  return t('consents.refused', { reason });
}

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
  const { t } = useTranslation('portal');
  const formats = usePortalFormat();
  const session = useSession();
  const online = usePortal((state) => state.online);
  const [step, setStep] = useState<Step>({ kind: 'idle' });
  const words = consentWords(type, t);
  const question = active
    ? t('consents.askWithdraw', { title: words.title })
    : t('consents.askGive', { title: words.title });
  const send = async () => {
    setStep({ kind: 'sending' });
    try {
      await changeConsent(session, active ? { withdraw: active.consent_id } : { grant: type });
      setStep({ kind: 'done', withdrawn: Boolean(active) });
    } catch (error) {
      setStep({ kind: 'refused', error });
    }
  };
  return (
    <Card>
      <h2 className="text-xl font-semibold">{words.title}</h2>
      {words.about && <p className="text-base text-slate-700">{words.about}</p>}
      <p className={`mt-1 text-base font-medium ${active ? 'text-emerald-800' : ''}`}>
        {active
          ? t('consents.given', { date: formats.longDate(active.granted_at) })
          : withdrawn?.withdrawn_at
            ? t('consents.withdrawnOn', { date: formats.longDate(withdrawn.withdrawn_at) })
            : t('consents.notGiven')}
      </p>
      <div aria-live="polite">
        {step.kind === 'done' && (
          <p className="mt-2 rounded-lg bg-emerald-50 p-3 text-lg text-emerald-900">
            {step.withdrawn ? t('consents.withdrawn') : t('consents.recorded')}
          </p>
        )}
      </div>
      {step.kind === 'refused' && (
        <p role="alert" className="mt-2 rounded-lg bg-red-50 p-3 text-lg text-red-900">
          {refusalWords(step.error, t)}
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
              {step.kind === 'sending'
                ? t('sending')
                : active
                  ? t('consents.yesWithdraw')
                  : t('consents.yesGive')}
            </button>
            <button
              type="button"
              className={`${secondaryButtonClass} min-h-12 text-lg disabled:opacity-50`}
              disabled={step.kind === 'sending'}
              onClick={() => setStep({ kind: 'idle' })}
            >
              {t('goBack')}
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
            {active ? t('consents.withdraw') : t('consents.give')}
          </button>
          {!online && (
            <p className="mt-2 text-base text-slate-700">{t('consents.needsConnection')}</p>
          )}
        </div>
      )}
    </Card>
  );
}

/** The patient's consents: each kind given or not, to give or withdraw. */
export function ConsentsScreen() {
  const { t } = useTranslation('portal');
  const session = useSession();
  const view = useAnswer('me', session);
  return (
    <Screen title={t('consents.title')} view={view}>
      {({ consents }) => {
        const activeOf = (type: string) =>
          consents.find((consent) => consent.type === type && !consent.withdrawn_at) ?? null;
        const lastWithdrawnOf = (type: string) =>
          consents
            .filter((consent) => consent.type === type && consent.withdrawn_at)
            .sort((a, b) => Date.parse(b.withdrawn_at!) - Date.parse(a.withdrawn_at!))[0] ?? null;
        const known = [...consentKinds, ...consents.map((consent) => consent.type)];
        const types = known.filter((type, index) => known.indexOf(type) === index);
        return (
          <div className="space-y-3">
            <p className="text-lg">{t('consents.intro')}</p>
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
