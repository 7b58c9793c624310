import { checkInBeforeTheDay, mayIssue } from '@mymedic/shared';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { useClinic } from '../../app/clinic';
import { useCommands } from '../../app/commands';
import { PhoneLink } from '../../app/PhoneLink';
import { staffName, useStaff } from '../../app/reference';
import type { AppointmentRow } from '../../engine/db';
import { ChoiceButtons } from '../../ui/ChoiceButtons';
import { Feedback } from '../../ui/Field';
import { ReasonForm } from '../../ui/Form';
import { timeRange, useDayWords } from './calendarView';
import { checkInCommands } from './checkIn';
import { dayAt } from './clinicClock';
import { confirmedByPhone, mayNoteConfirmedByPhone, patientAnswerLine } from './patientAnswer';
import { reminderLine } from './reminderLine';

/**
 * One appointment: who, when, with whom, and what the person may do with it. What an
 * action did, or why it was refused, shows here, beside it. Moving is picking a new slot
 * on the calendar (`onMove`).
 */
export function AppointmentCard({
  appointment,
  patientName,
  patientPhone,
  now,
  zone,
  onMove,
}: {
  appointment: AppointmentRow;
  patientName: string;
  /** The number to call the patient on, when one is recorded. */
  patientPhone: string | null;
  now: number;
  zone: string;
  onMove: () => void;
}) {
  const { t } = useTranslation('appointments');
  const dayWords = useDayWords();
  const { actor } = useClinic();
  const staff = useStaff();
  const navigate = useNavigate();
  const { run, errors, message } = useCommands();
  const [shown, setShown] = useState<'cancel' | 'early' | null>(null);
  const [early, setEarly] = useState<string | null>(null);
  const open = appointment.status === 'scheduled';
  // A booked slot that ended unattended: suggest marking it, never do it silently.
  const passedUnattended = open && Date.parse(appointment.ends_at) < now;
  const target = {
    aggregate_type: 'appointment' as const,
    aggregate_id: appointment.appointment_id,
  };
  const may = (type: Parameters<typeof mayIssue>[1]) => mayIssue(actor.roles, type);
  const reminder = reminderLine(appointment.reminders, t);
  const answer = patientAnswerLine(appointment.patient_response, t);

  async function cancel(reason: string) {
    if (
      await run({ type: 'CancelAppointment', ...target, payload: { reason } }, t('card.cancelled'))
    )
      setShown(null);
  }

  /** Checks in; before the appointment's day, only with a reason (asked for first). */
  async function checkIn(earlyReason?: string) {
    const before = checkInBeforeTheDay(appointment, {
      issued_at: new Date().toISOString(),
      time_zone: zone,
    });
    if (before && earlyReason === undefined) {
      // The decider's words are English; the day is the person's.
      const day = dayWords.long(dayAt(Date.parse(appointment.starts_at), zone));
      setEarly(t('card.earlyNeedsReason', { day }));
      setShown('early');
      return;
    }
    const { visitId, commands: list } = checkInCommands(
      appointment.patient_id,
      appointment,
      undefined,
      before ? earlyReason : undefined,
    );
    if (await run(list, t('card.checkedIn', { name: patientName })))
      await navigate(`/visits/${visitId}`);
  }

  const markNoShow = () =>
    void run(
      { type: 'MarkAppointmentNoShow', ...target, payload: {} },
      t('card.markedNoShow', { name: patientName }),
    );
  // What may be done with a booked appointment, by this person, now.
  const actions = [
    may('CheckInPatient') && {
      label: t('card.checkIn'),
      primary: true,
      onChoose: () => void checkIn(),
    },
    may('RescheduleAppointment') && {
      label: t('card.move'),
      onChoose: onMove,
    },
    may('CancelAppointment') && {
      label: t('card.cancelAppointment'),
      onChoose: () => setShown('cancel'),
    },
    mayNoteConfirmedByPhone(appointment, actor.roles, now) && {
      label: t('card.confirmedByPhone'),
      onChoose: () =>
        void run(
          confirmedByPhone(appointment.appointment_id),
          t('card.confirmed', { name: patientName }),
        ),
    },
    may('MarkAppointmentNoShow') &&
      Date.parse(appointment.starts_at) <= now && {
        label: t('card.markNoShow'),
        onChoose: markNoShow,
      },
  ];

  return (
    <li className="rounded-lg border border-slate-300 bg-white p-3">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <p>
          <span className="font-semibold">{timeRange(appointment, zone)}</span>{' '}
          <Link to={`/patients/${appointment.patient_id}`} className="text-teal-900 underline">
            {patientName}
          </Link>{' '}
          · {t(`visitType.${appointment.visit_type}`)} · {staffName(staff, appointment.doctor_id)}
          {patientPhone && (
            <>
              {' · '}
              <PhoneLink phone={patientPhone} />
            </>
          )}
        </p>
        <p className="text-sm">
          {t(`status.${appointment.status}`)}
          {appointment.pending === 1 && ` · ${t('notYetSynced')}`}
        </p>
      </div>
      <p className="text-sm text-slate-700">{appointment.reason}</p>
      {reminder && (
        <p className={`text-sm ${reminder.failed ? 'text-red-800' : 'text-slate-700'}`}>
          {reminder.text}
        </p>
      )}
      {answer && (
        <p
          className={`text-sm ${answer.asksForAction ? 'font-medium text-amber-900' : 'text-teal-900'}`}
        >
          {answer.text}
        </p>
      )}
      {passedUnattended && (
        <p className="text-sm font-medium text-amber-900">{t('card.passedUnattended')}</p>
      )}
      {open && (
        <div className="mt-2">
          <ChoiceButtons choices={actions} />
        </div>
      )}
      {shown === 'early' && open && (
        <div className="mt-3 space-y-2">
          <p className="font-medium text-amber-900">{early}</p>
          <ReasonForm
            label={t('card.checkInEarly')}
            fieldLabel={t('card.earlyReason')}
            id={`early-${appointment.appointment_id.slice(-8)}`}
            error={errors.early_reason}
            submit={t('card.checkInEarly')}
            onReason={(reason) => checkIn(reason)}
            onKeep={() => setShown(null)}
            className="space-y-3"
          />
        </div>
      )}
      {shown !== 'early' && (
        <div className="mt-2">
          <Feedback message={message} error={errors.form} />
        </div>
      )}
      {shown === 'cancel' && (
        <ReasonForm
          label={t('card.cancelTitle')}
          fieldLabel={t('card.cancelReason')}
          id={`reason-${appointment.appointment_id.slice(-8)}`}
          error={errors.reason}
          submit={t('card.cancelAppointment')}
          onReason={cancel}
          onKeep={() => setShown(null)}
          className="mt-3 space-y-3"
        />
      )}
    </li>
  );
}
