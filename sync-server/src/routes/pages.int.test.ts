import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../test/test-server';
import { testDatabases } from '../../test/support';

const navigation = { accept: 'text/html,application/xhtml+xml', 'sec-fetch-mode': 'navigate' };

/**
 * The two pages of the client's build: the patient portal's (portal.html) under
 * /portal, the staff app's (index.html) everywhere else; the portal's API answers JSON
 * only, never a page.
 */
describe.each(testDatabases)('the pages the server sends on $name', ({ url }) => {
  let server: TestServer;
  const dist = mkdtempSync(join(tmpdir(), 'mymedic-pages-'));
  writeFileSync(join(dist, 'index.html'), '<!doctype html><title>MyMedic</title>');
  writeFileSync(join(dist, 'portal.html'), '<!doctype html><title>MyMedic — My health</title>');
  // A script as the build leaves it: beside it, its brotli and gzip copies.
  const script = Buffer.from(`export const words = ${JSON.stringify('clinic '.repeat(2000))};\n`);
  mkdirSync(join(dist, 'assets'));
  writeFileSync(join(dist, 'assets', 'main-abc123.js'), script);
  writeFileSync(join(dist, 'assets', 'main-abc123.js.br'), brotliCompressSync(script));
  writeFileSync(join(dist, 'assets', 'main-abc123.js.gz'), gzipSync(script));
  const page = Buffer.from('<!doctype html><title>MyMedic</title>');
  writeFileSync(join(dist, 'index.html.br'), brotliCompressSync(page));

  beforeAll(async () => {
    server = await startTestServer({
      ...(url ? { databaseUrl: url } : {}),
      config: { clientDist: dist },
    });
  });
  afterAll(async () => {
    await server?.close();
    rmSync(dist, { recursive: true, force: true });
  });

  const titleOf = async (path: string, headers: Record<string, string> = navigation) => {
    const answer = await fetch(`${server.url}${path}`, { headers });
    expect(answer.status, path).toBe(200);
    expect(answer.headers.get('content-type'), path).toMatch(/^text\/html/);
    return /<title>(.*)<\/title>/.exec(await answer.text())?.[1];
  };

  it('sends the portal page to a browser opening any page under /portal', async () => {
    for (const path of [
      '/portal',
      '/portal/',
      '/portal?clinic=0190a1b2-0000-7000-8000-000000000001',
      '/portal/appointments',
      '/portal/visits?x=1',
    ]) {
      expect(await titleOf(path), path).toBe('MyMedic — My health');
    }
    // A reload that is no navigation (a fetch asking for anything) gets it too.
    expect(await titleOf('/portal/vitals', { accept: '*/*' })).toBe('MyMedic — My health');
  });

  it('sends the staff app elsewhere, also to paths that only start like the portal', async () => {
    for (const path of [
      '/',
      '/patients/0190a1b2-0000-7000-8000-000000000001',
      '/portals',
      '/calendar',
    ]) {
      expect(await titleOf(path), path).toBe('MyMedic');
    }
  });

  it('answers a request for JSON alone at a path of neither the API nor the app with JSON 404', async () => {
    // An integration's typo (the API's route is /patients): no page with 200 OK.
    for (const path of ['/patient/0190a1b2-0000-7000-8000-000000000001', '/api/patients']) {
      const answer = await fetch(`${server.url}${path}`, {
        headers: { accept: 'application/json' },
      });
      expect(answer.status, path).toBe(404);
      expect(await answer.json()).toMatchObject({ error: { code: 'not_found' } });
      // The same path opened in a browser, or fetched asking for anything, is the app's.
      expect(await titleOf(path), path).toBe('MyMedic');
      expect(await titleOf(path, { accept: '*/*' }), path).toBe('MyMedic');
    }
  });

  it("never sends a page for the portal's API: JSON 404 to an unknown path, even to a navigation", async () => {
    for (const path of [
      '/portal/api',
      '/portal/api/',
      '/portal/api/no-such-thing',
      '/portal/api/me/nothing',
    ]) {
      for (const headers of [navigation, { accept: 'application/json' }, { accept: '*/*' }]) {
        const answer = await fetch(`${server.url}${path}`, { headers });
        expect(answer.status, `${path} ${headers.accept}`).toBe(404);
        expect(answer.headers.get('content-type')).toMatch(/^application\/json/);
        expect(await answer.json()).toMatchObject({ error: { code: 'not_found' } });
      }
    }
  });

  /** The raw answer: its encoding, and its body as sent (no client decoding it). */
  const raw = (path: string, headers: Record<string, string>) =>
    new Promise<{ encoding: string | undefined; vary: string; body: Buffer; type: string }>(
      (resolve, reject) => {
        http
          .get(`${server.url}${path}`, { headers }, (answer) => {
            const chunks: Buffer[] = [];
            answer.on('data', (chunk: Buffer) => chunks.push(chunk));
            answer.on('end', () =>
              resolve({
                encoding: answer.headers['content-encoding'],
                vary: String(answer.headers.vary ?? ''),
                body: Buffer.concat(chunks),
                type: String(answer.headers['content-type'] ?? ''),
              }),
            );
          })
          .on('error', reject);
      },
    );

  it('sends the build compressed to a browser that accepts it, the same bytes once decoded', async () => {
    const path = '/assets/main-abc123.js';
    const brotli = await raw(path, { 'accept-encoding': 'gzip, deflate, br' });
    expect(brotli.encoding).toBe('br');
    expect(brotli.vary.toLowerCase()).toContain('accept-encoding');
    expect(brotli.body.length).toBeLessThan(script.length / 10);
    expect(brotliDecompressSync(brotli.body).equals(script)).toBe(true);
    const gzip = await raw(path, { 'accept-encoding': 'gzip' });
    expect(gzip.encoding).toBe('gzip');
    expect(gunzipSync(gzip.body).equals(script)).toBe(true);
    const plain = await raw(path, {});
    expect(plain.encoding).toBeUndefined();
    expect(plain.body.equals(script)).toBe(true);
    expect(plain.type).toMatch(/javascript/);
    // The page a navigation gets, compressed as well.
    const opened = await raw('/calendar', { ...navigation, 'accept-encoding': 'br' });
    expect(opened.encoding).toBe('br');
    expect(brotliDecompressSync(opened.body).equals(page)).toBe(true);
  });
});

/**
 * A new tablet's service worker fetches every file of the app at once, and a clinic's
 * tablets share one address: the app's own files never count against the rate limit,
 * while the API's requests still do.
 */
describe.each(testDatabases)('the rate limit on $name', ({ url }) => {
  let server: TestServer;
  const dist = mkdtempSync(join(tmpdir(), 'mymedic-limit-'));
  writeFileSync(join(dist, 'index.html'), '<!doctype html><title>MyMedic</title>');
  mkdirSync(join(dist, 'assets'));
  writeFileSync(join(dist, 'assets', 'sw-strings-abc123.js'), 'export default {};\n');
  writeFileSync(join(dist, 'sw.js'), 'self.skipWaiting();\n');

  beforeAll(async () => {
    server = await startTestServer({
      ...(url ? { databaseUrl: url } : {}),
      config: { clientDist: dist, rateLimitPerMinute: 5 },
    });
  });
  afterAll(async () => {
    await server?.close();
    rmSync(dist, { recursive: true, force: true });
  });

  const statuses = async (path: string, times: number) => {
    const seen: number[] = [];
    for (let index = 0; index < times; index += 1) {
      seen.push((await fetch(`${server.url}${path}`)).status);
    }
    return seen;
  };

  it("sends the app's files however many are asked for, and limits the API", async () => {
    expect(new Set(await statuses('/assets/sw-strings-abc123.js', 20))).toEqual(new Set([200]));
    expect(new Set(await statuses('/sw.js', 20))).toEqual(new Set([200]));
    const api = await statuses('/patients', 12);
    expect(api.slice(0, 5).every((status) => status === 401)).toBe(true);
    expect(api.slice(-1)).toEqual([429]);
  });
});
