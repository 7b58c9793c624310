import { refusal } from '@mymedic/shared';
import { createHash, randomBytes } from 'node:crypto';
import type { Role, SessionResponse, SessionUser } from '@mymedic/shared';
import type { Sql } from '../db/database';
import { HttpError } from '../errors';

/**
 * What an access token says: who (`sub`), in which organisation (`hid`), in which
 * session (`sid`, the refresh-token family, so that sign-out ends it) and on which
 * device (`did`). Roles are not in it: every request reads them from the database.
 */
export interface AccessClaims {
  sub: string;
  hid: string;
  sid: string;
  did: string;
  typ: 'access';
}

export interface SessionSettings {
  accessTokenTtlSeconds: number;
  /** A session ends this many hours after its sign-in, however often it is refreshed. */
  sessionHours: number;
  signAccessToken(claims: AccessClaims): string;
}

export const hashRefreshToken = (token: string) =>
  createHash('sha256').update(token).digest('base64url');

/**
 * Issues an access token and a new refresh token of a family (a new family at sign-in,
 * the same one at each rotation). Only the refresh token's hash is stored. A family
 * ends `sessionHours` after its sign-in, the rule the app keeps too: a rotated token
 * inherits its family's end (`endsAt`), so refreshing never stretches a session.
 */
export async function issueSession(
  sql: Sql,
  settings: SessionSettings,
  user: SessionUser,
  deviceId: string,
  familyId: string,
  endsAt?: string,
): Promise<SessionResponse> {
  if (await deviceIsRevoked(sql, user.hospital_id, deviceId)) throw deviceRevoked();
  const refreshToken = randomBytes(32).toString('base64url');
  await sql.query(
    `INSERT INTO refresh_tokens (hospital_id, token_hash, family_id, user_id, device_id, expires_at)
     VALUES ($1, $2, $3, $4, $5, coalesce($7::timestamptz, now() + make_interval(hours => $6)))`,
    [
      user.hospital_id,
      hashRefreshToken(refreshToken),
      familyId,
      user.user_id,
      deviceId,
      settings.sessionHours,
      endsAt ?? null,
    ],
  );
  return {
    token: settings.signAccessToken({
      sub: user.user_id,
      hid: user.hospital_id,
      sid: familyId,
      did: deviceId,
      typ: 'access',
    }),
    refresh_token: refreshToken,
    expires_in: settings.accessTokenTtlSeconds,
    user,
  };
}

interface RefreshRow {
  hospital_id: string;
  family_id: string;
  user_id: string;
  device_id: string | null;
  expired: boolean;
  /** The family's end as the database writes it: microseconds kept. */
  expires_at: string;
  used_at: Date | null;
  revoked_at: Date | null;
  email: string;
  full_name: string;
  roles: Role[];
  active: boolean;
}

/** The session's user as the app is told: every role, and the first as `role`. */
export const sessionUser = (row: {
  user_id: string;
  hospital_id: string;
  email: string;
  full_name: string;
  roles: Role[];
}): SessionUser => ({
  user_id: row.user_id,
  hospital_id: row.hospital_id,
  email: row.email,
  full_name: row.full_name,
  roles: row.roles,
  role: row.roles[0]!,
});

export const deviceRevoked = () =>
  new HttpError(401, 'device_revoked', refusal('server.deviceRevoked'));

/** Whether an admin reported this device lost: it gets no session then. */
async function deviceIsRevoked(sql: Sql, hospitalId: string, deviceId: string) {
  const { rows } = await sql.query(
    'SELECT 1 FROM revoked_devices WHERE hospital_id = $1 AND device_id = $2',
    [hospitalId, deviceId],
  );
  return rows.length > 0;
}

const invalidRefresh = () =>
  new HttpError(401, 'invalid_refresh_token', refusal('server.signInAgain'));

/**
 * Rotates a refresh token. A token used twice means it leaked: the whole family is
 * revoked, so neither the thief nor the owner can go on without signing in again.
 * A refusal is returned, not thrown, so that the revocation commits.
 */
export async function rotateRefreshToken(
  sql: Sql,
  settings: SessionSettings,
  token: string,
  deviceId?: string,
): Promise<SessionResponse | HttpError> {
  const { rows } = await sql.query<RefreshRow>(
    `SELECT t.hospital_id, t.family_id, t.user_id, t.device_id, t.expires_at < now() AS expired,
            t.expires_at::text AS expires_at, t.used_at, t.revoked_at, u.email, u.full_name, u.roles, u.active
       FROM refresh_tokens t
       JOIN users u ON u.hospital_id = t.hospital_id AND u.user_id = t.user_id
      WHERE t.token_hash = $1
      FOR UPDATE OF t`,
    [hashRefreshToken(token)],
  );
  const row = rows[0];
  if (!row) return invalidRefresh();
  if (row.device_id !== null && (await deviceIsRevoked(sql, row.hospital_id, row.device_id))) {
    return deviceRevoked();
  }
  if (row.used_at || row.revoked_at) {
    await revokeFamily(sql, row.hospital_id, row.family_id);
    return new HttpError(401, 'refresh_token_reused', refusal('server.sessionUsedElsewhere'));
  }
  if (row.expired || !row.active) return invalidRefresh();
  if (deviceId !== undefined && row.device_id !== null && deviceId !== row.device_id) {
    return new HttpError(403, 'device_mismatch', refusal('server.otherDevice'));
  }
  // Sessions begun before every session had a device take the one the app names now;
  // one without either signs in again.
  const device = row.device_id ?? deviceId;
  if (device === undefined) return invalidRefresh();
  await sql.query('UPDATE refresh_tokens SET used_at = now() WHERE token_hash = $1', [
    hashRefreshToken(token),
  ]);
  return issueSession(sql, settings, sessionUser(row), device, row.family_id, row.expires_at);
}

export async function revokeFamily(sql: Sql, hospitalId: string, familyId: string) {
  await sql.query(
    `UPDATE refresh_tokens SET revoked_at = now()
      WHERE hospital_id = $1 AND family_id = $2 AND revoked_at IS NULL`,
    [hospitalId, familyId],
  );
}

/**
 * Sign-out: the token's whole family stops working, its access tokens included (they
 * carry the family as `sid`). Unknown tokens are ignored. Returns the family, if any.
 */
export async function revokeRefreshToken(sql: Sql, token: string): Promise<string | null> {
  const { rows } = await sql.query<{ hospital_id: string; family_id: string }>(
    'SELECT hospital_id, family_id FROM refresh_tokens WHERE token_hash = $1',
    [hashRefreshToken(token)],
  );
  if (!rows[0]) return null;
  await revokeFamily(sql, rows[0].hospital_id, rows[0].family_id);
  return rows[0].family_id;
}
