import { mayIssue } from '@mymedic/shared';
import {
  addDays,
  addWeeks,
  format,
  isSameDay,
  startOfDay,
  startOfWeek,
  subDays,
  subWeeks,
} from 'date-fns';
import { useLiveQuery } from 'dexie-react-hooks';
import { useState, type FormEvent } from 'react';
import { Link, useNavigate } from 'react-router';
import { useClinic } from '../../app/clinic';
import { useCommands } from '../../app/commands';
import { staffName, useDoctors, useOrganisation, useStaff } from '../../app/reference';
import type { AppointmentRow } from '../../engine/db';
import {
  buttonClass,
  Feedback,
  formText,
  secondaryButtonClass,
  SelectField,
  TextField,
} from '../../ui/Field';
import { BookAppointment, clashesOnDevice, visitTypeWords } from './BookAppointment';
import { checkInCommands } from './checkIn';

const statusWords: Record<AppointmentRow['status'], string> = {
  scheduled: 'Booked',
  checked_in: 'Checked in',
  completed: 'Seen',
  cancelled: 'Cancelled',
  no_show: 'Did not come',
};

type Panel = { kind: 'reschedule' | 'cancel'; appointmentId: string } | null;

function AppointmentItem({
  appointment,
  patientName,
  now,
  panel,
  setPanel,
  commands,
}: {
  appointment: AppointmentRow;
  patientName: string;
  now: number;
  panel: Panel;
  setPanel: (panel: Panel) => void;
  commands: ReturnType<typeof useCommands>;
}) {
  const { db, actor } = useClinic();
  const staff = useStaff();
  const doctors = useDoctors();
  const navigate = useNavigate();
  const { run, errors } = commands;
  const open = appointment.status === 'scheduled';
  // A booked slot that ended unattended: suggest marking it, never do it silently.
  const passedUnattended = open && Date.parse(appointment.ends_at) < now;
  const target = {
    aggregate_type: 'appointment' as const,
    aggregate_id: appointment.appointment_id,
  };
  const [clashWarning, setClashWarning] = useState<string | null>(null);

  async function reschedule(event: FormEvent<HTMLFormElement>, overbook = false) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const startsAt = new Date(`${formText(form, 'date')}T${formText(form, 'time')}`);
    if (Number.isNaN(startsAt.getTime())) return;
    const payload = {
      starts_at: startsAt.toISOString(),
      duration_minutes: Number(formText(form, 'duration_minutes')),
      doctor_id: formText(form, 'doctor_id'),
      location_id: appointment.location_id,
      overbooking_intended: overbook,
    };
    if (!overbook) {
      const clashes = await clashesOnDevice(db, {
        ...payload,
        appointment_id: appointment.appointment_id,
      });
      if (clashes.length > 0) {
        return setClashWarning(
          `The doctor already has an appointment at ${format(new Date(clashes[0]!.starts_at), 'HH:mm')}.`,
        );
      }
    }
    if (await run({ type: 'RescheduleAppointment', ...target, payload }, 'Moved')) {
      setPanel(null);
      setClashWarning(null);
    }
  }

  async function cancel(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    if (
      await run(
        { type: 'CancelAppointment', ...target, payload: { reason: formText(form, 'reason') } },
        'Cancelled',
      )
    )
      setPanel(null);
  }

  async function checkIn() {
    const { visitId, commands: list } = checkInCommands(appointment.patient_id, appointment);
    if (await run(list, `${patientName} is checked in`)) await navigate(`/visits/${visitId}`);
  }

  const idPrefix = appointment.appointment_id.slice(-8);
  return (
    <li className="rounded-lg border border-slate-300 bg-white p-3">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <p>
          <span className="font-semibold">
            {format(new Date(appointment.starts_at), 'HH:mm')}–
            {format(new Date(appointment.ends_at), 'HH:mm')}
          </span>{' '}
          <Link to={`/patients/${appointment.patient_id}`} className="text-teal-900 underline">
            {patientName}
          </Link>{' '}
          · {visitTypeWords[appointment.visit_type]} · {staffName(staff, appointment.doctor_id)}
        </p>
        <p className="text-sm">
          {statusWords[appointment.status]}
          {appointment.pending === 1 && ' · not yet synced'}
        </p>
      </div>
      <p className="text-sm text-slate-700">{appointment.reason}</p>
      {passedUnattended && (
        <p className="text-sm font-medium text-amber-900">
          The slot has passed and the patient has not been checked in.
        </p>
      )}
      {open && (
        <div className="mt-2 flex flex-wrap gap-2">
          {mayIssue(actor.roles, 'CheckInPatient') && (
            <button type="button" className={buttonClass} onClick={() => void checkIn()}>
              Check in
            </button>
          )}
          {mayIssue(actor.roles, 'RescheduleAppointment') && (
            <button
              type="button"
              className={secondaryButtonClass}
              onClick={() =>
                setPanel({ kind: 'reschedule', appointmentId: appointment.appointment_id })
              }
            >
              Move
            </button>
          )}
          {mayIssue(actor.roles, 'CancelAppointment') && (
            <button
              type="button"
              className={secondaryButtonClass}
              onClick={() =>
                setPanel({ kind: 'cancel', appointmentId: appointment.appointment_id })
              }
            >
              Cancel appointment
            </button>
          )}
          {mayIssue(actor.roles, 'MarkAppointmentNoShow') &&
            Date.parse(appointment.starts_at) <= now && (
              <button
                type="button"
                className={secondaryButtonClass}
                onClick={() =>
                  void run(
                    { type: 'MarkAppointmentNoShow', ...target, payload: {} },
                    `${patientName} marked as not come`,
                  )
                }
              >
                Mark as no-show
              </button>
            )}
        </div>
      )}
      {panel?.appointmentId === appointment.appointment_id && panel.kind === 'reschedule' && (
        <form
          onSubmit={(event) => void reschedule(event)}
          noValidate
          aria-label="Move the appointment"
          className="mt-3 grid gap-3 sm:grid-cols-2"
        >
          <TextField
            label="New date"
            name="date"
            id={`date-${idPrefix}`}
            type="date"
            defaultValue={format(new Date(appointment.starts_at), 'yyyy-MM-dd')}
          />
          <TextField
            label="New time"
            name="time"
            id={`time-${idPrefix}`}
            type="time"
            step={300}
            defaultValue={format(new Date(appointment.starts_at), 'HH:mm')}
          />
          <TextField
            label="Duration in minutes"
            name="duration_minutes"
            id={`duration-${idPrefix}`}
            type="number"
            defaultValue={appointment.duration_minutes}
            error={errors.duration_minutes}
          />
          <SelectField
            label="Doctor"
            name="doctor_id"
            id={`doctor-${idPrefix}`}
            defaultValue={appointment.doctor_id}
          >
            {doctors.map((doctor) => (
              <option key={doctor.user_id} value={doctor.user_id}>
                {doctor.full_name}
              </option>
            ))}
          </SelectField>
          {clashWarning && (
            <div role="alert" className="rounded-lg bg-amber-50 p-2 text-amber-950 sm:col-span-2">
              {clashWarning}{' '}
              <button
                type="button"
                className="min-h-11 px-2 underline"
                onClick={(event) => {
                  const form = event.currentTarget.form;
                  if (form)
                    void reschedule(
                      {
                        preventDefault: () => undefined,
                        currentTarget: form,
                      } as FormEvent<HTMLFormElement>,
                      true,
                    );
                }}
              >
                Move anyway as an intended overbooking
              </button>
            </div>
          )}
          <div className="flex gap-2 sm:col-span-2">
            <button type="submit" className={buttonClass}>
              Move appointment
            </button>
            <button type="button" className={secondaryButtonClass} onClick={() => setPanel(null)}>
              Keep it
            </button>
          </div>
        </form>
      )}
      {panel?.appointmentId === appointment.appointment_id && panel.kind === 'cancel' && (
        <form
          onSubmit={(event) => void cancel(event)}
          noValidate
          aria-label="Cancel the appointment"
          className="mt-3 space-y-3"
        >
          <TextField
            label="Reason for cancelling"
            name="reason"
            id={`reason-${idPrefix}`}
            error={errors.reason}
          />
          <div className="flex gap-2">
            <button type="submit" className={buttonClass}>
              Cancel appointment
            </button>
            <button type="button" className={secondaryButtonClass} onClick={() => setPanel(null)}>
              Keep it
            </button>
          </div>
        </form>
      )}
    </li>
  );
}

/** The day or the week, per doctor and per location, with the clinic's opening hours. */
export default function Calendar() {
  const { db, actor } = useClinic();
  const organisation = useOrganisation();
  const doctors = useDoctors();
  const [view, setView] = useState<'day' | 'week'>('day');
  const [anchor, setAnchor] = useState(() => startOfDay(new Date()));
  const [doctorId, setDoctorId] = useState('');
  const [locationId, setLocationId] = useState('');
  const [booking, setBooking] = useState(false);
  const [panel, setPanel] = useState<Panel>(null);
  const commands = useCommands();
  const from = view === 'day' ? anchor : startOfWeek(anchor, { weekStartsOn: 1 });
  const days = Array.from({ length: view === 'day' ? 1 : 7 }, (_, index) => addDays(from, index));
  const until = addDays(days.at(-1)!, 1);
  const appointments =
    useLiveQuery(
      () =>
        db.appointments
          .where('starts_at')
          .between(from.toISOString(), until.toISOString())
          .filter(
            (appointment) =>
              (!doctorId || appointment.doctor_id === doctorId) &&
              (!locationId || appointment.location_id === locationId),
          )
          .sortBy('starts_at'),
      [db, from.getTime(), until.getTime(), doctorId, locationId],
    ) ?? [];
  const patients = useLiveQuery(async () => {
    const ids = [...new Set(appointments.map((appointment) => appointment.patient_id))];
    return db.patients.bulkGet(ids);
  }, [db, appointments.map((appointment) => appointment.patient_id).join()]);
  const names = new Map(
    (patients ?? []).flatMap((patient) =>
      patient ? [[patient.patient_id, patient.full_name]] : [],
    ),
  );
  const now = Date.now();
  const hours = (day: Date) =>
    organisation?.settings.opening_hours.filter((slot) => slot.weekday === day.getDay()) ?? [];

  return (
    <section aria-labelledby="calendar-title" className="space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h1 id="calendar-title" className="text-2xl font-semibold">
          Appointments
        </h1>
        {mayIssue(actor.roles, 'ScheduleAppointment') && (
          <button
            type="button"
            className={buttonClass}
            onClick={() => setBooking((shown) => !shown)}
            aria-expanded={booking}
          >
            {booking ? 'Close booking' : 'Book an appointment'}
          </button>
        )}
      </div>
      {booking && (
        <BookAppointment
          defaultDate={anchor}
          onBooked={(done) => {
            setBooking(false);
            commands.setMessage(done);
          }}
        />
      )}
      <div className="flex flex-wrap items-end gap-3 rounded-xl bg-white p-4 shadow">
        <div role="group" aria-label="View" className="flex gap-1">
          {(['day', 'week'] as const).map((option) => (
            <button
              key={option}
              type="button"
              aria-pressed={view === option}
              className={view === option ? buttonClass : secondaryButtonClass}
              onClick={() => setView(option)}
            >
              {option === 'day' ? 'Day' : 'Week'}
            </button>
          ))}
        </div>
        <div className="flex gap-1">
          <button
            type="button"
            className={secondaryButtonClass}
            onClick={() =>
              setAnchor((day) => (view === 'day' ? subDays(day, 1) : subWeeks(day, 1)))
            }
          >
            Previous {view}
          </button>
          <button
            type="button"
            className={secondaryButtonClass}
            onClick={() => setAnchor(startOfDay(new Date()))}
          >
            Today
          </button>
          <button
            type="button"
            className={secondaryButtonClass}
            onClick={() =>
              setAnchor((day) => (view === 'day' ? addDays(day, 1) : addWeeks(day, 1)))
            }
          >
            Next {view}
          </button>
        </div>
        <SelectField
          label="Doctor"
          name="calendar-doctor"
          value={doctorId}
          onChange={(event) => setDoctorId(event.target.value)}
        >
          <option value="">All doctors</option>
          {doctors.map((doctor) => (
            <option key={doctor.user_id} value={doctor.user_id}>
              {doctor.full_name}
            </option>
          ))}
        </SelectField>
        <SelectField
          label="Location"
          name="calendar-location"
          value={locationId}
          onChange={(event) => setLocationId(event.target.value)}
        >
          <option value="">All locations</option>
          {(organisation?.locations ?? []).map((location) => (
            <option key={location.location_id} value={location.location_id}>
              {location.name}
            </option>
          ))}
        </SelectField>
      </div>
      <Feedback message={commands.message} error={commands.errors.form} />
      {days.map((day) => {
        const today = appointments.filter((appointment) =>
          isSameDay(new Date(appointment.starts_at), day),
        );
        const open = hours(day);
        return (
          <section
            key={day.toISOString()}
            aria-label={format(day, 'EEEE d MMMM')}
            className="space-y-2"
          >
            <h2 className="text-lg font-semibold">
              {format(day, 'EEEE d MMMM')}{' '}
              <span className="text-base font-normal text-slate-700">
                {open.length > 0
                  ? `open ${open.map((slot) => `${slot.opens}–${slot.closes}`).join(', ')}`
                  : 'closed'}
              </span>
            </h2>
            {today.length === 0 ? (
              <p className="text-slate-700">No appointments.</p>
            ) : (
              <ul className="space-y-2">
                {today.map((appointment) => (
                  <AppointmentItem
                    key={appointment.appointment_id}
                    appointment={appointment}
                    patientName={names.get(appointment.patient_id) ?? 'Patient not on this device'}
                    now={now}
                    panel={panel}
                    setPanel={setPanel}
                    commands={commands}
                  />
                ))}
              </ul>
            )}
          </section>
        );
      })}
    </section>
  );
}
