import { uuidv7, type SessionResponse } from '@mymedic/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signUpClinic, startTestServer, type TestServer } from '../../test/test-server';
import { api, deviceOf, testDatabases } from '../../test/support';

type ErrorResponse = { error: { code: string; message: string } };
interface DeviceList {
  devices: { device_id: string; people: { full_name: string }[]; revoked_at: string | null }[];
  this_device: string;
}

const password = 'Kisumu bedside 7741';

describe.each(testDatabases)('a lost tablet revoked, on $name', ({ url }) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(url ? { databaseUrl: url } : {});
  });
  afterAll(() => server.close());

  const login = (email: string, deviceId: string) =>
    api<SessionResponse>(server.url, '/auth/login', {
      body: { email, password, device_id: deviceId },
    });

  /** A nurse the admin adds, signed in on the ward tablet. */
  async function wardTablet(admin: SessionResponse) {
    const email = `nurse-${uuidv7()}@hillside.example`;
    const created = await api(server.url, '/users', {
      token: admin.token,
      body: { email, full_name: 'Amara Okafor', roles: ['nurse'], password },
    });
    expect(created.status).toBe(201);
    const tablet = `ward-tablet-${uuidv7()}`;
    const signedIn = await login(email, tablet);
    expect(signedIn.status).toBe(200);
    return { email, tablet, session: signedIn.body };
  }

  it('ends the tablet sessions at once and refuses it any new one, on every door', async () => {
    const admin = await signUpClinic(server.url);
    const ward = await wardTablet(admin);
    expect((await api(server.url, '/sync/pull', { token: ward.session.token })).status).toBe(200);

    const listed = await api<DeviceList>(server.url, '/devices', { token: admin.token });
    expect(listed.status).toBe(200);
    expect(listed.body.this_device).toBe(deviceOf(admin));
    expect(listed.body.devices.find((device) => device.device_id === ward.tablet)).toMatchObject({
      people: [{ full_name: 'Amara Okafor' }],
      revoked_at: null,
    });

    // The nurse may not revoke; nobody revokes the device they are using.
    const byNurse = await api<ErrorResponse>(
      server.url,
      `/devices/${encodeURIComponent(deviceOf(admin))}/revoke`,
      { token: ward.session.token, body: {} },
    );
    expect(byNurse.status).toBe(403);
    const own = await api<ErrorResponse>(
      server.url,
      `/devices/${encodeURIComponent(deviceOf(admin))}/revoke`,
      { token: admin.token, body: {} },
    );
    expect(own.body.error.code).toBe('own_device');

    const revoked = await api<{ sessions_ended: number }>(
      server.url,
      `/devices/${encodeURIComponent(ward.tablet)}/revoke`,
      { token: admin.token, body: {} },
    );
    expect(revoked.status).toBe(200);
    expect(revoked.body.sessions_ended).toBe(1);

    const pull = await api<ErrorResponse>(server.url, '/sync/pull', { token: ward.session.token });
    expect(pull.status).toBe(401);
    expect(pull.body.error.code).toBe('device_revoked');
    const refresh = await api<ErrorResponse>(server.url, '/auth/refresh', {
      body: { refresh_token: ward.session.refresh_token },
    });
    expect(refresh.body.error.code).toBe('device_revoked');
    const again = await login(ward.email, ward.tablet);
    expect(again.status).toBe(401);
    expect((again.body as unknown as ErrorResponse).error.code).toBe('device_revoked');
    // Wiped, the tablet takes a new device id and its person signs in again.
    expect((await login(ward.email, `ward-tablet-${uuidv7()}`)).status).toBe(200);
  });

  it("does not reach another organisation's devices", async () => {
    const hillside = await signUpClinic(server.url);
    const ward = await wardTablet(hillside);
    const riverside = await signUpClinic(server.url);
    const reach = await api<ErrorResponse>(
      server.url,
      `/devices/${encodeURIComponent(ward.tablet)}/revoke`,
      { token: riverside.token, body: {} },
    );
    expect(reach.status).toBe(404);
    expect((await api(server.url, '/sync/pull', { token: ward.session.token })).status).toBe(200);
    const list = await api<DeviceList>(server.url, '/devices', { token: riverside.token });
    expect(list.body.devices.map((device) => device.device_id)).not.toContain(ward.tablet);
  });
});
