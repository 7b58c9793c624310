import { uuidv7, type SessionResponse } from '@mymedic/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  sessionOnDevice,
  signUpClinic,
  startTestServer,
  type TestServer,
} from '../../test/test-server';
import { api, TestDevice, testDatabases } from '../../test/support';

interface Refused {
  error: { code: string; message: string; details?: { issues?: { path: string }[] } };
}

const password = 'Kisumu bedside 7741';

/**
 * A person changes their own password (with the current one); an admin resets a
 * colleague's (a temporary password the colleague must replace at the next sign-in).
 * Each route is attacked as the brief of the accounts work lists: another tenant, a
 * non-admin, a demoted admin's old token, bad input, one's own account, guessing.
 */
describe.each(testDatabases)('passwords on $name', ({ url }) => {
  let server: TestServer;
  let admin: SessionResponse;
  let stranger: SessionResponse;

  const signIn = (email: string, secret: string, extra: Record<string, unknown> = {}) =>
    api<SessionResponse & Partial<Refused>>(server.url, '/auth/login', {
      body: { email, password: secret, device_id: `desk-${uuidv7()}`, ...extra },
    });

  /** A colleague with their own password, signed in on a tablet of their own. */
  async function colleague(roles: string[], fullName = 'Nia Wambui') {
    const email = `colleague-${uuidv7()}@hillside.example`;
    const added = await api<{ user_id: string }>(server.url, '/users', {
      token: admin.token,
      body: { email, full_name: fullName, roles, password },
    });
    expect(added.status).toBe(201);
    const session = await signIn(email, password);
    expect(session.status).toBe(200);
    return { email, userId: added.body.user_id, session: session.body };
  }

  const changePassword = (token: string, body: unknown) =>
    api<{ sessions_ended: number } & Partial<Refused>>(server.url, '/auth/password', {
      token,
      body,
    });

  const reset = (token: string, userId: string) =>
    fetch(`${server.url}/users/${userId}/password-reset`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
    }).then(async (response) => ({
      status: response.status,
      cacheControl: response.headers.get('cache-control'),
      body: (await response.json()) as {
        temporary_password: string;
        sessions_ended: number;
      } & Partial<Refused>,
    }));

  /** What a password change leaves: the person's hash and the audit rows, per tenant. */
  const passwordState = async (userId: string) => {
    const { rows } = await server.database.query<{
      password_hash: string;
      must_change_password: boolean;
      audits: number;
    }>(
      `SELECT c.password_hash, c.must_change_password,
              (SELECT count(*) FROM password_changes p WHERE p.user_id = c.user_id)::int AS audits
         FROM credentials c WHERE c.user_id = $1`,
      [userId],
    );
    return rows[0]!;
  };

  beforeAll(async () => {
    server = await startTestServer(url ? { databaseUrl: url } : {});
    admin = await signUpClinic(server.url, undefined, { password });
    stranger = await signUpClinic(server.url, undefined, { password });
  });
  afterAll(() => server.close());

  describe('changing one’s own password', () => {
    it('needs the current password and the sign-up rules, and stores nothing otherwise', async () => {
      const nurse = await colleague(['nurse']);
      const before = await passwordState(nurse.userId);
      const refusals: [unknown, number, string, string?][] = [
        [
          { current_password: 'not my password', new_password: 'Lamu dhow at dawn 58' },
          400,
          'wrong_password',
          'current_password',
        ],
        [
          { current_password: password, new_password: 'password1234' },
          400,
          'weak_password',
          'new_password',
        ],
        [
          { current_password: password, new_password: password },
          400,
          'same_password',
          'new_password',
        ],
        [{ current_password: password, new_password: 'short' }, 400, 'invalid_request'],
        [{ current_password: password }, 400, 'invalid_request'],
        [{ new_password: 'Lamu dhow at dawn 58' }, 400, 'invalid_request'],
        [
          {
            current_password: password,
            new_password: 'Lamu dhow at dawn 58',
            user_id: admin.user.user_id,
          },
          400,
          'invalid_request',
        ],
      ];
      for (const [body, status, code, field] of refusals) {
        const refused = await changePassword(nurse.session.token, body);
        expect(refused.status, JSON.stringify(body)).toBe(status);
        expect(refused.body.error?.code).toBe(code);
        if (field) expect(refused.body.error?.details?.issues?.[0]?.path).toBe(field);
      }
      expect(await passwordState(nurse.userId)).toEqual(before);
      expect((await signIn(nurse.email, password)).status).toBe(200);
      // Without a session, nothing at all.
      const anonymous = await api<Refused>(server.url, '/auth/password', {
        body: { current_password: password, new_password: 'Lamu dhow at dawn 58' },
      });
      expect(anonymous.status).toBe(401);
    });

    it('ends every other session of the person; the device that changed it stays signed in', async () => {
      const doctor = await colleague(['doctor'], 'Omari Kiprono');
      const otherTablet = await sessionOnDevice(server, doctor.session, `tablet-${uuidv7()}`);
      const before = await passwordState(doctor.userId);
      const changed = await changePassword(doctor.session.token, {
        current_password: password,
        new_password: 'Lamu dhow at dawn 58',
      });
      expect(changed.status).toBe(200);
      // The other tablet's session; the one that made the change goes on.
      expect(changed.body.sessions_ended).toBe(1);

      // The other tablet is out at once, access token and refresh token alike.
      const otherRead = await api<Refused>(server.url, '/devices', { token: otherTablet.token });
      expect(otherRead.status).toBe(401);
      expect(otherRead.body.error.code).toBe('session_ended');
      const otherRefresh = await api<Refused>(server.url, '/auth/refresh', {
        body: { refresh_token: otherTablet.refresh_token },
      });
      expect(otherRefresh.status).toBe(401);

      // The old password is gone, the new one signs in; the audit says who and how.
      expect((await signIn(doctor.email, password)).status).toBe(401);
      expect((await signIn(doctor.email, 'Lamu dhow at dawn 58')).status).toBe(200);
      const after = await passwordState(doctor.userId);
      expect(after.password_hash).not.toBe(before.password_hash);
      expect(after.audits).toBe(before.audits + 1);
      const { rows } = await server.database.query(
        'SELECT changed_by, kind FROM password_changes WHERE user_id = $1',
        [doctor.userId],
      );
      expect(rows).toEqual([{ changed_by: doctor.userId, kind: 'changed' }]);
    });

    it('keeps the changing session signed in and refreshable', async () => {
      const desk = await colleague(['receptionist'], 'Zawadi Achieng');
      const changed = await changePassword(desk.session.token, {
        current_password: password,
        new_password: 'Naivasha flamingo tide 3',
      });
      expect(changed.status).toBe(200);
      const refreshed = await api<SessionResponse>(server.url, '/auth/refresh', {
        body: { refresh_token: desk.session.refresh_token },
      });
      expect(refreshed.status).toBe(200);
    });

    it('slows down guesses at the current password as it slows sign-ins', async () => {
      const nurse = await colleague(['nurse'], 'Wanjiku Mwangi');
      // Five free failures per account and address (the test configuration), then a wait.
      for (let attempt = 0; attempt < 5; attempt += 1) {
        const wrong = await changePassword(nurse.session.token, {
          current_password: `guess number ${attempt}`,
          new_password: 'Lamu dhow at dawn 58',
        });
        expect(wrong.status).toBe(400);
      }
      const throttled = await changePassword(nurse.session.token, {
        current_password: password,
        new_password: 'Lamu dhow at dawn 58',
      });
      expect(throttled.status).toBe(429);
      expect(throttled.body.error?.code).toBe('too_many_attempts');
      // The guesses count for the sign-in too: the account is slowed there as well.
      expect((await signIn(nurse.email, password)).status).toBe(429);
    });

    it('is rate-limited per person: the eleventh try in a minute is refused', async () => {
      const nurse = await colleague(['nurse'], 'Achieng Otieno');
      const other = await colleague(['nurse'], 'Rehema Auma');
      const weakTry = (token: string) =>
        changePassword(token, { current_password: password, new_password: 'password1234' });
      const statuses: number[] = [];
      for (let attempt = 0; attempt < 11; attempt += 1) {
        statuses.push((await weakTry(nurse.session.token)).status);
      }
      expect(statuses.slice(0, 10)).toEqual(Array(10).fill(400));
      expect(statuses[10]).toBe(429);
      const limited = await weakTry(nurse.session.token);
      expect(limited.body.error?.code).toBe('rate_limited');
      // Another person at the same address is not held back.
      expect((await weakTry(other.session.token)).status).toBe(400);
    });
  });

  describe('an admin resetting a colleague’s password', () => {
    it('refuses a non-admin, a demoted admin’s old token, another tenant and one’s own', async () => {
      const nurse = await colleague(['nurse']);
      const target = await colleague(['doctor'], 'Baraka Mutua');
      const second = await colleague(['admin'], 'Imani Njeri');
      // Demoted after signing in: the token was issued to an admin; the users table says otherwise.
      const demoted = await api(server.url, '/commands/change-user-roles', {
        token: admin.token,
        body: { aggregate_id: second.userId, expected_version: 1, payload: { roles: ['nurse'] } },
      });
      expect(demoted.status).toBe(200);
      const before = await passwordState(target.userId);

      const nurseTry = await reset(nurse.session.token, target.userId);
      expect(nurseTry.status).toBe(403);
      expect(nurseTry.body.error?.code).toBe('forbidden');
      const demotedTry = await reset(second.session.token, target.userId);
      expect(demotedTry.status).toBe(403);
      // Another organisation's admin cannot reach this one's people, nor tell they exist.
      const strangerTry = await reset(stranger.token, target.userId);
      expect(strangerTry.status).toBe(404);
      expect((await reset(stranger.token, uuidv7())).body).toEqual(strangerTry.body);
      const own = await reset(admin.token, admin.user.user_id);
      expect(own.status).toBe(403);
      expect(own.body.error?.code).toBe('own_password');
      expect((await reset(admin.token, 'not-a-user')).status).toBe(400);
      expect((await reset(admin.token, target.userId.toUpperCase())).status).toBe(400);

      expect(await passwordState(target.userId)).toEqual(before);
      expect(await passwordState(admin.user.user_id)).toMatchObject({
        must_change_password: false,
      });
      expect((await signIn(target.email, password)).status).toBe(200);
    });

    it('sets a temporary password shown once, ends the colleague’s sessions and is audited', async () => {
      const target = await colleague(['doctor'], 'Halima Yusuf');
      const reply = await reset(admin.token, target.userId);
      expect(reply.status).toBe(200);
      expect(reply.cacheControl).toBe('no-store');
      const temporary = reply.body.temporary_password;
      expect(temporary).toMatch(/^[a-z2-9]{4}(-[a-z2-9]{4}){3}$/);
      expect(reply.body.sessions_ended).toBe(1);

      // The colleague's tablet is out at once.
      const read = await api<Refused>(server.url, '/sync/pull?after=0', {
        token: target.session.token,
      });
      expect(read.status).toBe(401);
      expect(
        (
          await api(server.url, '/auth/refresh', {
            body: { refresh_token: target.session.refresh_token },
          })
        ).status,
      ).toBe(401);

      // Stored hashed only, and the audit names who reset whom.
      const state = await passwordState(target.userId);
      expect(state.must_change_password).toBe(true);
      expect(state.password_hash).not.toContain(temporary);
      const { rows } = await server.database.query<{ changed_by: string; kind: string }>(
        'SELECT changed_by, kind FROM password_changes WHERE user_id = $1',
        [target.userId],
      );
      expect(rows).toEqual([{ changed_by: admin.user.user_id, kind: 'reset' }]);

      // The old password no longer signs in; the temporary one only with a new password.
      expect((await signIn(target.email, password)).status).toBe(401);
      const mustChange = await signIn(target.email, temporary);
      expect(mustChange.status).toBe(403);
      expect(mustChange.body.error?.code).toBe('password_change_required');
      const weak = await signIn(target.email, temporary, { new_password: 'password1234' });
      expect(weak.status).toBe(400);
      expect(weak.body.error?.code).toBe('weak_password');
      const same = await signIn(target.email, temporary, { new_password: temporary });
      expect(same.status).toBe(400);
      expect((await passwordState(target.userId)).must_change_password).toBe(true);

      const chosen = await signIn(target.email, temporary, {
        new_password: 'Tana river evening 42',
      });
      expect(chosen.status).toBe(200);
      expect(chosen.body.user.user_id).toBe(target.userId);
      expect((await signIn(target.email, 'Tana river evening 42')).status).toBe(200);
      expect((await signIn(target.email, temporary)).status).toBe(401);
      expect((await passwordState(target.userId)).must_change_password).toBe(false);
    });

    it('adds a colleague with a temporary password when the admin gives none', async () => {
      const email = `invited-${uuidv7()}@hillside.example`;
      const added = await api<{ user_id: string; temporary_password: string }>(
        server.url,
        '/users',
        { token: admin.token, body: { email, full_name: 'Kamau Njoroge', roles: ['nurse'] } },
      );
      expect(added.status).toBe(201);
      const temporary = added.body.temporary_password;
      expect(temporary).toMatch(/^[a-z2-9]{4}(-[a-z2-9]{4}){3}$/);
      expect((await passwordState(added.body.user_id)).must_change_password).toBe(true);
      expect((await signIn(email, temporary)).body.error?.code).toBe('password_change_required');
      const chosen = await signIn(email, temporary, { new_password: 'Mount Elgon coffee 19' });
      expect(chosen.status).toBe(200);
      // A password that is given gets no temporary one.
      const given = await api<{ temporary_password?: string }>(server.url, '/users', {
        token: admin.token,
        body: {
          email: `given-${uuidv7()}@hillside.example`,
          full_name: 'Kamau Njoroge',
          roles: ['nurse'],
          password,
        },
      });
      expect(given.status).toBe(201);
      expect(given.body.temporary_password).toBeUndefined();
    });

    it('refuses a deactivated colleague, and the last admin keeps the admin role', async () => {
      const leaver = await colleague(['nurse'], 'Juma Hassan');
      const deactivated = await api(server.url, '/commands/deactivate-user', {
        token: admin.token,
        body: {
          aggregate_id: leaver.userId,
          expected_version: 1,
          payload: { reason: 'Moved away' },
        },
      });
      expect(deactivated.status).toBe(200);
      const refused = await reset(admin.token, leaver.userId);
      expect(refused.status).toBe(409);
      expect(refused.body.error?.code).toBe('account_inactive');

      // Two admins, each on a tablet, take the other's admin role at the same moment:
      // one of the two commands is stored, never both, and the organisation keeps an admin.
      for (let round = 0; round < 3; round += 1) {
        const clinic = await signUpClinic(server.url, undefined, { password });
        const email = `second-${uuidv7()}@hillside.example`;
        const other = await api<{ user_id: string }>(server.url, '/users', {
          token: clinic.token,
          body: { email, full_name: 'Imani Njeri', roles: ['admin'], password },
        });
        expect(other.status).toBe(201);
        const otherSession = await signIn(email, password);
        const first = new TestDevice(server.url, clinic);
        const second = new TestDevice(server.url, otherSession.body);
        await Promise.all([first.pullAll(), second.pullAll()]);
        const demoteOther = first.command('ChangeUserRoles', 'user', other.body.user_id, {
          roles: ['doctor'],
        });
        const demoteFounder = second.command('ChangeUserRoles', 'user', clinic.user.user_id, {
          roles: ['doctor'],
        });
        const answers = await Promise.all([
          first.push([demoteOther]),
          second.push([demoteFounder]),
        ]);
        const stored = answers.filter((answer) => answer.body.results[0]!.status === 'accepted');
        expect(stored).toHaveLength(1);
        // The other is refused in words any language can say: decided at the same moment,
        // as the last admin's demotion; decided after, as an admin's no longer.
        const refused = answers.find((answer) => answer.body.results[0]!.status !== 'accepted');
        expect([
          { status: 'conflict', code: 'illegal_state', key: 'user.lastAdmin' },
          { status: 'rejected', code: 'forbidden', key: 'kernel.roleMayNot' },
        ]).toContainEqual({
          status: refused!.body.results[0]!.status,
          code: refused!.body.results[0]!.error?.code,
          key: refused!.body.results[0]!.error?.key,
        });
        const { rows } = await server.database.query<{ admins: number }>(
          `SELECT count(*)::int AS admins FROM users
            WHERE hospital_id = $1 AND active AND 'admin' = ANY(roles)`,
          [clinic.user.hospital_id],
        );
        expect(rows[0]!.admins).toBe(1);
      }
    });
  });
});
