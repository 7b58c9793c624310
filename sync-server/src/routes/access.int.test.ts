import { createHash } from 'node:crypto';
import {
  sha256Hex,
  uuidv7,
  type PullResponse,
  type PushResponse,
  type SessionResponse,
} from '@mymedic/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addStaffAccount } from '../auth/accounts';
import { signUpClinic, startTestServer, type TestServer } from '../../test/test-server';
import { api, deviceOf, registration, TestDevice, testDatabases } from '../../test/support';

type ErrorResponse = { error: { code: string; message: string } };

/** How long a session's check is reused in these tests: the bound every refusal meets. */
const cacheSeconds = 1;
const pastTheBound = () => new Promise((resolve) => setTimeout(resolve, cacheSeconds * 1000 + 200));

describe.each(testDatabases)('who a request is, on every route, on $name', ({ url }) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({
      ...(url ? { databaseUrl: url } : {}),
      config: { authCheckCacheSeconds: cacheSeconds },
    });
  });
  afterAll(() => server.close());

  const login = (email: string, password: string, deviceId: string) =>
    api<SessionResponse>(server.url, '/auth/login', {
      body: { email, password, device_id: deviceId },
    });

  /** A colleague added by the admin, signed in on a tablet of their own. */
  async function colleague(
    admin: SessionResponse,
    roles: string[],
  ): Promise<{ session: SessionResponse; userId: string; email: string }> {
    const email = `colleague-${uuidv7()}@hillside.example`;
    const created = await api<{ user_id: string }>(server.url, '/users', {
      token: admin.token,
      body: { email, full_name: 'Amara Okafor', roles, password: 'Kisumu bedside 7741' },
    });
    expect(created.status).toBe(201);
    const session = await login(email, 'Kisumu bedside 7741', `tablet-${uuidv7()}`);
    expect(session.status).toBe(200);
    expect(session.body.user.roles).toEqual(roles);
    return { session: session.body, userId: created.body.user_id, email };
  }

  /** The admin changes a colleague's roles or deactivates them, from the admin's device. */
  async function adminDoes(
    admin: SessionResponse,
    type: 'ChangeUserRoles' | 'DeactivateUser',
    userId: string,
    payload: Record<string, unknown>,
  ) {
    const desk = new TestDevice(server.url, admin);
    await desk.pullAll();
    const { status, body } = await desk.push([desk.command(type, 'user', userId, payload)]);
    expect(status).toBe(200);
    expect(body.results[0]!.status).toBe('accepted');
  }

  const xray = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 1, 2, 3, 4]);
  const xrayDigest = createHash('sha256').update(xray).digest('hex');

  /** One request to each authenticated route, as this token. */
  async function everyRoute(session: SessionResponse) {
    const token = session.token;
    const tablet = new TestDevice(server.url, session);
    const push = await api<ErrorResponse>(server.url, '/sync/push', {
      token,
      body: {
        device_id: tablet.deviceId,
        commands: [tablet.command('RegisterPatient', 'patient', uuidv7(), registration())],
      },
    });
    const fileRequest = (method: 'PUT' | 'GET') =>
      fetch(`${server.url}/files/${xrayDigest}`, {
        method,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'image/png' },
        ...(method === 'PUT' ? { body: xray } : {}),
      });
    const answer = async (response: Response) => ({
      status: response.status,
      code: ((await response.json().catch(() => null)) as ErrorResponse | null)?.error?.code,
    });
    const live = await fetch(`${server.url}/sync/live`, {
      headers: { authorization: `Bearer ${token}` },
    });
    const liveAnswer =
      live.status === 200
        ? (await live.body?.cancel(), { status: 200, code: undefined })
        : await answer(live);
    const users = await api<ErrorResponse>(server.url, '/users', {
      token,
      body: {
        email: `planted-${uuidv7()}@hillside.example`,
        full_name: 'Planted Admin',
        roles: ['admin'],
        password: 'Planted admin 55 ward',
      },
    });
    const pull = await api<ErrorResponse>(server.url, '/sync/pull', { token });
    return {
      'POST /sync/push': { status: push.status, code: push.body?.error?.code },
      'GET /sync/pull': { status: pull.status, code: pull.body?.error?.code },
      'GET /sync/live': liveAnswer,
      'PUT /files': await answer(await fileRequest('PUT')),
      'GET /files': await answer(await fileRequest('GET')),
      'POST /users': { status: users.status, code: users.body?.error?.code },
    };
  }

  const refusedEverywhere = (status: number, code: string) => ({
    'POST /sync/push': { status, code },
    'GET /sync/pull': { status, code },
    'GET /sync/live': { status, code },
    'PUT /files': { status, code },
    'GET /files': { status, code },
    'POST /users': { status, code },
  });

  it("refuses a demoted admin's old token on POST /users, and creates nothing", async () => {
    const founder = await signUpClinic(server.url);
    const second = await colleague(founder, ['admin']);
    await adminDoes(founder, 'ChangeUserRoles', second.userId, { roles: ['receptionist'] });

    const plantedEmail = `planted-${uuidv7()}@hillside.example`;
    const planted = await api<ErrorResponse>(server.url, '/users', {
      token: second.session.token,
      body: {
        email: plantedEmail,
        full_name: 'Planted Admin',
        role: 'admin',
        password: 'Planted admin 55 ward',
      },
    });
    expect(planted.status).toBe(403);
    expect(planted.body.error.code).toBe('forbidden');
    expect((await login(plantedEmail, 'Planted admin 55 ward', 'desk-planted')).status).toBe(401);

    // The check that counts is the one inside the transaction that would create the
    // account: given roles read before the demotion, it still refuses.
    await expect(
      addStaffAccount(
        server.app.accounts,
        founder.user.hospital_id,
        { user_id: second.userId, roles: ['admin'] },
        {
          email: plantedEmail,
          full_name: 'Planted',
          roles: ['admin'],
          password: 'Planted 9931 ward kit',
        },
      ),
    ).rejects.toMatchObject({ code: 'forbidden' });
    expect((await login(plantedEmail, 'Planted 9931 ward kit', 'desk-planted')).status).toBe(401);
    const staff = (await new TestDevice(server.url, founder).pullAll()).filter(
      (event) => event.type === 'UserCreated',
    );
    expect(staff).toHaveLength(2);
  });

  it("refuses a deactivated person's old token on every route", async () => {
    const founder = await signUpClinic(server.url);
    const nurse = await colleague(founder, ['nurse']);
    const before = await everyRoute(nurse.session);
    expect(before['GET /sync/pull'].status).toBe(200);
    expect(before['POST /sync/push'].status).toBe(200);
    await adminDoes(founder, 'DeactivateUser', nurse.userId, { reason: 'Left the clinic' });
    expect(await everyRoute(nurse.session)).toEqual(refusedEverywhere(403, 'account_inactive'));
  });

  it("refuses a signed-out session's access token on every route, within the cache bound", async () => {
    const founder = await signUpClinic(server.url);
    const nurse = await colleague(founder, ['nurse']);
    const other = await login(nurse.email, 'Kisumu bedside 7741', `phone-${uuidv7()}`);
    expect((await api(server.url, '/sync/pull', { token: nurse.session.token })).status).toBe(200);
    const signOut = await api(server.url, '/auth/logout', {
      body: { refresh_token: nurse.session.refresh_token },
    });
    expect(signOut.status).toBe(204);
    expect(await everyRoute(nurse.session)).toEqual(refusedEverywhere(401, 'session_ended'));
    // The person's other session goes on.
    expect((await api(server.url, '/sync/pull', { token: other.body.token })).status).toBe(200);

    // A session ended by another process (here: straight in the database) is refused
    // once the check's answer is older than the bound.
    await api(server.url, '/sync/pull', { token: other.body.token });
    await server.database.query('UPDATE refresh_tokens SET revoked_at = now() WHERE user_id = $1', [
      nurse.userId,
    ]);
    await pastTheBound();
    const late = await api<ErrorResponse>(server.url, '/sync/pull', { token: other.body.token });
    expect(late.status).toBe(401);
    expect(late.body.error.code).toBe('session_ended');
  });

  it('takes a role change on the next request: a doctor made nurse may no longer sign', async () => {
    const founder = await signUpClinic(server.url);
    const doctor = await colleague(founder, ['doctor']);
    const tablet = new TestDevice(server.url, doctor.session);
    await tablet.pullAll();
    const patientId = uuidv7();
    await tablet.registerPatients(patientId);
    const noteId = uuidv7();
    const draft = tablet.command('DraftNote', 'note', noteId, {
      patient_id: patientId,
      visit_id: null,
      body: 'Fever for two days.',
    });
    expect((await tablet.push([draft])).body.results[0]!.status).toBe('accepted');
    await tablet.pullAll();
    const sign = tablet.command('SignNote', 'note', noteId, {
      content_sha256: await sha256Hex('Fever for two days.'),
    });
    await adminDoes(founder, 'ChangeUserRoles', doctor.userId, { roles: ['nurse'] });
    const refused = await tablet.push([sign]);
    expect(refused.body.results[0]).toMatchObject({
      status: 'rejected',
      error: { code: 'forbidden' },
    });
  });

  it('binds every token to a device: reserved ids are refused, and one device cannot push as another', async () => {
    const founder = await signUpClinic(server.url);
    for (const deviceId of ['server', 'SYSTEM', 'System', 'short', 'tab let 1', '']) {
      const refused = await login(founder.user.email, 'correct horse battery', deviceId);
      expect(refused.status, deviceId).toBe(400);
      const signUp = await api<ErrorResponse>(server.url, '/auth/signup', {
        body: {
          organization: { kind: 'clinic', name: 'Reserved' },
          admin: {
            full_name: 'A',
            email: `r-${uuidv7()}@hillside.example`,
            password: 'correct horse battery',
          },
          device_id: deviceId,
        },
      });
      expect(signUp.status, deviceId).toBe(400);
    }
    // A script that names no device gets one of its own, never another's.
    const noDevice = await api<SessionResponse>(server.url, '/auth/login', {
      body: { email: founder.user.email, password: 'correct horse battery' },
    });
    expect(noDevice.status).toBe(200);
    expect(deviceOf(noDevice.body)).toMatch(/^api-[0-9a-f-]{36}$/);

    const tablet = new TestDevice(server.url, founder);
    await tablet.pullAll();
    const headBefore = (await tablet.pullAll()).at(-1)!.position;
    for (const deviceId of ['server', 'SYSTEM', 'another-tablet-1']) {
      const push = await api<ErrorResponse>(server.url, '/sync/push', {
        token: founder.token,
        body: {
          device_id: deviceId,
          commands: [tablet.command('RegisterPatient', 'patient', uuidv7(), registration())],
        },
      });
      expect(push.status, deviceId).toBe(deviceId === 'another-tablet-1' ? 403 : 400);
      expect(push.body.error.code, deviceId).toBe(
        deviceId === 'another-tablet-1' ? 'device_mismatch' : 'invalid_request',
      );
    }
    // Refreshing keeps the device; a refresh naming another one is refused.
    const elsewhere = await api<ErrorResponse>(server.url, '/auth/refresh', {
      body: { refresh_token: founder.refresh_token, device_id: 'another-tablet-1' },
    });
    expect(elsewhere.status).toBe(403);
    expect(elsewhere.body.error.code).toBe('device_mismatch');
    const refreshed = await api<SessionResponse>(server.url, '/auth/refresh', {
      body: { refresh_token: founder.refresh_token },
    });
    expect(refreshed.status).toBe(200);
    expect(deviceOf(refreshed.body)).toBe(deviceOf(founder));
    const log = await api<PullResponse>(server.url, '/sync/pull', { token: refreshed.body.token });
    expect(log.body.events.at(-1)!.position).toBe(headBefore);
  });

  it('refuses ids in upper case with 400 and stores nothing, never a 500', async () => {
    const founder = await signUpClinic(server.url);
    const tablet = new TestDevice(server.url, founder);
    await tablet.pullAll();
    const patientId = uuidv7();
    const register = tablet.command('RegisterPatient', 'patient', patientId, registration());
    expect((await tablet.push([register])).body.results[0]!.status).toBe('accepted');
    await tablet.pullAll();
    const update = tablet.command('UpdatePatientDetails', 'patient', patientId, {
      changes: { phone: { from: '+254 712 345678', to: '+254700000009' } },
    });
    const headBefore = (await tablet.pullAll()).at(-1)!.position;
    // Before: a second registration naming the stored patient's id in upper case was
    // decided as a new stream, failed the stream insert and was retried into a 500.
    const again = tablet.command('RegisterPatient', 'patient', uuidv7(), registration());
    const spellings = [
      { ...again, aggregate_id: patientId.toUpperCase() },
      { ...update, aggregate_id: patientId.toUpperCase() },
      { ...update, command_id: update.command_id.toUpperCase() },
      {
        ...update,
        events: update.events.map((event) => ({
          ...event,
          event_id: event.event_id.toUpperCase(),
        })),
      },
    ];
    for (const command of spellings) {
      const response = await api<{
        error: { code: string; details: { issues: { message: string }[] } };
      }>(server.url, '/sync/push', {
        token: founder.token,
        body: { device_id: tablet.deviceId, commands: [command] },
      });
      expect(response.status).toBe(400);
      expect(response.body.error.code).toBe('invalid_request');
      expect(response.body.error.details.issues).toEqual([
        expect.objectContaining({ message: 'Must be a UUID in lower case' }),
      ]);
    }
    expect((await tablet.pullAll()).at(-1)!.position).toBe(headBefore);
    const accepted = await tablet.push([update]);
    expect(accepted.body.results[0]!.status).toBe('accepted');
  });

  it('makes an independent doctor admin and doctor, who can sign a note and add staff', async () => {
    const founder = await signUpClinic(server.url, 'Dr Okello', { kind: 'independent' });
    expect(founder.user.roles).toEqual(['admin', 'doctor']);
    expect(founder.user.role).toBe('admin');
    const tablet = new TestDevice(server.url, founder);
    await tablet.pullAll();
    const noteId = uuidv7();
    const body = 'Review in two weeks.';
    const patientId = uuidv7();
    await tablet.registerPatients(patientId);
    const drafted = await tablet.push([
      tablet.command('DraftNote', 'note', noteId, {
        patient_id: patientId,
        visit_id: null,
        body,
      }),
    ]);
    expect(drafted.body.results[0]!.status).toBe('accepted');
    await tablet.pullAll();
    const signed: PushResponse = (
      await tablet.push([
        tablet.command('SignNote', 'note', noteId, { content_sha256: await sha256Hex(body) }),
      ])
    ).body;
    expect(signed.results[0]!.status).toBe('accepted');
    await colleague(founder, ['receptionist']);
    const created = (await tablet.pullAll()).find((event) => event.type === 'UserCreated');
    expect(created).toMatchObject({ schema_version: 2, data: { roles: ['admin', 'doctor'] } });

    const clinicDoctor = await signUpClinic(server.url, 'Lakeside', { also_doctor: true });
    expect(clinicDoctor.user.roles).toEqual(['admin', 'doctor']);
    const hospital = await signUpClinic(server.url, 'District Hospital', { kind: 'hospital' });
    expect(hospital.user.roles).toEqual(['admin']);
  });
});
