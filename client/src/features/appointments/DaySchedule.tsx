import { format } from 'date-fns';
import type { useCommands } from '../../app/commands';
import type { AppointmentRow, OrganisationRow, PatientRow } from '../../engine/db';
import { AppointmentCard, type OpenForm } from './AppointmentCard';
import { openingHoursText } from './calendarView';

/** One day of the calendar: its opening hours and its appointments in time order. */
export function DaySchedule({
  day,
  appointments,
  organisation,
  people,
  now,
  openForm,
  setOpenForm,
  commands,
}: {
  day: Date;
  appointments: AppointmentRow[];
  organisation: OrganisationRow | undefined;
  /** The day's patients this device holds, by id. */
  people: Map<string, PatientRow>;
  now: number;
  openForm: OpenForm;
  setOpenForm: (form: OpenForm) => void;
  commands: ReturnType<typeof useCommands>;
}) {
  return (
    <section aria-label={format(day, 'EEEE d MMMM')} className="space-y-2">
      <h2 className="text-lg font-semibold">
        {format(day, 'EEEE d MMMM')}{' '}
        <span className="text-base font-normal text-slate-700">
          {openingHoursText(organisation, day)}
        </span>
      </h2>
      {appointments.length === 0 ? (
        <p className="text-slate-700">No appointments.</p>
      ) : (
        <ul className="space-y-2">
          {appointments.map((appointment) => (
            <AppointmentCard
              key={appointment.appointment_id}
              appointment={appointment}
              patientName={
                people.get(appointment.patient_id)?.full_name ?? 'Patient not on this device'
              }
              patientPhone={people.get(appointment.patient_id)?.phone ?? null}
              now={now}
              openForm={openForm}
              setOpenForm={setOpenForm}
              commands={commands}
            />
          ))}
        </ul>
      )}
    </section>
  );
}
