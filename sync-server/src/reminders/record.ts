import { uuidv7, type Actor } from '@mymedic/shared';
import type { TransactionSql } from '../db/database';
import { isRetryableSqlError, type EventStore } from '../event-store/store';
import type { ClaimedReminder } from './claims';

/** What became of one try of a claimed reminder. */
export type TryOutcome =
  { sent: { providerMessageId: string } } | { retryAt: Date; error: string } | { failed: string };

/**
 * Records a try's outcome in one transaction: the row's new state and, when the reminder
 * is sent or has failed for good, the event on its appointment (ReminderSent,
 * ReminderFailed) that tells every tablet. Only the claim that holds the row records:
 * when its lease ran out and another sender took the row back, nothing is written
 * ('claim-lost'). The events are the organisation's own (actor: the hospital, as
 * 'system'), issued at the sender's clock.
 */
export async function recordOutcome(
  store: EventStore,
  claim: ClaimedReminder,
  outcome: TryOutcome,
  now: Date,
): Promise<'recorded' | 'claim-lost' | 'event-refused'> {
  // Two reminders of one appointment recorded at once append to its one stream: the
  // second's write fails (serialization) and is simply made again. A record that fails
  // leaves the row `sending` to be taken back and sent again: the window must not
  // widen because another record came first.
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await recordOnce(store, claim, outcome, now);
    } catch (error) {
      if (!isRetryableSqlError(error) || attempt >= 8) throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 2 ** attempt * 5));
    }
  }
}

async function recordOnce(
  store: EventStore,
  claim: ClaimedReminder,
  outcome: TryOutcome,
  now: Date,
): Promise<'recorded' | 'claim-lost' | 'event-refused'> {
  return store.transaction(claim.hospital_id, async (sql, append) => {
    const held = await updateRow(sql, claim, outcome);
    if (!held) return 'claim-lost';
    if ('retryAt' in outcome) return 'recorded';
    const actor: Actor = { user_id: claim.hospital_id, roles: ['system'] };
    const reminder = {
      channel: claim.channel,
      reminder_kind: claim.reminder_kind,
      offset_minutes: claim.offset_minutes,
    };
    const at = now.toISOString();
    const appended = await append(actor, [
      {
        command_id: uuidv7(),
        aggregate_type: 'appointment',
        aggregate_id: claim.appointment_id,
        // Appointments rebase: the server decides on the stream as it is now.
        expected_version: 1,
        issued_at: at,
        ...('sent' in outcome
          ? {
              type: 'RecordReminderSent',
              payload: {
                ...reminder,
                provider_message_id: outcome.sent.providerMessageId,
                sent_at: at,
              },
            }
          : {
              type: 'RecordReminderFailed',
              payload: { ...reminder, error: outcome.failed.slice(0, 500), failed_at: at },
            }),
      },
    ]);
    // A refusal (the appointment's stream gone from under it) must not lose the row's
    // state: the message went, whatever the tablets learn.
    return 'refused' in appended ? 'event-refused' : 'recorded';
  });
}

async function updateRow(sql: TransactionSql, claim: ClaimedReminder, outcome: TryOutcome) {
  const key = [claim.hospital_id, claim.appointment_id, claim.channel, claim.reminder_kind];
  const where = `hospital_id = $1 AND appointment_id = $2 AND channel = $3 AND reminder_kind = $4
                 AND state = 'sending' AND claim_token = $5`;
  const done = `claim_token = NULL, claimed_until = NULL, updated_at = now()`;
  const { rows } =
    'sent' in outcome
      ? await sql.query(
          `UPDATE reminder_outbox SET state = 'sent', provider_message_id = $6, last_error = NULL, ${done}
            WHERE ${where} RETURNING 1`,
          [...key, claim.claim_token, outcome.sent.providerMessageId],
        )
      : 'retryAt' in outcome
        ? await sql.query(
            `UPDATE reminder_outbox SET state = 'pending', next_attempt_at = $6, last_error = $7, ${done}
              WHERE ${where} RETURNING 1`,
            [
              ...key,
              claim.claim_token,
              outcome.retryAt.toISOString(),
              outcome.error.slice(0, 1000),
            ],
          )
        : await sql.query(
            `UPDATE reminder_outbox SET state = 'failed', last_error = $6, ${done}
              WHERE ${where} RETURNING 1`,
            [...key, claim.claim_token, outcome.failed.slice(0, 1000)],
          );
  return rows.length > 0;
}
