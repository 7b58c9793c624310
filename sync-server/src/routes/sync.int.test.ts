import {
  uuidv7,
  type PullResponse,
  type PushResponse,
  type SessionResponse,
} from '@mymedic/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signUpClinic, startTestServer, type TestServer } from '../../test/test-server';
import { api, registration, TestDevice, testDatabases } from '../../test/support';

describe.each(testDatabases)('sync on $name', ({ url: databaseUrl }) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(databaseUrl ? { databaseUrl } : {});
  });
  afterAll(() => server.close());

  const newDevices = async () => {
    const session = await signUpClinic(server.url);
    return [new TestDevice(server.url, session), new TestDevice(server.url, session)] as const;
  };

  it('accepts a registration as sent and serves it back in order', async () => {
    const [tablet] = await newDevices();
    await tablet.pullAll();
    const patientId = uuidv7();
    const command = tablet.command('RegisterPatient', 'patient', patientId, registration());
    const { status, body } = await tablet.push([command]);
    expect(status).toBe(200);
    expect(body.results).toEqual([
      {
        command_id: command.command_id,
        status: 'accepted',
        events: [{ event_id: command.events[0]!.event_id, version: 1, position: body.head }],
      },
    ]);
    expect(body.last_client_seq).toBe(command.client_seq);
    const log = await tablet.pullAll();
    expect(log.map((event) => event.position)).toEqual(log.map((_, index) => index + 1));
    const stored = log.at(-1)!;
    expect(stored).toMatchObject({
      event_id: command.events[0]!.event_id,
      aggregate_id: patientId,
      type: 'PatientRegistered',
      meta: {
        user_id: tablet.session.user.user_id,
        device_id: tablet.deviceId,
        command_id: command.command_id,
      },
    });
  });

  it('merges concurrent edits of different fields and reports the same field as a conflict', async () => {
    const [tabletA, tabletB] = await newDevices();
    await tabletA.pullAll();
    const patientId = uuidv7();
    await tabletA.push([tabletA.command('RegisterPatient', 'patient', patientId, registration())]);
    await Promise.all([tabletA.pullAll(), tabletB.pullAll()]);

    const phoneOnA = tabletA.command('UpdatePatientDetails', 'patient', patientId, {
      changes: { phone: { from: '+254 712 345678', to: '+254700000001' } },
    });
    const languageOnB = tabletB.command('UpdatePatientDetails', 'patient', patientId, {
      changes: { preferred_language: { from: null, to: 'sw' } },
    });
    const phoneOnB = tabletB.command('UpdatePatientDetails', 'patient', patientId, {
      changes: { phone: { from: '+254 712 345678', to: '+254799999999' } },
    });
    expect((await tabletA.push([phoneOnA])).body.results[0]!.status).toBe('accepted');
    const second = await tabletB.push([languageOnB, phoneOnB]);
    const [language, phone] = second.body.results;
    expect(language, JSON.stringify(language)).toMatchObject({ status: 'rebased' });
    expect(language!.events).toHaveLength(1);
    expect(language!.events[0]!.version).toBe(3);
    expect(language!.events[0]!.event_id).not.toBe(languageOnB.events[0]!.event_id);
    expect(phone!.status).toBe('conflict');
    expect(phone!.error).toMatchObject({
      code: 'conflict',
      details: {
        fields: [
          {
            field: 'phone',
            seen: '+254 712 345678',
            current: '+254700000001',
            wanted: '+254799999999',
          },
        ],
      },
    });

    const stream = (await tabletB.pullAll()).filter((event) => event.aggregate_id === patientId);
    expect(stream.map((event) => [event.version, event.type, event.data])).toEqual([
      [1, 'PatientRegistered', expect.anything()],
      [2, 'PatientDetailsUpdated', { changes: { phone: '+254700000001' } }],
      [3, 'PatientDetailsUpdated', { changes: { preferred_language: 'sw' } }],
    ]);
  });

  it('answers a replayed push and a retried lost response with duplicate, writing nothing twice', async () => {
    const [tablet] = await newDevices();
    await tablet.pullAll();
    const commands = [
      tablet.command('RegisterPatient', 'patient', uuidv7(), registration()),
      tablet.command(
        'RegisterPatient',
        'patient',
        uuidv7(),
        registration({ full_name: 'John Otieno', gender: 'male' }),
      ),
    ];
    const first = await tablet.push(commands);
    expect(first.body.results.map((result) => result.status)).toEqual(['accepted', 'accepted']);
    // The response is "lost": the device sends the same batch again, twice, at once.
    const retries = await Promise.all([tablet.push(commands), tablet.push(commands)]);
    for (const retry of retries) {
      expect(retry.status).toBe(200);
      expect(retry.body.results.map((result) => result.status)).toEqual(['duplicate', 'duplicate']);
      expect(retry.body.results.map((result) => result.events)).toEqual(
        first.body.results.map((result) => result.events),
      );
      expect(retry.body.head).toBe(first.body.head);
    }
    const log = await tablet.pullAll();
    expect(new Set(log.map((event) => event.event_id)).size).toBe(log.length);
    expect(log.filter((event) => event.type === 'PatientRegistered')).toHaveLength(2);
  });

  it('gives dense, ordered positions to 8 concurrent pushers while a reader pulls', async () => {
    const session = await signUpClinic(server.url);
    const pushers = Array.from({ length: 8 }, () => new TestDevice(server.url, session));
    const reader = new TestDevice(server.url, session);
    let pushing = true;
    const seen: number[] = [];
    const reading = (async () => {
      let after = 0;
      while (
        pushing ||
        after <
          (
            await api<PullResponse>(server.url, `/sync/pull?after=${after}&limit=1`, {
              token: session.token,
            })
          ).body.head
      ) {
        const { body } = await api<PullResponse>(server.url, `/sync/pull?after=${after}&limit=50`, {
          token: session.token,
        });
        for (const event of body.events) seen.push(event.position);
        after = body.events.at(-1)?.position ?? after;
      }
    })();
    await Promise.all(
      pushers.map(async (device) => {
        for (let batch = 0; batch < 5; batch += 1) {
          const commands = Array.from({ length: 4 }, () =>
            device.command('RegisterPatient', 'patient', uuidv7(), registration()),
          );
          const { status, body } = await device.push(commands);
          expect(status).toBe(200);
          expect(body.results.every((result) => result.status === 'accepted')).toBe(true);
        }
      }),
    );
    pushing = false;
    await reading;
    await reader.pullAll();
    const total = 2 + 8 * 5 * 4; // sign-up wrote the hospital's two events and the admin's one
    expect(seen).toEqual(Array.from({ length: total + 1 }, (_, index) => index + 1));
  });

  it('decides a stale command again for patients but refuses it for strict aggregates', async () => {
    const [tabletA, tabletB] = await newDevices();
    await Promise.all([tabletA.pullAll(), tabletB.pullAll()]);
    const hospitalId = tabletA.session.user.hospital_id;
    const first = tabletA.command('ChangeHospitalSettings', 'hospital', hospitalId, {
      changes: { idle_lock_minutes: 5 },
    });
    const second = tabletB.command('ChangeHospitalSettings', 'hospital', hospitalId, {
      changes: { default_slot_minutes: 20 },
    });
    expect((await tabletA.push([first])).body.results[0]!.status).toBe('accepted');
    const { body } = await tabletB.push([second]);
    expect(body.results[0]).toMatchObject({ status: 'conflict', error: { code: 'conflict' } });
  });
});

describe.each(testDatabases)('bad pushes on $name store nothing', ({ url: databaseUrl }) => {
  let server: TestServer;
  let tablet: TestDevice;
  let headBefore: number;
  beforeAll(async () => {
    server = await startTestServer(databaseUrl ? { databaseUrl } : {});
    tablet = new TestDevice(server.url, await signUpClinic(server.url));
    await tablet.pullAll();
  });
  afterAll(() => server.close());

  const head = async () =>
    (await api<PullResponse>(server.url, '/sync/pull?after=0&limit=1', { token: tablet.token }))
      .body.head;

  const expectNothingStored = async () => expect(await head()).toBe(headBefore);

  beforeAll(async () => {
    headBefore = await head();
  });

  it.each([
    ['malformed JSON', '{"device_id": "x", "commands": [', 400, 'invalid_json'],
    [
      'wrong types',
      JSON.stringify({ device_id: 7, commands: 'all of them' }),
      400,
      'invalid_request',
    ],
    ['an empty body', '', 400, 'invalid_json'],
    ['no commands', JSON.stringify({ device_id: 'tablet', commands: [] }), 400, 'invalid_request'],
  ])('%s is a 400', async (_what, rawBody, status, code) => {
    const response = await api<{ error: { code: string } }>(server.url, '/sync/push', {
      token: tablet.token,
      rawBody,
    });
    expect(response.status).toBe(status);
    expect(response.body.error.code).toBe(code);
    await expectNothingStored();
  });

  it('refuses a foreign hospital id or a forged author in the body', async () => {
    const command = tablet.command('RegisterPatient', 'patient', uuidv7(), registration());
    const foreignHospital = {
      device_id: tablet.deviceId,
      hospital_id: uuidv7(),
      commands: [command],
    };
    const forgedAuthor = {
      device_id: tablet.deviceId,
      commands: [{ ...command, events: [{ ...command.events[0], meta: { user_id: uuidv7() } }] }],
    };
    for (const body of [foreignHospital, forgedAuthor]) {
      const response = await api<{ error: { code: string } }>(server.url, '/sync/push', {
        token: tablet.token,
        body,
      });
      expect(response.status).toBe(400);
      expect(response.body.error.code).toBe('invalid_request');
    }
    await expectNothingStored();
  });

  it('refuses text PostgreSQL cannot store, nesting past 64 levels and clocks it cannot keep', async () => {
    const register = (details: Record<string, unknown> = {}) =>
      tablet.command('RegisterPatient', 'patient', uuidv7(), registration(details));
    const bodies: [string, unknown][] = [
      ['a NUL in a name', [register({ full_name: 'Jane\u0000Wanjiru' })]],
      ['half a surrogate pair', [register({ full_name: 'Jane \ud83d' })]],
      ['year 0', [{ ...register(), issued_at: '0000-01-01T00:00:00Z' }]],
      ['past 9999 in UTC', [{ ...register(), issued_at: '9999-12-31T23:59:59-14:00' }]],
      ['an offset no time zone has', [{ ...register(), issued_at: '2025-01-01T00:00:00+23:59' }]],
    ];
    for (const [what, commands] of bodies) {
      const response = await api<{ error: { code: string } }>(server.url, '/sync/push', {
        token: tablet.token,
        body: { device_id: tablet.deviceId, commands },
      });
      expect(response.status, what).toBe(400);
      expect(response.body.error.code, what).toBe('invalid_request');
    }
    const nulDevice = await api(server.url, '/sync/push', {
      token: tablet.token,
      body: { device_id: 'tablet\u0000', commands: [register()] },
    });
    expect(nulDevice.status).toBe(400);
    // A change whose "from" is nested deep was echoed back in a conflict: a stack overflow.
    const patient = register();
    expect((await tablet.push([patient])).body.results[0]!.status).toBe('accepted');
    await tablet.pullAll();
    headBefore = await head();
    const change = tablet.command('UpdatePatientDetails', 'patient', patient.aggregate_id, {
      changes: { phone: { from: '+254 712 345678', to: '+254700000002' } },
    });
    const deep = '['.repeat(100_000) + ']'.repeat(100_000);
    const deepChange = JSON.stringify({ device_id: tablet.deviceId, commands: [change] }).replace(
      '"from":"+254 712 345678"',
      `"from":${deep}`,
    );
    const nested = await api<{ error: { message: string } }>(server.url, '/sync/push', {
      token: tablet.token,
      rawBody: deepChange,
    });
    expect(nested.status).toBe(400);
    expect(nested.body.error.message).toMatch(/deeper than 64 levels/);
    await expectNothingStored();
  });

  it('rejects unknown command types, events that differ from the decider and forbidden commands', async () => {
    const patientId = uuidv7();
    const unknown = {
      ...tablet.command('RegisterPatient', 'patient', patientId, registration()),
      type: 'DeleteEverything',
    };
    const tampered = tablet.command('RegisterPatient', 'patient', uuidv7(), registration());
    tampered.events[0]!.data = {
      ...(tampered.events[0]!.data as object),
      full_name: 'Someone Else',
    };
    const extraEvent = tablet.command('RegisterPatient', 'patient', uuidv7(), registration());
    extraEvent.events.push({ ...extraEvent.events[0]!, event_id: uuidv7(), version: 2 });
    const { status, body } = await tablet.push([unknown, tampered, extraEvent]);
    expect(status).toBe(200);
    expect(body.results.map((result) => [result.status, result.error?.code])).toEqual([
      ['rejected', 'unknown_command'],
      ['rejected', 'events_mismatch'],
      ['rejected', 'events_mismatch'],
    ]);
    await expectNothingStored();
  });

  it('rejects a command the role may not issue, and one claiming a future version', async () => {
    const email = `ravi-${uuidv7()}@hillside.example`;
    const created = await api(server.url, '/users', {
      token: tablet.token,
      body: { email, full_name: 'Ravi Menon', role: 'receptionist', password: 'reception desk 1' },
    });
    expect(created.status).toBe(201);
    const login = await api<SessionResponse>(server.url, '/auth/login', {
      body: { email, password: 'reception desk 1', device_id: 'reception-desk-1' },
    });
    const reception = new TestDevice(server.url, login.body);
    const patientId = uuidv7();
    await reception.push([
      reception.command('RegisterPatient', 'patient', patientId, registration()),
    ]);
    await reception.pullAll();
    headBefore = await head();

    // The receptionist's device would refuse this itself; a hostile one sends it anyway.
    const allergy = {
      allergy_id: uuidv7(),
      substance: 'Penicillin',
      reaction: 'Hives',
      severity: 'severe',
    };
    const forbidden = {
      ...reception.command('UpdatePatientDetails', 'patient', patientId, {
        changes: { preferred_language: { from: null, to: 'sw' } },
      }),
      type: 'RecordAllergy',
      payload: allergy,
    };
    forbidden.events = [{ ...forbidden.events[0]!, type: 'AllergyRecorded', data: allergy }];
    const future = {
      ...tablet.command('ChangeHospitalSettings', 'hospital', tablet.session.user.hospital_id, {
        changes: { idle_lock_minutes: 5 },
      }),
      expected_version: 99,
    };
    const refused = await reception.push([forbidden]);
    expect(refused.body.results[0]).toMatchObject({
      status: 'rejected',
      error: { code: 'forbidden' },
    });
    const ahead = await tablet.push([future]);
    expect(ahead.body.results[0]).toMatchObject({
      status: 'rejected',
      error: { code: 'invalid_version' },
    });
    await expectNothingStored();
  });

  it('answers 413 past 500 commands or 1 MiB', async () => {
    const many = Array.from({ length: 501 }, () =>
      tablet.command('RegisterPatient', 'patient', uuidv7(), registration()),
    );
    const tooMany = await api<{ error: { code: string } }>(server.url, '/sync/push', {
      token: tablet.token,
      body: { device_id: tablet.deviceId, commands: many },
    });
    expect(tooMany.status).toBe(413);
    const huge = await api<{ error: { code: string } }>(server.url, '/sync/push', {
      token: tablet.token,
      body: {
        device_id: tablet.deviceId,
        commands: [{ ...many[0], payload: { note: 'x'.repeat(1024 * 1024) } }],
      },
    });
    expect(huge.status).toBe(413);
    expect(huge.body.error.code).toBe('payload_too_large');
    await expectNothingStored();
  });

  it('needs a token', async () => {
    const response = await api<{ error: { code: string } }>(server.url, '/sync/push', {
      body: { device_id: 'x', commands: [] },
    });
    expect(response.status).toBe(401);
  });
});

export type { PushResponse };
