import { checkInBeforeTheDay, mayIssue } from '@mymedic/shared';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { useClinic } from '../../app/clinic';
import { useCommands } from '../../app/commands';
import { PhoneLink } from '../../app/PhoneLink';
import { staffName, useStaff } from '../../app/reference';
import type { AppointmentRow } from '../../engine/db';
import { ChoiceButtons } from '../../ui/ChoiceButtons';
import { Feedback } from '../../ui/Field';
import { ReasonForm } from '../../ui/Form';
import { visitTypeWords } from './BookAppointment';
import { timeRange } from './calendarView';
import { checkInCommands } from './checkIn';
import { confirmedByPhone, mayNoteConfirmedByPhone, patientAnswerLine } from './patientAnswer';
import { reminderLine } from './reminderLine';

const statusWords: Record<AppointmentRow['status'], string> = {
  scheduled: 'Booked',
  checked_in: 'Checked in',
  completed: 'Seen',
  cancelled: 'Cancelled',
  no_show: 'Did not come',
};

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
  const reminder = reminderLine(appointment.reminders);
  const answer = patientAnswerLine(appointment.patient_response);

  async function cancel(reason: string) {
    if (await run({ type: 'CancelAppointment', ...target, payload: { reason } }, 'Cancelled'))
      setShown(null);
  }

  /** Checks in; before the appointment's day, only with a reason (asked for first). */
  async function checkIn(earlyReason?: string) {
    const before = checkInBeforeTheDay(appointment, {
      issued_at: new Date().toISOString(),
      time_zone: zone,
    });
    if (before && earlyReason === undefined) {
      setEarly(before.message);
      setShown('early');
      return;
    }
    const { visitId, commands: list } = checkInCommands(
      appointment.patient_id,
      appointment,
      undefined,
      before ? earlyReason : undefined,
    );
    if (await run(list, `${patientName} is checked in`)) await navigate(`/visits/${visitId}`);
  }

  const markNoShow = () =>
    void run(
      { type: 'MarkAppointmentNoShow', ...target, payload: {} },
      `${patientName} marked as not come`,
    );
  // What may be done with a booked appointment, by this person, now.
  const actions = [
    may('CheckInPatient') && { label: 'Check in', primary: true, onChoose: () => void checkIn() },
    may('RescheduleAppointment') && {
      label: 'Move',
      onChoose: onMove,
    },
    may('CancelAppointment') && {
      label: 'Cancel appointment',
      onChoose: () => setShown('cancel'),
    },
    mayNoteConfirmedByPhone(appointment, actor.roles, now) && {
      label: 'Confirmed by phone',
      onChoose: () =>
        void run(confirmedByPhone(appointment.appointment_id), `${patientName} confirmed`),
    },
    may('MarkAppointmentNoShow') &&
      Date.parse(appointment.starts_at) <= now && {
        label: 'Mark as no-show',
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
          · {visitTypeWords[appointment.visit_type]} · {staffName(staff, appointment.doctor_id)}
          {patientPhone && (
            <>
              {' · '}
              <PhoneLink phone={patientPhone} />
            </>
          )}
        </p>
        <p className="text-sm">
          {statusWords[appointment.status]}
          {appointment.pending === 1 && ' · not yet synced'}
        </p>
      </div>
      <p className="text-sm text-slate-700">{appointment.reason}</p>
      {reminder && (
        <p
          className={`text-sm ${reminder.startsWith('Reminder failed') ? 'text-red-800' : 'text-slate-700'}`}
        >
          {reminder}
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
        <p className="text-sm font-medium text-amber-900">
          The slot has passed and the patient has not been checked in.
        </p>
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
            label="Check in early"
            fieldLabel="Reason for checking in early"
            id={`early-${appointment.appointment_id.slice(-8)}`}
            error={errors.early_reason}
            submit="Check in early"
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
          label="Cancel the appointment"
          fieldLabel="Reason for cancelling"
          id={`reason-${appointment.appointment_id.slice(-8)}`}
          error={errors.reason}
          submit="Cancel appointment"
          onReason={cancel}
          onKeep={() => setShown(null)}
          className="mt-3 space-y-3"
        />
      )}
    </li>
  );
}
