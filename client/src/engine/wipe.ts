import type { AggregateType } from '@mymedic/shared';
import { writeMeta, type LocalDatabase, type LocalEvent } from './db';
import { inWriteTransaction } from './local-log';
import { projectionTables, writeProjections } from './projections';

/**
 * A device an admin revoked (a lost tablet) wipes what the server holds: the confirmed
 * log, every projection, the files already uploaded, the cursor. What only this device
 * holds stays: commands not yet sent, with their events, open conflicts and drafts, and
 * the records begun here that they show. If the tablet is found, a new sign-in pulls the
 * rest again; if not, nothing the server has is left on it.
 */
export async function wipeServerHeldData(db: LocalDatabase) {
  await inWriteTransaction(db, async () => {
    await db.streams.clear();
    await db.packed.clear();
    for (const table of projectionTables(db)) await table.clear();
    await db.files.where('uploaded').equals(1).delete();
    await writeMeta(db, 'cursor', 0);
    // Records made here and never sent are this device's alone: they stay on its screens.
    // The events table holds pending events only (confirmed ones are in `streams`).
    const streams = new Map<string, { aggregateType: AggregateType; stream: LocalEvent[] }>();
    for (const event of await db.events.toArray()) {
      const entry = streams.get(event.aggregate_id) ?? {
        aggregateType: event.aggregate_type,
        stream: [],
      };
      entry.stream.push(event);
      streams.set(event.aggregate_id, entry);
    }
    await writeProjections(
      db,
      [...streams]
        .map(([aggregateId, entry]) => ({
          ...entry,
          aggregateId,
          stream: entry.stream.sort((left, right) => left.version - right.version),
        }))
        .filter(({ stream }) => stream[0]?.version === 1),
    );
  });
}
