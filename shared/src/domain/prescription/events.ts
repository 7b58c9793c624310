import { z } from 'zod';
import {
  isoDateTime,
  optionalLink,
  optionalText,
  requiredText,
  sha256Field,
  uuidField,
} from '../fields';
import { phrase } from '../../refusals';

export const medicationSchema = z.object({
  name: requiredText('Medication name'),
  dosage: requiredText('Dosage', 100),
  frequency: requiredText('Frequency', 100),
  duration: requiredText('Duration', 100),
  quantity: z
    .number({ message: phrase('prescription.quantityNumber') })
    .int({ message: phrase('prescription.quantityWhole') })
    .positive({ message: phrase('prescription.quantityAtLeastOne') })
    .max(10_000, { message: phrase('prescription.quantityAtMost') }),
  instructions: optionalText('Instructions', 500).optional().default(null),
});
export type Medication = z.infer<typeof medicationSchema>;

export const medicationsSchema = z
  .array(medicationSchema, { message: phrase('prescription.addMedications') })
  .min(1, { message: phrase('prescription.atLeastOneMedication') })
  .max(20, { message: phrase('prescription.atMostTwenty') });

/** The content a prescriber signs; `prescriptionSigningText` turns it into the hashed text. */
export const prescriptionContentSchema = z.object({
  patient_id: uuidField,
  visit_id: optionalLink,
  medications: medicationsSchema,
  diagnosis: optionalText('Diagnosis', 500).optional().default(null),
});
export type PrescriptionContent = z.infer<typeof prescriptionContentSchema>;

export const prescriptionIssuedSchema = prescriptionContentSchema.extend({
  content_sha256: sha256Field,
  signed_by: uuidField,
  signed_at: isoDateTime,
});
export const prescriptionCancelledSchema = z.object({
  reason: requiredText('Reason', 500),
  cancelled_at: isoDateTime,
});

export type IssuedPrescription = z.infer<typeof prescriptionIssuedSchema>;

/** Issued is immutable: only a cancellation may follow. */
export interface PrescriptionState {
  exists: boolean;
  status: 'issued' | 'cancelled' | null;
  prescription: IssuedPrescription | null;
  cancellation: z.infer<typeof prescriptionCancelledSchema> | null;
}

export const initialPrescriptionState: PrescriptionState = {
  exists: false,
  status: null,
  prescription: null,
  cancellation: null,
};
