import type { TFunction } from 'i18next';
import type { LocalDatabase, PendingCommand } from '../engine/db';
import type { Formats } from '../i18n/format';

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

/** A command's type in plain English words ("RegisterPatient": "Register patient"). */
const words = (type: string) =>
  type
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .replace(/^(\w)(.*)$/, (_all, first: string, rest: string) => first + rest.toLowerCase());

/**
 * A pending command in a person's words: what it does and for whom, and when it was made.
 * A command type the translations do not know yet is said in English words.
 */
export function describeCommand(
  command: PendingCommand,
  patientNames: Map<string, string>,
  t: TFunction,
  format: Formats,
) {
  const payload = command.payload;
  const name =
    typeof payload.full_name === 'string'
      ? payload.full_name
      : (patientNames.get(typeof payload.patient_id === 'string' ? payload.patient_id : '') ??
        patientNames.get(command.aggregate_id));
  const what = t(`app:commands.${command.type}`, { defaultValue: words(command.type) });
  const when = format.dateTime(command.issued_at);
  return name
    ? t('app:unsent.named', { what, name, when })
    : t('app:unsent.unnamed', { what, when });
}
