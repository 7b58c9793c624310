import { refusal } from '@mymedic/shared';
import type { LoginThrottle } from '../config';
import type { Database, Sql } from '../db/database';
import { asSignIn } from '../db/tenant';
import { HttpError } from '../errors';

interface FailureCounts {
  pair: number;
  address: number;
  account: number;
  /** Seconds since the last failure of the pair, and of the address. */
  pair_elapsed: number | null;
  address_elapsed: number | null;
}

/** The wait after `failures` failures where `free` pass, in whole seconds (0: none). */
export function delayAfter(failures: number, free: number, maxDelaySeconds: number) {
  if (failures < free) return 0;
  return Math.min(2 ** Math.min(failures - free + 1, 30), maxDelaySeconds);
}

/** The seconds still to wait before this address may try this account again; 0 when it may. */
export function waitBeforeAttempt(counts: FailureCounts, throttle: LoginThrottle) {
  const { maxDelaySeconds } = throttle;
  const left = (delay: number, elapsed: number | null) =>
    delay === 0 || elapsed === null ? 0 : Math.max(0, delay - elapsed);
  return Math.ceil(
    Math.max(
      left(
        delayAfter(counts.pair, throttle.freeFailuresPerPair, maxDelaySeconds),
        counts.pair_elapsed,
      ),
      left(
        delayAfter(counts.address, throttle.freeFailuresPerAddress, maxDelaySeconds),
        counts.address_elapsed,
      ),
      // Only for an address that failed for this account itself (pair > 0), from its own failure.
      counts.pair > 0
        ? left(
            delayAfter(counts.account, throttle.freeFailuresPerAccount, maxDelaySeconds),
            counts.pair_elapsed,
          )
        : 0,
    ),
  );
}

/** Failures counted only as far as the longest delay needs. */
const countedFailures = 64;

export async function failureCounts(
  sql: Sql,
  email: string,
  address: string,
  windowSeconds: number,
) {
  const { rows } = await sql.query<{
    pair: number;
    address: number;
    account: number;
    pair_elapsed: number | null;
    address_elapsed: number | null;
  }>(
    `WITH recent AS (SELECT now() - make_interval(secs => $3) AS since)
     SELECT
       (SELECT count(*) FROM (SELECT 1 FROM login_failures, recent
          WHERE email = $1 AND address = $2 AND failed_at > since LIMIT $4) f)::int AS pair,
       (SELECT count(*) FROM (SELECT 1 FROM login_failures, recent
          WHERE address = $2 AND failed_at > since LIMIT $4) f)::int AS address,
       (SELECT count(*) FROM (SELECT 1 FROM login_failures, recent
          WHERE email = $1 AND failed_at > since LIMIT $4) f)::int AS account,
       (SELECT extract(epoch FROM now() - max(failed_at)) FROM login_failures, recent
          WHERE email = $1 AND address = $2 AND failed_at > since)::float8 AS pair_elapsed,
       (SELECT extract(epoch FROM now() - max(failed_at)) FROM login_failures, recent
          WHERE address = $2 AND failed_at > since)::float8 AS address_elapsed`,
    [email, address, windowSeconds, countedFailures],
  );
  const row = rows[0]!;
  return {
    pair: Number(row.pair),
    address: Number(row.address),
    account: Number(row.account),
    pair_elapsed: row.pair_elapsed === null ? null : Number(row.pair_elapsed),
    address_elapsed: row.address_elapsed === null ? null : Number(row.address_elapsed),
  };
}

export const throttled = (seconds: number) =>
  new HttpError(
    429,
    'too_many_attempts',
    seconds < 90
      ? refusal('server.tooManyAttemptsSeconds', { count: seconds })
      : refusal('server.tooManyAttemptsMinutes', { count: Math.ceil(seconds / 60) }),
    { retry_after_seconds: seconds },
    { 'retry-after': String(seconds) },
  );

/**
 * A failed sign-in (or a wrong current password) of the account from this address, in a
 * transaction of its own so that it outlives the refusal; failures past the window go.
 */
export async function recordFailedSignIn(
  database: Database,
  email: string,
  address: string,
  throttle: LoginThrottle,
) {
  await asSignIn(database, async (sql) => {
    await sql.query('INSERT INTO login_failures (email, address) VALUES ($1, $2)', [
      email,
      address,
    ]);
    await sql.query(
      `DELETE FROM login_failures
        WHERE (email = $1 OR address = $2) AND failed_at < now() - make_interval(secs => $3)`,
      [email, address, throttle.windowSeconds],
    );
  });
}
