import { vitalSignFields } from './domain/vitals/signs';
import type { Role } from './kernel/roles';

const everyone: Role[] = ['admin', 'doctor', 'nurse', 'receptionist'];
const clinical: Role[] = ['doctor', 'nurse'];
const doctors: Role[] = ['doctor'];
// Doctors book their own follow-ups; nurses do not run the diary.
const frontDesk: Role[] = ['admin', 'receptionist', 'doctor'];

/**
 * Which role may issue which command. The screens hide what a role may not do; the
 * server refuses it. Commands absent here (RegisterHospital) only the server issues.
 */
export const commandPermissions: Record<string, readonly Role[]> = {
  ChangeHospitalSettings: ['admin'],
  AddLocation: ['admin'],
  CreateUser: ['admin'],
  ChangeUserRole: ['admin'],
  ChangeUserRoles: ['admin'],
  DeactivateUser: ['admin'],
  // Not an event: ends a lost tablet's sessions on the server (POST /devices/:id/revoke).
  RevokeDevice: ['admin'],
  RegisterPatient: everyone,
  UpdatePatientDetails: everyone,
  RecordConsent: everyone,
  WithdrawConsent: everyone,
  RecordAllergy: clinical,
  ArchivePatient: ['admin', 'doctor'],
  ScheduleAppointment: frontDesk,
  RescheduleAppointment: frontDesk,
  CancelAppointment: frontDesk,
  MarkAppointmentNoShow: ['admin', 'receptionist'],
  MarkAppointmentCheckedIn: everyone,
  // Follows CompleteVisit, which doctors issue.
  MarkAppointmentCompleted: ['admin', 'doctor'],
  CheckInPatient: everyone,
  RecordTriage: clinical,
  StartConsultation: doctors,
  RecordDiagnosis: doctors,
  RemoveDiagnosis: doctors,
  SetTreatmentPlan: doctors,
  CompleteVisit: doctors,
  RecordVitals: clinical,
  // Whoever meets a refused change of their own decides what becomes of it.
  RecordConflictResolution: everyone,
  DraftNote: doctors,
  EditNote: doctors,
  // Signing is a doctor's alone: a note is signed, and a prescription issued, by a doctor.
  SignNote: doctors,
  AddNoteAddendum: doctors,
  IssuePrescription: doctors,
  CancelPrescription: doctors,
  AttachDocument: everyone,
  RecategorizeDocument: clinical,
  ArchiveDocument: clinical,
};

/**
 * Whether a person holding these roles (or this one role) may issue the command: true
 * when any of them may. The server itself ('system') may issue anything.
 */
export function mayIssue(
  held: Role | 'system' | readonly (Role | 'system')[],
  commandType: string,
): boolean {
  const list = typeof held === 'string' ? [held] : held;
  if (list.includes('system')) return true;
  const allowed = commandPermissions[commandType];
  return allowed !== undefined && list.some((role) => role !== 'system' && allowed.includes(role));
}

/**
 * What a role may read, by kind of record. The front desk (receptionists, and admins
 * who are not also clinicians) reads who the patients are, the diary and where each
 * visit stands, not what was found or done in it: no notes, diagnoses, plans, triage
 * complaints, vitals, prescriptions, allergies or clinical documents.
 */
export const recordKinds = ['demographics', 'schedule', 'visit_status', 'clinical'] as const;
export type RecordKind = (typeof recordKinds)[number];

export const readPermissions: Record<RecordKind, readonly Role[]> = {
  demographics: everyone,
  schedule: everyone,
  visit_status: everyone,
  clinical: clinical,
};

export function mayRead(roles: Role | readonly Role[], kind: RecordKind): boolean {
  const held: readonly Role[] = typeof roles === 'string' ? [roles] : roles;
  return held.some((role) => readPermissions[kind].includes(role));
}

/** Document kinds the front desk handles itself (a signed consent form); others are clinical. */
const frontDeskDocuments = new Set(['consent_form']);

/**
 * The clinical content of each event type: the fields a person who may not read
 * clinical records never receives. What happened, to whom, by whom and when stays
 * (ids, links, times, status), so the front desk's screens and the log's order hold.
 */
const clinicalFields: Record<string, readonly string[]> = {
  AllergyRecorded: ['substance', 'reaction', 'severity'],
  TriageRecorded: ['complaint'],
  DiagnosisRecorded: ['code', 'description', 'kind'],
  TreatmentPlanSet: ['plan'],
  VitalsRecorded: vitalSignFields,
  NoteDrafted: ['body'],
  NoteEdited: ['body'],
  NoteSigned: ['content_sha256'],
  NoteAddendumAdded: ['body'],
  PrescriptionIssued: ['medications', 'diagnosis', 'content_sha256'],
  PrescriptionCancelled: ['reason'],
  DocumentAttached: ['title', 'file_name', 'sha256', 'mime_type', 'size_bytes'],
};

/** The fields of an event that are clinical content, given its data. */
export function clinicalContentOf(type: string, data: unknown): readonly string[] {
  if (
    type === 'DocumentAttached' &&
    frontDeskDocuments.has((data as { category?: string } | null)?.category ?? '')
  ) {
    return [];
  }
  return clinicalFields[type] ?? [];
}

/**
 * The event's data as someone who may not read clinical records receives it: without
 * its clinical fields; null when there was nothing to take out.
 */
export function withoutClinicalContent(
  type: string,
  data: unknown,
): Record<string, unknown> | null {
  const fields = clinicalContentOf(type, data);
  if (fields.length === 0 || typeof data !== 'object' || data === null) return null;
  const kept: Record<string, unknown> = { ...(data as Record<string, unknown>) };
  for (const field of fields) delete kept[field];
  return kept;
}
