import { uuidv7, type Actor } from '@mymedic/shared';
import type { FastifyBaseLogger } from 'fastify';
import type { Database, TransactionSql } from '../db/database';
import { asSignIn } from '../db/tenant';
import type { AppendAsServer, EventStore } from '../event-store/store';
import { readReplyPayload, readTypedReply, type ReplyKind } from './reply-payloads';
import type { PatientReply, StatusUpdate } from './whatsapp-webhook';

/** What the webhook did with what it was told, since the server started. */
export interface WebhookStats {
  /** Statuses and replies that became events (or a failed reminder's row). */
  recorded: number;
  /** Statuses and replies seen before: a webhook delivered again. */
  replayed: number;
  /** Statuses and replies naming a message that is none of our reminders. */
  unknown: number;
  /** Replies that ask nothing we understand, or whose button is not ours, or too late. */
  ignored: number;
}

export const emptyWebhookStats = (): WebhookStats => ({
  recorded: 0,
  replayed: 0,
  unknown: 0,
  ignored: 0,
});

interface Owner {
  hospital_id: string;
  appointment_id: string;
}

interface RecorderContext {
  database: Database;
  store: EventStore;
  appSecret: string;
  clock: () => Date;
  log: FastifyBaseLogger;
  stats: WebhookStats;
}

/**
 * Records what one webhook said (docs/reminders.md, "Replies and receipts"): statuses
 * become ReminderDelivered, ReminderRead or, after a reminder was sent, ReminderFailed;
 * a patient's Confirm or Cancel (a button, or a typed YES/NO/1/2) becomes
 * ConfirmAppointment or RequestAppointmentCancellation by WhatsApp. Each is recorded
 * once, in its hospital's transaction with the mark that it was (a replayed webhook
 * adds nothing); what names no reminder of ours is counted and logged, never recorded.
 */
export async function recordWebhook(
  context: RecorderContext,
  update: { statuses: StatusUpdate[]; replies: PatientReply[] },
) {
  for (const status of update.statuses) await recordStatus(context, status);
  for (const reply of update.replies) await recordReply(context, reply);
}

/** The reminder a message id names, or for a typed reply quoting none, the newest sent to its number. */
async function ownerOf(
  context: RecorderContext,
  messageId: string | null,
  address: string | null,
): Promise<Owner | null> {
  const { rows } = await asSignIn(context.database, (sql) =>
    sql.query<Owner>('SELECT hospital_id, appointment_id FROM whatsapp_reminder_of($1, $2, $3)', [
      messageId,
      address,
      context.clock().toISOString(),
    ]),
  );
  return rows[0] ?? null;
}

/** Marks a status or reply as recorded; false when it already was (a replay). */
async function firstTime(sql: TransactionSql, owner: Owner, receiptKey: string) {
  const { rows } = await sql.query(
    `INSERT INTO whatsapp_webhook_receipts (hospital_id, receipt_key, appointment_id)
     VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING 1`,
    [owner.hospital_id, receiptKey, owner.appointment_id],
  );
  return rows.length > 0;
}

/** The server's own command on the appointment, as the organisation ('system'). */
function appendToAppointment(
  append: AppendAsServer,
  owner: Owner,
  at: Date,
  command: { type: string; payload: Record<string, unknown> },
) {
  const actor: Actor = { user_id: owner.hospital_id, roles: ['system'] };
  return append(actor, [
    {
      command_id: uuidv7(),
      aggregate_type: 'appointment',
      aggregate_id: owner.appointment_id,
      // Appointments rebase: the server decides on the stream as it is now.
      expected_version: 1,
      issued_at: at.toISOString(),
      ...command,
    },
  ]);
}

async function recordStatus(context: RecorderContext, status: StatusUpdate) {
  // Sent is what our own send already recorded, with the id WhatsApp answered.
  if (status.status === 'sent') return;
  const owner = await ownerOf(context, status.providerMessageId, null);
  if (!owner) {
    context.stats.unknown += 1;
    context.log.warn(
      { providerMessageId: status.providerMessageId, status: status.status },
      'a WhatsApp status names no reminder of ours',
    );
    return;
  }
  const outcome = await context.store.transaction(owner.hospital_id, async (sql, append) => {
    if (!(await firstTime(sql, owner, `status.${status.status}.${status.providerMessageId}`)))
      return 'replayed';
    const at = status.at.toISOString();
    const receipt = { channel: 'whatsapp', provider_message_id: status.providerMessageId };
    if (status.status === 'delivered')
      await appendToAppointment(append, owner, context.clock(), {
        type: 'RecordReminderDelivered',
        payload: { ...receipt, delivered_at: at },
      });
    else if (status.status === 'read')
      await appendToAppointment(append, owner, context.clock(), {
        type: 'RecordReminderRead',
        payload: { ...receipt, read_at: at },
      });
    else await recordFailure(sql, append, context, owner, status);
    return 'recorded';
  });
  context.stats[outcome] += 1;
}

/**
 * A reminder WhatsApp took and could not deliver: its row becomes failed with WhatsApp's
 * reason, and the appointment says so. Only a sent reminder fails this way; a row
 * already failed (a failed status arriving twice under other keys) stays as it is.
 */
async function recordFailure(
  sql: TransactionSql,
  append: AppendAsServer,
  context: RecorderContext,
  owner: Owner,
  status: StatusUpdate,
) {
  const error = (status.error ?? 'WhatsApp could not deliver the message').slice(0, 500);
  const { rows } = await sql.query<{ reminder_kind: string; offset_minutes: number }>(
    `UPDATE reminder_outbox SET state = 'failed', last_error = $4, updated_at = now()
      WHERE hospital_id = $1 AND appointment_id = $2 AND channel = 'whatsapp'
        AND provider_message_id = $3 AND state = 'sent'
      RETURNING reminder_kind, offset_minutes`,
    [owner.hospital_id, owner.appointment_id, status.providerMessageId, error],
  );
  const failed = rows[0];
  if (!failed) return;
  await appendToAppointment(append, owner, context.clock(), {
    type: 'RecordReminderFailed',
    payload: {
      channel: 'whatsapp',
      reminder_kind: failed.reminder_kind,
      offset_minutes: failed.offset_minutes,
      error: `Not delivered: ${error}`.slice(0, 500),
      failed_at: status.at.toISOString(),
    },
  });
}

const commandOf: Record<ReplyKind, { type: string; payload: Record<string, unknown> }> = {
  confirm: { type: 'ConfirmAppointment', payload: { via: 'whatsapp' } },
  cancel: { type: 'RequestAppointmentCancellation', payload: { via: 'whatsapp', reason: null } },
};

async function recordReply(context: RecorderContext, reply: PatientReply) {
  // A button always quotes our message; a typed answer may not, and then the newest
  // reminder sent to the number is the one it answers.
  const owner = await ownerOf(
    context,
    reply.inReplyTo,
    reply.inReplyTo === null && reply.payload === null ? reply.from : null,
  );
  if (!owner) {
    context.stats.unknown += 1;
    context.log.warn(
      { replyId: reply.replyId, inReplyTo: reply.inReplyTo },
      'a WhatsApp reply answers no reminder of ours',
    );
    return;
  }
  const kind = replyKindOf(context, owner, reply);
  if (!kind) {
    context.stats.ignored += 1;
    return;
  }
  const outcome = await context.store.transaction(owner.hospital_id, async (sql, append) => {
    if (!(await firstTime(sql, owner, `reply.${reply.replyId}`))) return 'replayed';
    const appended = await appendToAppointment(append, owner, context.clock(), commandOf[kind]);
    if ('refused' in appended) {
      // Closed (cancelled, checked in, begun) since the reminder went: the front desk
      // has nothing to act on, and the patient's word changes nothing now.
      context.log.info(
        {
          appointmentId: owner.appointment_id,
          reply: kind,
          refusal: 'error' in appended ? appended.error.message : appended.refused,
        },
        'a WhatsApp reply to an appointment no longer open was ignored',
      );
      return 'ignored';
    }
    return 'recorded';
  });
  context.stats[outcome] += 1;
}

/**
 * What a reply asks for this reminder: a button's payload must be ours, signed for this
 * organisation and this very appointment; a typed text must be one of the answers.
 */
function replyKindOf(context: RecorderContext, owner: Owner, reply: PatientReply) {
  if (reply.payload !== null) {
    const read = readReplyPayload(context.appSecret, owner.hospital_id, reply.payload);
    if (read && read.appointmentId === owner.appointment_id) return read.kind;
    context.log.warn(
      { replyId: reply.replyId, appointmentId: owner.appointment_id },
      'a WhatsApp button reply carries a payload that is not ours for this reminder',
    );
    return null;
  }
  const kind = readTypedReply(reply.text ?? '');
  if (!kind)
    context.log.info(
      { replyId: reply.replyId, appointmentId: owner.appointment_id },
      'a WhatsApp text reply is not one of the answers (YES/NO/1/2)',
    );
  return kind;
}
