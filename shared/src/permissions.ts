import type { Role } from './kernel/roles';

const everyone: Role[] = ['admin', 'doctor', 'nurse', 'receptionist'];
const clinical: Role[] = ['doctor', 'nurse'];

/**
 * Which role may issue which command. The screens hide what a role may not do; the
 * server refuses it. Commands absent here (RegisterHospital) only the server issues.
 */
export const commandPermissions: Record<string, readonly Role[]> = {
  ChangeHospitalSettings: ['admin'],
  AddLocation: ['admin'],
  CreateUser: ['admin'],
  ChangeUserRole: ['admin'],
  DeactivateUser: ['admin'],
  RegisterPatient: everyone,
  UpdatePatientDetails: everyone,
  RecordConsent: everyone,
  WithdrawConsent: everyone,
  RecordAllergy: clinical,
  ArchivePatient: ['admin', 'doctor'],
};

export function mayIssue(role: Role | 'system', commandType: string): boolean {
  if (role === 'system') return true;
  return commandPermissions[commandType]?.includes(role) ?? false;
}
