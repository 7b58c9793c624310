import { createHash } from 'node:crypto';
import { maxDocumentBytes, uuidv7, type SessionResponse } from '@mymedic/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signUpClinic, startTestServer, type TestServer } from '../../test/test-server';
import { api, registration, TestDevice, testDatabases } from '../../test/support';

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** Signs in on a device of its own, as the app does: the token then names the device. */
async function tabletOf(url: string, session: SessionResponse, password = 'correct horse battery') {
  const deviceId = `tablet-${uuidv7().slice(-8)}`;
  const { status, body } = await api<SessionResponse>(url, '/auth/login', {
    body: { email: session.user.email, password, device_id: deviceId },
  });
  expect(status).toBe(200);
  return new TestDevice(url, body, deviceId);
}

/**
 * The device registers a patient and records the document of them (its event names the
 * file by digest and size).
 */
async function attach(
  device: TestDevice,
  bytes: Uint8Array,
  overrides: { mime_type?: string; size_bytes?: number; category?: string } = {},
) {
  const patientId = uuidv7();
  const { status, body } = await device.push([
    device.command('RegisterPatient', 'patient', patientId, registration()),
    device.command('AttachDocument', 'document', uuidv7(), {
      patient_id: patientId,
      visit_id: null,
      category: overrides.category ?? 'imaging',
      title: 'Chest X-ray',
      file_name: 'chest-xray.jpg',
      mime_type: overrides.mime_type ?? 'image/jpeg',
      size_bytes: overrides.size_bytes ?? bytes.length,
      sha256: sha256(bytes),
    }),
  ]);
  expect(status).toBe(200);
  expect(body.results.map((result) => result.status)).toEqual(['accepted', 'accepted']);
}

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
  let tablet: TestDevice;
  beforeAll(async () => {
    server = await startTestServer(databaseUrl ? { databaseUrl } : {});
    // A doctor-owner: admin and doctor, so the clinical files are theirs to read.
    hillside = await signUpClinic(server.url, undefined, { also_doctor: true });
    tablet = await tabletOf(server.url, hillside);
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
          : { authorization: `Bearer ${options.token ?? tablet.token}` }),
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
    await attach(tablet, xray);
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

  it('serves the front desk the files of consent forms, never clinical ones', async () => {
    const email = `reception-${uuidv7()}@hillside.example`;
    const created = await api(server.url, '/users', {
      token: hillside.token,
      body: {
        email,
        full_name: 'Peter Kamau',
        roles: ['receptionist'],
        password: 'Kisumu bedside 7741',
      },
    });
    expect(created.status).toBe(201);
    const desk = await api<SessionResponse>(server.url, '/auth/login', {
      body: { email, password: 'Kisumu bedside 7741', device_id: `desk-${uuidv7()}` },
    });
    const xray = chestXray();
    await attach(tablet, xray);
    expect((await upload(sha256(xray), xray)).status).toBe(201);
    const consent = chestXray(20_000);
    await attach(tablet, consent, { category: 'consent_form' });
    expect((await upload(sha256(consent), consent)).status).toBe(201);

    const refused = await download(sha256(xray), desk.body.token);
    expect(refused.status).toBe(403);
    expect(await refused.json()).toMatchObject({ error: { code: 'forbidden' } });
    const served = await download(sha256(consent), desk.body.token);
    expect(served.status).toBe(200);
    expect(new Uint8Array(await served.arrayBuffer())).toEqual(consent);
  });

  it('takes any media type as bytes, JSON included, without its parameters', async () => {
    const report = new TextEncoder().encode('{"haemoglobin": 13.2}');
    const digest = sha256(report);
    await attach(tablet, report, { mime_type: 'application/json' });
    const stored = await upload(digest, report, { type: 'Application/JSON; charset=utf-8' });
    expect(stored.status).toBe(201);
    const fetched = await download(digest);
    expect(fetched.headers.get('content-type')).toBe('application/json');
    expect(await fetched.text()).toBe('{"haemoglobin": 13.2}');
  });

  it('refuses bytes that do not match the digest and stores nothing', async () => {
    const xray = chestXray();
    const digest = sha256(xray);
    await attach(tablet, xray);
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
    const largest = chestXray(maxDocumentBytes);
    await attach(tablet, largest);
    // One byte more under the attached digest: refused while it is read, before hashing.
    const tooBig = new Uint8Array(maxDocumentBytes + 1);
    tooBig.set(largest);
    const refused = await upload(sha256(largest), tooBig);
    expect(refused.status).toBe(413);
    expect(await refused.json()).toEqual({
      error: {
        code: 'file_too_large',
        message: 'The file is larger than 10 MB',
        key: 'server.fileTooLarge',
      },
    });
    expect(await storedCopies(sha256(largest))).toBe(0);
    // Streamed without a Content-Length, the server counts the bytes as they come.
    const streamed = await fetch(`${server.url}/files/${sha256(largest)}`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${tablet.token}` },
      body: new Blob([tooBig]).stream(),
      duplex: 'half',
    });
    expect(streamed.status).toBe(413);
    expect(await streamed.json()).toMatchObject({ error: { code: 'file_too_large' } });

    const taken = await upload(sha256(largest), largest);
    expect(taken.status).toBe(201);
    expect((await download(sha256(largest))).headers.get('content-length')).toBe(
      String(maxDocumentBytes),
    );
  });

  it('answers a second upload of the same file with 200 and keeps one copy', async () => {
    const xray = chestXray();
    const digest = sha256(xray);
    await attach(tablet, xray);
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
    await attach(tablet, xray);
    expect((await upload(digest, xray)).status).toBe(201);
    const riverside = await signUpClinic(server.url, 'Riverside Clinic');
    const response = await download(digest, riverside.token);
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ error: { code: 'file_not_uploaded' } });
    // Riverside attaching and uploading the same bytes stores its own copy; Hillside's stays.
    const riversideTablet = await tabletOf(server.url, riverside);
    await attach(riversideTablet, xray);
    expect((await upload(digest, xray, { token: riversideTablet.token })).status).toBe(201);
    expect(await storedCopies(digest)).toBe(2);
  });

  it('refuses a file no document of the uploading device refers to, and stores nothing', async () => {
    const xray = chestXray();
    const digest = sha256(xray);
    // Nobody attached it: an orphan upload is refused before its bytes are read.
    const orphan = await upload(digest, xray);
    expect(orphan.status).toBe(403);
    expect(await orphan.json()).toMatchObject({ error: { code: 'file_not_attached' } });

    // Another tablet of the same clinic attached it: this device may not send the bytes.
    const ward = await tabletOf(server.url, hillside);
    await attach(ward, xray);
    const fromElsewhere = await upload(digest, xray);
    expect(fromElsewhere.status).toBe(403);
    expect(await fromElsewhere.json()).toMatchObject({ error: { code: 'file_not_attached' } });
    // Another clinic's device attaching the same digest gives Hillside's tablet nothing.
    const riverside = await tabletOf(server.url, await signUpClinic(server.url, 'Riverside'));
    await attach(riverside, xray);
    expect((await upload(digest, xray)).status).toBe(403);
    expect(await storedCopies(digest)).toBe(0);

    // The device that attached it uploads it.
    expect((await upload(digest, xray, { token: ward.token })).status).toBe(201);
  });

  it('refuses bytes whose size is not the one their document records', async () => {
    const xray = chestXray();
    const digest = sha256(xray);
    await attach(tablet, xray, { size_bytes: xray.length - 1 });
    const response = await upload(digest, xray);
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({
      error: {
        code: 'size_mismatch',
        details: { expected: [xray.length - 1], actual: xray.length },
      },
    });
    expect(await storedCopies(digest)).toBe(0);
  });

  it('takes a file from a session bound to no device when its own person attached it', async () => {
    const xray = chestXray();
    const digest = sha256(xray);
    // The sign-up session names no device: its pushes may name any, so its own documents count.
    const unbound = new TestDevice(server.url, hillside);
    await attach(unbound, xray);
    const colleagueEmail = `ravi-${uuidv7()}@hillside.example`;
    expect(
      (
        await api(server.url, '/users', {
          token: hillside.token,
          body: {
            email: colleagueEmail,
            full_name: 'Ravi Menon',
            role: 'nurse',
            password: 'reception desk 1',
          },
        })
      ).status,
    ).toBe(201);
    const colleague = await api<SessionResponse>(server.url, '/auth/login', {
      body: { email: colleagueEmail, password: 'reception desk 1' },
    });
    expect((await upload(digest, xray, { token: colleague.body.token })).status).toBe(403);
    expect((await upload(digest, xray, { token: hillside.token })).status).toBe(201);
  });

  it('needs a signed-in person, a digest in lower-case hex and a body', async () => {
    const xray = chestXray();
    const digest = sha256(xray);
    await attach(tablet, xray);
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
      headers: { authorization: `Bearer ${tablet.token}` },
      body: new Blob([xray]).stream(),
      duplex: 'half',
    });
    expect(untyped.status).toBe(201);
    expect((await download(digest)).headers.get('content-type')).toBe('application/octet-stream');
    // No document holds an empty file; sent under an attached digest, it is refused as empty.
    expect((await upload(sha256(new Uint8Array()), new Uint8Array())).status).toBe(403);
    const other = chestXray();
    await attach(tablet, other);
    const empty = await upload(sha256(other), new Uint8Array());
    expect(empty.status).toBe(400);
    expect(await empty.json()).toMatchObject({ error: { code: 'empty_file' } });
  });
});

describe.each(testDatabases)('the file quota of a hospital on $name', ({ url: databaseUrl }) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({
      ...(databaseUrl ? { databaseUrl } : {}),
      config: { filesQuotaBytesPerHospital: 100_000 },
    });
  });
  afterAll(() => server.close());

  it('refuses a file past the quota with 413, and counts each hospital on its own', async () => {
    const hillside = await tabletOf(server.url, await signUpClinic(server.url));
    const put = (device: TestDevice, bytes: Uint8Array) =>
      fetch(`${server.url}/files/${sha256(bytes)}`, {
        method: 'PUT',
        headers: { 'content-type': 'image/jpeg', authorization: `Bearer ${device.token}` },
        body: bytes,
      });
    const first = chestXray(60_000);
    const second = chestXray(60_000);
    await attach(hillside, first);
    await attach(hillside, second);
    expect((await put(hillside, first)).status).toBe(201);
    const over = await put(hillside, second);
    expect(over.status).toBe(413);
    expect(await over.json()).toMatchObject({
      error: {
        code: 'files_quota_exceeded',
        details: { quota_bytes: 100_000, used_bytes: 60_000, size_bytes: 60_000 },
      },
    });
    const { rows } = await server.database.query<{ files: number }>(
      'SELECT count(*)::int AS files FROM document_files WHERE sha256 = ANY($1)',
      [[sha256(first), sha256(second)]],
    );
    expect(rows[0]!.files).toBe(1);
    // A file already stored costs nothing more: sending it again is still answered.
    expect((await put(hillside, first)).status).toBe(200);

    // Another hospital has a quota of its own.
    const riverside = await tabletOf(server.url, await signUpClinic(server.url, 'Riverside'));
    await attach(riverside, second);
    expect((await put(riverside, second)).status).toBe(201);
  });
});
