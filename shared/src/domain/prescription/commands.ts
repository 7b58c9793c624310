import { z } from 'zod';
import { requiredText, sha256Field } from '../fields';
import { prescriptionContentSchema, type PrescriptionContent } from './events';

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
