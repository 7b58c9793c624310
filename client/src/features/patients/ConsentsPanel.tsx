import { consentTypes, mayIssue, uuidv7 } from '@mymedic/shared';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useClinic } from '../../app/clinic';
import { useCommands } from '../../app/commands';
import { useFormat } from '../../app/useFormat';
import type { PatientRow } from '../../engine/db';
import { Feedback, formText, secondaryButtonClass, SelectField, TextField } from '../../ui/Field';
import { ReasonForm, SubmitOrKeep } from '../../ui/Form';

type Consent = PatientRow['consents'][number];

/**
 * A consent's kind, as a label ("SMS reminders") and inside a sentence ("the consent to
 * SMS reminders"): languages capitalise differently mid-sentence. A kind this version
 * does not know shows as stored.
 */
export function useConsentWords() {
  const { t } = useTranslation('patients');
  const known = (type: string) => (consentTypes as readonly string[]).includes(type);
  return {
    label: (type: string) => (known(type) ? t(`consents.kind.${type}`) : type.replace(/_/g, ' ')),
    inSentence: (type: string) =>
      known(type) ? t(`consents.inSentence.${type}`) : type.replace(/_/g, ' '),
  };
}

/**
 * One consent: given when, or withdrawn when and why. Withdrawing asks for the reason
 * first and says what it stops, so a tap by mistake withdraws nothing.
 */
function ConsentItem({ patientId, consent }: { patientId: string; consent: Consent }) {
  const { actor } = useClinic();
  const { run, errors, message } = useCommands();
  const [withdrawing, setWithdrawing] = useState(false);
  const { t } = useTranslation('patients');
  const f = useFormat();
  const words = useConsentWords();
  const what = words.inSentence(consent.consent_type);

  async function withdraw(reason: string) {
    const withdrawn = await run(
      {
        type: 'WithdrawConsent',
        aggregate_type: 'patient',
        aggregate_id: patientId,
        payload: { consent_id: consent.consent_id, reason },
      },
      t('consents.withdrawn', { what }),
    );
    if (withdrawn) setWithdrawing(false);
  }

  return (
    <li className="space-y-2">
      <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
        <p>
          <span className="font-medium">{words.label(consent.consent_type)}</span>: {consent.scope}{' '}
          <span
            className={`text-sm ${consent.withdrawn_at ? 'font-medium text-amber-900' : 'text-slate-700'}`}
          >
            {consent.withdrawn_at
              ? t('consents.withdrawnOn', {
                  day: f.date(consent.withdrawn_at),
                  reason: consent.withdrawal_reason ?? '',
                })
              : t('consents.givenOn', { day: f.date(consent.given_at) })}
          </span>
        </p>
        {!consent.withdrawn_at && mayIssue(actor.roles, 'WithdrawConsent') && !withdrawing && (
          <button
            type="button"
            className={secondaryButtonClass}
            onClick={() => setWithdrawing(true)}
            aria-label={t('consents.withdrawWhat', { what })}
          >
            {t('consents.withdrawOpen')}
          </button>
        )}
      </div>
      {withdrawing && (
        <div className="space-y-2 rounded-lg border border-amber-300 bg-amber-50 p-3">
          <p>{t('consents.withdrawAsk', { what })}</p>
          <ReasonForm
            label={t('consents.withdrawWhat', { what })}
            fieldLabel={t('consents.withdrawReason')}
            id={`withdraw-${consent.consent_id.slice(-8)}`}
            error={errors.reason}
            submit={t('consents.withdrawSubmit')}
            onReason={withdraw}
            onKeep={() => setWithdrawing(false)}
          />
        </div>
      )}
      <Feedback message={message} error={errors.form} />
    </li>
  );
}

/** The patient's consents, each withdrawable, and a form to record one more when asked. */
export function ConsentsPanel({ patient }: { patient: PatientRow }) {
  const { t } = useTranslation('patients');
  const words = useConsentWords();
  const { actor } = useClinic();
  const { run, errors, message, setMessage } = useCommands();
  const [adding, setAdding] = useState(false);

  // The form element is kept before the await: React clears the event's currentTarget
  // once the handler has returned. It is emptied only when the consent was taken.
  async function addConsent(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const element = event.currentTarget;
    const form = new FormData(element);
    const recorded = await run(
      {
        type: 'RecordConsent',
        aggregate_type: 'patient',
        aggregate_id: patient.patient_id,
        payload: {
          consent_id: uuidv7(),
          consent_type: formText(form, 'consent_type'),
          scope: formText(form, 'scope'),
        },
      },
      t('consents.recorded'),
    );
    if (recorded) {
      element.reset();
      setAdding(false);
    }
  }

  return (
    <section aria-labelledby="consents-title" className="space-y-4 rounded-xl bg-white p-6 shadow">
      <h2 id="consents-title" className="text-lg font-semibold">
        {t('consents.title')}
      </h2>
      <ul className="space-y-2">
        {patient.consents.map((consent) => (
          <ConsentItem key={consent.consent_id} patientId={patient.patient_id} consent={consent} />
        ))}
        {patient.consents.length === 0 && <li className="text-slate-700">{t('consents.none')}</li>}
      </ul>
      {!adding && <Feedback message={message} />}
      {!adding && mayIssue(actor.roles, 'RecordConsent') && (
        <button
          type="button"
          className={secondaryButtonClass}
          onClick={() => {
            setMessage(null);
            setAdding(true);
          }}
        >
          {t('consents.record')}
        </button>
      )}
      {adding && (
        <form
          onSubmit={(event) => void addConsent(event)}
          noValidate
          className="grid gap-4 sm:grid-cols-2"
          aria-label={t('consents.record')}
        >
          <SelectField label={t('consents.kindLabel')} name="consent_type" defaultValue="treatment">
            {consentTypes.map((kind) => (
              <option key={kind} value={kind}>
                {words.label(kind)}
              </option>
            ))}
          </SelectField>
          <TextField label={t('consents.scope')} name="scope" error={errors.scope} />
          <div className="space-y-2 sm:col-span-2">
            <Feedback message={null} error={errors.form} />
            <SubmitOrKeep
              submit={t('consents.submit')}
              keepLabel={t('common:cancel')}
              onKeep={() => setAdding(false)}
            />
          </div>
        </form>
      )}
    </section>
  );
}
