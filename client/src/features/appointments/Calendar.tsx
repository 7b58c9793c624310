import { mayIssue } from '@mymedic/shared';
import { startOfDay } from 'date-fns';
import { useLiveQuery } from 'dexie-react-hooks';
import { useState } from 'react';
import { useClinic } from '../../app/clinic';
import { useCommands } from '../../app/commands';
import { useOrganisation } from '../../app/reference';
import { buttonClass, Feedback } from '../../ui/Field';
import type { OpenForm } from './AppointmentCard';
import { BookAppointment } from './BookAppointment';
import { CalendarToolbar, type CalendarChoice } from './CalendarToolbar';
import { daysShown, startingOn } from './calendarView';
import { DaySchedule } from './DaySchedule';

/** The day or the week, per doctor and per location, with the clinic's opening hours. */
export default function Calendar() {
  const { db, actor } = useClinic();
  const organisation = useOrganisation();
  const [choice, setChoice] = useState<CalendarChoice>(() => ({
    view: 'day',
    anchor: startOfDay(new Date()),
    doctorId: '',
    locationId: '',
  }));
  const [booking, setBooking] = useState(false);
  const [openForm, setOpenForm] = useState<OpenForm>(null);
  const commands = useCommands();
  const { days, until } = daysShown(choice.view, choice.anchor);
  const from = days[0]!;
  const { doctorId, locationId } = choice;
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
  const people = new Map(
    (patients ?? []).flatMap((patient) => (patient ? [[patient.patient_id, patient]] : [])),
  );
  const now = Date.now();

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
          defaultDate={choice.anchor}
          onBooked={(done) => {
            setBooking(false);
            commands.setMessage(done);
          }}
        />
      )}
      <CalendarToolbar
        choice={choice}
        onChange={(change) => setChoice((current) => ({ ...current, ...change }))}
      />
      <Feedback message={commands.message} error={commands.errors.form} />
      {days.map((day) => (
        <DaySchedule
          key={day.toISOString()}
          day={day}
          appointments={startingOn(appointments, day)}
          organisation={organisation}
          people={people}
          now={now}
          openForm={openForm}
          setOpenForm={setOpenForm}
          commands={commands}
        />
      ))}
    </section>
  );
}
