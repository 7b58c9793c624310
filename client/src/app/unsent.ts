import type { LocalDatabase, PendingCommand } from '../engine/db';

/**
 * What has not reached the server yet: the commands still to be sent (one person's, or
 * everyone's with `null`) and the conflicts nobody has settled. None of it may be wiped.
 */
export async function unsentWork(db: LocalDatabase, userId: string | null) {
  const commands = (await db.outbox.where('acknowledged').equals(0).sortBy('client_seq')).filter(
    (command) => userId === null || !command.issued_by || command.issued_by.user_id === userId,
  );
  const conflicts = await db.conflicts.filter((conflict) => conflict.resolution === null).count();
  return { commands, conflicts };
}

const words = (type: string) =>
  type
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .replace(/^(\w)(.*)$/, (_all, first: string, rest: string) => first + rest.toLowerCase());

/** A pending command in a person's words: what it does and for whom, and when it was made. */
export function describeCommand(command: PendingCommand, patientNames: Map<string, string>) {
  const payload = command.payload;
  const name =
    typeof payload.full_name === 'string'
      ? payload.full_name
      : (patientNames.get(typeof payload.patient_id === 'string' ? payload.patient_id : '') ??
        patientNames.get(command.aggregate_id));
  const when = new Date(command.issued_at).toLocaleString([], {
    dateStyle: 'medium',
    timeStyle: 'short',
  });
  return `${words(command.type)}${name ? `: ${name}` : ''} (${when})`;
}
