import http from 'node:http';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { compactPullResponseSchema, pullResponseOfCompact, uuidv7 } from '@mymedic/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registration, testDatabases, TestDevice } from '../../test/support';
import { signUpClinic, startTestServer, type TestServer } from '../../test/test-server';

/** An answer as sent: its encoding and its bytes, no client decoding them. */
function raw(url: string, headers: Record<string, string>) {
  return new Promise<{ encoding: string | undefined; type: string; body: Buffer }>(
    (resolve, reject) => {
      const request = http.get(url, { headers }, (answer) => {
        const chunks: Buffer[] = [];
        answer.on('data', (chunk: Buffer) => {
          chunks.push(chunk);
          // The live stream never ends: its first event is enough.
          if (String(answer.headers['content-type']).startsWith('text/event-stream')) {
            request.destroy();
            resolve({
              encoding: answer.headers['content-encoding'],
              type: String(answer.headers['content-type']),
              body: Buffer.concat(chunks),
            });
          }
        });
        answer.on('end', () =>
          resolve({
            encoding: answer.headers['content-encoding'],
            type: String(answer.headers['content-type']),
            body: Buffer.concat(chunks),
          }),
        );
      });
      request.on('error', (error) => {
        if (!request.destroyed) reject(error);
      });
    },
  );
}

describe.each(testDatabases)('answers on the wire on $name', ({ url }) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(url ? { databaseUrl: url } : {});
  });
  afterAll(() => server.close());

  it('sends a pull page compressed to a device that accepts it, and the live stream as it goes', async () => {
    const session = await signUpClinic(server.url);
    const device = new TestDevice(server.url, session);
    const { status } = await device.push(
      Array.from({ length: 60 }, (_, index) =>
        device.command(
          'RegisterPatient',
          'patient',
          uuidv7(),
          registration({ full_name: `Patient ${index}` }),
        ),
      ),
    );
    expect(status).toBe(200);
    const page = `${server.url}/sync/pull?after=0&limit=500`;
    const authorization = `Bearer ${session.token}`;
    const plain = await raw(page, { authorization });
    expect(plain.encoding).toBeUndefined();
    const events = (JSON.parse(plain.body.toString()) as { events: unknown[] }).events;
    expect(events.length).toBeGreaterThan(60);

    const brotli = await raw(page, { authorization, 'accept-encoding': 'gzip, deflate, br' });
    expect(brotli.encoding).toBe('br');
    expect(JSON.parse(brotliDecompressSync(brotli.body).toString())).toEqual(
      JSON.parse(plain.body.toString()),
    );
    // JSON of events repeats its keys: brotli takes most of it away.
    expect(brotli.body.length).toBeLessThan(plain.body.length / 4);
    const gzip = await raw(page, { authorization, 'accept-encoding': 'gzip' });
    expect(gzip.encoding).toBe('gzip');
    expect(JSON.parse(gunzipSync(gzip.body).toString())).toEqual(JSON.parse(plain.body.toString()));

    // A compact page is compressed as it is streamed, to the same events.
    const compactPage = `${page}&format=compact`;
    const compactPlain = await raw(compactPage, { authorization });
    expect(compactPlain.encoding).toBeUndefined();
    const compact = await raw(compactPage, { authorization, 'accept-encoding': 'br' });
    expect(compact.encoding).toBe('br');
    expect(JSON.parse(brotliDecompressSync(compact.body).toString())).toEqual(
      JSON.parse(compactPlain.body.toString()),
    );
    expect(compact.body.length).toBeLessThan(compactPlain.body.length / 4);
    expect(
      pullResponseOfCompact(
        compactPullResponseSchema.parse(JSON.parse(compactPlain.body.toString())),
      ),
    ).toEqual(JSON.parse(plain.body.toString()));

    // The live stream's events are written as they happen, never compressed.
    const live = await raw(`${server.url}/sync/live`, {
      authorization,
      'accept-encoding': 'br',
    });
    expect(live.type).toMatch(/^text\/event-stream/);
    expect(live.encoding).toBeUndefined();
    expect(live.body.toString()).toMatch(/^data: \{"head":\d+\}\n\n$/);
  });
});
