import { uuidv7 } from '@mymedic/shared';
import type { CommandInput } from '../../engine/execute';
import type { AppointmentRow } from '../../engine/db';

/**
 * The commands of a check-in: a visit opens, and the appointment (if any) follows.
 * Run together in one transaction, so the queue and the calendar never disagree.
 * `earlyReason` is why a patient is checked in before the appointment's day.
 */
export function checkInCommands(
  patientId: string,
  appointment: AppointmentRow | null,
  visitId = uuidv7(),
  earlyReason?: string,
): { visitId: string; commands: CommandInput[] } {
  const commands: CommandInput[] = [
    {
      type: 'CheckInPatient',
      aggregate_type: 'visit',
      aggregate_id: visitId,
      payload: {
        patient_id: patientId,
        appointment_id: appointment?.appointment_id ?? null,
        doctor_id: appointment?.doctor_id ?? null,
        location_id: appointment?.location_id ?? null,
      },
    },
  ];
  if (appointment) {
    commands.push({
      type: 'MarkAppointmentCheckedIn',
      aggregate_type: 'appointment',
      aggregate_id: appointment.appointment_id,
      payload: { visit_id: visitId, ...(earlyReason ? { early_reason: earlyReason } : {}) },
    });
  }
  return { visitId, commands };
}
