import { refusal, uuidv7, type Actor, type AggregateType } from '@mymedic/shared';
import type { EventStore } from '../event-store/store';
import { HttpError, saidOf } from '../errors';

/**
 * A patient's answer or consent reaches the clinic as a command of the server's own (the
 * organisation as `system`, as reminders' outcomes do), decided by the shared decider on
 * the stream as it is now and stored through the same append as every other command:
 * the tablets pull it like any event. The route has already checked, as the patient,
 * that the aggregate is theirs.
 */
export async function issueAsClinic(
  store: EventStore,
  hospitalId: string,
  command: {
    type: string;
    aggregate_type: AggregateType;
    aggregate_id: string;
    payload: Record<string, unknown>;
  },
  issuedAt: Date,
): Promise<void> {
  const actor: Actor = { user_id: hospitalId, roles: ['system'] };
  const outcome = await store.transaction(hospitalId, async (sql, append) => {
    // Decided on the stream as it is: the version the server holds now.
    const { rows } = await sql.query<{ version: number }>(
      'SELECT version FROM streams WHERE hospital_id = $1 AND aggregate_id = $2',
      [hospitalId, command.aggregate_id],
    );
    return append(actor, [
      {
        command_id: uuidv7(),
        ...command,
        expected_version: rows[0]?.version ?? 0,
        issued_at: issuedAt.toISOString(),
      },
    ]);
  });
  if ('refused' in outcome) {
    if (outcome.refused !== 'command')
      throw new HttpError(409, outcome.refused, refusal('portal.notNow'));
    const { code, details } = outcome.error;
    // As the contract says: the domain's refusal, 409 for a state that no longer allows
    // it, 422 for an answer the domain does not take, 404 for what is gone. Its key and
    // values go with it, so the portal says it in the patient's language.
    const status = code === 'not_found' ? 404 : code === 'validation' ? 422 : 409;
    throw new HttpError(status, code, saidOf(outcome.error), details);
  }
}
