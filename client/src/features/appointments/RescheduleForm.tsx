import { format } from 'date-fns';
import type { useCommands } from '../../app/commands';
import { useDoctors } from '../../app/reference';
import type { AppointmentRow } from '../../engine/db';
import { formText, SelectField } from '../../ui/Field';
import { Form, SubmitOrKeep } from '../../ui/Form';
import { DoctorOptions } from './SelectOptions';
import { OverbookingWarning, useOverbookingWarning } from './overbooking';
import { SlotFields, slotStart } from './SlotFields';

/** Moves a booked appointment: another time, length or doctor, at the same location. */
export function RescheduleForm({
  appointment,
  commands,
  onDone,
}: {
  appointment: AppointmentRow;
  commands: ReturnType<typeof useCommands>;
  onDone: () => void;
}) {
  const doctors = useDoctors();
  const overbooking = useOverbookingWarning<ReturnType<typeof slotOf>>();
  const idSuffix = appointment.appointment_id.slice(-8);

  const slotOf = (startsAt: Date, data: FormData, overbook: boolean) => ({
    appointment_id: appointment.appointment_id,
    starts_at: startsAt.toISOString(),
    duration_minutes: Number(formText(data, 'duration_minutes')),
    doctor_id: formText(data, 'doctor_id'),
    location_id: appointment.location_id,
    overbooking_intended: overbook,
  });

  async function move({ appointment_id, ...payload }: ReturnType<typeof slotOf>) {
    const moved = await commands.run(
      {
        type: 'RescheduleAppointment',
        aggregate_type: 'appointment',
        aggregate_id: appointment_id,
        payload,
      },
      'Moved',
    );
    if (moved) {
      overbooking.clear();
      onDone();
    }
  }

  async function submit(data: FormData) {
    const startsAt = slotStart(data);
    if (!startsAt) return;
    const slot = slotOf(startsAt, data, false);
    if (!(await overbooking.clashes(slot))) await move(slot);
  }

  const warning = overbooking.warning;
  return (
    <Form onSubmit={submit} label="Move the appointment" className="mt-3 grid gap-3 sm:grid-cols-2">
      <SlotFields
        at={new Date(appointment.starts_at)}
        labelWord="New"
        idSuffix={idSuffix}
        duration={{ minutes: appointment.duration_minutes }}
        durationError={commands.errors.duration_minutes}
      />
      <SelectField
        label="Doctor"
        name="doctor_id"
        id={`doctor-${idSuffix}`}
        defaultValue={appointment.doctor_id}
      >
        <DoctorOptions doctors={doctors} />
      </SelectField>
      {warning && (
        <OverbookingWarning
          verb="Move"
          onOverbook={() => void move({ ...warning.slot, overbooking_intended: true })}
        >
          The doctor already has an appointment at{' '}
          {format(new Date(warning.clashes[0]!.starts_at), 'HH:mm')}.
        </OverbookingWarning>
      )}
      <div className="sm:col-span-2">
        <SubmitOrKeep submit="Move appointment" onKeep={onDone} />
      </div>
    </Form>
  );
}
