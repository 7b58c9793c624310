import type { Database } from '../db/database';
import { withTenant } from '../db/tenant';
import { appendCommands, type AppendOutcome, type Author } from './append';
import type { CommandToAppend } from './decide';
import type { HeadNotifier } from './heads';

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

const isRetryable = (error: unknown) =>
  typeof error === 'object' &&
  error !== null &&
  retryableSqlStates.has((error as { code?: string }).code ?? '');

const pause = (milliseconds: number) => new Promise((resolve) => setTimeout(resolve, milliseconds));

/**
 * One push: the whole batch in one transaction, retried from scratch when another
 * transaction moved a stream it read, booked a doctor's time it booked or answered one
 * of its commands first (the retry gives that answer). Refusals are recorded, the
 * pusher's newest `refusalsKept` kept. The head is announced after the commit.
 * `receivedAt` is the server's clock when the push arrived: device clocks are checked
 * against it, the same on every attempt.
 */
export async function pushCommands(
  database: Database,
  notifier: HeadNotifier,
  author: Author,
  commands: CommandToAppend[],
  receivedAt: Date,
  refusalsKept: number,
  maxAttempts = 12,
): Promise<AppendOutcome> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      // The pusher is taken as the users table has them now: a role changed or an
      // account deactivated since the access token was issued takes effect at once.
      const outcome = await withTenant(database, author.hospitalId, (sql) =>
        appendCommands(sql, author, commands, {
          actorAsNow: true,
          commitWithWrite: true,
          receivedAt,
          refusalsKept,
        }),
      );
      if (outcome.stored.length > 0) notifier.publish(author.hospitalId, outcome.head);
      return outcome;
    } catch (error) {
      if (!isRetryable(error) || attempt >= maxAttempts) throw error;
      await pause(Math.random() * Math.min(50, 2 ** attempt));
    }
  }
}
