import {
  currentSchemaVersion,
  decideCommand,
  foldEvents,
  isDomainError,
  type AggregateType,
} from '@mymedic/shared';
import type { LocalDatabase, LocalEvent } from './db';
import { clinicTimeZone, issuerOf, type Actor } from './execute';
import { confirmedLog, inWriteTransaction } from './local-log';
import { projectionTables, projectRow } from './projections';

export interface ExpectedState {
  /** Per projection table name, the rows by aggregate id. */
  tables: Map<string, Map<string, unknown>>;
  /** The pending events the outbox's commands decide to, in order. */
  pending: Pick<LocalEvent, 'aggregate_id' | 'version' | 'type' | 'data' | 'command_id'>[];
}

/**
 * What this device must show, worked out from scratch (docs/client.md): the confirmed
 * log in position order, then the pending commands decided in client_seq order. A
 * pending command the decider refuses here should have gone to the conflicts inbox, so
 * it is reported as an error rather than skipped; only one the server has stored already
 * is skipped, as it waits for the server's events.
 */
export async function expectedState(db: LocalDatabase, actor: Actor): Promise<ExpectedState> {
  const confirmed = await confirmedLog(db);
  const streams = new Map<string, { type: AggregateType; events: LocalEvent[] }>();
  const streamOf = (aggregateId: string, type: AggregateType) => {
    let stream = streams.get(aggregateId);
    if (!stream) streams.set(aggregateId, (stream = { type, events: [] }));
    return stream;
  };
  for (const event of confirmed)
    streamOf(event.aggregate_id, event.aggregate_type).events.push(event);

  const pending: ExpectedState['pending'] = [];
  const commands = (await db.outbox.toArray()).sort(
    (left, right) => left.client_seq - right.client_seq,
  );
  const timeZone = await clinicTimeZone(db, actor);
  for (const command of commands) {
    const stream = streamOf(command.aggregate_id, command.aggregate_type);
    const decide = () =>
      decideCommand(command, foldEvents(command.aggregate_type, stream.events), {
        hospital_id: actor.hospitalId,
        aggregate_id: command.aggregate_id,
        actor: issuerOf(command, actor),
        issued_at: command.issued_at,
        time_zone: timeZone,
      });
    let decided: ReturnType<typeof decide>;
    try {
      decided = decide();
    } catch (error) {
      // One the server stored already waits, unshown, for its events (see rebaseAggregate).
      if (command.acknowledged === 1 && isDomainError(error)) continue;
      throw error;
    }
    decided.forEach((event, index) => {
      const local: LocalEvent = {
        event_id: command.events[index]?.event_id ?? '',
        aggregate_type: command.aggregate_type,
        aggregate_id: command.aggregate_id,
        version: stream.events.length + 1,
        type: event.type,
        schema_version: currentSchemaVersion(event.type),
        data: event.data,
        command_id: command.command_id,
        confirmed: 0,
        position: null,
        meta: null,
        stored_at: null,
      };
      stream.events.push(local);
      pending.push({
        aggregate_id: local.aggregate_id,
        version: local.version,
        type: local.type,
        data: local.data,
        command_id: local.command_id,
      });
    });
  }

  const tables = new Map<string, Map<string, unknown>>(
    projectionTables(db).map((table) => [table.name, new Map()]),
  );
  for (const [aggregateId, stream] of streams) {
    const projected = projectRow(stream.type, aggregateId, stream.events);
    if (projected?.row)
      tables.get(projected.projector.table(db).name)!.set(aggregateId, projected.row);
  }
  return { tables, pending };
}

/**
 * Rewrites every projection table from the log and the outbox: after an app update
 * changes how rows are derived, or when a check finds them drifted.
 */
export async function rebuildProjections(db: LocalDatabase, actor: Actor) {
  await inWriteTransaction(db, async () => {
    const expected = await expectedState(db, actor);
    for (const table of projectionTables(db)) {
      await table.clear();
      await table.bulkPut([...(expected.tables.get(table.name)?.values() ?? [])]);
    }
  });
}
