import { uuidv7, visitTypes, type BookingOverrideKind } from '@mymedic/shared';
import { useLiveQuery } from 'dexie-react-hooks';
import { useDeferredValue, useState } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { useClinic } from '../../app/clinic';
import { useCommands } from '../../app/commands';
import { searchPatients } from '../../app/patientSearch';
import { useClinicCountry, useDoctors, useOrganisation, usePhoneText } from '../../app/reference';
import type { PatientRow } from '../../engine/db';
import { useFormDraft } from '../../ui/drafts';
import { formText, SearchField, SelectField, TextField, WordOptions } from '../../ui/Field';
import { Form, FormFooter } from '../../ui/Form';
import { PickList } from '../../ui/PickList';
import { timeRange, useDayWords } from './calendarView';
import { clockAt, dayAt, instantOn, useClinicZone } from './clinicClock';
import { OverbookingWarning, useOverbookingWarning } from './overbooking';
import { BookingOverrideCheck, overridesFor, useBookingOverride } from './override';
import { DoctorOptions, LocationOptions } from './SelectOptions';
import { SlotFields, slotStart } from './SlotFields';

/** A free slot tapped on the calendar: the booking opens with its doctor and start. */
export interface ChosenSlot {
  doctorId: string;
  /** Milliseconds. */
  startsAt: number;
  locationId?: string;
}

function PatientPicker({ onPick }: { onPick: (patient: PatientRow) => void }) {
  const { t } = useTranslation('appointments');
  const { db } = useClinic();
  const [query, setQuery] = useState('');
  const deferred = useDeferredValue(query);
  const patients = useLiveQuery(() => db.patients.where('archived').equals(0).toArray(), [db]);
  const country = useClinicCountry();
  const phoneText = usePhoneText();
  const found = deferred.trim() ? searchPatients(patients ?? [], deferred, 6, country) : [];
  return (
    <div className="sm:col-span-2">
      <SearchField
        label={t('book.patient')}
        name="patient-query"
        value={query}
        onText={setQuery}
        hint={t('book.patientHint')}
      />
      <PickList
        label={t('book.matching')}
        items={found}
        keyOf={(patient) => patient.patient_id}
        onPick={onPick}
      >
        {(patient) =>
          [patient.full_name, patient.mrn, patient.phone && phoneText(patient.phone)]
            .filter(Boolean)
            .join(' · ')
        }
      </PickList>
    </div>
  );
}

/**
 * Books an appointment on this device. A slot in the past, on a closed day or outside
 * the opening hours needs the person's explicit say-so, recorded on the booking. It warns
 * when the doctor already has an overlapping appointment the device knows of; going
 * ahead records the overbooking as intended. Two devices booking offline cannot know of
 * each other: the server settles that, and the later booking comes back as a conflict.
 */
export function BookAppointment({
  patient: given,
  defaultDate,
  slot,
  onBooked,
}: {
  patient?: PatientRow;
  /** The calendar day to offer, at its first opening (today when absent). */
  defaultDate?: Date;
  slot?: ChosenSlot | undefined;
  onBooked?: (message: string, booked: { appointmentId: string; startsAt: string }) => void;
}) {
  const { t } = useTranslation('appointments');
  const dayWords = useDayWords();
  const { db, actor } = useClinic();
  const organisation = useOrganisation();
  const doctors = useDoctors();
  const { run, errors, setErrors, message } = useCommands();
  const [patient, setPatient] = useState<PatientRow | undefined>(given);
  const overbooking = useOverbookingWarning<ReturnType<typeof bookingOf>>();
  const override = useBookingOverride();
  const zone = useClinicZone();
  // A tapped slot is a form of its own: an older draft must not move it elsewhere.
  const draft = useFormDraft(
    `book-appointment:${given?.patient_id ?? 'any'}${slot ? `:${slot.doctorId}:${slot.startsAt}` : ''}`,
  );
  const patients = useLiveQuery(() => db.patients.toArray(), [db]);
  const names = new Map((patients ?? []).map((row) => [row.patient_id, row.full_name]));

  const bookingOf = (chosen: PatientRow, startsAt: Date, data: FormData) => ({
    appointment_id: uuidv7(),
    patient_id: chosen.patient_id,
    doctor_id: formText(data, 'doctor_id'),
    location_id: formText(data, 'location_id') || null,
    starts_at: startsAt.toISOString(),
    duration_minutes: Number(formText(data, 'duration_minutes')),
    visit_type: formText(data, 'visit_type'),
    reason: formText(data, 'reason'),
    overbooking_intended: false,
    overrides: [] as BookingOverrideKind[],
    // Kept for the message: the patient may be changed while the warning shows.
    patient_name: chosen.full_name,
  });

  async function book({ appointment_id, patient_name, ...payload }: ReturnType<typeof bookingOf>) {
    const day = dayAt(Date.parse(payload.starts_at), zone);
    const done = t('book.booked', {
      name: patient_name,
      day: dayWords.short(day),
      time: clockAt(payload.starts_at, zone),
    });
    const booked = await run(
      {
        type: 'ScheduleAppointment',
        aggregate_type: 'appointment',
        aggregate_id: appointment_id,
        payload: {
          ...payload,
          overrides: payload.overrides.length > 0 ? payload.overrides : undefined,
        },
      },
      done,
    );
    if (booked) {
      overbooking.clear();
      draft.clear();
      onBooked?.(done, { appointmentId: appointment_id, startsAt: payload.starts_at });
    }
  }

  async function submit(data: FormData) {
    if (!patient) return setErrors({ 'patient-query': t('book.choosePatient') });
    const startsAt = slotStart(data, zone);
    if (!startsAt) return setErrors({ date: t('giveDateTime') });
    const booking = bookingOf(patient, startsAt, data);
    const overrides = override.check(overridesFor(booking, organisation, zone));
    if (!overrides) return setErrors({});
    booking.overrides = overrides;
    if (booking.doctor_id && (await overbooking.clashes(booking))) return;
    await book(booking);
  }

  /** The day's first opening, or 09:00 on a closed day. */
  const firstOpening = (day: Date) => {
    const opens = (organisation?.settings.opening_hours ?? [])
      .filter((hours) => hours.weekday === day.getDay())
      .map((hours) => hours.opens)
      .sort()[0];
    return instantOn(day, opens ?? '09:00', zone);
  };
  const locations = organisation?.locations ?? [];
  const defaultSlotMinutes = organisation?.settings.default_slot_minutes;
  const warning = overbooking.warning;
  // The form's defaults (location, first opening) need the organisation on the device.
  if (!organisation) return null;
  return (
    <Form
      formRef={draft.ref}
      onSubmit={submit}
      label={t('book.title')}
      className="grid gap-4 rounded-xl bg-white p-6 shadow sm:grid-cols-2"
    >
      <h2 className="text-lg font-semibold sm:col-span-2">{t('book.title')}</h2>
      {given ? (
        <p className="sm:col-span-2">
          <Trans
            t={t}
            i18nKey="book.for"
            values={{ name: given.full_name, mrn: given.mrn }}
            components={{ strong: <strong /> }}
          />
        </p>
      ) : patient ? (
        <p className="sm:col-span-2">
          <Trans
            t={t}
            i18nKey="book.for"
            values={{ name: patient.full_name, mrn: patient.mrn }}
            components={{ strong: <strong /> }}
          />{' '}
          <button
            type="button"
            className="min-h-11 px-2 underline"
            onClick={() => setPatient(undefined)}
          >
            {t('book.otherPatient')}
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
        // The doctors load after the form: a new list sets the default again (a select
        // keeps the first option it had otherwise).
        key={doctors.map((doctor) => doctor.user_id).join()}
        label={t('doctor')}
        name="doctor_id"
        defaultValue={slot?.doctorId ?? (actor.roles.includes('doctor') ? actor.userId : '')}
        error={errors.doctor_id}
      >
        <option value="" disabled>
          {t('book.choose')}
        </option>
        <DoctorOptions doctors={doctors} />
      </SelectField>
      <SelectField
        label={t('location')}
        name="location_id"
        defaultValue={slot?.locationId ?? locations[0]?.location_id ?? ''}
      >
        <LocationOptions locations={locations} />
        <option value="">{t('noLocation')}</option>
      </SelectField>
      <SlotFields
        at={new Date(slot?.startsAt ?? firstOpening(defaultDate ?? dayAt(Date.now(), zone)))}
        zone={zone}
        duration={{ minutes: defaultSlotMinutes ?? 15, key: defaultSlotMinutes }}
        dateError={errors.date ?? errors.starts_at}
        durationError={errors.duration_minutes}
      />
      <SelectField
        label={t('book.visitType')}
        name="visit_type"
        defaultValue="consultation"
        error={errors.visit_type}
      >
        <WordOptions values={visitTypes} words={(type) => t(`visitType.${type}`)} />
      </SelectField>
      <div className="sm:col-span-2">
        <TextField label={t('book.reason')} name="reason" error={errors.reason} />
      </div>
      <BookingOverrideCheck override={override} verb="book" id="book-override" />
      {warning && (
        <OverbookingWarning
          verb="book"
          onOverbook={() => void book({ ...warning.slot, overbooking_intended: true })}
          onOtherTime={overbooking.clear}
        >
          <p className="font-medium">{t('book.clashes')}</p>
          <ul className="list-disc pl-6">
            {warning.clashes.map((clash) => (
              <li key={clash.appointment_id}>
                {t('book.clash', {
                  day: dayWords.short(dayAt(Date.parse(clash.starts_at), zone)),
                  time: timeRange(clash, zone),
                  name: names.get(clash.patient_id ?? '') ?? t('book.aPatient'),
                })}
              </li>
            ))}
          </ul>
        </OverbookingWarning>
      )}
      <FormFooter submit={t('book.submit')} message={message} error={errors.form} />
    </Form>
  );
}
