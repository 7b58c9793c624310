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
