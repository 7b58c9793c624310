import { issueAt } from '@mymedic/shared';
import { refusal } from '@mymedic/shared';
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
import type { LoginThrottle } from '../config';
import { batchRefusalError, commandRefusalError, HttpError } from '../errors';
import type { CommandToAppend } from '../event-store/decide';
import type { AppendAsServer, EventStore } from '../event-store/store';
import { assertNewPassword, storePasswordChange, temporaryPassword } from './password-changes';
import { assertChosenPassword } from './password-policy';
import { decoyHash, hashPassword, verifyPassword } from './passwords';
import { issueSession, sessionUser, type SessionSettings } from './sessions';
import {
  failureCounts,
  recordFailedSignIn,
  throttled,
  waitBeforeAttempt,
} from './sign-in-throttle';

export interface AccountServices {
  database: Database;
  /** The event log: sign-up and added staff append through it. */
  store: EventStore;
  sessions: SessionSettings;
  clock: () => Date;
}

const emailTaken = () =>
  new HttpError(409, 'email_taken', refusal('server.emailTaken'), {
    issues: [issueAt('email', refusal('field.alreadyInUse'))],
  });

const isUniqueViolation = (error: unknown) => (error as { code?: string } | null)?.code === '23505';

async function assertEmailFree(database: Database, email: string) {
  const { rows } = await asSignIn(database, (sql) =>
    sql.query('SELECT 1 FROM credentials WHERE email = $1', [email]),
  );
  if (rows.length > 0) throw emailTaken();
}

/**
 * Appends the server's own commands in the caller's transaction; a refusal (of the
 * batch or of any command) fails the transaction with the answer the request gets.
 */
async function appendOrFail(
  append: AppendAsServer,
  actor: Actor,
  commands: Omit<CommandToAppend, 'client_seq'>[],
) {
  const outcome = await append(actor, commands);
  if ('refused' in outcome) {
    throw outcome.refused === 'command' ? commandRefusalError(outcome) : batchRefusalError(outcome);
  }
  return outcome;
}

async function storeCredentials(
  sql: Sql,
  hospitalId: string,
  userId: string,
  email: string,
  passwordHash: string,
  mustChange = false,
) {
  await sql.query(
    `INSERT INTO credentials (hospital_id, user_id, email, password_hash, must_change_password)
     VALUES ($1, $2, $3, $4, $5)`,
    [hospitalId, userId, email, passwordHash, mustChange],
  );
}

/**
 * Passed by the demo seed alone: its accounts keep the published demo password, which
 * the rules for a chosen password would refuse. Every route checks the password.
 */
export const demoSeedPassword: unique symbol = Symbol('the demo seed');

/** A new organisation with its first location and its admin, signed in. */
export async function signUp(
  services: AccountServices,
  request: SignupRequest,
  passwordRules?: typeof demoSeedPassword,
): Promise<SessionResponse> {
  const { database, store, sessions } = services;
  const email = request.admin.email;
  // An independent doctor is the practice's doctor; a clinic's or hospital's founder is
  // one when they say so.
  const roles: Role[] =
    request.organization.kind === 'independent' || request.admin.also_doctor === true
      ? ['admin', 'doctor']
      : ['admin'];

  if (passwordRules !== demoSeedPassword) {
    assertChosenPassword(
      request.admin.password,
      { email, names: [request.admin.full_name, request.organization.name] },
      'admin.password',
    );
  }
  await assertEmailFree(database, email);
  const passwordHash = await hashPassword(request.admin.password);
  const hospitalId = uuidv7();
  const userId = uuidv7();
  const issuedAt = services.clock().toISOString();
  try {
    return await store.transaction(hospitalId, async (sql, append) => {
      await sql.query('INSERT INTO hospital_heads (hospital_id, head) VALUES ($1, 0)', [
        hospitalId,
      ]);
      await appendOrFail(append, { user_id: userId, roles: ['system'] }, [
        {
          command_id: uuidv7(),
          type: 'RegisterHospital',
          aggregate_type: 'hospital',
          aggregate_id: hospitalId,
          expected_version: 0,
          payload: {
            kind: request.organization.kind,
            name: request.organization.name,
            country: request.organization.country,
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
      ]);
      await storeCredentials(sql, hospitalId, userId, email, passwordHash);
      const user = sessionUser({
        user_id: userId,
        hospital_id: hospitalId,
        email,
        full_name: request.admin.full_name,
        roles,
      });
      return issueSession(sql, sessions, user, request.device_id, uuidv7());
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw emailTaken();
    throw error;
  }
}

export interface StaffAccount {
  email: string;
  full_name: string;
  roles: Role[];
  /** Left out: a temporary password, answered once, to be replaced at the first sign-in. */
  password?: string | undefined;
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
  passwordRules?: typeof demoSeedPassword,
): Promise<{ user_id: string; temporary_password?: string }> {
  const { database, store } = services;
  if (!mayIssue(admin.roles, 'CreateUser')) {
    throw new DomainError('forbidden', refusal('server.onlyAdminsAddStaff'));
  }
  const temporary = account.password === undefined ? temporaryPassword() : null;
  if (account.password !== undefined && passwordRules !== demoSeedPassword) {
    assertChosenPassword(
      account.password,
      { email: account.email, names: [account.full_name] },
      'password',
    );
  }
  await assertEmailFree(database, account.email);
  const passwordHash = await hashPassword(account.password ?? temporary!);
  const userId = uuidv7();
  try {
    await store.transaction(hospitalId, async (sql, append) => {
      await appendOrFail(append, admin, [
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
      await storeCredentials(
        sql,
        hospitalId,
        userId,
        account.email,
        passwordHash,
        temporary !== null,
      );
    });
    return temporary === null
      ? { user_id: userId }
      : { user_id: userId, temporary_password: temporary };
  } catch (error) {
    if (isUniqueViolation(error)) throw emailTaken();
    throw error;
  }
}

interface AccountRow {
  password_hash: string;
  user_id: string;
  hospital_id: string;
  email: string;
  full_name: string;
  roles: Role[];
  active: boolean;
  must_change_password: boolean;
}

/**
 * Sign-in by email and password, slowed by growing delays per account and address (see
 * LoginThrottle). The password is checked outside any transaction (argon2 is slow by
 * design), and a failure is recorded in its own transaction so it survives the 401. A
 * correct password clears the failures of its own address for the account.
 */
export async function logIn(
  services: AccountServices,
  throttle: LoginThrottle,
  credentials: {
    email: string;
    password: string;
    device_id?: string | undefined;
    new_password?: string | undefined;
  },
  address: string,
): Promise<SessionResponse> {
  const { database, sessions } = services;
  const { account, counts } = await asSignIn(database, async (sql) => {
    const accounts = await sql.query<AccountRow>(
      `SELECT c.password_hash, c.must_change_password,
                u.user_id, u.hospital_id, u.email, u.full_name, u.roles, u.active
           FROM credentials c JOIN users u ON u.hospital_id = c.hospital_id AND u.user_id = c.user_id
          WHERE c.email = $1`,
      [credentials.email],
    );
    return {
      account: accounts.rows[0],
      counts: await failureCounts(sql, credentials.email, address, throttle.windowSeconds),
    };
  });
  const wait = waitBeforeAttempt(counts, throttle);
  if (wait > 0) throw throttled(wait);
  const passwordMatches = await verifyPassword(
    account?.password_hash ?? decoyHash,
    credentials.password,
  );
  if (!account || !passwordMatches || !account.active) {
    await recordFailedSignIn(database, credentials.email, address, throttle);
    throw new HttpError(401, 'invalid_credentials', refusal('server.invalidCredentials'));
  }
  const { new_password } = credentials;
  if (new_password === undefined && account.must_change_password) {
    throw new HttpError(403, 'password_change_required', refusal('server.passwordChangeRequired'));
  }
  if (new_password !== undefined) {
    assertNewPassword(account, credentials.password, new_password, 'new_password');
  }
  const passwordHash = new_password === undefined ? null : await hashPassword(new_password);
  if (counts.pair > 0) {
    await asSignIn(database, (sql) =>
      sql.query('DELETE FROM login_failures WHERE email = $1 AND address = $2', [
        credentials.email,
        address,
      ]),
    );
  }
  const deviceId = credentials.device_id ?? `api-${uuidv7()}`;
  if (passwordHash === null) {
    return asSignIn(database, (sql) =>
      issueSession(sql, sessions, sessionUser(account), deviceId, uuidv7()),
    );
  }
  // A new password at sign-in: it replaces the old one and ends every other session.
  return withTenant(database, account.hospital_id, async (sql) => {
    await storePasswordChange(sql, {
      hospitalId: account.hospital_id,
      userId: account.user_id,
      changedBy: account.user_id,
      kind: 'changed',
      address,
      passwordHash,
      mustChange: false,
      keepSession: null,
    });
    return issueSession(sql, sessions, sessionUser(account), deviceId, uuidv7());
  });
}
