import { z } from 'zod';
import {
  dialablePhoneProblem,
  emailAddress,
  isoDate,
  optionalText,
  phoneNumber,
  requiredText,
} from '../fields';

export const genders = ['female', 'male', 'other', 'unknown'] as const;

export const addressSchema = z.object({
  line1: optionalText('Address line', 200).optional().default(null),
  village: optionalText('Village', 120).optional().default(null),
  landmark: optionalText('Landmark', 200).optional().default(null),
  city: optionalText('City', 120).optional().default(null),
  state: optionalText('State', 120).optional().default(null),
  postal_code: optionalText('Postal code', 20).optional().default(null),
});

export const emergencyContactSchema = z.object({
  name: requiredText('Contact name'),
  phone: phoneNumber,
  relationship: optionalText('Relationship', 60).optional().default(null),
});

const notInFuture = (value: string) => value <= '2200-01-01';

/**
 * Every patient detail that staff may change after registration, each with its own
 * schema so that the screens validate field by field and `UpdatePatientDetails`
 * merges field by field.
 */
export const patientDetailFields = {
  full_name: requiredText('Full name'),
  date_of_birth: isoDate.refine(notInFuture, { message: 'Date of birth looks wrong' }).nullable(),
  birth_year_estimate: z
    .number({ message: 'Estimated birth year must be a number' })
    .int()
    .min(1890, { message: 'Estimated birth year looks wrong' })
    .max(2200)
    .nullable(),
  gender: z.enum(genders, { message: 'Choose female, male, other or unknown' }),
  phone: phoneNumber.nullable(),
  email: emailAddress.nullable(),
  address: addressSchema.nullable(),
  national_id: optionalText('National id', 40),
  preferred_language: optionalText('Preferred language', 40),
  emergency_contact: emergencyContactSchema.nullable(),
};
export type PatientDetailField = keyof typeof patientDetailFields;
export const patientDetailFieldNames = Object.keys(patientDetailFields) as PatientDetailField[];

export const patientDetailsSchema = z.object({
  full_name: patientDetailFields.full_name,
  date_of_birth: patientDetailFields.date_of_birth.optional().default(null),
  birth_year_estimate: patientDetailFields.birth_year_estimate.optional().default(null),
  gender: patientDetailFields.gender,
  phone: patientDetailFields.phone.optional().default(null),
  email: patientDetailFields.email.optional().default(null),
  address: patientDetailFields.address.optional().default(null),
  national_id: patientDetailFields.national_id.optional().default(null),
  preferred_language: patientDetailFields.preferred_language.optional().default(null),
  emergency_contact: patientDetailFields.emergency_contact.optional().default(null),
});
export type PatientDetails = z.output<typeof patientDetailsSchema>;

export const mrnSchema = z
  .string({ message: 'MRN is required' })
  .trim()
  .regex(/^[A-Z0-9][A-Z0-9-]{2,39}$/, {
    message: 'MRN must be 3 to 40 capital letters, digits or dashes',
  });

export const registerPatientSchema = patientDetailsSchema
  .extend({ mrn: mrnSchema })
  .superRefine((patient, context) => {
    if (patient.date_of_birth === null && patient.birth_year_estimate === null) {
      context.addIssue({
        code: 'custom',
        path: ['date_of_birth'],
        message: 'Give a date of birth or an estimated age',
      });
    }
    for (const issue of undialablePhones(patient)) context.addIssue({ code: 'custom', ...issue });
  });

/**
 * The numbers among these details that cannot be dialled, each with its path and why.
 * Checked where a person enters them (registration, an update), not in the events'
 * schemas, so events recorded before the check stay readable.
 */
export function undialablePhones(details: {
  phone?: string | null;
  emergency_contact?: { phone: string } | null;
}): { path: string[]; message: string }[] {
  const found: { path: string[]; message: string }[] = [];
  const phoneProblem = details.phone ? dialablePhoneProblem(details.phone) : null;
  if (phoneProblem) found.push({ path: ['phone'], message: phoneProblem });
  const contact = details.emergency_contact;
  const contactProblem = contact ? dialablePhoneProblem(contact.phone) : null;
  if (contactProblem) found.push({ path: ['emergency_contact', 'phone'], message: contactProblem });
  return found;
}
