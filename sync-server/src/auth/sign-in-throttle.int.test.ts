import type { SessionResponse } from '@mymedic/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signUpClinic, startTestServer, type TestServer } from '../../test/test-server';
import { testDatabases } from '../../test/support';
import { delayAfter } from './sign-in-throttle';

const password = 'correct horse battery';

// Addresses of this run's own: failures on a PostgreSQL database outlive a run.
const network = `10.${Math.floor(Math.random() * 256)}.${Math.floor(Math.random() * 256)}`;
const at = (host: number) => `${network}.${host}`;

describe.each(testDatabases)('sign-in throttling on $name', ({ url: databaseUrl }) => {
  let server: TestServer;
  beforeAll(async () => {
    // Behind a trusted proxy, so that each attempt can come from an address of its own.
    server = await startTestServer({
      ...(databaseUrl ? { databaseUrl } : {}),
      config: {
        trustProxy: true,
        loginThrottle: {
          freeFailuresPerPair: 5,
          freeFailuresPerAddress: 30,
          freeFailuresPerAccount: 20,
          maxDelaySeconds: 900,
          windowSeconds: 24 * 3600,
        },
      },
    });
  });
  afterAll(() => server.close());

  const signIn = async (email: string, attempt: string, address: string) => {
    const response = await fetch(`${server.url}/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': address },
      body: JSON.stringify({ email, password: attempt, device_id: 'tablet-0001' }),
    });
    return {
      status: response.status,
      retryAfter: response.headers.get('retry-after'),
      body: (await response.json()) as SessionResponse & {
        error: { code: string; message: string; details?: { retry_after_seconds: number } };
      },
    };
  };
  /** Time passes for the throttle: every failure of the email moves back by `seconds`. */
  const wait = (email: string, seconds: number) =>
    server.database.query(
      `UPDATE login_failures SET failed_at = failed_at - make_interval(secs => $2) WHERE email = $1`,
      [email, seconds],
    );
  let clinics = 0;
  const newAccount = async () => {
    const email = `asha-${crypto.randomUUID()}@hillside.example`;
    await signUpClinic(server.url, `Throttled Clinic ${(clinics += 1)}`, { email, password });
    return email;
  };

  it('lets the person in from their own tablet after 100 wrong passwords from anywhere', async () => {
    const email = await newAccount();
    // 100 guesses: 25 addresses, 4 each, as fast as they come.
    const statuses: number[] = [];
    for (let round = 0; round < 4; round += 1) {
      const answers = await Promise.all(
        Array.from({ length: 25 }, (_, index) =>
          signIn(email, `guess ${round}-${index}`, at(index + 1)),
        ),
      );
      statuses.push(...answers.map((answer) => answer.status));
    }
    expect(statuses.filter((status) => status === 401).length).toBeGreaterThanOrEqual(20);
    expect(statuses.every((status) => status === 401 || status === 429)).toBe(true);
    // An address that took part is slowed down...
    const attacker = await signIn(email, password, at(1));
    expect(attacker.status).toBe(429);
    expect(Number(attacker.retryAfter)).toBeGreaterThan(0);
    // ...while the clinic's tablet, which never failed, signs in at once.
    const tablet = await signIn(email, password, at(110));
    expect(tablet.status).toBe(200);
    expect(tablet.body.user.email).toBe(email);
  });

  it('makes one address wait 2, 4, 8 seconds... after 5 failures, up to 15 minutes', async () => {
    const email = await newAccount();
    const address = at(207);
    for (let attempt = 0; attempt < 5; attempt += 1)
      expect((await signIn(email, 'wrong password', address)).status).toBe(401);
    // Even the right password waits: the address has to sit out the delay first.
    const first = await signIn(email, password, address);
    expect(first.status).toBe(429);
    expect(first.retryAfter).toBe('2');
    expect(first.body.error).toMatchObject({
      code: 'too_many_attempts',
      message: 'Too many failed sign-ins from here; try again in 2 seconds',
      details: { retry_after_seconds: 2 },
    });
    // Meanwhile another address is not held back.
    expect((await signIn(email, 'wrong password', at(208))).status).toBe(401);

    await wait(email, 2);
    expect((await signIn(email, 'wrong password', address)).status).toBe(401);
    expect((await signIn(email, password, address)).retryAfter).toBe('4');
    await wait(email, 4);
    expect((await signIn(email, 'wrong password', address)).status).toBe(401);
    expect((await signIn(email, password, address)).retryAfter).toBe('8');

    // However many failures, the wait stops growing at 15 minutes.
    for (let failures = 7; failures < 20; failures += 1) {
      await wait(email, 900);
      expect((await signIn(email, 'wrong password', address)).status).toBe(401);
    }
    const capped = await signIn(email, password, address);
    expect(capped.status).toBe(429);
    expect(Number(capped.retryAfter)).toBeGreaterThan(890);
    expect(Number(capped.retryAfter)).toBeLessThanOrEqual(900);
    expect(capped.body.error.message).toBe(
      'Too many failed sign-ins from here; try again in 15 minutes',
    );
    await wait(email, 900);
    expect((await signIn(email, password, address)).status).toBe(200);
  });

  it('clears the failures of an address when its person gets the password right', async () => {
    const email = await newAccount();
    const address = at(220);
    for (let attempt = 0; attempt < 4; attempt += 1)
      expect((await signIn(email, 'wrong password', address)).status).toBe(401);
    expect((await signIn(email, password, address)).status).toBe(200);
    // Five fresh mistakes are allowed again before any wait.
    for (let attempt = 0; attempt < 5; attempt += 1)
      expect((await signIn(email, 'wrong password', address)).status).toBe(401);
    expect((await signIn(email, password, address)).status).toBe(429);
  });

  it('slows an address that tries many accounts', async () => {
    const address = at(230);
    const accounts = await Promise.all(Array.from({ length: 4 }, newAccount));
    // 30 failures spread over accounts (and emails of no account): under each account's 5.
    for (let attempt = 0; attempt < 30; attempt += 1) {
      const email =
        attempt % 2 === 0
          ? accounts[(attempt / 2) % 4]!
          : `nobody-${attempt}-${network}@hillside.example`;
      expect((await signIn(email, 'wrong password', address)).status).toBe(401);
    }
    const next = await signIn(`nobody-else@hillside.example`, 'wrong password', address);
    expect(next.status).toBe(429);
    expect(next.retryAfter).toBe('2');
    // The accounts' people sign in from their own addresses.
    expect((await signIn(accounts[0]!, password, at(144))).status).toBe(200);
  });

  it('grows the wait by powers of two and caps it', () => {
    expect([4, 5, 6, 7, 8, 13, 14, 100].map((failures) => delayAfter(failures, 5, 900))).toEqual([
      0, 2, 4, 8, 16, 512, 900, 900,
    ]);
  });
});
