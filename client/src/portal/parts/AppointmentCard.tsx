import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PortalError, type Appointment, type AppointmentAction } from '../model/api';
import { answerAppointment } from '../model/answers';
import { usePortalFormat } from '../model/clock';
import { usePortal, useSession, type Outcome } from '../model/state';
import {
  actionsFor,
  actionWords,
  problemWords,
  responseWords,
  statusWords,
  visitTypeWords,
  type PortalT,
} from '../model/words';
import { buttonClass, secondaryButtonClass } from '../../ui/Field';
import { Card } from './Screen';

type Step =
  | { kind: 'idle' }
  | { kind: 'asking'; action: AppointmentAction }
  | { kind: 'sending'; action: AppointmentAction };

const bigButton = `${buttonClass} min-h-12 w-full text-lg sm:w-auto`;
const bigSecondary = `${secondaryButtonClass} min-h-12 w-full text-lg disabled:opacity-50 sm:w-auto`;

/** Why an answer did not reach the clinic, in the clinic's words when it refused. */
function refusalWords(error: unknown, t: PortalT): string {
  if (error instanceof PortalError) {
    if (error.unreachable) return t('appointment.notSent');
    const problem = problemWords(error, t);
    const reason = /[.!?]$/.test(problem) ? problem : `${problem}.`;
    return t('appointment.refused', { reason });
  }
  return t('appointment.failed');
}

/** What came of an answer, in the words of the language shown now. */
const outcomeWords = (outcome: Outcome, t: PortalT) =>
  outcome.tone === 'done' ? actionWords(outcome.action, t).done : refusalWords(outcome.error, t);

/** The question before an answer is sent, with room for a reason or a preferred time. */
function AskFirst({
  action,
  sending,
  onYes,
  onNo,
}: {
  action: AppointmentAction;
  sending: boolean;
  onYes: (note: string) => void;
  onNo: () => void;
}) {
  const { t } = useTranslation('portal');
  const [note, setNote] = useState('');
  const words = actionWords(action, t);
  const noteLabel =
    action === 'cancel'
      ? t('appointment.cancelReason')
      : action === 'move'
        ? t('appointment.movePreference')
        : null;
  return (
    <form
      className="mt-3 space-y-3 rounded-lg border-2 border-teal-800 bg-teal-50 p-3"
      aria-label={words.question}
      onSubmit={(event) => {
        event.preventDefault();
        onYes(note.trim());
      }}
    >
      <p className="text-lg font-semibold">{words.question}</p>
      {noteLabel && (
        <label className="block">
          <span className="block text-base font-medium">{noteLabel}</span>
          <textarea
            className="mt-1 block w-full rounded-lg border border-slate-400 bg-white px-3 py-2 text-base"
            rows={2}
            maxLength={500}
            value={note}
            onChange={(event) => setNote(event.target.value)}
          />
        </label>
      )}
      <div className="flex flex-wrap gap-2">
        <button type="submit" className={bigButton} disabled={sending}>
          {sending ? t('sending') : words.yes}
        </button>
        <button type="button" className={bigSecondary} onClick={onNo} disabled={sending}>
          {t('goBack')}
        </button>
      </div>
    </form>
  );
}

/**
 * One appointment: when, with whom, where, the patient's last answer, and the answers
 * they may still give (each asked once more before it is sent, its outcome shown).
 */
export function AppointmentCard({
  appointment,
  headingLevel = 'h2',
}: {
  appointment: Appointment;
  headingLevel?: 'h2' | 'h3';
}) {
  const { t } = useTranslation('portal');
  const formats = usePortalFormat();
  const session = useSession();
  const online = usePortal((state) => state.online);
  const [step, setStep] = useState<Step>({ kind: 'idle' });
  const outcome = usePortal((state) => state.outcomes[appointment.appointment_id]);
  const setOutcome = usePortal((state) => state.setOutcome);
  const Heading = headingLevel;
  const said = responseWords(appointment.patient_response, t, formats);
  const actions = actionsFor(appointment);
  const send = async (action: AppointmentAction, note: string) => {
    setStep({ kind: 'sending', action });
    setOutcome(appointment.appointment_id, null);
    try {
      await answerAppointment(session, appointment.appointment_id, action, note);
      setOutcome(appointment.appointment_id, { tone: 'done', action });
    } catch (error) {
      setOutcome(appointment.appointment_id, { tone: 'refused', error });
    }
    setStep({ kind: 'idle' });
  };
  return (
    <Card>
      <Heading className="text-xl font-semibold">{formats.when(appointment.starts_at)}</Heading>
      <dl className="mt-2 grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 text-base">
        <dt className="text-slate-700">{t('appointment.what')}</dt>
        <dd>
          {t('appointment.kindAndLength', {
            kind: visitTypeWords(appointment.visit_type, t),
            count: appointment.duration_minutes,
          })}
        </dd>
        {appointment.doctor_name && (
          <>
            <dt className="text-slate-700">{t('appointment.with')}</dt>
            <dd>{appointment.doctor_name}</dd>
          </>
        )}
        {appointment.location_name && (
          <>
            <dt className="text-slate-700">{t('appointment.where')}</dt>
            <dd>{appointment.location_name}</dd>
          </>
        )}
        <dt className="text-slate-700">{t('appointment.status')}</dt>
        <dd className="font-medium">{statusWords(appointment.status, t)}</dd>
      </dl>
      {said && <p className="mt-2 rounded-lg bg-slate-100 p-2 text-base">{said}</p>}
      <div aria-live="polite">
        {outcome?.tone === 'done' && (
          <p className="mt-3 rounded-lg bg-emerald-50 p-3 text-lg font-medium text-emerald-900">
            {outcomeWords(outcome, t)}
          </p>
        )}
      </div>
      {outcome?.tone === 'refused' && (
        <p role="alert" className="mt-3 rounded-lg bg-red-50 p-3 text-lg text-red-900">
          {outcomeWords(outcome, t)}
        </p>
      )}
      {step.kind === 'asking' || step.kind === 'sending' ? (
        <AskFirst
          action={step.action}
          sending={step.kind === 'sending'}
          onYes={(note) => void send(step.action, note)}
          onNo={() => setStep({ kind: 'idle' })}
        />
      ) : (
        actions.length > 0 && (
          <div className="no-print mt-3">
            <div className="flex flex-wrap gap-2">
              {actions.map((action) => (
                <button
                  key={action}
                  type="button"
                  className={action === 'confirm' ? bigButton : bigSecondary}
                  disabled={!online}
                  onClick={() => setStep({ kind: 'asking', action })}
                >
                  {actionWords(action, t).button}
                </button>
              ))}
            </div>
            {!online && (
              <p className="mt-2 text-base text-slate-700">{t('appointment.needsConnection')}</p>
            )}
          </div>
        )
      )}
    </Card>
  );
}
