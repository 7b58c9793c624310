import { type SessionResponse } from '@mymedic/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signUpClinic, startTestServer, type TestServer } from '../../test/test-server';
import { api, colleagueDevice, testDatabases } from '../../test/support';

interface Staff {
  users: { user_id: string; full_name: string; roles: string[]; active: boolean }[];
}

/** `GET /users`: the organisation's staff as a colleague sees them, for booking and writing. */
describe.each(testDatabases)('the staff list on $name', ({ url: databaseUrl }) => {
  let server: TestServer;
  let hillside: SessionResponse;
  let riverside: SessionResponse;
  beforeAll(async () => {
    server = await startTestServer(databaseUrl ? { databaseUrl } : {});
    hillside = await signUpClinic(server.url, 'Hillside Clinic', { full_name: 'Ada Admin' });
    riverside = await signUpClinic(server.url, 'Riverside Clinic', { full_name: 'Rita River' });
  });
  afterAll(() => server.close());

  const list = (token: string, query = '') =>
    api<Staff>(server.url, `/users${query}`, { token, method: 'GET' });

  it("lists its own organisation's staff by name, with roles and no email, to any colleague", async () => {
    const doctor = await colleagueDevice(server.url, hillside, 'doctor', 'Grace Okello');
    const reception = await colleagueDevice(server.url, hillside, 'receptionist', 'Peter Kamau');
    const { status, body } = await list(reception.token);
    expect(status).toBe(200);
    expect(body.users.map((user) => [user.full_name, user.roles, user.active])).toEqual([
      ['Ada Admin', ['admin'], true],
      ['Grace Okello', ['doctor'], true],
      ['Peter Kamau', ['receptionist'], true],
    ]);
    expect(JSON.stringify(body)).not.toContain('@');
    const doctors = await list(reception.token, '?role=doctor');
    expect(doctors.body.users.map((user) => user.user_id)).toEqual([doctor.session.user.user_id]);
    // The other clinic sees its own only.
    const theirs = await list(riverside.token);
    expect(theirs.body.users.map((user) => user.full_name)).toEqual(['Rita River']);
  });

  it('refuses an unknown role or key, and a request without a token', async () => {
    for (const query of ['?role=surgeon', '?role=', '?hospital_id=x', '?role=doctor&role=nurse']) {
      const { status, body } = await api<{ error: { code: string } }>(
        server.url,
        `/users${query}`,
        { token: hillside.token, method: 'GET' },
      );
      expect(status, query).toBe(400);
      expect(body.error.code).toBe('invalid_request');
    }
    expect((await api(server.url, '/users', { method: 'GET' })).status).toBe(401);
  });
});
