import { z } from 'zod';
import { DomainError } from '../../kernel/errors';
import type { Actor } from '../../kernel/roles';
import { isoDateTime, optionalText } from '../fields';
import { phrase, refusal } from '../../refusals';

/**
 * What the patient said of a booked appointment: they will come, they ask to cancel, or
 * they ask to move it. It reaches the clinic from the patient portal, from a reply to a
 * WhatsApp reminder, or from the front desk noting a phone call. A request changes no
 * slot by itself: the front desk acts on it (cancels, or moves the appointment), so a
 * tapped button never frees a slot the clinic would have kept (docs/reminders.md).
 */
export const responseRoutes = ['portal', 'whatsapp', 'sms', 'email', 'phone', 'in_person'] as const;
export type ResponseRoute = (typeof responseRoutes)[number];

export const responseRouteLabels: Record<ResponseRoute, string> = {
  portal: 'the patient portal',
  whatsapp: 'WhatsApp',
  sms: 'SMS',
  email: 'email',
  phone: 'phone',
  in_person: 'in person',
};

const via = z.enum(responseRoutes, { message: phrase('appointment.answerRoute') });

export const appointmentConfirmedSchema = z.object({ via, confirmed_at: isoDateTime });
export const appointmentCancellationRequestedSchema = z.object({
  via,
  reason: optionalText('Reason', 500).optional().default(null),
  requested_at: isoDateTime,
});
export const appointmentMoveRequestedSchema = z.object({
  via,
  /** The times that suit the patient, in their words. */
  preference: optionalText('Preferred time', 500).optional().default(null),
  requested_at: isoDateTime,
});

export const confirmAppointmentPayload = z.object({ via });
export const requestAppointmentCancellationPayload = z.object({
  via,
  reason: optionalText('Reason', 500).optional().default(null),
});
export const requestAppointmentMovePayload = z.object({
  via,
  preference: optionalText('Preferred time', 500).optional().default(null),
});

export type PatientResponseKind = 'confirmed' | 'cancellation_requested' | 'move_requested';

/** The patient's newest word on the appointment's current slot. */
export interface PatientResponse {
  kind: PatientResponseKind;
  via: ResponseRoute;
  at: string;
  /** The reason for a cancellation, or the preferred time for a move. */
  note: string | null;
}

export const responseLabels: Record<PatientResponseKind, string> = {
  confirmed: 'Patient confirmed',
  cancellation_requested: 'Patient asks to cancel',
  move_requested: 'Patient asks to move',
};

/** The line an appointment shows: "Patient confirmed by WhatsApp". */
export function describeResponse(response: PatientResponse): string {
  const base = `${responseLabels[response.kind]} (${responseRouteLabels[response.via]})`;
  return response.note ? `${base}: ${response.note}` : base;
}

/**
 * Whether the patient already said this, so a repeated tap or a replayed webhook adds
 * nothing. A different answer (a confirmation after a request to move) is recorded.
 */
export function alreadySaid(
  state: { patient_response?: PatientResponse | null },
  kind: PatientResponseKind,
): boolean {
  return state.patient_response?.kind === kind;
}

/** The routes a person at the clinic notes; the others only the server records. */
const staffRoutes: readonly ResponseRoute[] = ['phone', 'in_person'];

export function requireRouteOfIssuer(via: ResponseRoute, actor: Actor): void {
  if (actor.roles.includes('system') || staffRoutes.includes(via)) return;
  throw new DomainError('validation', refusal('appointment.staffRoutes'));
}

/** Patients answer only for an appointment that is still booked and not yet begun. */
export function requireAnswerable(
  state: { exists: boolean; status: string | null; starts_at: string | null },
  issuedAt: string,
): void {
  if (!state.exists) throw new DomainError('not_found', refusal('appointment.notFound'));
  if (state.status !== 'scheduled') {
    throw new DomainError('illegal_state', refusal('appointment.noLongerBooked'));
  }
  if (Date.parse(issuedAt) >= Date.parse(state.starts_at!)) {
    throw new DomainError('illegal_state', refusal('appointment.alreadyStarted'));
  }
}
