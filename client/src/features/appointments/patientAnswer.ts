import { mayIssue, type PatientResponse, type Role } from '@mymedic/shared';
import type { TFunction } from 'i18next';
import type { AppointmentRow } from '../../engine/db';

/**
 * The line an appointment shows about the patient's answer ("Patient confirmed
 * (WhatsApp)", "Patient asks to cancel (WhatsApp)"), and whether it asks the front desk
 * to act: a request to cancel or to move waits for someone to do it.
 */
export function patientAnswerLine(
  response: PatientResponse | null | undefined,
  t: TFunction<'appointments'>,
): { text: string; asksForAction: boolean } | null {
  if (!response) return null;
  const words = { via: t(`answer.via.${response.via}`), note: response.note };
  return {
    text: t(`answer.${response.kind}${response.note ? 'WithNote' : ''}`, words),
    asksForAction: response.kind !== 'confirmed',
  };
}

/**
 * Whether the person may note here that the patient confirmed by phone: a booked
 * appointment not yet begun, not confirmed already, by someone at the front desk.
 */
export function mayNoteConfirmedByPhone(
  appointment: Pick<AppointmentRow, 'status' | 'starts_at' | 'patient_response'>,
  roles: readonly Role[],
  now: number,
): boolean {
  return (
    appointment.status === 'scheduled' &&
    Date.parse(appointment.starts_at) > now &&
    appointment.patient_response?.kind !== 'confirmed' &&
    mayIssue(roles, 'ConfirmAppointment')
  );
}

/** The command that notes a confirmation given by phone. */
export const confirmedByPhone = (appointmentId: string) => ({
  type: 'ConfirmAppointment' as const,
  aggregate_type: 'appointment' as const,
  aggregate_id: appointmentId,
  payload: { via: 'phone' as const },
});
