import { z } from 'zod';
import { jsonEqual } from '../../kernel/equal';
import { DomainError } from '../../kernel/errors';
import {
  emailAddress,
  enterPhone,
  isoDate,
  isPhoneCountry,
  optionalText,
  phoneInE164,
  phoneNumber,
  requiredText,
  type CountryCode,
} from '../fields';
import { phrase, type RefusalKey } from '../../refusals';
import { issueAt, type FieldIssue } from '../../kernel/validate';

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
  date_of_birth: isoDate
    .refine(notInFuture, { message: phrase('patient.birthDateWrong') })
    .nullable(),
  birth_year_estimate: z
    .number({ message: phrase('patient.birthYearNumber') })
    .int()
    .min(1890, { message: phrase('patient.birthYearWrong') })
    .max(2200)
    .nullable(),
  gender: z.enum(genders, { message: phrase('patient.chooseGender') }),
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
  .string({ message: phrase('patient.mrnRequired') })
  .trim()
  .regex(/^[A-Z0-9][A-Z0-9-]{2,39}$/, {
    message: phrase('patient.mrnShape'),
  });

const givesBirth = (patient: {
  date_of_birth: string | null;
  birth_year_estimate: number | null;
}) => patient.date_of_birth !== null || patient.birth_year_estimate !== null;

export const registerPatientSchema = patientDetailsSchema
  .extend({ mrn: mrnSchema })
  .refine(givesBirth, {
    path: ['date_of_birth'],
    message: phrase('patient.birthNeeded'),
  });

/**
 * The country whose numbers a person entering phone numbers means (ISO 3166, such as
 * KE): the clinic's, which the device sends with each command that takes a number, so
 * that the device and the server read a number alike. Absent or null: the clinic has no
 * country, and only numbers written with + are taken.
 */
export const phoneCountryField = z
  .string()
  .refine(isPhoneCountry, { message: phrase('phone.knownCountry') })
  .nullable()
  .optional()
  .transform((country): CountryCode | null => country ?? null);

interface PhonesOf {
  phone?: string | null;
  emergency_contact?: { phone: string } | null;
}

/**
 * The details with every phone number a person entered read in the clinic's country and
 * written in E.164 (+254712345678), or a validation error naming each number that is not
 * one and why ("Not a phone number in Kenya: too short"). Checked where a person enters
 * numbers (registration, an update), not in the events' schemas, so events recorded
 * before the check, with numbers as typed, stay readable.
 */
export function withPhonesInE164<Details extends PhonesOf>(
  details: Details,
  country: CountryCode | null,
  label: string,
): Details {
  const issues: FieldIssue[] = [];
  const read = (text: string, path: string) => {
    const entered = enterPhone(text, country);
    if (entered.refusal !== undefined) issues.push(issueAt(path, entered.refusal));
    return entered.e164 ?? text;
  };
  const recorded = { ...details };
  if (details.phone) recorded.phone = read(details.phone, 'phone');
  const contact = details.emergency_contact;
  if (contact)
    recorded.emergency_contact = {
      ...contact,
      phone: read(contact.phone, 'emergency_contact.phone'),
    };
  if (issues.length > 0) {
    const first = issues[0]!;
    throw new DomainError(
      'validation',
      {
        key: first.key as RefusalKey,
        ...(first.values ? { values: first.values } : {}),
        message: `${label}: ${first.path}: ${first.message}`,
      },
      { issues },
    );
  }
  return recorded;
}

/**
 * Whether two values of a detail say the same: for a phone number (the patient's or the
 * emergency contact's), the same number however written, so that a number recorded
 * before numbers were checked (+254 712 345678) is the one a device now shows and sends
 * back as seen (+254712345678).
 */
export function sameDetail(
  field: PatientDetailField,
  left: unknown,
  right: unknown,
  country: CountryCode | null,
): boolean {
  const number = (value: unknown) =>
    typeof value === 'string' ? (phoneInE164(value, country) ?? value) : value;
  const contact = (value: unknown) =>
    value && typeof value === 'object' && 'phone' in value
      ? { ...value, phone: number(value.phone) }
      : value;
  if (field === 'phone') return jsonEqual(number(left), number(right));
  if (field === 'emergency_contact') return jsonEqual(contact(left), contact(right));
  return jsonEqual(left, right);
}
