import {
  DomainError,
  mayIssue,
  uuidv7,
  type Actor,
  type Role,
  type SessionResponse,
  type SignupRequest,
} from '@mymedic/shared';
import type { Database, Sql } from '../db/database';
import { asSignIn, withTenant } from '../db/tenant';
import { HttpError } from '../errors';
import { appendCommands } from '../event-store/append';
import type { CommandToAppend } from '../event-store/decide';
import type { HeadNotifier } from '../event-store/heads';
import { decoyHash, hashPassword, verifyPassword } from './passwords';
import { issueSession, sessionUser, type SessionSettings } from './sessions';

export interface AccountServices {
  database: Database;
  notifier: HeadNotifier;
  sessions: SessionSettings;
  clock: () => Date;
}

const emailTaken = () =>
  new HttpError(409, 'email_taken', 'An account with this email already exists', {
    issues: [{ path: 'email', message: 'Already in use' }],
  });

const isUniqueViolation = (error: unknown) => (error as { code?: string } | null)?.code === '23505';

async function assertEmailFree(database: Database, email: string) {
  const { rows } = await asSignIn(database, (sql) =>
    sql.query('SELECT 1 FROM credentials WHERE email = $1', [email]),
  );
  if (rows.length > 0) throw emailTaken();
}

/**
 * Commands the server issues itself take the devices' append path, as device "server"
 * (a reserved id no device may use). A person's command (an admin adding a colleague) is
 * decided with their roles as the users table has them in this transaction.
 */
async function appendAsServer(
  sql: Sql,
  hospitalId: string,
  actor: Actor,
  commands: Omit<CommandToAppend, 'client_seq'>[],
) {
  const outcome = await appendCommands(
    sql,
    { hospitalId, actor, deviceId: 'server' },
    commands.map((command, index) => ({ ...command, client_seq: index + 1 })),
    { actorAsNow: true },
  );
  const refused = outcome.results.find(
    (result) => result.status === 'conflict' || result.status === 'rejected',
  );
  if (refused?.error) {
    throw new HttpError(
      refused.status === 'conflict' ? 409 : refused.error.code === 'forbidden' ? 403 : 400,
      refused.error.code,
      refused.error.message,
      refused.error.details,
    );
  }
  return outcome;
}

async function storeCredentials(
  sql: Sql,
  hospitalId: string,
  userId: string,
  email: string,
  passwordHash: string,
) {
  await sql.query(
    'INSERT INTO credentials (hospital_id, user_id, email, password_hash) VALUES ($1, $2, $3, $4)',
    [hospitalId, userId, email, passwordHash],
  );
}

/** A new organisation with its first location and its admin, signed in. */
export async function signUp(
  services: AccountServices,
  request: SignupRequest,
): Promise<SessionResponse> {
  const { database, notifier, sessions } = services;
  const email = request.admin.email;
  // An independent doctor is the practice's doctor; a clinic's or hospital's founder is
  // one when they say so.
  const roles: Role[] =
    request.organization.kind === 'independent' || request.admin.also_doctor === true
      ? ['admin', 'doctor']
      : ['admin'];
  await assertEmailFree(database, email);
  const passwordHash = await hashPassword(request.admin.password);
  const hospitalId = uuidv7();
  const userId = uuidv7();
  const issuedAt = services.clock().toISOString();
  try {
    const { session, head } = await withTenant(database, hospitalId, async (sql) => {
      await sql.query('INSERT INTO hospital_heads (hospital_id, head) VALUES ($1, 0)', [
        hospitalId,
      ]);
      const outcome = await appendAsServer(
        sql,
        hospitalId,
        { user_id: userId, roles: ['system'] },
        [
          {
            command_id: uuidv7(),
            type: 'RegisterHospital',
            aggregate_type: 'hospital',
            aggregate_id: hospitalId,
            expected_version: 0,
            payload: {
              kind: request.organization.kind,
              name: request.organization.name,
              first_location_id: uuidv7(),
            },
            issued_at: issuedAt,
          },
          {
            command_id: uuidv7(),
            type: 'CreateUser',
            aggregate_type: 'user',
            aggregate_id: userId,
            expected_version: 0,
            payload: { email, full_name: request.admin.full_name, roles },
            issued_at: issuedAt,
          },
        ],
      );
      await storeCredentials(sql, hospitalId, userId, email, passwordHash);
      const user = sessionUser({
        user_id: userId,
        hospital_id: hospitalId,
        email,
        full_name: request.admin.full_name,
        roles,
      });
      return {
        session: await issueSession(sql, sessions, user, request.device_id, uuidv7()),
        head: outcome.head,
      };
    });
    notifier.publish(hospitalId, head);
    return session;
  } catch (error) {
    if (isUniqueViolation(error)) throw emailTaken();
    throw error;
  }
}

export interface StaffAccount {
  email: string;
  full_name: string;
  roles: Role[];
  password: string;
}

/**
 * An admin adds a colleague who can sign in at once. `admin` is checked here on the
 * roles the request was authenticated with, and again, authoritatively, on the users
 * table inside the transaction that creates the account.
 */
export async function addStaffAccount(
  services: AccountServices,
  hospitalId: string,
  admin: Actor,
  account: StaffAccount,
): Promise<{ user_id: string }> {
  const { database, notifier } = services;
  if (!mayIssue(admin.roles, 'CreateUser')) {
    throw new DomainError('forbidden', 'Only admins add staff');
  }
  await assertEmailFree(database, account.email);
  const passwordHash = await hashPassword(account.password);
  const userId = uuidv7();
  try {
    const head = await withTenant(database, hospitalId, async (sql) => {
      const outcome = await appendAsServer(sql, hospitalId, admin, [
        {
          command_id: uuidv7(),
          type: 'CreateUser',
          aggregate_type: 'user',
          aggregate_id: userId,
          expected_version: 0,
          payload: { email: account.email, full_name: account.full_name, roles: account.roles },
          issued_at: services.clock().toISOString(),
        },
      ]);
      await storeCredentials(sql, hospitalId, userId, account.email, passwordHash);
      return outcome.head;
    });
    notifier.publish(hospitalId, head);
    return { user_id: userId };
  } catch (error) {
    if (isUniqueViolation(error)) throw emailTaken();
    throw error;
  }
}

export interface LoginLimits {
  maxFailuresPerAccount: number;
  maxFailuresPerAddress: number;
}

interface AccountRow {
  password_hash: string;
  user_id: string;
  hospital_id: string;
  email: string;
  full_name: string;
  roles: Role[];
  active: boolean;
}

const throttled = () =>
  new HttpError(429, 'too_many_attempts', 'Too many failed sign-ins; wait a while and try again');

/**
 * Sign-in by email and password, throttled per account and per address on the failures
 * of the last hour. The password is checked outside any transaction (argon2 is slow by
 * design), and a failure is recorded in its own transaction so it survives the 401.
 */
export async function logIn(
  services: AccountServices,
  limits: LoginLimits,
  credentials: { email: string; password: string; device_id: string },
  address: string,
): Promise<SessionResponse> {
  const { database, sessions } = services;
  const { account, accountFailures, addressFailures } = await asSignIn(database, async (sql) => {
    const accounts = await sql.query<AccountRow>(
      `SELECT c.password_hash, u.user_id, u.hospital_id, u.email, u.full_name, u.roles, u.active
           FROM credentials c JOIN users u ON u.hospital_id = c.hospital_id AND u.user_id = c.user_id
          WHERE c.email = $1`,
      [credentials.email],
    );
    const failures = await sql.query<{ by_account: number; by_address: number }>(
      `SELECT count(*) FILTER (WHERE email = $1) AS by_account, count(*) FILTER (WHERE address = $2) AS by_address
           FROM login_failures
          WHERE failed_at > now() - interval '1 hour' AND (email = $1 OR address = $2)`,
      [credentials.email, address],
    );
    return {
      account: accounts.rows[0],
      accountFailures: Number(failures.rows[0]?.by_account ?? 0),
      addressFailures: Number(failures.rows[0]?.by_address ?? 0),
    };
  });
  if (
    accountFailures >= limits.maxFailuresPerAccount ||
    addressFailures >= limits.maxFailuresPerAddress
  ) {
    throw throttled();
  }
  const passwordMatches = await verifyPassword(
    account?.password_hash ?? decoyHash,
    credentials.password,
  );
  if (!account || !passwordMatches || !account.active) {
    await asSignIn(database, (sql) =>
      sql.query('INSERT INTO login_failures (email, address) VALUES ($1, $2)', [
        credentials.email,
        address,
      ]),
    );
    throw new HttpError(401, 'invalid_credentials', 'The email or password is not right');
  }
  return asSignIn(database, (sql) =>
    issueSession(sql, sessions, sessionUser(account), credentials.device_id, uuidv7()),
  );
}
