import { getCommandDefinition, knownZone, type HospitalState } from '@mymedic/shared';
import type { CommandToAppend, StreamState } from './decide';

/**
 * Whether a command of the batch is decided by the clinic's days (a check-in): only then
 * is the organisation's own stream (its id is the hospital's), where the zone is, read
 * and folded. Every other command is decided without the zone.
 */
export function readsClinicZone(commands: CommandToAppend[]) {
  return commands.some((command) => getCommandDefinition(command.type)?.readsClinicZone);
}

/**
 * The organisation's time zone from its folded stream; UTC before it has one, or when
 * the batch did not read it (no command of it reads the zone).
 */
export function clinicTimeZone(hospital: StreamState | undefined): string {
  const state = hospital?.aggregateType === 'hospital' ? (hospital.state as HospitalState) : null;
  return knownZone(state?.settings?.timezone);
}
