import type { Role } from '@mymedic/shared';
import type { Database, Sql } from '../db/database';
import { HttpError } from '../errors';
import { withTenant } from '../db/tenant';
import { appendCommands, ConcurrentAppendError, type AppendOutcome, type Author } from './append';
import type { CommandToAppend } from './decide';
import type { HeadNotifier } from './heads';

const retryableSqlStates = new Set([
  '40001', // serialization_failure
  '40P01', // deadlock_detected
  '23505', // unique_violation: a stream or command id inserted meanwhile
  // exclusion_violation: a concurrent push booked the same doctor's time and committed
  // first; the retry sees its booking and answers `conflict`.
  '23P01',
]);

const isRetryable = (error: unknown) =>
  error instanceof ConcurrentAppendError ||
  (typeof error === 'object' &&
    error !== null &&
    retryableSqlStates.has((error as { code?: string }).code ?? ''));

const pause = (milliseconds: number) => new Promise((resolve) => setTimeout(resolve, milliseconds));

/**
 * The pusher as the server knows them now: a role changed or an account deactivated
 * since the access token was issued takes effect at once.
 */
async function currentActor(sql: Sql, author: Author): Promise<Author['actor']> {
  if (author.actor.role === 'system') return author.actor;
  const { rows } = await sql.query<{ role: Role; active: boolean }>(
    'SELECT role, active FROM users WHERE hospital_id = $1 AND user_id = $2',
    [author.hospitalId, author.actor.user_id],
  );
  const user = rows[0];
  if (!user?.active) throw new HttpError(403, 'account_inactive', 'This account is deactivated');
  return { user_id: author.actor.user_id, role: user.role };
}

/**
 * One push: the whole batch in one transaction, retried from scratch when another
 * transaction moved a stream it read or booked a doctor's time it booked. The head is
 * announced after the commit.
 */
export async function pushCommands(
  database: Database,
  notifier: HeadNotifier,
  author: Author,
  commands: CommandToAppend[],
  maxAttempts = 12,
): Promise<AppendOutcome> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      const outcome = await withTenant(database, author.hospitalId, async (sql) => {
        const actor = await currentActor(sql, author);
        return appendCommands(sql, { ...author, actor }, commands);
      });
      if (outcome.stored.length > 0) notifier.publish(author.hospitalId, outcome.head);
      return outcome;
    } catch (error) {
      if (!isRetryable(error) || attempt >= maxAttempts) throw error;
      await pause(Math.random() * Math.min(50, 2 ** attempt));
    }
  }
}
