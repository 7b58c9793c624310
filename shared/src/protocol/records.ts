import { z } from 'zod';
import { isoDate } from '../domain/fields';
import { lowerCaseUuid } from './sync';

/**
 * The REST API's reads (docs/api.md): what an integration asks of the server's read
 * models and what it gets back. What a person may not read (clinical content for the
 * front desk) is left out of an answer, never blanked.
 */

export const patientListQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});

export const patientSearchQuerySchema = z.strictObject({
  q: z.string().trim().min(1, { message: 'Type something to search for' }).max(100, {
    message: 'A search is at most 100 characters',
  }),
  limit: z.coerce.number().int().min(1).max(50).default(20),
});

export const patientParamsSchema = z.strictObject({ patient_id: lowerCaseUuid });
export const prescriptionParamsSchema = z.strictObject({ prescription_id: lowerCaseUuid });

/**
 * A day of the diary. An ISO date may say year 0000, which PostgreSQL has not (its
 * calendar goes from 1 BC to AD 1): refused here, as bad input, rather than failing the
 * query's cast.
 */
const diaryDay = isoDate.refine((day) => !day.startsWith('0000-'), {
  message: 'Must be a date from year 1',
});

export const dayQuerySchema = z.strictObject({ date: diaryDay });
export const appointmentsQuerySchema = z.strictObject({
  date: diaryDay,
  doctor_id: lowerCaseUuid.optional(),
  location_id: lowerCaseUuid.optional(),
});

export const patientSummarySchema = z.object({
  patient_id: z.string(),
  mrn: z.string(),
  full_name: z.string(),
  date_of_birth: z.string().nullable(),
  birth_year_estimate: z.number().nullable(),
  gender: z.string(),
  phone: z.string().nullable(),
  archived: z.boolean(),
  version: z.number(),
  updated_at: z.string(),
});

export const patientListResponseSchema = z.object({
  patients: z.array(patientSummarySchema),
  total: z.number(),
  limit: z.number(),
  offset: z.number(),
});

export const patientSearchResponseSchema = z.object({
  results: z.array(patientSummarySchema.extend({ score: z.number() })),
});

/** Free-form parts of a record (an address, a consent), written as they are. */
const asStored = z.unknown();

export const patientRecordResponseSchema = patientSummarySchema.extend({
  email: z.string().nullable(),
  address: asStored,
  national_id: z.string().nullable(),
  preferred_language: z.string().nullable(),
  emergency_contact: asStored,
  consents: z.array(asStored),
  /** Absent for a reader who may not read clinical records. */
  allergies: z.array(asStored).optional(),
  created_at: z.string(),
});

export const visitResponseSchema = z.object({
  visit_id: z.string(),
  version: z.number(),
  status: z.string().nullable(),
  patient_id: z.string().nullable(),
  appointment_id: z.string().nullable(),
  doctor_id: z.string().nullable(),
  location_id: z.string().nullable(),
  checked_in_at: z.string().nullable(),
  consultation_started_at: z.string().nullable(),
  completed_at: z.string().nullable(),
  triage_priority: z.string().nullable(),
  complaint: z.string().nullable().optional(),
  diagnoses: z.array(asStored).optional(),
  treatment_plan: asStored.optional(),
});

export const appointmentListingSchema = z.object({
  appointment_id: z.string(),
  patient_id: z.string(),
  patient_name: z.string().nullable(),
  doctor_id: z.string(),
  doctor_name: z.string().nullable(),
  location_id: z.string().nullable(),
  starts_at: z.string(),
  duration_minutes: z.number(),
  status: z.string(),
  overbooking_intended: z.boolean(),
  visit_type: z.string(),
  reason: z.string(),
  visit_id: z.string().nullable(),
});

export const appointmentsResponseSchema = z.object({
  time_zone: z.string(),
  appointments: z.array(appointmentListingSchema),
});

export const visitsResponseSchema = z.object({
  time_zone: z.string(),
  visits: z.array(visitResponseSchema),
});

export const patientHistoryResponseSchema = z.object({
  patient_id: z.string(),
  appointments: z.array(appointmentListingSchema.partial()),
  visits: z.array(visitResponseSchema),
  /** The clinical records: absent for a reader who may not read them. */
  vitals: z.array(asStored).optional(),
  prescriptions: z.array(asStored).optional(),
  notes: z.array(asStored).optional(),
  documents: z.array(asStored),
});

export const prescriptionResponseSchema = z.object({
  prescription_id: z.string(),
  version: z.number(),
  status: z.string().nullable(),
  prescription: asStored,
  cancellation: asStored,
  created_at: z.string(),
  updated_at: z.string(),
});

export const fhirPatientSearchQuerySchema = z.strictObject({
  name: z.string().trim().min(1, { message: 'Give a name to search for' }).max(100, {
    message: 'A search is at most 100 characters',
  }),
  _count: z.coerce.number().int().min(1).max(50).default(20),
});

/** A FHIR resource or Bundle, as HL7's R4 JSON schema has it (checked in the tests). */
export const fhirResourceSchema = z.record(z.string(), z.unknown());

/** A command's type as a REST path names it: `register-patient` for RegisterPatient. */
export const commandPathSchema = z.strictObject({
  command: z
    .string()
    .max(60)
    .regex(/^[a-z]+(-[a-z0-9]+)*$/, { message: 'A command in kebab case, as register-patient' }),
});

export const restCommandBodySchema = z.strictObject({
  /** The aggregate acted on; a new one's id is made when the command starts one without it. */
  aggregate_id: lowerCaseUuid.optional(),
  /** The version the caller last read; required unless the command starts the aggregate. */
  expected_version: z.number().int().min(0).max(1_000_000_000).optional(),
  payload: z.record(z.string(), z.unknown()),
});

export const restCommandResponseSchema = z.object({
  success: z.literal(true),
  aggregate_id: z.string(),
  version: z.number(),
  /** accepted, or rebased (decided again on changes the caller had not read). */
  status: z.string(),
  command_id: z.string(),
});

export const idempotencyKeySchema = z
  .string()
  .min(1)
  .max(200, { message: 'An Idempotency-Key is at most 200 characters' })
  .regex(/^[\x21-\x7e]+$/, { message: 'An Idempotency-Key is printable ASCII without spaces' });
