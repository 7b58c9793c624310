import type { AggregateType } from '@mymedic/shared';
import type { Sql } from '../db/database';
import type { PageMemory } from './row-memory';

/** An event as the projector reads it from the log: numbered and timed by the server. */
export interface LoggedEvent {
  position: number;
  event_id: string;
  aggregate_type: AggregateType;
  aggregate_id: string;
  version: number;
  type: string;
  schema_version: number;
  data: unknown;
  /** ISO instant in UTC, as the database formats it. */
  stored_at: string;
}

/**
 * A read model kept behind the log by the projector (docs/read-side.md). It is given
 * the events of the aggregate types it reads, in position order, inside the transaction
 * that also moves its checkpoint, so it sees each event once. It must be rebuildable
 * from the log alone: `tables` are emptied (for one hospital) before a rebuild.
 */
export interface ReadModel {
  name: string;
  reads: ReadonlySet<AggregateType>;
  tables: readonly string[];
  /**
   * Other read models whose rows this one reads as it applies (the reminder scheduler
   * reads \`patients\`): it never goes past where they stand, or it would plan from rows
   * older than the events it is given and never see them again.
   */
  after?: readonly string[];
  /**
   * False when the model needs no event's data, only where and what it is (the reminder
   * scheduler, which names the appointments a page touches): the projector then leaves
   * the data in the database and gives null, which spares reading and parsing it.
   */
  readsData?: boolean;
  /**
   * `memory`: the rows this process remembers writing (`RowMemory`), which the model may
   * take instead of reading them back, and where it leaves those it writes; absent in a
   * rebuild.
   */
  apply(
    sql: Sql,
    hospitalId: string,
    events: LoggedEvent[],
    memory?: PageMemory<unknown>,
  ): Promise<void>;
}
