import { createHmac } from 'node:crypto';
import type { SessionResponse } from '@mymedic/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testConfig } from '../config';
import { asSignIn } from '../db/tenant';
import { signUpClinic, startTestServer, type TestServer } from '../../test/test-server';
import { api, deviceOf, testDatabases } from '../../test/support';

const base64url = (value: object | string) =>
  Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');

function craftToken(claims: object, secret: string | null, algorithm = 'HS256') {
  const unsigned = `${base64url({ alg: algorithm, typ: 'JWT' })}.${base64url(claims)}`;
  if (secret === null) return `${unsigned}.`;
  return `${unsigned}.${createHmac('sha256', secret).update(unsigned).digest('base64url')}`;
}

type ErrorResponse = { error: { code: string; message: string } };

describe.each(testDatabases)('auth on $name', ({ url: databaseUrl }) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(databaseUrl ? { databaseUrl } : {});
  });
  afterAll(() => server.close());

  it('signs up an organisation and its admin, who can then sign in', async () => {
    const email = `asha-${crypto.randomUUID()}@hillside.example`;
    const session = await signUpClinic(server.url, 'Hillside Clinic', {
      email,
      full_name: 'Asha Admin',
      password: 'correct horse battery',
    });
    expect(session).toMatchObject({
      expires_in: 900,
      user: { email, full_name: 'Asha Admin', role: 'admin', roles: ['admin'] },
    });
    const login = await api<SessionResponse>(server.url, '/auth/login', {
      body: {
        email: email.toUpperCase(),
        password: 'correct horse battery',
        device_id: 'desk-0001',
      },
    });
    expect(login.status).toBe(200);
    expect(login.body.user).toEqual(session.user);
    const again = await api<ErrorResponse>(server.url, '/auth/signup', {
      body: {
        organization: { kind: 'clinic', name: 'Copy' },
        admin: { full_name: 'A', email, password: 'correct horse battery' },
        device_id: 'desk-copy-1',
      },
    });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('email_taken');
  });

  it('explains what is wrong with a sign-up, field by field, and stores nothing', async () => {
    const response = await api<{
      error: { code: string; details: { issues: { path: string }[] } };
    }>(server.url, '/auth/signup', {
      body: {
        organization: { kind: 'spa', name: '' },
        admin: { full_name: 'A', email: 'nope', password: 'short' },
        device_id: 'server',
      },
    });
    expect(response.status).toBe(400);
    expect(response.body.error.details.issues.map((issue) => issue.path).sort()).toEqual([
      'admin.email',
      'admin.password',
      'device_id',
      'organization.kind',
      'organization.name',
    ]);
  });

  it('refuses a wrong password with 401 and slows the address with 429 past 5 failures', async () => {
    const email = `throttle-${crypto.randomUUID()}@hillside.example`;
    await signUpClinic(server.url, 'Throttled Clinic', { email });
    for (let attempt = 0; attempt < 5; attempt += 1) {
      const wrong = await api<ErrorResponse>(server.url, '/auth/login', {
        body: { email, password: 'wrong password', device_id: 'desk-1234' },
      });
      expect(wrong.status).toBe(401);
      expect(wrong.body.error).toEqual({
        code: 'invalid_credentials',
        message: 'The email or password is not right',
        key: 'server.invalidCredentials',
      });
    }
    const throttled = await api<ErrorResponse>(server.url, '/auth/login', {
      body: { email, password: 'correct horse battery', device_id: 'desk-1234' },
    });
    expect(throttled.status).toBe(429);
    expect(throttled.body.error).toMatchObject({
      code: 'too_many_attempts',
      key: expect.stringMatching(/^server\.tooManyAttempts(Seconds|Minutes)$/) as string,
      values: { count: expect.any(Number) as number },
    });
    const unknown = await api<ErrorResponse>(server.url, '/auth/login', {
      body: {
        email: 'nobody@hillside.example',
        password: 'whatever it is',
        device_id: 'desk-1234',
      },
    });
    expect(unknown.status).toBe(401);
  });

  it('refuses an easily guessed password on every route that sets one, naming the problem', async () => {
    const admin = await signUpClinic(server.url, 'Hillside Clinic');
    const email = `asha.wanjiku-${crypto.randomUUID().slice(0, 8)}@hillside.example`;
    const signUp = (password: string) =>
      api<ErrorResponse & { error: { details?: { issues: { path: string }[] } } }>(
        server.url,
        '/auth/signup',
        {
          body: {
            organization: { kind: 'clinic', name: 'Riverside Clinic' },
            admin: { full_name: 'Asha Wanjiku', email, password },
            device_id: 'riverside-desk',
          },
        },
      );
    const addColleague = (password: string) =>
      api<ErrorResponse & { error: { details?: { issues: { path: string }[] } } }>(
        server.url,
        '/users',
        {
          token: admin.token,
          body: { email, full_name: 'Asha Wanjiku', role: 'nurse', password },
        },
      );
    const weak: [string, string][] = [
      ['password123', 'Password must be at least 12 characters'],
      ['1234567890', 'Password must be at least 12 characters'],
      ['aaaaaaaaaaaa', 'Password must not be one character or a few repeated'],
      ['123456789012', 'Password must not be a run of digits, letters or keys'],
      [email, 'Password must not contain your email address'],
      [
        email.split('@')[0]!.toUpperCase(),
        'Password must not be your email address or built from it',
      ],
      ['password1234', 'This password is a common one with a little changed: choose another'],
      ['iloveyou2024', 'This password is a common one with a little changed: choose another'],
      ['Asha Wanjiku 1', 'Password must not be built from your email, name or practice'],
    ];
    for (const [password, message] of weak) {
      for (const [route, answer] of [
        ['signup', await signUp(password)],
        ['users', await addColleague(password)],
      ] as const) {
        expect(answer.status, `${route} ${password}`).toBe(400);
        const problem = answer.body.error.details?.issues.find((issue) =>
          issue.path.endsWith('password'),
        );
        expect(problem, `${route} ${password}`).toMatchObject({ message });
      }
    }
    // Nothing was stored: the email is still free, and a strong password is taken.
    expect((await signUp('tea at the river at dawn')).status).toBe(201);
    expect((await addColleague('tea at the river at dawn')).status).toBe(409);
  });

  it('refuses a sign-up or a colleague with text PostgreSQL cannot store, and stores nothing', async () => {
    const admin = await signUpClinic(server.url);
    const email = `asha-${crypto.randomUUID()}@hillside.example`;
    const signUp = (name: string) =>
      api<ErrorResponse>(server.url, '/auth/signup', {
        body: {
          organization: { kind: 'clinic', name },
          admin: { full_name: 'Asha Admin', email, password: 'correct horse battery' },
          device_id: 'desk-hillside',
        },
      });
    const withNul = await signUp('Hillside\u0000Clinic');
    const colleague = await api<ErrorResponse>(server.url, '/users', {
      token: admin.token,
      body: {
        email,
        full_name: 'Ravi \ud800Menon',
        role: 'nurse',
        password: 'reception desk 1',
      },
    });
    for (const response of [withNul, colleague]) {
      expect(response.status).toBe(400);
      expect(response.body.error.code).toBe('invalid_request');
    }
    // Neither stored the email, so it is still free.
    expect((await signUp('Hillside Clinic')).status).toBe(201);
  });

  it('refuses expired, wrongly signed, alg:none and refresh-typed tokens with 401', async () => {
    const session = await signUpClinic(server.url);
    const now = Math.floor(Date.now() / 1000);
    const { sid, did } = JSON.parse(
      Buffer.from(session.token.split('.')[1]!, 'base64url').toString(),
    ) as { sid: string; did: string };
    const claims = {
      sub: session.user.user_id,
      hid: session.user.hospital_id,
      sid,
      did,
      typ: 'access',
      aud: 'mymedic',
      iss: 'mymedic-sync',
      iat: now,
      exp: now + 600,
    };
    const valid = craftToken(claims, server.config.jwtSecret);
    expect((await api(server.url, '/sync/pull', { token: valid })).status).toBe(200);
    const cases: [string, string, string][] = [
      [
        'expired',
        craftToken({ ...claims, iat: now - 2000, exp: now - 1000 }, server.config.jwtSecret),
        'token_expired',
      ],
      [
        'wrongly signed',
        craftToken(claims, 'another-secret-that-is-long-enough-0123456789'),
        'invalid_token',
      ],
      ['alg none', craftToken(claims, null, 'none'), 'invalid_token'],
      [
        'wrong audience',
        craftToken({ ...claims, aud: 'elsewhere' }, server.config.jwtSecret),
        'invalid_token',
      ],
      // Each claim the verifier checks must also be there.
      ...(['aud', 'iss', 'exp'] as const).map((claim): [string, string, string] => [
        `no ${claim}`,
        craftToken({ ...claims, [claim]: undefined }, server.config.jwtSecret),
        'invalid_token',
      ]),
      [
        'not an access token',
        craftToken({ ...claims, typ: 'refresh' }, server.config.jwtSecret),
        'invalid_token',
      ],
      ['garbage', 'not.a.token', 'invalid_token'],
    ];
    for (const [what, token, code] of cases) {
      const response = await api<ErrorResponse>(server.url, '/sync/pull', { token });
      expect(response.status, what).toBe(401);
      expect(response.body.error.code, what).toBe(code);
    }
  });

  it('rotates refresh tokens and revokes the whole family when one is reused', async () => {
    const session = await signUpClinic(server.url);
    const first = await api<SessionResponse>(server.url, '/auth/refresh', {
      body: { refresh_token: session.refresh_token },
    });
    expect(first.status).toBe(200);
    expect(first.body.refresh_token).not.toBe(session.refresh_token);
    expect((await api(server.url, '/sync/pull', { token: first.body.token })).status).toBe(200);

    const reused = await api<ErrorResponse>(server.url, '/auth/refresh', {
      body: { refresh_token: session.refresh_token },
    });
    expect(reused.status).toBe(401);
    expect(reused.body.error.code).toBe('refresh_token_reused');
    // The thief's (or owner's) newer token of the same family is dead too.
    const afterReuse = await api<ErrorResponse>(server.url, '/auth/refresh', {
      body: { refresh_token: first.body.refresh_token },
    });
    expect(afterReuse.status).toBe(401);
  });

  it('ends a session 12 hours after its sign-in, however often it is refreshed', async () => {
    const session = await signUpClinic(server.url);
    let current = session;
    for (let round = 0; round < 3; round += 1) {
      const next = await api<SessionResponse>(server.url, '/auth/refresh', {
        body: { refresh_token: current.refresh_token },
      });
      expect(next.status).toBe(200);
      current = next.body;
    }
    const ends = await asSignIn(server.database, (sql) =>
      sql.query<{ hours: number; distinct_ends: number }>(
        `SELECT max(extract(epoch FROM expires_at - issued_at)) / 3600 AS hours,
                count(DISTINCT expires_at)::int AS distinct_ends
           FROM refresh_tokens WHERE user_id = $1`,
        [session.user.user_id],
      ),
    );
    // Every rotated token keeps the family's end, set at the sign-in: 12 hours on.
    expect(ends.rows[0]!.distinct_ends).toBe(1);
    expect(Number(ends.rows[0]!.hours)).toBeCloseTo(12, 1);
    // Past that end the last token is refused, as the app asks for the password then.
    await asSignIn(server.database, (sql) =>
      sql.query(
        `UPDATE refresh_tokens SET expires_at = now() - interval '1 second' WHERE user_id = $1`,
        [session.user.user_id],
      ),
    );
    const late = await api<ErrorResponse>(server.url, '/auth/refresh', {
      body: { refresh_token: current.refresh_token },
    });
    expect(late.status).toBe(401);
  });

  it('signs out: the refresh token stops working', async () => {
    const session = await signUpClinic(server.url);
    expect(
      (await api(server.url, '/auth/logout', { body: { refresh_token: session.refresh_token } }))
        .status,
    ).toBe(204);
    const refreshed = await api(server.url, '/auth/refresh', {
      body: { refresh_token: session.refresh_token },
    });
    expect(refreshed.status).toBe(401);
  });

  it('ends the sessions of a deactivated colleague and refuses their pushes', async () => {
    const admin = await signUpClinic(server.url);
    const email = `amara-${crypto.randomUUID()}@hillside.example`;
    const created = await api<{ user_id: string }>(server.url, '/users', {
      token: admin.token,
      body: { email, full_name: 'Amara Okafor', role: 'nurse', password: 'bedside tablet 7' },
    });
    expect(created.status).toBe(201);
    const nurse = (
      await api<SessionResponse>(server.url, '/auth/login', {
        body: { email, password: 'bedside tablet 7', device_id: 'bedside-tablet-7' },
      })
    ).body;
    expect(nurse.user.role).toBe('nurse');
    const nurseMayNotAddStaff = await api<ErrorResponse>(server.url, '/users', {
      token: nurse.token,
      body: {
        email: 'x@hillside.example',
        full_name: 'X',
        role: 'admin',
        password: 'escalate please',
      },
    });
    expect(nurseMayNotAddStaff.status).toBe(403);

    const { body: pulled } = await api<{ events: { aggregate_id: string; version: number }[] }>(
      server.url,
      '/sync/pull?after=0&limit=100',
      { token: admin.token },
    );
    const userVersion = pulled.events.filter(
      (event) => event.aggregate_id === created.body.user_id,
    ).length;
    const { uuidv7, currentSchemaVersion } = await import('@mymedic/shared');
    const deactivation = await api<{ results: { status: string }[] }>(server.url, '/sync/push', {
      token: admin.token,
      body: {
        device_id: deviceOf(admin),
        commands: [
          {
            command_id: uuidv7(),
            client_seq: 1,
            type: 'DeactivateUser',
            aggregate_type: 'user',
            aggregate_id: created.body.user_id,
            expected_version: userVersion,
            payload: { reason: 'Left the clinic' },
            issued_at: new Date().toISOString(),
            events: [
              {
                event_id: uuidv7(),
                type: 'UserDeactivated',
                schema_version: currentSchemaVersion('UserDeactivated'),
                version: userVersion + 1,
                data: { reason: 'Left the clinic' },
              },
            ],
          },
        ],
      },
    });
    expect(deactivation.body.results[0]!.status).toBe('accepted');
    expect(
      (await api(server.url, '/auth/refresh', { body: { refresh_token: nurse.refresh_token } }))
        .status,
    ).toBe(401);
    expect(
      (
        await api(server.url, '/auth/login', {
          body: { email, password: 'bedside tablet 7', device_id: 'bedside-tablet-7' },
        })
      ).status,
    ).toBe(401);
    const push = await api<ErrorResponse>(server.url, '/sync/push', {
      token: nurse.token,
      body: {
        device_id: 'bedside-tablet-7',
        commands: [
          {
            ...{},
            command_id: uuidv7(),
            client_seq: 1,
            type: 'RegisterPatient',
            aggregate_type: 'patient',
            aggregate_id: uuidv7(),
            expected_version: 0,
            payload: {},
            issued_at: new Date().toISOString(),
            events: [],
          },
        ],
      },
    });
    expect(push.status).toBe(403);
    expect(push.body.error.code).toBe('account_inactive');
  });
});

describe('the address a request comes from', () => {
  it('is the connection address unless the server is told it sits behind a proxy', async () => {
    const strict = await startTestServer({
      config: { loginThrottle: { ...testConfig().loginThrottle, freeFailuresPerAddress: 2 } },
    });
    try {
      const statuses: number[] = [];
      for (let attempt = 0; attempt < 3; attempt += 1) {
        const response = await fetch(`${strict.url}/auth/login`, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            // A client choosing a new address each time must not escape the limit.
            'x-forwarded-for': `203.0.113.${attempt + 1}`,
          },
          body: JSON.stringify({
            email: `nobody-${attempt}@hillside.example`,
            password: 'wrong password',
            device_id: 'desk-1234',
          }),
        });
        statuses.push(response.status);
      }
      expect(statuses).toEqual([401, 401, 429]);
    } finally {
      await strict.close();
    }
  });
});
