import { mayIssue, uuidv7 } from '@mymedic/shared';
import { format } from 'date-fns';
import { useState, type FormEvent } from 'react';
import { useClinic } from '../../app/clinic';
import { useCommands } from '../../app/commands';
import type { PatientRow } from '../../engine/db';
import { Feedback, formText, secondaryButtonClass, SelectField, TextField } from '../../ui/Field';
import { ReasonForm, SubmitOrKeep } from '../../ui/Form';

type Consent = PatientRow['consents'][number];

/** Each kind of consent in the clinic's words, in the order the form offers them. */
const consentKinds: Record<string, string> = {
  treatment: 'Treatment',
  data_sharing: 'Data sharing',
  sms_reminders: 'SMS reminders',
  whatsapp_reminders: 'WhatsApp reminders',
  email_reminders: 'Email reminders',
  photography: 'Photography',
  research: 'Research',
};
const consentLabel = (consent: Consent) =>
  consentKinds[consent.consent_type] ?? consent.consent_type.replace(/_/g, ' ');
const consentWords = (consent: Consent) => {
  const label = consentLabel(consent);
  // "SMS", "WhatsApp" keep their capitals mid-sentence; the others do not.
  return /^[A-Z][a-z]/.test(label) && !label.startsWith('WhatsApp')
    ? label[0]!.toLowerCase() + label.slice(1)
    : label;
};
const day = (at: string) => format(new Date(at), 'd MMM yyyy');

/**
 * One consent: given when, or withdrawn when and why. Withdrawing asks for the reason
 * first and says what it stops, so a tap by mistake withdraws nothing.
 */
function ConsentItem({ patientId, consent }: { patientId: string; consent: Consent }) {
  const { actor } = useClinic();
  const { run, errors, message } = useCommands();
  const [withdrawing, setWithdrawing] = useState(false);

  async function withdraw(reason: string) {
    const withdrawn = await run(
      {
        type: 'WithdrawConsent',
        aggregate_type: 'patient',
        aggregate_id: patientId,
        payload: { consent_id: consent.consent_id, reason },
      },
      `Consent to ${consentWords(consent)} withdrawn`,
    );
    if (withdrawn) setWithdrawing(false);
  }

  return (
    <li className="space-y-2">
      <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
        <p>
          <span className="font-medium">{consentLabel(consent)}</span>: {consent.scope}{' '}
          <span
            className={`text-sm ${consent.withdrawn_at ? 'font-medium text-amber-900' : 'text-slate-700'}`}
          >
            {consent.withdrawn_at
              ? `· withdrawn on ${day(consent.withdrawn_at)}: ${consent.withdrawal_reason ?? ''}`
              : `· given on ${day(consent.given_at)}`}
          </span>
        </p>
        {!consent.withdrawn_at && mayIssue(actor.roles, 'WithdrawConsent') && !withdrawing && (
          <button
            type="button"
            className={secondaryButtonClass}
            onClick={() => setWithdrawing(true)}
            aria-label={`Withdraw the consent to ${consentWords(consent)}`}
          >
            Withdraw…
          </button>
        )}
      </div>
      {withdrawing && (
        <div className="space-y-2 rounded-lg border border-amber-300 bg-amber-50 p-3">
          <p>
            Withdraw the consent to {consentWords(consent)}? It stays in the record as withdrawn and
            no longer counts from now on.
          </p>
          <ReasonForm
            label={`Withdraw the consent to ${consentWords(consent)}`}
            fieldLabel="Reason for withdrawing"
            id={`withdraw-${consent.consent_id.slice(-8)}`}
            error={errors.reason}
            submit="Withdraw consent"
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
      'Consent recorded',
    );
    if (recorded) {
      element.reset();
      setAdding(false);
    }
  }

  return (
    <section aria-labelledby="consents-title" className="space-y-4 rounded-xl bg-white p-6 shadow">
      <h2 id="consents-title" className="text-lg font-semibold">
        Consents
      </h2>
      <ul className="space-y-2">
        {patient.consents.map((consent) => (
          <ConsentItem key={consent.consent_id} patientId={patient.patient_id} consent={consent} />
        ))}
        {patient.consents.length === 0 && <li className="text-slate-700">None recorded yet.</li>}
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
          Record a consent
        </button>
      )}
      {adding && (
        <form
          onSubmit={(event) => void addConsent(event)}
          noValidate
          className="grid gap-4 sm:grid-cols-2"
          aria-label="Record a consent"
        >
          <SelectField label="Kind of consent" name="consent_type" defaultValue="treatment">
            {Object.entries(consentKinds).map(([kind, label]) => (
              <option key={kind} value={kind}>
                {label}
              </option>
            ))}
          </SelectField>
          <TextField label="Scope" name="scope" error={errors.scope} />
          <div className="space-y-2 sm:col-span-2">
            <Feedback message={null} error={errors.form} />
            <SubmitOrKeep
              submit="Record consent"
              keepLabel="Cancel"
              onKeep={() => setAdding(false)}
            />
          </div>
        </form>
      )}
    </section>
  );
}
