import type { Actor, CommandResult, ErrorBody, PullResponse, Reader } from '@mymedic/shared';
import type { Database, TransactionSql } from '../db/database';
import { withTenant } from '../db/tenant';
import {
  appendCommands,
  serverDevice,
  type AppendOutcome,
  type Author,
  type BatchRefusal,
  type Registered,
} from './append';
import type { CommandToAppend } from './decide';
import { HeadNotifier } from './heads';
import { pullEvents } from './pull';
import { compactPullStream } from './compact-pull';

export type { AppendOutcome, Author, BatchRefusal } from './append';

/** A command the server issued itself and that was refused: its whole transaction fails. */
export interface CommandRefusal {
  refused: 'command';
  status: 'conflict' | 'rejected';
  error: ErrorBody;
}

/**
 * Appends the server's own commands inside `EventStore.transaction`, as device "server"
 * (a reserved id no device may use), decided with the actor's roles as the users table
 * has them in this transaction.
 */
export type AppendAsServer = (
  actor: Actor,
  commands: Omit<CommandToAppend, 'client_seq'>[],
) => Promise<AppendOutcome | BatchRefusal | CommandRefusal>;

const retryableSqlStates = new Set([
  // serialization_failure, also raised by the push's write when a stream moved between
  // the batch's read and its write.
  '40001',
  '40P01', // deadlock_detected
  // unique_violation: a stream inserted meanwhile, or a command id answered meanwhile
  // (accepted or refused) by a copy of the same push.
  '23505',
  // exclusion_violation: a concurrent push booked the same doctor's time and committed
  // first; the retry sees its booking and answers `conflict`.
  '23P01',
]);

/** A failure a transaction may simply be tried again after (another wrote first). */
export const isRetryableSqlError = (error: unknown) =>
  typeof error === 'object' &&
  error !== null &&
  'code' in error &&
  typeof error.code === 'string' &&
  retryableSqlStates.has(error.code);

const pause = (milliseconds: number) => new Promise((resolve) => setTimeout(resolve, milliseconds));

const firstRefusal = (results: CommandResult[]): CommandRefusal | null => {
  for (const result of results) {
    if ((result.status === 'conflict' || result.status === 'rejected') && result.error) {
      return { refused: 'command', status: result.status, error: result.error };
    }
  }
  return null;
};

/**
 * The event log of every hospital: appends (decided, guarded and projected in one
 * transaction), reads, and the head announced to live connections after each commit
 * that moved it, here and nowhere else. Knows no aggregate: the read models and the
 * batch guards are registered with it.
 */
export class EventStore {
  constructor(
    private readonly database: Database,
    private readonly registered: Registered,
    private readonly heads = new HeadNotifier(),
  ) {}

  /**
   * One push from a device: the whole batch in one transaction, retried from scratch
   * when another transaction moved a stream it read, booked a doctor's time it booked
   * or answered one of its commands first (the retry gives that answer). Refusals are
   * recorded, the pusher's newest `refusalsKept` kept. `receivedAt` is the server's
   * clock when the push arrived: device clocks are checked against it, the same on
   * every attempt. The pusher is taken as the users table has them now: a role changed
   * or an account deactivated since the access token was issued takes effect at once.
   */
  async push(
    author: Author,
    commands: CommandToAppend[],
    options: { receivedAt: Date; refusalsKept: number; maxAttempts?: number },
  ): Promise<AppendOutcome | BatchRefusal> {
    const maxAttempts = options.maxAttempts ?? 12;
    for (let attempt = 1; ; attempt += 1) {
      try {
        const outcome = await withTenant(this.database, author.hospitalId, (sql) =>
          appendCommands(sql, this.registered, author, commands, {
            actorAsNow: true,
            commitWithWrite: true,
            receivedAt: options.receivedAt,
            refusalsKept: options.refusalsKept,
          }),
        );
        if ('stored' in outcome && outcome.stored.length > 0) {
          this.heads.publish(author.hospitalId, outcome.head);
        }
        return outcome;
      } catch (error) {
        if (!isRetryableSqlError(error) || attempt >= maxAttempts) throw error;
        await pause(Math.random() * Math.min(50, 2 ** attempt));
      }
    }
  }

  /**
   * Work of the server's own in one hospital's transaction (a sign-up, a colleague
   * added, the demo seed), appending through `append`. The head it moved is announced
   * once the transaction has committed; nothing is announced when it fails.
   */
  async transaction<T>(
    hospitalId: string,
    work: (sql: TransactionSql, append: AppendAsServer) => Promise<T>,
  ): Promise<T> {
    const moved: { head?: number } = {};
    const result = await withTenant(this.database, hospitalId, (sql) =>
      work(sql, async (actor, commands) => {
        const outcome = await appendCommands(
          sql,
          this.registered,
          { hospitalId, actor, deviceId: serverDevice },
          commands.map((command, index) => ({ ...command, client_seq: index + 1 })),
          { actorAsNow: true },
        );
        if ('refused' in outcome) return outcome;
        const refusal = firstRefusal(outcome.results);
        if (refusal) return refusal;
        if (outcome.stored.length > 0) moved.head = outcome.head;
        return outcome;
      }),
    );
    if (moved.head !== undefined) this.heads.publish(hospitalId, moved.head);
    return result;
  }

  /** The events after a position, one page, as the reader may read them (pull.ts). */
  pull(hospitalId: string, after: number, limit: number, reader?: Reader) {
    return withTenant(this.database, hospitalId, (sql): Promise<PullResponse> =>
      pullEvents(sql, hospitalId, after, limit, reader),
    );
  }

  /** The same as a compact page, written as the log is read (compact-pull.ts). */
  pullCompact(hospitalId: string, after: number, limit: number, reader: Reader) {
    return compactPullStream(this.database, hospitalId, after, limit, reader);
  }

  /** The hospital's head: the position of its newest event, 0 before any. */
  async head(hospitalId: string): Promise<number> {
    const { rows } = await withTenant(this.database, hospitalId, (sql) =>
      sql.query<{ head: number }>('SELECT head FROM hospital_heads WHERE hospital_id = $1', [
        hospitalId,
      ]),
    );
    return rows[0]?.head ?? 0;
  }

  /** Calls `listener` with each new head of the hospital, until the returned function is called. */
  subscribe(hospitalId: string, listener: (head: number) => void): () => void {
    return this.heads.subscribe(hospitalId, listener);
  }

  /** Calls `listener` with every hospital's new heads (the projector follows them all). */
  subscribeAll(listener: (hospitalId: string, head: number) => void): () => void {
    return this.heads.subscribeAll(listener);
  }
}
