import type { ReminderChannelName, TemplatePlaceholder, WhatsAppTemplate } from '@mymedic/shared';
import type { Sql } from '../db/database';
import { isoInstant, utcIsoText } from '../db/times';
import type { Plan, PlannedAppointment, PlannedReminder } from './plan';

export const outboxStates = [
  'pending',
  'sending',
  'sent',
  'failed',
  'cancelled',
  'skipped',
] as const;
export type OutboxState = (typeof outboxStates)[number];

/** One row of `reminder_outbox` as the scheduler reads it. */
interface OutboxRow {
  channel: ReminderChannelName;
  reminder_kind: string;
  offset_minutes: number;
  state: OutboxState;
  due_at: string;
}

/** Rows past these states are history: planning never touches them again. */
const settled = new Set<OutboxState>(['sending', 'sent', 'failed']);

const keyOf = (row: { channel: string; reminder_kind: string }) =>
  `${row.channel}/${row.reminder_kind}`;

/**
 * Brings one appointment's outbox rows to its plan. A reminder to send becomes pending
 * at its time, unless that time had already passed when it was planned (booked, moved or
 * consented to later): then it is skipped. A pending reminder the plan no longer wants is
 * cancelled, with the plan's reason. Rows being sent, sent or failed stay as they are.
 */
export async function reconcileOutbox(
  sql: Sql,
  hospitalId: string,
  appointment: PlannedAppointment,
  plan: Plan,
  plannedAt: string,
) {
  const { rows } = await sql.query<OutboxRow>(
    `SELECT channel, reminder_kind, offset_minutes, state, ${utcIsoText('due_at')} AS due_at FROM reminder_outbox
      WHERE hospital_id = $1 AND appointment_id = $2`,
    [hospitalId, appointment.appointment_id],
  );
  const existing = new Map(
    rows.map((row) => [keyOf(row), { ...row, due_at: isoInstant(row.due_at) }]),
  );
  const changes: OutboxChange[] = [];
  for (const reminder of plan.reminders) {
    const row = existing.get(keyOf(reminder));
    existing.delete(keyOf(reminder));
    if (row && settled.has(row.state)) continue;
    const change = changeFor(reminder, row, plannedAt);
    if (change) changes.push(change);
  }
  for (const row of existing.values()) {
    if (row.state === 'pending')
      changes.push({
        channel: row.channel,
        reminder_kind: row.reminder_kind,
        offset_minutes: row.offset_minutes,
        state: 'cancelled',
        due_at: row.due_at,
        detail: plan.otherwise,
      });
  }
  if (changes.length === 0) return;
  await sql.query(
    `INSERT INTO reminder_outbox AS o (hospital_id, appointment_id, patient_id, appointment_starts_at,
            channel, reminder_kind, offset_minutes, due_at, state, address, subject, body,
            language, placeholder_values, template, next_attempt_at, detail)
     SELECT $1, $2, $3, $4, c.channel, c.reminder_kind, c.offset_minutes, c.due_at,
            c.state, c.address, c.subject, c.body, c.language, c.placeholder_values, c.template,
            CASE WHEN c.state = 'pending' THEN c.due_at END, c.detail
       FROM jsonb_to_recordset($5::jsonb) AS c(channel text, reminder_kind text,
            offset_minutes integer, due_at timestamptz, state text, address text, subject text,
            body text, language text, placeholder_values jsonb, template jsonb, detail text)
     ON CONFLICT (hospital_id, appointment_id, channel, reminder_kind) DO UPDATE SET
       patient_id = EXCLUDED.patient_id,
       appointment_starts_at = EXCLUDED.appointment_starts_at,
       offset_minutes = EXCLUDED.offset_minutes,
       due_at = EXCLUDED.due_at,
       state = EXCLUDED.state,
       address = coalesce(EXCLUDED.address, o.address),
       subject = CASE WHEN EXCLUDED.state = 'pending' THEN EXCLUDED.subject ELSE o.subject END,
       body = coalesce(EXCLUDED.body, o.body),
       language = coalesce(EXCLUDED.language, o.language),
       placeholder_values = coalesce(EXCLUDED.placeholder_values, o.placeholder_values),
       template = CASE WHEN EXCLUDED.state = 'pending' THEN EXCLUDED.template ELSE o.template END,
       -- A reminder planned afresh starts its tries afresh.
       attempts = CASE WHEN o.state = 'pending' AND EXCLUDED.state = 'pending' THEN o.attempts ELSE 0 END,
       next_attempt_at = CASE
         WHEN EXCLUDED.state <> 'pending' THEN NULL
         WHEN o.state = 'pending' AND o.due_at = EXCLUDED.due_at THEN o.next_attempt_at
         ELSE EXCLUDED.due_at END,
       last_error = CASE WHEN EXCLUDED.state = 'pending' THEN o.last_error END,
       detail = EXCLUDED.detail,
       updated_at = now()
     -- The rows were read above without a lock: a sender may have claimed one since (its
     -- claim skips no row this transaction has not locked). History stays history: without
     -- this, a reminder claimed between the read and this write went back to pending
     -- and was sent again (found by several-processes.rel.test.ts).
     WHERE o.state <> ALL($6::text[])`,
    [
      hospitalId,
      appointment.appointment_id,
      appointment.patient_id,
      appointment.starts_at,
      JSON.stringify(changes),
      `{${[...settled].join(',')}}`,
    ],
  );
}

interface OutboxChange {
  channel: ReminderChannelName;
  reminder_kind: string;
  offset_minutes: number;
  state: OutboxState;
  due_at: string;
  address?: string | null;
  subject?: string | null;
  body?: string | null;
  language?: string | null;
  placeholder_values?: Record<TemplatePlaceholder, string> | null;
  template?: WhatsAppTemplate | null;
  detail: string | null;
}

function changeFor(
  reminder: PlannedReminder,
  row: OutboxRow | undefined,
  plannedAt: string,
): OutboxChange | null {
  const key = {
    channel: reminder.channel,
    reminder_kind: reminder.reminder_kind,
    offset_minutes: reminder.offset_minutes,
  };
  if (reminder.outcome === 'none') {
    // Nothing was ever queued: nothing to cancel.
    if (!row || row.state !== 'pending') return null;
    return { ...key, state: 'cancelled', due_at: row.due_at, detail: reminder.detail };
  }
  if (reminder.outcome === 'skip')
    return { ...key, state: 'skipped', due_at: reminder.due_at, detail: reminder.detail };
  // A pending reminder keeps going at its unchanged time, even once that time has passed
  // (a late sender); a new or moved one whose time has passed is skipped.
  const unchanged = row?.state === 'pending' && row.due_at === reminder.due_at;
  if (!unchanged && Date.parse(reminder.due_at) <= Date.parse(plannedAt))
    return {
      ...key,
      state: 'skipped',
      due_at: reminder.due_at,
      detail: 'Its time had passed when the appointment was booked or changed',
    };
  return {
    ...key,
    state: 'pending',
    due_at: reminder.due_at,
    address: reminder.address,
    subject: reminder.subject,
    body: reminder.body,
    language: reminder.language,
    placeholder_values: reminder.values,
    template: reminder.whatsapp,
    detail: null,
  };
}
