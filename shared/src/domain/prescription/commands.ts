import { z } from 'zod';
import type { CommandContext, CommandDefinition, Decider } from '../../kernel/decider';
import { DomainError } from '../../kernel/errors';
import { parseOrThrow } from '../../kernel/validate';
import { requiredText, requireDigestOf, sha256Field } from '../fields';
import {
  evolvePrescription,
  initialPrescriptionState,
  prescriptionContentSchema,
  type PrescriptionContent,
  type PrescriptionEvent,
  type PrescriptionState,
} from './events';

/**
 * Issuing is signing: the prescriber's device hashes `prescriptionSigningText` of the
 * parsed content and sends the digest, which decide checks against the content it
 * parsed; the signer and time come from the command.
 *
 * Whether the patient is archived is the patient aggregate's state, which this decider
 * cannot see; the caller (the screen, and the server when it wants to) checks that
 * before issuing. Deciders never read other aggregates.
 */
export const issuePrescriptionPayload = prescriptionContentSchema.extend({
  content_sha256: sha256Field,
});
export const cancelPrescriptionPayload = z.object({ reason: requiredText('Reason', 500) });

export type PrescriptionCommand =
  | { type: 'IssuePrescription'; payload: z.input<typeof issuePrescriptionPayload> }
  | { type: 'CancelPrescription'; payload: z.input<typeof cancelPrescriptionPayload> };

/**
 * The exact text whose SHA-256 a prescription's signature records: the parsed content
 * as JSON with a fixed key order, so every device hashes the same bytes.
 */
export function prescriptionSigningText(content: PrescriptionContent): string {
  return JSON.stringify({
    patient_id: content.patient_id,
    visit_id: content.visit_id,
    medications: content.medications.map((medication) => ({
      name: medication.name,
      dosage: medication.dosage,
      frequency: medication.frequency,
      duration: medication.duration,
      quantity: medication.quantity,
      instructions: medication.instructions,
    })),
    diagnosis: content.diagnosis,
  });
}

export function issuePrescription(
  payload: unknown,
  state: PrescriptionState,
  context: CommandContext,
): PrescriptionEvent[] {
  if (state.exists) {
    throw new DomainError(
      'illegal_state',
      'The prescription is already issued; cancel it and issue a new one',
    );
  }
  const prescription = parseOrThrow(issuePrescriptionPayload, payload, 'Prescription');
  requireDigestOf(
    prescriptionSigningText(prescription),
    prescription.content_sha256,
    "the prescription's content",
  );
  return [
    {
      type: 'PrescriptionIssued',
      data: { ...prescription, signed_by: context.actor.user_id, signed_at: context.issued_at },
    },
  ];
}

export function cancelPrescription(
  payload: unknown,
  state: PrescriptionState,
  context: CommandContext,
): PrescriptionEvent[] {
  if (!state.exists) throw new DomainError('not_found', 'No such prescription');
  if (state.status === 'cancelled') {
    throw new DomainError('illegal_state', 'The prescription is already cancelled');
  }
  const { reason } = parseOrThrow(cancelPrescriptionPayload, payload, 'Cancellation');
  return [{ type: 'PrescriptionCancelled', data: { reason, cancelled_at: context.issued_at } }];
}

export const prescriptionDecider: Decider<
  PrescriptionState,
  PrescriptionCommand,
  PrescriptionEvent
> = {
  aggregateType: 'prescription',
  policy: 'rebase',
  initialState: initialPrescriptionState,
  evolve: evolvePrescription,
  decide(command, state, context) {
    switch (command.type) {
      case 'IssuePrescription':
        return issuePrescription(command.payload, state, context);
      case 'CancelPrescription':
        return cancelPrescription(command.payload, state, context);
      default: {
        const unknown: never = command;
        throw new DomainError(
          'validation',
          `Unknown command ${(unknown as { type: string }).type}`,
        );
      }
    }
  },
};

export const prescriptionCommandDefinitions: CommandDefinition[] = [
  {
    type: 'IssuePrescription',
    aggregateType: 'prescription',
    payload: issuePrescriptionPayload,
    creates: true,
  },
  {
    type: 'CancelPrescription',
    aggregateType: 'prescription',
    payload: cancelPrescriptionPayload,
    creates: false,
  },
];
