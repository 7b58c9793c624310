import { findOverlaps, uuidv7, visitTypes, type VisitType } from '@mymedic/shared';
import { format } from 'date-fns';
import { useLiveQuery } from 'dexie-react-hooks';
import { useDeferredValue, useState, type FormEvent } from 'react';
import { useCommands } from '../../app/commands';
import { useFormDraft } from '../../ui/drafts';
import { useClinic } from '../../app/clinic';
import { useDoctors, useOrganisation } from '../../app/reference';
import type { AppointmentRow, PatientRow } from '../../engine/db';
import {
  buttonClass,
  Feedback,
  formText,
  secondaryButtonClass,
  SelectField,
  TextField,
} from '../../ui/Field';
import { searchPatients } from '../patients/search';

export const visitTypeWords: Record<VisitType, string> = {
  consultation: 'Consultation',
  follow_up: 'Follow-up',
  emergency: 'Emergency',
  procedure: 'Procedure',
  vaccination: 'Vaccination',
};

/** The same doctor's appointments this device knows of that the slot would overlap. */
export async function clashesOnDevice(
  db: ReturnType<typeof useClinic>['db'],
  slot: { appointment_id: string; doctor_id: string; starts_at: string; duration_minutes: number },
): Promise<AppointmentRow[]> {
  const start = Date.parse(slot.starts_at);
  const sameDay = await db.appointments
    .where('[doctor_id+starts_at]')
    .between(
      [slot.doctor_id, new Date(start - 24 * 3600_000).toISOString()],
      [slot.doctor_id, new Date(start + 24 * 3600_000).toISOString()],
    )
    .toArray();
  return findOverlaps(slot, sameDay);
}

function PatientPicker({ onPick }: { onPick: (patient: PatientRow) => void }) {
  const { db } = useClinic();
  const [query, setQuery] = useState('');
  const deferred = useDeferredValue(query);
  const patients = useLiveQuery(() => db.patients.where('archived').equals(0).toArray(), [db]);
  const found = deferred.trim() ? searchPatients(patients ?? [], deferred, 6) : [];
  return (
    <div className="sm:col-span-2">
      <TextField
        label="Patient"
        name="patient-query"
        type="search"
        value={query}
        onChange={(event) => setQuery(event.target.value)}
        hint="Type a name, phone or MRN, then choose"
      />
      {found.length > 0 && (
        <ul className="mt-1 rounded-lg border border-slate-300" aria-label="Matching patients">
          {found.map((patient) => (
            <li key={patient.patient_id}>
              <button
                type="button"
                className="min-h-11 w-full px-3 text-left hover:bg-teal-50"
                onClick={() => onPick(patient)}
              >
                {patient.full_name} · {patient.mrn}
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/**
 * Books an appointment on this device. It warns when the doctor already has an
 * overlapping appointment the device knows of; going ahead records the overbooking as
 * intended. Two devices booking offline cannot know of each other: the server settles
 * that, and the later booking comes back as a conflict to resolve.
 */
export function BookAppointment({
  patient: given,
  defaultDate,
  onBooked,
}: {
  patient?: PatientRow;
  defaultDate?: Date;
  onBooked?: (message: string) => void;
}) {
  const { db, actor } = useClinic();
  const organisation = useOrganisation();
  const doctors = useDoctors();
  const { run, errors, setErrors, message } = useCommands();
  const [patient, setPatient] = useState<PatientRow | undefined>(given);
  const [clashes, setClashes] = useState<AppointmentRow[]>([]);
  const draft = useFormDraft(`book-appointment:${given?.patient_id ?? 'any'}`);
  const patients = useLiveQuery(() => db.patients.toArray(), [db]);
  const names = new Map((patients ?? []).map((row) => [row.patient_id, row.full_name]));

  async function submit(event: FormEvent<HTMLFormElement>, overbook = false) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    if (!patient) return setErrors({ 'patient-query': 'Choose the patient' });
    const date = formText(form, 'date');
    const time = formText(form, 'time');
    const startsAt = date && time ? new Date(`${date}T${time}`) : null;
    if (!startsAt || Number.isNaN(startsAt.getTime()))
      return setErrors({ date: 'Give the date and time' });
    const payload = {
      patient_id: patient.patient_id,
      doctor_id: formText(form, 'doctor_id'),
      location_id: formText(form, 'location_id') || null,
      starts_at: startsAt.toISOString(),
      duration_minutes: Number(formText(form, 'duration_minutes')),
      visit_type: formText(form, 'visit_type'),
      reason: formText(form, 'reason'),
      overbooking_intended: overbook,
    };
    const appointmentId = uuidv7();
    if (!overbook && payload.doctor_id) {
      const found = await clashesOnDevice(db, { ...payload, appointment_id: appointmentId });
      if (found.length > 0) return setClashes(found);
    }
    const done = `Booked ${patient.full_name} on ${format(startsAt, 'EEE d MMM, HH:mm')}`;
    const booked = await run(
      {
        type: 'ScheduleAppointment',
        aggregate_type: 'appointment',
        aggregate_id: appointmentId,
        payload,
      },
      done,
    );
    if (booked) {
      setClashes([]);
      draft.clear();
      onBooked?.(done);
    }
  }

  const locations = organisation?.locations ?? [];
  return (
    <form
      ref={draft.ref}
      onSubmit={(event) => void submit(event)}
      noValidate
      aria-label="Book an appointment"
      className="grid gap-4 rounded-xl bg-white p-6 shadow sm:grid-cols-2"
    >
      <h2 className="text-lg font-semibold sm:col-span-2">Book an appointment</h2>
      {given ? (
        <p className="sm:col-span-2">
          For <strong>{given.full_name}</strong> ({given.mrn})
        </p>
      ) : patient ? (
        <p className="sm:col-span-2">
          For <strong>{patient.full_name}</strong> ({patient.mrn}){' '}
          <button
            type="button"
            className="min-h-11 px-2 underline"
            onClick={() => setPatient(undefined)}
          >
            Choose another patient
          </button>
        </p>
      ) : (
        <PatientPicker onPick={setPatient} />
      )}
      {errors['patient-query'] && !patient && (
        <p role="alert" className="text-red-800 sm:col-span-2">
          {errors['patient-query']}
        </p>
      )}
      <SelectField
        label="Doctor"
        name="doctor_id"
        defaultValue={actor.role === 'doctor' ? actor.userId : ''}
        error={errors.doctor_id}
      >
        <option value="" disabled>
          Choose…
        </option>
        {doctors.map((doctor) => (
          <option key={doctor.user_id} value={doctor.user_id}>
            {doctor.full_name}
          </option>
        ))}
      </SelectField>
      <SelectField
        label="Location"
        name="location_id"
        defaultValue={locations[0]?.location_id ?? ''}
      >
        {locations.map((location) => (
          <option key={location.location_id} value={location.location_id}>
            {location.name}
          </option>
        ))}
        <option value="">No particular location</option>
      </SelectField>
      <TextField
        label="Date"
        name="date"
        type="date"
        defaultValue={format(defaultDate ?? new Date(), 'yyyy-MM-dd')}
        error={errors.date ?? errors.starts_at}
      />
      <TextField label="Time" name="time" type="time" step={300} defaultValue="09:00" />
      <TextField
        label="Duration in minutes"
        name="duration_minutes"
        type="number"
        inputMode="numeric"
        key={organisation?.settings.default_slot_minutes}
        defaultValue={organisation?.settings.default_slot_minutes ?? 15}
        error={errors.duration_minutes}
      />
      <SelectField
        label="Visit type"
        name="visit_type"
        defaultValue="consultation"
        error={errors.visit_type}
      >
        {visitTypes.map((type) => (
          <option key={type} value={type}>
            {visitTypeWords[type]}
          </option>
        ))}
      </SelectField>
      <div className="sm:col-span-2">
        <TextField label="Reason" name="reason" error={errors.reason} />
      </div>
      {clashes.length > 0 && (
        <div role="alert" className="rounded-lg bg-amber-50 p-3 text-amber-950 sm:col-span-2">
          <p className="font-medium">The doctor already has an appointment then:</p>
          <ul className="list-disc pl-6">
            {clashes.map((clash) => (
              <li key={clash.appointment_id}>
                {format(new Date(clash.starts_at), 'EEE d MMM HH:mm')}–
                {format(new Date(clash.ends_at), 'HH:mm')} with{' '}
                {names.get(clash.patient_id ?? '') ?? 'a patient'}
              </li>
            ))}
          </ul>
          <div className="mt-2 flex flex-wrap gap-2">
            <button
              type="button"
              className={secondaryButtonClass}
              onClick={(event) => {
                const form = event.currentTarget.form;
                if (form)
                  void submit(
                    {
                      preventDefault: () => undefined,
                      currentTarget: form,
                    } as FormEvent<HTMLFormElement>,
                    true,
                  );
              }}
            >
              Book anyway as an intended overbooking
            </button>
            <button type="button" className={secondaryButtonClass} onClick={() => setClashes([])}>
              Choose another time
            </button>
          </div>
        </div>
      )}
      <div className="sm:col-span-2">
        <Feedback message={message} error={errors.form} />
      </div>
      <div className="sm:col-span-2">
        <button type="submit" className={buttonClass}>
          Book appointment
        </button>
      </div>
    </form>
  );
}
