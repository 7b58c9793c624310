import { z } from 'zod';
import { consentTypes } from '../domain/patient/events';
import { phrase } from '../refusals';
import { lowerCaseUuid } from './sync';

/**
 * The patient portal's API (`/portal/api/`, docs/portal.md): a patient signs in with a
 * one-time code and reads their own records; the clinic's staff API is not theirs.
 */

export const portalCodeChannels = ['whatsapp', 'sms', 'email'] as const;
export type PortalCodeChannel = (typeof portalCodeChannels)[number];

/** Digits in a sign-in code, its life and the wrong codes it survives. */
export const portalCodeDigits = 6;
export const portalCodeMinutes = 10;
export const portalCodeTries = 5;

export const portalClinicParamsSchema = z.strictObject({ hospital_id: lowerCaseUuid });
/**
 * The clinic: its name, and the clock and country the portal writes times in (the
 * clinic's time zone, whatever the phone's; the patient's language as spoken there).
 */
export const portalClinicResponseSchema = z.object({
  hospital_id: z.string(),
  name: z.string(),
  /** An IANA zone, as the clinic's settings name it. */
  timezone: z.string(),
  /** ISO 3166 (KE), or null when the clinic has none (clinicCountry). */
  country: z.string().nullable(),
});
export type PortalClinic = z.infer<typeof portalClinicResponseSchema>;

export const portalSignInStartSchema = z.strictObject({
  hospital_id: lowerCaseUuid,
  /** A phone number in any common format, or an email address. */
  contact: z
    .string({ message: phrase('portal.typeContact') })
    .trim()
    .min(3, { message: phrase('portal.typeContact') })
    .max(254, { message: phrase('portal.contactTooLong') }),
});
export const portalSignInStartedSchema = z.object({
  challenge_id: z.string(),
  sent_via: z.enum(portalCodeChannels),
  /** Where it went, masked: "•••• 4567", "w•••@example.com". */
  sent_to: z.string(),
  expires_at: z.string(),
});
export type PortalSignInStarted = z.infer<typeof portalSignInStartedSchema>;

export const portalSignInVerifySchema = z.strictObject({
  challenge_id: lowerCaseUuid,
  code: z
    .string({ message: phrase('portal.typeCode', { digits: portalCodeDigits }) })
    .trim()
    .regex(/^\d{6}$/, { message: phrase('portal.typeCode', { digits: portalCodeDigits }) }),
});
export const portalSignedInSchema = z.object({
  token: z.string(),
  expires_at: z.string(),
  patient: z.object({ patient_id: z.string(), full_name: z.string() }),
});
export type PortalSignedIn = z.infer<typeof portalSignedInSchema>;

export const portalConsentSchema = z.object({
  consent_id: z.string(),
  type: z.enum(consentTypes),
  granted_at: z.string(),
  withdrawn_at: z.string().nullable(),
});

export const portalMeSchema = z.object({
  patient_id: z.string(),
  full_name: z.string(),
  date_of_birth: z.string().nullable(),
  phone: z.string().nullable(),
  email: z.string().nullable(),
  preferred_language: z.string().nullable(),
  clinic: portalClinicResponseSchema,
  consents: z.array(portalConsentSchema),
});
export type PortalMe = z.infer<typeof portalMeSchema>;

export const portalAppointmentSchema = z.object({
  appointment_id: z.string(),
  starts_at: z.string(),
  duration_minutes: z.number(),
  status: z.string(),
  visit_type: z.string(),
  doctor_name: z.string().nullable(),
  location_name: z.string().nullable(),
  patient_response: z
    .object({
      kind: z.string(),
      via: z.string(),
      at: z.string(),
      note: z.string().nullable(),
    })
    .nullable(),
  version: z.number(),
});
export type PortalAppointment = z.infer<typeof portalAppointmentSchema>;

export const portalAppointmentsSchema = z.object({
  upcoming: z.array(portalAppointmentSchema),
  past: z.array(portalAppointmentSchema),
});
export const portalAppointmentParamsSchema = z.strictObject({ appointment_id: lowerCaseUuid });
export const portalConfirmSchema = z.strictObject({});
export const portalCancelSchema = z.strictObject({
  reason: z
    .string()
    .trim()
    .max(500, { message: 'Reason must be at most 500 characters' })
    .optional(),
});
export const portalMoveSchema = z.strictObject({
  preference: z
    .string()
    .trim()
    .max(500, { message: 'Preferred time must be at most 500 characters' })
    .optional(),
});
export const portalAppointmentAnswerSchema = z.object({ appointment: portalAppointmentSchema });

export const portalVisitsSchema = z.object({
  visits: z.array(
    z.object({
      visit_id: z.string(),
      started_at: z.string().nullable(),
      completed_at: z.string().nullable(),
      doctor_name: z.string().nullable(),
      diagnoses: z.array(z.object({ code: z.string(), description: z.string() })),
      treatment_plan: z.string().nullable(),
    }),
  ),
});

export const portalPrescriptionsSchema = z.object({
  prescriptions: z.array(
    z.object({
      prescription_id: z.string(),
      issued_at: z.string(),
      prescriber_name: z.string().nullable(),
      diagnosis: z.string().nullable(),
      /** The medications as the prescription holds them. */
      items: z.array(
        z.object({
          name: z.string(),
          dosage: z.string(),
          frequency: z.string(),
          duration: z.string(),
          quantity: z.number(),
          instructions: z.string().nullable(),
        }),
      ),
      signed: z.literal(true),
      content_sha256: z.string(),
    }),
  ),
});

const measured = z.number().nullable();
export const portalVitalsSchema = z.object({
  vitals: z.array(
    z.object({
      vitals_id: z.string(),
      recorded_at: z.string(),
      systolic: measured,
      diastolic: measured,
      pulse: measured,
      temperature_c: measured,
      respiratory_rate: measured,
      spo2: measured,
      weight_kg: measured,
      height_cm: measured,
      glucose_mmol_l: measured,
    }),
  ),
});

export const portalDocumentsSchema = z.object({
  documents: z.array(
    z.object({
      document_id: z.string(),
      title: z.string(),
      kind: z.string(),
      shared_at: z.string(),
      content_type: z.string(),
      size: z.number(),
    }),
  ),
});
export const portalDocumentParamsSchema = z.strictObject({ document_id: lowerCaseUuid });

export const portalGrantConsentSchema = z.strictObject({
  type: z.enum(consentTypes, { message: 'Choose a kind of consent' }),
});
export const portalConsentParamsSchema = z.strictObject({ consent_id: lowerCaseUuid });
export const portalWithdrawConsentSchema = z.strictObject({
  reason: z
    .string()
    .trim()
    .max(500, { message: 'Reason must be at most 500 characters' })
    .optional(),
});
export const portalConsentsSchema = z.object({ consents: z.array(portalConsentSchema) });
