import { useEffect, useState, type FormEvent } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { PortalApi, PortalError, type Challenge, type Clinic } from '../model/api';
import { saveSession } from '../model/db';
import { usePortal } from '../model/state';
import {
  challengeIsClosed,
  codeProblem,
  contactProblem,
  resendAfterSeconds,
  signInRefusal,
} from '../model/words';
import { buttonClass, secondaryButtonClass, TextField } from '../../ui/Field';
import { LanguagePicker } from '../../ui/LanguagePicker';
import { ScreenHeading } from '../parts/Screen';

const asPortalError = (error: unknown) =>
  error instanceof PortalError ? error : new PortalError(0, 'unexpected', 'Something went wrong');

const bigButton = `${buttonClass} min-h-12 w-full text-lg`;
const resendButtonClass = `${secondaryButtonClass} min-h-12 w-full text-lg disabled:border-slate-300 disabled:text-slate-500`;

/** The seconds left before a new code may be asked for, ticking. */
function useSecondsUntil(moment: number | null): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (moment === null) return;
    const timer = window.setInterval(() => setNow(Date.now()), 1000);
    return () => window.clearInterval(timer);
  }, [moment]);
  return moment === null ? 0 : Math.max(0, Math.ceil((moment - now) / 1000));
}

function ContactStep({
  clinic,
  contact,
  onContact,
  onSent,
}: {
  clinic: Clinic;
  contact: string;
  onContact: (contact: string) => void;
  onSent: (challenge: Challenge) => void;
}) {
  const { t } = useTranslation('portal');
  const [problem, setProblem] = useState<string | null>(null);
  const [refusal, setRefusal] = useState<string | null>(null);
  const [sending, setSending] = useState(false);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const wrong = contactProblem(contact, t);
    setProblem(wrong);
    setRefusal(null);
    if (wrong) return;
    setSending(true);
    try {
      onSent(await new PortalApi().startSignIn(clinic.hospital_id, contact.trim()));
    } catch (error) {
      setRefusal(signInRefusal(asPortalError(error), t));
      // Back to the field (the button was disabled while sending, which drops the focus).
      setTimeout(() => document.getElementById('contact')?.focus());
    } finally {
      setSending(false);
    }
  };
  return (
    <form className="space-y-4" onSubmit={(event) => void submit(event)} noValidate>
      <p className="text-lg">{t('signIn.intro')}</p>
      <TextField
        label={t('signIn.contact')}
        name="contact"
        hint={t('signIn.contactHint')}
        autoComplete="username"
        value={contact}
        error={problem ?? undefined}
        onChange={(event) => onContact(event.target.value)}
        className="mt-1 block min-h-12 w-full rounded-lg border border-slate-400 bg-white px-3 py-2 text-lg aria-[invalid=true]:border-red-700"
      />
      {refusal && (
        <p role="alert" className="rounded-lg bg-red-50 p-3 text-lg text-red-900">
          {refusal}
        </p>
      )}
      <button type="submit" className={bigButton} disabled={sending}>
        {sending ? t('sending') : t('signIn.send')}
      </button>
    </form>
  );
}

function CodeStep({
  clinic,
  contact,
  challenge,
  sentAt,
  onResent,
  onChangeContact,
}: {
  clinic: Clinic;
  contact: string;
  challenge: Challenge;
  sentAt: number;
  onResent: (challenge: Challenge) => void;
  onChangeContact: () => void;
}) {
  const { t } = useTranslation('portal');
  const signedIn = usePortal((state) => state.signedIn);
  const [code, setCode] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [refusal, setRefusal] = useState<string | null>(null);
  const [closed, setClosed] = useState(false);
  const [busy, setBusy] = useState(false);
  const [resent, setResent] = useState(false);
  const waitSeconds = useSecondsUntil(sentAt + resendAfterSeconds * 1000);
  // The code field takes the focus when the code is sent, and again after a refusal.
  useEffect(() => {
    if (!busy) document.getElementById('code')?.focus();
  }, [busy, challenge]);
  const verify = async (event: FormEvent) => {
    event.preventDefault();
    const wrong = codeProblem(code, t);
    setProblem(wrong);
    setRefusal(null);
    setResent(false);
    if (wrong) return;
    setBusy(true);
    try {
      const answer = await new PortalApi().verify(challenge.challenge_id, code.replace(/\s/g, ''));
      const session = await saveSession({
        token: answer.token,
        expires_at: answer.expires_at,
        patient: answer.patient,
        clinic,
      });
      signedIn(session);
    } catch (error) {
      const refused = asPortalError(error);
      setRefusal(signInRefusal(refused, t));
      setClosed(challengeIsClosed(refused));
      setCode('');
      setBusy(false);
    }
  };
  const resend = async () => {
    setBusy(true);
    setRefusal(null);
    try {
      onResent(await new PortalApi().startSignIn(clinic.hospital_id, contact.trim()));
      setClosed(false);
      setCode('');
      setResent(true);
    } catch (error) {
      setRefusal(signInRefusal(asPortalError(error), t));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="space-y-4">
      <p className="text-lg" aria-live="polite">
        <Trans
          t={t}
          i18nKey={`signIn.${resent ? 'resent' : 'sent'}.${challenge.sent_via}`}
          values={{ to: challenge.sent_to }}
          components={{ strong: <strong className="whitespace-nowrap" /> }}
        />
      </p>
      <form className="space-y-4" onSubmit={(event) => void verify(event)} noValidate>
        <TextField
          label={t('signIn.code')}
          name="code"
          autoComplete="one-time-code"
          inputMode="numeric"
          maxLength={7}
          value={code}
          disabled={closed}
          error={problem ?? undefined}
          onChange={(event) => setCode(event.target.value)}
          className="mt-1 block min-h-12 w-full rounded-lg border border-slate-400 bg-white px-3 py-2 text-2xl tracking-widest disabled:bg-slate-100 aria-[invalid=true]:border-red-700"
        />
        {refusal && (
          <p role="alert" className="rounded-lg bg-red-50 p-3 text-lg text-red-900">
            {refusal}
          </p>
        )}
        <button type="submit" className={bigButton} disabled={busy || closed}>
          {busy ? t('signIn.checking') : t('signIn.signIn')}
        </button>
      </form>
      <div className="space-y-1">
        <button
          type="button"
          className={resendButtonClass}
          disabled={busy || waitSeconds > 0}
          onClick={() => void resend()}
        >
          {t('signIn.resend')}
        </button>
        {waitSeconds > 0 && (
          <p className="text-base text-slate-700">{t('signIn.resendIn', { count: waitSeconds })}</p>
        )}
      </div>
      <button
        type="button"
        className={`${secondaryButtonClass} min-h-12 w-full text-lg`}
        onClick={onChangeContact}
      >
        {t('signIn.otherContact')}
      </button>
    </div>
  );
}

/** Sign-in: the contact on the patient's record, then the code sent to it. */
export function SignIn({ clinic }: { clinic: Clinic }) {
  const { t } = useTranslation('portal');
  const notice = usePortal((state) => state.notice);
  const [contact, setContact] = useState('');
  const [sent, setSent] = useState<{ challenge: Challenge; at: number } | null>(null);
  return (
    <main className="mx-auto max-w-md px-4 py-6">
      <div className="mb-2 flex flex-wrap items-center justify-between gap-x-4 gap-y-2">
        <p className="text-base font-medium text-teal-900">{clinic.name}</p>
        <LanguagePicker />
      </div>
      <ScreenHeading>{t('signIn.heading')}</ScreenHeading>
      {notice && (
        <p role="status" className="mt-3 rounded-lg bg-sky-50 p-3 text-lg text-sky-950">
          {t(`notice.${notice}`)}
        </p>
      )}
      <div className="mt-4 rounded-xl bg-white p-4 shadow">
        {sent ? (
          <CodeStep
            clinic={clinic}
            contact={contact}
            challenge={sent.challenge}
            sentAt={sent.at}
            onResent={(challenge) => setSent({ challenge, at: Date.now() })}
            onChangeContact={() => setSent(null)}
          />
        ) : (
          <ContactStep
            clinic={clinic}
            contact={contact}
            onContact={setContact}
            onSent={(challenge) => setSent({ challenge, at: Date.now() })}
          />
        )}
      </div>
    </main>
  );
}
