import type { Role } from '@mymedic/shared';
import type { Database } from '../db/database';
import { withTenant } from '../db/tenant';

/** What the database says of a request's person and session, now. */
export interface SessionCheck {
  /** False when the account is gone (a read model rebuilt without it). */
  exists: boolean;
  roles: Role[];
  active: boolean;
  /** The session (refresh-token family) still has a token neither revoked nor expired. */
  live: boolean;
  /** An admin reported the session's device lost. */
  deviceRevoked: boolean;
}

interface Entry {
  readAt: number;
  check: Promise<SessionCheck>;
}

/** Past this many sessions the cache starts again rather than grow without bound. */
const maxEntries = 10_000;

/**
 * Every authenticated request asks here who its person is now: their roles, whether the
 * account is active and whether the session was signed out or revoked. An answer is
 * reused for the same session for `ttlSeconds` (the bound on how long a sign-out, a
 * deactivation or a role change takes to reach every route of this process); a change
 * made through this process forgets the answers it makes stale at once.
 */
export class SessionChecks {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly database: Database,
    private readonly ttlSeconds: number,
    private readonly now: () => number = () => performance.now(),
  ) {}

  check(
    hospitalId: string,
    userId: string,
    sessionId: string,
    deviceId: string,
  ): Promise<SessionCheck> {
    const key = `${hospitalId}/${userId}/${sessionId}`;
    const cached = this.entries.get(key);
    if (cached && this.now() - cached.readAt < this.ttlSeconds * 1000) return cached.check;
    if (this.entries.size >= maxEntries) this.entries.clear();
    const check = this.read(hospitalId, userId, sessionId, deviceId);
    const entry = { readAt: this.now(), check };
    this.entries.set(key, entry);
    // A failed read is not kept: the next request reads again.
    check.catch(() => {
      if (this.entries.get(key) === entry) this.entries.delete(key);
    });
    return check;
  }

  /** After a sign-out: the session's answer is stale. */
  forgetSession(sessionId: string) {
    for (const key of this.entries.keys())
      if (key.endsWith(`/${sessionId}`)) this.entries.delete(key);
  }

  /** After a deactivation or a change of roles: the person's answers are stale. */
  forgetUser(userId: string) {
    for (const key of this.entries.keys()) {
      if (key.split('/')[1] === userId) this.entries.delete(key);
    }
  }

  private async read(hospitalId: string, userId: string, sessionId: string, deviceId: string) {
    const { rows } = await withTenant(this.database, hospitalId, (sql) =>
      sql.query<{ roles: Role[]; active: boolean; live: boolean; device_revoked: boolean }>(
        `SELECT u.roles, u.active,
                EXISTS (SELECT 1 FROM revoked_devices AS r
                         WHERE r.hospital_id = $1 AND r.device_id = $4) AS device_revoked,
                EXISTS (SELECT 1 FROM refresh_tokens AS t
                         WHERE t.hospital_id = $1 AND t.family_id = $3::uuid AND t.user_id = $2
                           AND t.revoked_at IS NULL AND t.expires_at > now()) AS live
           FROM users AS u
          WHERE u.hospital_id = $1 AND u.user_id = $2::uuid`,
        [hospitalId, userId, sessionId, deviceId],
      ),
    );
    const row = rows[0];
    if (!row) return { exists: false, roles: [], active: false, live: false, deviceRevoked: false };
    return {
      exists: true,
      roles: row.roles,
      active: row.active,
      live: row.live,
      deviceRevoked: row.device_revoked,
    };
  }
}
