import { issueAt } from '@mymedic/shared';
import { refusal } from '@mymedic/shared';
import { randomInt } from 'node:crypto';
import {
  mayIssue,
  type PasswordChangeRequest,
  type PasswordResetResponse,
  type Role,
} from '@mymedic/shared';
import type { LoginThrottle } from '../config';
import type { Database, Sql } from '../db/database';
import { asSignIn, withTenant } from '../db/tenant';
import { HttpError } from '../errors';
import {
  failureCounts,
  recordFailedSignIn,
  throttled,
  waitBeforeAttempt,
} from './sign-in-throttle';
import { assertChosenPassword } from './password-policy';
import { hashPassword, verifyPassword } from './passwords';

/** The signed-in person making a change, as the request's authentication found them. */
interface SignedIn {
  hospitalId: string;
  userId: string;
  sessionId: string;
}

/** Who changed a password, for the audit row: the person, or an admin's reset. */
interface PasswordChange {
  hospitalId: string;
  userId: string;
  changedBy: string;
  kind: 'changed' | 'reset';
  address: string;
  passwordHash: string;
  mustChange: boolean;
  /** The session kept signed in (the one that made the change); every other ends. */
  keepSession: string | null;
}

/**
 * Stores a new password hash and its audit row, and ends the person's sessions but the
 * one kept, in the caller's transaction. Returns the sessions ended.
 */
export async function storePasswordChange(sql: Sql, change: PasswordChange): Promise<string[]> {
  await sql.query(
    `UPDATE credentials SET password_hash = $3, must_change_password = $4, password_changed_at = now()
      WHERE hospital_id = $1 AND user_id = $2`,
    [change.hospitalId, change.userId, change.passwordHash, change.mustChange],
  );
  const { rows } = await sql.query<{ family_id: string }>(
    `UPDATE refresh_tokens SET revoked_at = now()
      WHERE hospital_id = $1 AND user_id = $2 AND revoked_at IS NULL
        AND family_id IS DISTINCT FROM $3::uuid
      RETURNING family_id`,
    [change.hospitalId, change.userId, change.keepSession],
  );
  await sql.query(
    `INSERT INTO password_changes (hospital_id, user_id, changed_by, kind, address)
     VALUES ($1, $2, $3, $4, $5)`,
    [change.hospitalId, change.userId, change.changedBy, change.kind, change.address],
  );
  return [...new Set(rows.map((row) => row.family_id))];
}

const samePassword = (field: string) =>
  new HttpError(400, 'same_password', refusal('password.same'), {
    issues: [issueAt(field, refusal('password.sameAsCurrent'))],
  });

/**
 * The new password a person chooses: the sign-up rules (built from neither their email
 * nor their name), and not the password it replaces.
 */
export function assertNewPassword(
  account: { email: string; full_name: string },
  current: string,
  next: string,
  field: string,
) {
  if (next === current) throw samePassword(field);
  assertChosenPassword(next, { email: account.email, names: [account.full_name] }, field);
}

interface OwnAccount {
  email: string;
  full_name: string;
  password_hash: string;
}

/**
 * A signed-in person changes their password with their current one. A wrong current
 * password counts as a failed sign-in of the account from this address, so a stolen
 * access token cannot be used to guess it faster than the sign-in allows. Every other
 * session of the person ends; the one that made the change goes on.
 */
export async function changeOwnPassword(
  database: Database,
  throttle: LoginThrottle,
  auth: SignedIn,
  request: PasswordChangeRequest,
  address: string,
): Promise<{ sessionsEnded: string[] }> {
  const { hospitalId, userId } = auth;
  const account = await withTenant(database, hospitalId, async (sql) => {
    const { rows } = await sql.query<OwnAccount>(
      `SELECT c.email, u.full_name, c.password_hash
         FROM credentials c JOIN users u ON u.hospital_id = c.hospital_id AND u.user_id = c.user_id
        WHERE c.hospital_id = $1 AND c.user_id = $2`,
      [hospitalId, userId],
    );
    return rows[0];
  });
  if (!account) throw new HttpError(404, 'not_found', refusal('server.noPasswordToChange'));
  const counts = await asSignIn(database, (sql) =>
    failureCounts(sql, account.email, address, throttle.windowSeconds),
  );
  const wait = waitBeforeAttempt(counts, throttle);
  if (wait > 0) throw throttled(wait);
  if (!(await verifyPassword(account.password_hash, request.current_password))) {
    await recordFailedSignIn(database, account.email, address, throttle);
    throw new HttpError(400, 'wrong_password', refusal('password.wrongCurrent'), {
      issues: [issueAt('current_password', refusal('password.notCurrent'))],
    });
  }
  assertNewPassword(account, request.current_password, request.new_password, 'new_password');
  const passwordHash = await hashPassword(request.new_password);
  const sessionsEnded = await withTenant(database, hospitalId, (sql) =>
    storePasswordChange(sql, {
      hospitalId,
      userId,
      changedBy: userId,
      kind: 'changed',
      address,
      passwordHash,
      mustChange: false,
      keepSession: auth.sessionId,
    }),
  );
  return { sessionsEnded };
}

// No 0/O, 1/l/I: read aloud or copied from a screen without a mistake.
const temporaryAlphabet = 'abcdefghjkmnpqrstuvwxyz23456789';

/** Four groups of four drawn at random: about 79 bits, read out in one breath. */
export function temporaryPassword(): string {
  const group = () =>
    Array.from({ length: 4 }, () => temporaryAlphabet[randomInt(temporaryAlphabet.length)]).join(
      '',
    );
  return [group(), group(), group(), group()].join('-');
}

/**
 * An admin resets a colleague's password: a temporary one, answered once and stored
 * hashed, that the colleague must replace at their next sign-in; every session of the
 * colleague ends at once. The admin's roles and state are read from the users table in
 * the same transaction, so an admin demoted a moment ago is refused whatever their
 * token says. Another organisation's people are not found (404), and an admin's own
 * password is changed with the current one, never here.
 */
export async function resetColleaguePassword(
  database: Database,
  auth: SignedIn,
  colleagueId: string,
  address: string,
): Promise<{ answer: PasswordResetResponse; sessionsEnded: string[] }> {
  const { hospitalId, userId } = auth;
  if (colleagueId === userId) {
    throw new HttpError(403, 'own_password', refusal('server.ownPassword'));
  }
  const temporary = temporaryPassword();
  const passwordHash = await hashPassword(temporary);
  const sessionsEnded = await withTenant(database, hospitalId, async (sql) => {
    const { rows: admins } = await sql.query<{ roles: Role[]; active: boolean }>(
      'SELECT roles, active FROM users WHERE hospital_id = $1 AND user_id = $2 FOR SHARE',
      [hospitalId, userId],
    );
    const admin = admins[0];
    if (!admin?.active || !mayIssue(admin.roles, 'CreateUser')) {
      throw new HttpError(403, 'forbidden', refusal('server.onlyAdminsReset'));
    }
    const { rows: colleagues } = await sql.query<{ active: boolean }>(
      `SELECT u.active FROM users u
         JOIN credentials c ON c.hospital_id = u.hospital_id AND c.user_id = u.user_id
        WHERE u.hospital_id = $1 AND u.user_id = $2
        FOR UPDATE OF c`,
      [hospitalId, colleagueId],
    );
    const colleague = colleagues[0];
    if (!colleague) throw new HttpError(404, 'not_found', refusal('server.noSuchColleague'));
    if (!colleague.active) {
      throw new HttpError(409, 'account_inactive', refusal('server.colleagueInactive'));
    }
    return storePasswordChange(sql, {
      hospitalId,
      userId: colleagueId,
      changedBy: userId,
      kind: 'reset',
      address,
      passwordHash,
      mustChange: true,
      keepSession: null,
    });
  });
  return {
    answer: {
      user_id: colleagueId,
      temporary_password: temporary,
      sessions_ended: sessionsEnded.length,
    },
    sessionsEnded,
  };
}
