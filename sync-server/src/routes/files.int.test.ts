import { createHash } from 'node:crypto';
import { maxDocumentBytes, type SessionResponse } from '@mymedic/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signUpClinic, startTestServer, type TestServer } from '../testing';
import { testDatabases } from '../test-support';

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** A small stand-in for a photo from the tablet's camera: JPEG magic, then noise. */
function chestXray(size = 48_000) {
  const bytes = new Uint8Array(size);
  crypto.getRandomValues(bytes.subarray(0, Math.min(size, 65_536)));
  bytes.set([0xff, 0xd8, 0xff, 0xe0]);
  return bytes;
}

describe.each(testDatabases)('document files on $name', ({ url: databaseUrl }) => {
  let server: TestServer;
  let hillside: SessionResponse;
  beforeAll(async () => {
    server = await startTestServer(databaseUrl ? { databaseUrl } : {});
    hillside = await signUpClinic(server.url);
  });
  afterAll(() => server.close());

  const upload = (
    digest: string,
    bytes: Uint8Array,
    options: { token?: string | null; type?: string } = {},
  ) =>
    fetch(`${server.url}/files/${digest}`, {
      method: 'PUT',
      headers: {
        'content-type': options.type ?? 'image/jpeg',
        ...(options.token === null
          ? {}
          : { authorization: `Bearer ${options.token ?? hillside.token}` }),
      },
      body: bytes,
    });
  const download = (digest: string, token: string | null = hillside.token) =>
    fetch(`${server.url}/files/${digest}`, {
      headers: token ? { authorization: `Bearer ${token}` } : {},
    });
  const storedCopies = async (digest: string) => {
    const { rows } = await server.database.query<{ copies: number }>(
      'SELECT count(*)::int AS copies FROM document_files WHERE sha256 = $1',
      [digest],
    );
    return rows[0]!.copies;
  };

  it('stores a file under its SHA-256 and serves the same bytes back', async () => {
    const xray = chestXray();
    const digest = sha256(xray);
    const stored = await upload(digest, xray);
    expect(stored.status).toBe(201);
    expect(await stored.json()).toEqual({
      sha256: digest,
      mime_type: 'image/jpeg',
      size_bytes: xray.length,
    });

    const fetched = await download(digest);
    expect(fetched.status).toBe(200);
    expect(fetched.headers.get('content-type')).toBe('image/jpeg');
    expect(fetched.headers.get('cache-control')).toBe('private, max-age=31536000, immutable');
    expect(new Uint8Array(await fetched.arrayBuffer())).toEqual(xray);
  });

  it('takes any media type as bytes, JSON included, without its parameters', async () => {
    const report = new TextEncoder().encode('{"haemoglobin": 13.2}');
    const digest = sha256(report);
    const stored = await upload(digest, report, { type: 'Application/JSON; charset=utf-8' });
    expect(stored.status).toBe(201);
    const fetched = await download(digest);
    expect(fetched.headers.get('content-type')).toBe('application/json');
    expect(await fetched.text()).toBe('{"haemoglobin": 13.2}');
  });

  it('refuses bytes that do not match the digest and stores nothing', async () => {
    const xray = chestXray();
    const digest = sha256(xray);
    const damaged = xray.slice();
    damaged[100] = damaged[100]! ^ 0xff;
    const response = await upload(digest, damaged);
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({
      error: { code: 'hash_mismatch', details: { expected: digest, actual: sha256(damaged) } },
    });
    expect(await storedCopies(digest)).toBe(0);
    expect((await download(digest)).status).toBe(404);
  });

  it('refuses a file over 10 MB with a clear message; exactly 10 MB is taken', async () => {
    const tooBig = chestXray(maxDocumentBytes + 1);
    const refused = await upload(sha256(tooBig), tooBig);
    expect(refused.status).toBe(413);
    expect(await refused.json()).toEqual({
      error: { code: 'file_too_large', message: 'The file is larger than 10 MB' },
    });
    expect(await storedCopies(sha256(tooBig))).toBe(0);
    // Streamed without a Content-Length, the server counts the bytes as they come.
    const streamed = await fetch(`${server.url}/files/${sha256(tooBig)}`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${hillside.token}` },
      body: new Blob([tooBig]).stream(),
      duplex: 'half',
    });
    expect(streamed.status).toBe(413);
    expect(await streamed.json()).toMatchObject({ error: { code: 'file_too_large' } });

    const largest = chestXray(maxDocumentBytes);
    const taken = await upload(sha256(largest), largest);
    expect(taken.status).toBe(201);
    expect((await download(sha256(largest))).headers.get('content-length')).toBe(
      String(maxDocumentBytes),
    );
  });

  it('answers a second upload of the same file with 200 and keeps one copy', async () => {
    const xray = chestXray();
    const digest = sha256(xray);
    const uploads = await Promise.all([upload(digest, xray), upload(digest, xray)]);
    expect(uploads.map((response) => response.status).sort()).toEqual([200, 201]);
    const again = await upload(digest, xray, { type: 'application/octet-stream' });
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ sha256: digest, mime_type: 'image/jpeg' });
    expect(await storedCopies(digest)).toBe(1);
  });

  it("never shows one hospital's file to another", async () => {
    const xray = chestXray();
    const digest = sha256(xray);
    expect((await upload(digest, xray)).status).toBe(201);
    const riverside = await signUpClinic(server.url, 'Riverside Clinic');
    const response = await download(digest, riverside.token);
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ error: { code: 'file_not_uploaded' } });
    // Riverside uploading the same bytes stores its own copy, and Hillside's stays.
    expect((await upload(digest, xray, { token: riverside.token })).status).toBe(201);
    expect(await storedCopies(digest)).toBe(2);
  });

  it('needs a signed-in person, a digest in lower-case hex and a body', async () => {
    const xray = chestXray();
    const digest = sha256(xray);
    for (const response of [
      await upload(digest, xray, { token: null }),
      await download(digest, null),
    ]) {
      expect(response.status).toBe(401);
      expect(await response.json()).toMatchObject({ error: { code: 'unauthorized' } });
    }
    expect((await upload(digest, xray, { token: 'not-a-token' })).status).toBe(401);
    expect(await storedCopies(digest)).toBe(0);

    for (const address of [digest.toUpperCase(), digest.slice(1), 'chest-xray.jpg']) {
      const response = await download(address);
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({ error: { code: 'invalid_request' } });
    }
    const untyped = await fetch(`${server.url}/files/${digest}`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${hillside.token}` },
      body: new Blob([xray]).stream(),
      duplex: 'half',
    });
    expect(untyped.status).toBe(201);
    expect((await download(digest)).headers.get('content-type')).toBe('application/octet-stream');
    const empty = await upload(sha256(new Uint8Array()), new Uint8Array());
    expect(empty.status).toBe(400);
    expect(await empty.json()).toMatchObject({ error: { code: 'empty_file' } });
  });
});
