import {
  uuidv7,
  type ReminderChannelName,
  type TemplatePlaceholder,
  type WhatsAppTemplate,
} from '@mymedic/shared';
import type { Database } from '../db/database';
import { isoInstant, utcIsoText } from '../db/times';
import { asSignIn, withTenant } from '../db/tenant';

/** A reminder claimed for sending: the row's identity, message and claim. */
export interface ClaimedReminder {
  hospital_id: string;
  appointment_id: string;
  channel: ReminderChannelName;
  reminder_kind: string;
  offset_minutes: number;
  address: string;
  subject: string | null;
  body: string;
  /** The template's language and the placeholders' values; null on rows planned before them. */
  language: string | null;
  placeholder_values: Record<TemplatePlaceholder, string> | null;
  /** The channel's own template (WhatsApp's approved one), or null. */
  template: WhatsAppTemplate | null;
  /** Tries so far, this one included. */
  attempts: number;
  claim_token: string;
  /** Taken back from a claim whose lease ran out: it may have gone already. */
  reclaimed: boolean;
}

/** The hospitals with a reminder due (or a lease run out) by `at`: ids alone. */
export async function hospitalsWithDueReminders(database: Database, at: Date) {
  const { rows } = await asSignIn(database, (sql) =>
    sql.query<{ hospital_id: string }>(
      'SELECT hospital_id FROM hospitals_with_due_reminders($1) ORDER BY hospital_id',
      [at.toISOString()],
    ),
  );
  return rows.map((row) => row.hospital_id);
}

/**
 * Claims up to `limit` due reminders of one hospital on the given channels, in one short
 * transaction: rows are locked with FOR UPDATE SKIP LOCKED (another sender, here or in
 * another process, passes over them and takes others), marked `sending` under a new
 * claim token with a lease until `at + leaseMs`, and their try counted. A `sending` row
 * whose lease ran out (its sender died between claim and record) is taken back and
 * counted in `reclaimed`. A due reminder whose appointment has begun is skipped instead.
 */
export async function claimDueReminders(
  database: Database,
  hospitalId: string,
  options: { at: Date; leaseMs: number; limit: number; channels: readonly ReminderChannelName[] },
): Promise<ClaimedReminder[]> {
  const at = options.at.toISOString();
  return withTenant(database, hospitalId, async (sql) => {
    const { rows } = await sql.query<{
      appointment_id: string;
      channel: ReminderChannelName;
      reminder_kind: string;
      state: string;
      begun: boolean;
    }>(
      `SELECT appointment_id, channel, reminder_kind, state, appointment_starts_at <= $2 AS begun
         FROM reminder_outbox
        WHERE hospital_id = $1 AND channel = ANY($3::text[])
          AND ((state = 'pending' AND next_attempt_at <= $2)
            OR (state = 'sending' AND claimed_until <= $2))
        ORDER BY coalesce(next_attempt_at, claimed_until)
        LIMIT $4
        FOR UPDATE SKIP LOCKED`,
      [hospitalId, at, `{${options.channels.join(',')}}`, options.limit],
    );
    if (rows.length === 0) return [];
    const begun = rows.filter((row) => row.begun);
    const due = rows.filter((row) => !row.begun);
    if (begun.length > 0)
      await sql.query(
        `UPDATE reminder_outbox AS o SET state = 'skipped', next_attempt_at = NULL,
                claim_token = NULL, claimed_until = NULL, updated_at = now(),
                detail = 'The appointment had begun before it could be sent'
           FROM jsonb_to_recordset($2::jsonb) AS b(appointment_id uuid, channel text, reminder_kind text)
          WHERE o.hospital_id = $1 AND o.appointment_id = b.appointment_id
            AND o.channel = b.channel AND o.reminder_kind = b.reminder_kind`,
        [hospitalId, JSON.stringify(begun)],
      );
    if (due.length === 0) return [];
    const claimToken = uuidv7();
    const { rows: claimed } = await sql.query<Omit<ClaimedReminder, 'hospital_id' | 'reclaimed'>>(
      `UPDATE reminder_outbox AS o SET state = 'sending', claim_token = $3,
              claimed_until = $4::timestamptz + make_interval(secs => $5::float8 / 1000),
              attempts = o.attempts + 1, reclaimed = o.reclaimed + (o.state = 'sending')::int,
              next_attempt_at = NULL, updated_at = now()
         FROM jsonb_to_recordset($2::jsonb) AS d(appointment_id uuid, channel text, reminder_kind text)
        WHERE o.hospital_id = $1 AND o.appointment_id = d.appointment_id
          AND o.channel = d.channel AND o.reminder_kind = d.reminder_kind
        RETURNING o.appointment_id, o.channel, o.reminder_kind, o.offset_minutes, o.address,
                  o.subject, o.body, o.language, o.placeholder_values, o.template, o.attempts,
                  o.claim_token`,
      [hospitalId, JSON.stringify(due), claimToken, at, options.leaseMs],
    );
    const wasSending = new Set(
      due
        .filter((row) => row.state === 'sending')
        .map((row) => `${row.appointment_id}/${row.channel}/${row.reminder_kind}`),
    );
    return claimed.map((row) => ({
      ...row,
      hospital_id: hospitalId,
      reclaimed: wasSending.has(`${row.appointment_id}/${row.channel}/${row.reminder_kind}`),
    }));
  });
}

/** One hospital's outbox rows, for tests and the operators' checks. */
export async function readOutbox(database: Database, hospitalId: string) {
  const { rows } = await withTenant(database, hospitalId, (sql) =>
    sql.query<{
      appointment_id: string;
      channel: ReminderChannelName;
      reminder_kind: string;
      state: string;
      due_at: string;
      next_attempt_at: string | null;
      attempts: number;
      reclaimed: number;
      address: string | null;
      subject: string | null;
      body: string | null;
      provider_message_id: string | null;
      last_error: string | null;
      detail: string | null;
    }>(
      `SELECT appointment_id, channel, reminder_kind, state, ${utcIsoText('due_at')} AS due_at,
              ${utcIsoText('next_attempt_at')} AS next_attempt_at, attempts, reclaimed, address,
              subject, body, provider_message_id, last_error, detail
         FROM reminder_outbox WHERE hospital_id = $1
        ORDER BY appointment_id, channel, reminder_kind`,
      [hospitalId],
    ),
  );
  return rows.map((row) => ({
    ...row,
    due_at: isoInstant(row.due_at),
    next_attempt_at: row.next_attempt_at ? isoInstant(row.next_attempt_at) : null,
  }));
}

/** Rows pending and being sent, across every hospital (counts alone), for the metrics. */
export async function outboxCounts(database: Database): Promise<Record<string, number>> {
  const { rows } = await asSignIn(database, (sql) =>
    sql.query<{ state: string; count: string | number }>(
      'SELECT state, count FROM reminder_outbox_counts()',
    ),
  );
  return Object.fromEntries(rows.map((row) => [row.state, Number(row.count)]));
}
