import { uuidv7, type ConflictChoice, type FieldConflict } from '@mymedic/shared';
import type { ConflictRecord, LocalDatabase } from './db';
import { execute, type Actor, type CommandInput } from './execute';
import { inWriteTransaction } from './local-log';

export const show = (value: unknown) =>
  value === null || value === undefined
    ? '(empty)'
    : typeof value === 'string'
      ? value
      : JSON.stringify(value);

export const fieldConflicts = (conflict: ConflictRecord) =>
  (conflict.error.details as { fields?: FieldConflict[] } | undefined)?.fields ?? [];

export const label = (field: string) => field.replace(/_/g, ' ');

/** Both sides and the outcome, in words: the audit trail keeps it with the choice. */
function summarise(
  conflict: ConflictRecord,
  choice: ConflictChoice,
  outcome: Record<string, unknown>,
) {
  const fields = fieldConflicts(conflict);
  if (fields.length === 0) {
    const changed = Object.keys(outcome).length > 0 ? ` with ${JSON.stringify(outcome)}` : '';
    return `${conflict.command.type}: ${conflict.error.message}; ${choice}${changed}`;
  }
  return fields
    .map(
      (field) =>
        `${label(field.field)}: saw ${show(field.seen)}, elsewhere ${show(field.current)}, wanted ${show(field.wanted)}; kept ${show(field.field in outcome ? outcome[field.field] : field.current)}`,
    )
    .join('\n');
}

/**
 * Carries out the person's choice and records it as an event, in one transaction: the
 * follow-up command (if any), the ConflictResolved event and the inbox entry's state.
 * For a field conflict `merged` holds the chosen values; for any other refused command
 * it holds what to change in the payload before doing it again (a new time for a
 * clashing booking, or overbooking_intended for keeping both).
 */
export async function resolveConflict(
  db: LocalDatabase,
  actor: Actor,
  conflict: ConflictRecord,
  choice: ConflictChoice,
  merged: Record<string, unknown> = {},
  /** A different command that carries the choice out (an edit of a signed note becomes an addendum). */
  instead?: CommandInput,
) {
  return inWriteTransaction(db, async () => {
    const fields = fieldConflicts(conflict);
    let followUp: string | null = null;
    let outcome: Record<string, unknown> = {};
    let recorded = choice;
    if (choice === 'redo' || choice === 'merge' || choice === 'keep_both') {
      outcome =
        fields.length === 0
          ? merged
          : Object.fromEntries(
              fields.map((field) => [
                field.field,
                choice === 'merge' ? (merged[field.field] ?? null) : field.wanted,
              ]),
            );
      const changes = Object.fromEntries(
        fields
          .filter((field) => JSON.stringify(field.current) !== JSON.stringify(outcome[field.field]))
          .map((field) => [field.field, { from: field.current, to: outcome[field.field] }]),
      );
      const command =
        fields.length > 0 && Object.keys(changes).length === 0
          ? null
          : await execute(
              db,
              actor,
              instead ?? {
                type: conflict.command.type,
                aggregate_type: conflict.command.aggregate_type,
                aggregate_id: conflict.command.aggregate_id,
                payload:
                  fields.length > 0 ? { changes } : { ...conflict.command.payload, ...merged },
              },
            );
      followUp = command?.command_id ?? null;
      // Choosing values that are already there is keeping the other change.
      if (followUp === null) recorded = 'discard';
    }
    await execute(db, actor, {
      type: 'RecordConflictResolution',
      aggregate_type: 'conflict',
      aggregate_id: uuidv7(),
      payload: {
        command_id: conflict.command_id,
        command_type: conflict.command.type,
        aggregate_type: conflict.command.aggregate_type,
        aggregate_id: conflict.command.aggregate_id,
        refusal: conflict.kind,
        error_code: conflict.error.code,
        error_message: conflict.error.message.slice(0, 1000),
        choice: recorded,
        follow_up_command_id: followUp,
        summary: summarise(conflict, recorded, outcome).slice(0, 4000),
      },
    });
    await db.conflicts.update(conflict.command_id, {
      resolution: {
        choice: recorded,
        resolved_at: new Date().toISOString(),
        user_id: actor.userId,
      },
    });
    return recorded;
  });
}
