import { type BookingOverrideKind } from '@mymedic/shared';
import { useTranslation } from 'react-i18next';
import { useCommands } from '../../app/commands';
import { useDoctors, useOrganisation } from '../../app/reference';
import type { AppointmentRow } from '../../engine/db';
import { Feedback, formText, SelectField } from '../../ui/Field';
import { Form, SubmitOrKeep } from '../../ui/Form';
import type { ChosenSlot } from './BookAppointment';
import { clockAt, useClinicZone } from './clinicClock';
import { OverbookingWarning, useOverbookingWarning } from './overbooking';
import { BookingOverrideCheck, overridesFor, useBookingOverride } from './override';
import { DoctorOptions } from './SelectOptions';
import { SlotFields, slotStart } from './SlotFields';

/**
 * Moves a booked appointment: another time, length or doctor, at the same location.
 * `slot` is a free slot picked on the calendar, which the fields then offer.
 */
export function RescheduleForm({
  appointment,
  slot,
  onDone,
}: {
  appointment: AppointmentRow;
  slot?: ChosenSlot | undefined;
  onDone: (moved: { startsAt: string } | null) => void;
}) {
  const { t } = useTranslation('appointments');
  const doctors = useDoctors();
  const organisation = useOrganisation();
  const zone = useClinicZone();
  const commands = useCommands();
  const overbooking = useOverbookingWarning<ReturnType<typeof slotOf>>();
  const override = useBookingOverride();
  const idSuffix = appointment.appointment_id.slice(-8);

  const slotOf = (startsAt: Date, data: FormData) => ({
    appointment_id: appointment.appointment_id,
    starts_at: startsAt.toISOString(),
    duration_minutes: Number(formText(data, 'duration_minutes')),
    doctor_id: formText(data, 'doctor_id'),
    location_id: appointment.location_id,
    overbooking_intended: false,
    overrides: [] as BookingOverrideKind[],
  });

  async function move({ appointment_id, ...payload }: ReturnType<typeof slotOf>) {
    const moved = await commands.run(
      {
        type: 'RescheduleAppointment',
        aggregate_type: 'appointment',
        aggregate_id: appointment_id,
        payload: {
          ...payload,
          overrides: payload.overrides.length > 0 ? payload.overrides : undefined,
        },
      },
      t('move.movedTo', { time: clockAt(payload.starts_at, zone) }),
    );
    if (moved) {
      overbooking.clear();
      onDone({ startsAt: payload.starts_at });
    }
  }

  async function submit(data: FormData) {
    const startsAt = slotStart(data, zone);
    if (!startsAt) return commands.setErrors({ date: t('giveDateTime') });
    const wanted = slotOf(startsAt, data);
    const overrides = override.check(overridesFor(wanted, organisation, zone));
    if (!overrides) return commands.setErrors({});
    wanted.overrides = overrides;
    if (!(await overbooking.clashes(wanted))) await move(wanted);
  }

  const warning = overbooking.warning;
  return (
    <Form onSubmit={submit} label={t('move.title')} className="mt-3 grid gap-3 sm:grid-cols-2">
      <SlotFields
        at={new Date(slot?.startsAt ?? appointment.starts_at)}
        zone={zone}
        isNew
        idSuffix={idSuffix}
        duration={{ minutes: appointment.duration_minutes }}
        dateError={commands.errors.date ?? commands.errors.starts_at}
        durationError={commands.errors.duration_minutes}
      />
      <SelectField
        // The doctors load after the form: a new list sets the default again (a select
        // keeps the first option it had otherwise).
        key={doctors.map((doctor) => doctor.user_id).join()}
        label={t('doctor')}
        name="doctor_id"
        id={`doctor-${idSuffix}`}
        defaultValue={slot?.doctorId ?? appointment.doctor_id}
      >
        <DoctorOptions doctors={doctors} />
      </SelectField>
      <BookingOverrideCheck override={override} verb="move" id={`move-override-${idSuffix}`} />
      {warning && (
        <OverbookingWarning
          verb="move"
          onOverbook={() => void move({ ...warning.slot, overbooking_intended: true })}
        >
          {t('move.clash', { time: clockAt(warning.clashes[0]!.starts_at, zone) })}
        </OverbookingWarning>
      )}
      <div className="sm:col-span-2">
        <Feedback message={null} error={commands.errors.form} />
      </div>
      <div className="sm:col-span-2">
        <SubmitOrKeep
          submit={t('move.submit')}
          onKeep={() => onDone(null)}
          keepLabel={t('move.keep')}
        />
      </div>
    </Form>
  );
}
