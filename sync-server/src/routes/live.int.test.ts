import { uuidv7, type SessionResponse } from '@mymedic/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signUpClinic, startTestServer, type TestServer } from '../../test/test-server';
import { api, registration, TestDevice, testDatabases } from '../../test/support';

interface LiveStream {
  status: number;
  /** The next message's text, or null once the server has ended the stream. */
  next(): Promise<string | null>;
  json(): Promise<unknown>;
  close(): void;
}

async function openLive(url: string, token: string): Promise<LiveStream> {
  const abort = new AbortController();
  const response = await fetch(`${url}/sync/live`, {
    headers: { authorization: `Bearer ${token}` },
    signal: abort.signal,
  });
  const reader = response.body!.getReader() as ReadableStreamDefaultReader<Uint8Array>;
  const decoder = new TextDecoder();
  return {
    status: response.status,
    async next() {
      try {
        const { done, value } = await reader.read();
        return done ? null : decoder.decode(value);
      } catch {
        return null;
      }
    },
    async json() {
      let text = '';
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return JSON.parse(text) as unknown;
        text += decoder.decode(value);
      }
    },
    close: () => abort.abort(),
  };
}

async function signInOnDevice(url: string, session: SessionResponse, deviceId: string) {
  const { status, body } = await api<SessionResponse>(url, '/auth/login', {
    body: { email: session.user.email, password: 'correct horse battery', device_id: deviceId },
  });
  expect(status).toBe(200);
  return body;
}

describe.each(testDatabases)('live connections on $name', ({ url: databaseUrl }) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({
      ...(databaseUrl ? { databaseUrl } : {}),
      config: { liveMaxPerSession: 3, liveMaxPerHospital: 5 },
    });
  });
  afterAll(() => server.close());

  it('keeps the 3 newest streams of a session and ends the older ones', async () => {
    const hillside = await signUpClinic(server.url);
    const session = await signInOnDevice(server.url, hillside, 'front-desk');
    const streams: LiveStream[] = [];
    for (let opened = 0; opened < 5; opened += 1) {
      const stream = await openLive(server.url, session.token);
      expect(stream.status).toBe(200);
      expect(await stream.next()).toMatch(/^data: \{"head":\d+\}\n\n$/);
      streams.push(stream);
    }
    // The two oldest were ended by the server; the three newest hear the next push.
    expect(await streams[0]!.next()).toBeNull();
    expect(await streams[1]!.next()).toBeNull();
    const tablet = new TestDevice(server.url, session, 'front-desk');
    await tablet.push([tablet.command('RegisterPatient', 'patient', uuidv7(), registration())]);
    for (const stream of streams.slice(2)) expect(await stream.next()).toMatch(/^data: /);
    for (const stream of streams) stream.close();
  });

  it('refuses a stream past the hospital cap with 429 and takes one again once a place is free', async () => {
    const hillside = await signUpClinic(server.url);
    const devices = await Promise.all(
      [
        'ward-tablet-1',
        'ward-tablet-2',
        'ward-tablet-3',
        'ward-tablet-4',
        'ward-tablet-5',
        'ward-tablet-6',
      ].map((device) => signInOnDevice(server.url, hillside, device)),
    );
    const streams: LiveStream[] = [];
    for (const device of devices.slice(0, 5)) {
      const stream = await openLive(server.url, device.token);
      expect(stream.status).toBe(200);
      await stream.next();
      streams.push(stream);
    }
    const refused = await openLive(server.url, devices[5]!.token);
    expect(refused.status).toBe(429);
    expect(await refused.json()).toMatchObject({ error: { code: 'too_many_live_connections' } });
    // Another clinic is not held back by Hillside's streams.
    const riverside = await openLive(server.url, (await signUpClinic(server.url)).token);
    expect(riverside.status).toBe(200);
    riverside.close();

    streams[1]!.close();
    let again: LiveStream | undefined;
    for (let attempt = 0; attempt < 50; attempt += 1) {
      again = await openLive(server.url, devices[5]!.token);
      if (again.status === 200) break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(again!.status).toBe(200);
    for (const stream of [...streams, again!]) stream.close();
  });
});
