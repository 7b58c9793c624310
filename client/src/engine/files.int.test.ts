import { createHash } from 'node:crypto';
import { DomainError, maxDocumentBytes, uuidv7, type SessionResponse } from '@mymedic/shared';
import { signUpClinic, startTestServer, type TestServer } from '@mymedic/sync-server/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SyncApi } from './api';
import { LocalDatabase } from './db';
import { execute, type Actor } from './execute';
import { attachFile, openFile, uploadPendingFiles, type OpenedFile } from './files';
import { syncOnce } from './sync';

/** A tablet whose network can be cut, and whose answers can be rewritten in transit. */
interface Tablet {
  db: LocalDatabase;
  api: SyncApi;
  actor: Actor;
  session: SessionResponse;
  network: {
    online: boolean;
    /** Requests for document files fail as if the line dropped, the rest go through. */
    filesBlocked: boolean;
    /** Rewrites the bytes of every file the server sends. */
    tamper: ((bytes: Uint8Array<ArrayBuffer>) => Uint8Array<ArrayBuffer>) | null;
  };
  sync(): Promise<void>;
}

/** Signed in on a device of its own, as the app does: the token names the device. */
async function tablet(server: TestServer, doctor: { email: string }): Promise<Tablet> {
  const deviceId = `tablet-${uuidv7()}`;
  const signIn = await fetch(`${server.url}/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      email: doctor.email,
      password: 'correct horse battery',
      device_id: deviceId,
    }),
  });
  const session = (await signIn.json()) as SessionResponse;
  const db = new LocalDatabase(`test-${deviceId}`);
  const network: Tablet['network'] = { online: true, filesBlocked: false, tamper: null };
  const fetcher: typeof fetch = async (input, init) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    if (!network.online || (network.filesBlocked && url.includes('/files/'))) {
      throw new TypeError('Failed to fetch');
    }
    const response = await fetch(input, init);
    if (!network.tamper || !url.includes('/files/') || !response.ok) return response;
    const bytes = network.tamper(new Uint8Array(await response.arrayBuffer()));
    return new Response(bytes, { status: response.status, headers: response.headers });
  };
  const api = new SyncApi(
    server.url,
    { token: session.token, refresh_token: session.refresh_token },
    () => undefined,
    fetcher,
  );
  const actor = {
    hospitalId: session.user.hospital_id,
    userId: session.user.user_id,
    roles: session.user.roles,
  };
  return {
    db,
    api,
    actor,
    session,
    network,
    sync: () => syncOnce(db, api, actor, deviceId),
  };
}

/** A photo of a wound as the tablet's camera would hand it over: JPEG magic, then noise. */
function woundPhoto(size = 300_000) {
  const bytes = new Uint8Array(size);
  for (let offset = 0; offset < size; offset += 65_536) {
    crypto.getRandomValues(bytes.subarray(offset, Math.min(size, offset + 65_536)));
  }
  bytes.set([0xff, 0xd8, 0xff, 0xe0]);
  return new File([bytes], 'wanjiru-wound-day-3.jpg', { type: 'image/jpeg' });
}

const messageOf = (opened: OpenedFile) => ('message' in opened ? opened.message : null);

const sha256Of = async (blob: Blob) =>
  createHash('sha256')
    .update(new Uint8Array(await blob.arrayBuffer()))
    .digest('hex');

describe('document files between tablets and a real sync server', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.close());

  /** Two tablets of one clinic that both know Jane Wanjiru, used by its founding doctor. */
  async function clinicWithJane() {
    const session = await signUpClinic(server.url);
    // Both tablets are the doctor's: the front desk (an admin included) is not sent the
    // clinical documents' content.
    const doctor = { email: `doctor-${uuidv7()}@hillside.example` };
    const created = await fetch(`${server.url}/users`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${session.token}` },
      body: JSON.stringify({
        ...doctor,
        full_name: 'Dr. Amina Njoroge',
        role: 'doctor',
        password: 'correct horse battery',
      }),
    });
    expect(created.status).toBe(201);
    const [a, b] = [await tablet(server, doctor), await tablet(server, doctor)];
    const patientId = uuidv7();
    await execute(a.db, a.actor, {
      type: 'RegisterPatient',
      aggregate_type: 'patient',
      aggregate_id: patientId,
      payload: {
        mrn: `HC-${uuidv7().slice(-8).toUpperCase()}`,
        full_name: 'Jane Wanjiru',
        date_of_birth: '1984-03-12',
        gender: 'female',
      },
    });
    await a.sync();
    await b.sync();
    return { a, b, session, patientId };
  }

  it('attaches a photo offline, uploads it on sync, and another tablet opens the same bytes', async () => {
    const { a, b, patientId } = await clinicWithJane();
    a.network.online = false;
    const photo = woundPhoto();
    const attached = await attachFile(a.db, a.actor, {
      patient_id: patientId,
      category: 'photo',
      title: 'Wound, day 3',
      file: photo,
    });
    expect(attached.sha256).toBe(await sha256Of(photo));
    expect(await a.db.documents.get(attached.document_id)).toMatchObject({
      patient_id: patientId,
      file_name: 'wanjiru-wound-day-3.jpg',
      mime_type: 'image/jpeg',
      size_bytes: photo.size,
      sha256: attached.sha256,
      pending: 1,
    });
    expect(await a.db.files.get(attached.sha256)).toMatchObject({ uploaded: 0 });
    // The event carries the metadata and the digest, never the bytes.
    expect(JSON.stringify(attached.command).length).toBeLessThan(2_000);
    await expect(a.sync()).rejects.toThrow('The server cannot be reached');
    // Opened on the tablet that attached it, offline: its own copy.
    const mine = await openFile(a.db, a.api, attached.sha256, 'image/jpeg');
    expect(mine.state).toBe('ready');

    a.network.online = true;
    await a.sync();
    expect(await a.db.files.get(attached.sha256)).toMatchObject({ uploaded: 1 });
    expect(await a.db.documents.get(attached.document_id)).toMatchObject({ pending: 0 });

    await b.sync();
    const document = await b.db.documents.get(attached.document_id);
    expect(document).toMatchObject({ sha256: attached.sha256, title: 'Wound, day 3' });
    expect(await b.db.files.count()).toBe(0);
    const opened = await openFile(b.db, b.api, document!.sha256, document!.mime_type);
    if (opened.state !== 'ready') throw new Error(`not opened: ${opened.state}`);
    expect(opened.blob.type).toBe('image/jpeg');
    expect(new Uint8Array(await opened.blob.arrayBuffer())).toEqual(
      new Uint8Array(await photo.arrayBuffer()),
    );
    // Kept on B for next time, offline included.
    expect(await b.db.files.get(attached.sha256)).toMatchObject({ uploaded: 1 });
    b.network.online = false;
    expect((await openFile(b.db, b.api, attached.sha256, 'image/jpeg')).state).toBe('ready');
  });

  it('tells another tablet the file is not uploaded yet while only the event has arrived', async () => {
    const { a, b, patientId } = await clinicWithJane();
    const attached = await attachFile(a.db, a.actor, {
      patient_id: patientId,
      category: 'lab_report',
      title: 'Full blood count',
      file: woundPhoto(20_000),
    });
    // The push goes through; the line drops before the bytes do.
    a.network.filesBlocked = true;
    await expect(a.sync()).rejects.toThrow('The server cannot be reached');
    expect(await a.db.outbox.count()).toBe(0);
    expect(await a.db.files.get(attached.sha256)).toMatchObject({ uploaded: 0 });

    await b.sync();
    expect(await b.db.documents.get(attached.document_id)).toBeDefined();
    const early = await openFile(b.db, b.api, attached.sha256, 'image/jpeg');
    expect(early.state).toBe('not_uploaded_yet');
    expect(messageOf(early)).toMatch(/not been uploaded yet by the device that attached it/);
    expect(await b.db.files.count()).toBe(0);

    a.network.filesBlocked = false;
    await a.sync();
    expect((await openFile(b.db, b.api, attached.sha256, 'image/jpeg')).state).toBe('ready');
  });

  it('refreshes an expired session once to upload, and marks a file the server had as uploaded', async () => {
    const { a, patientId } = await clinicWithJane();
    const photo = woundPhoto(10_000);
    const attached = await attachFile(a.db, a.actor, {
      patient_id: patientId,
      category: 'photo',
      title: 'Rash, left forearm',
      file: photo,
    });
    // The document reaches the server; its bytes do not.
    a.network.filesBlocked = true;
    await expect(a.sync()).rejects.toThrow('The server cannot be reached');
    const refreshed: string[] = [];
    const expired = new SyncApi(
      server.url,
      { token: 'expired-access-token', refresh_token: a.session.refresh_token },
      (next) => refreshed.push(next.token),
    );
    expect(await uploadPendingFiles(a.db, expired)).toEqual({
      uploaded: [attached.sha256],
      refused: [],
    });
    expect(refreshed).toHaveLength(1);
    expect(await a.db.files.get(attached.sha256)).toMatchObject({ uploaded: 1 });
    // A retry after a lost answer: the server already has it, and says so.
    await a.db.files.update(attached.sha256, { uploaded: 0 });
    expect(await uploadPendingFiles(a.db, expired)).toEqual({
      uploaded: [attached.sha256],
      refused: [],
    });
    expect(refreshed).toHaveLength(1);
  });

  it('uploads a file only once the server has stored the document that names it', async () => {
    const { a, b, patientId } = await clinicWithJane();
    const smear = woundPhoto(30_000);
    const attached = await attachFile(a.db, a.actor, {
      patient_id: patientId,
      category: 'lab_report',
      title: 'Malaria smear',
      file: smear,
    });
    // Before the push, the server would refuse the bytes: they wait, and nothing is refused.
    expect(await uploadPendingFiles(a.db, a.api)).toEqual({ uploaded: [], refused: [] });
    expect(await a.db.files.get(attached.sha256)).toMatchObject({ uploaded: 0 });
    // The same photo attached again before any sync is still uploaded once.
    const again = await attachFile(a.db, a.actor, {
      patient_id: patientId,
      category: 'lab_report',
      title: 'Malaria smear, copy',
      file: smear,
    });
    expect(again.sha256).toBe(attached.sha256);
    expect(await a.db.files.get(attached.sha256)).toMatchObject({
      attached_by: [attached.command.command_id, again.command.command_id],
    });
    await a.sync();
    expect(await a.db.files.get(attached.sha256)).toMatchObject({ uploaded: 1 });
    expect((await openFile(b.db, b.api, attached.sha256, 'image/jpeg')).state).toBe('ready');

    // Another tablet of the clinic cannot send bytes for a document it did not attach.
    const stranger = woundPhoto(5_000);
    const digest = await sha256Of(stranger);
    await expect(b.api.putFile(digest, stranger, 'image/jpeg')).rejects.toMatchObject({
      status: 403,
    });
  });

  it('refuses a file over 10 MB before writing anything', async () => {
    const { a, patientId } = await clinicWithJane();
    const before = { events: await a.db.events.count(), outbox: await a.db.outbox.count() };
    const scan = new File([new Uint8Array(maxDocumentBytes + 1)], 'whole-chart-scan.pdf', {
      type: 'application/pdf',
    });
    const refusal = attachFile(a.db, a.actor, {
      patient_id: patientId,
      category: 'other',
      title: 'Whole chart',
      file: scan,
    });
    await expect(refusal).rejects.toThrow(DomainError);
    await expect(refusal).rejects.toMatchObject({
      code: 'validation',
      message: 'Document: size_bytes: The file is larger than 10 MB',
    });
    expect(await a.db.files.count()).toBe(0);
    expect(await a.db.documents.count()).toBe(0);
    expect({ events: await a.db.events.count(), outbox: await a.db.outbox.count() }).toEqual(
      before,
    );
  });

  it('leaves nothing behind when the decider refuses the document', async () => {
    const { a, patientId } = await clinicWithJane();
    await expect(
      attachFile(a.db, a.actor, {
        patient_id: patientId,
        category: 'invoice' as 'other',
        title: 'Bill',
        file: woundPhoto(1_000),
      }),
    ).rejects.toMatchObject({ code: 'validation' });
    expect(await a.db.files.count()).toBe(0);
    expect(await a.db.outbox.count()).toBe(0);
  });

  it('refuses bytes from the server that do not match the digest, and keeps none', async () => {
    const { a, b, patientId } = await clinicWithJane();
    const attached = await attachFile(a.db, a.actor, {
      patient_id: patientId,
      category: 'imaging',
      title: 'Chest X-ray, PA view',
      file: woundPhoto(50_000),
    });
    await a.sync();
    await b.sync();
    b.network.tamper = (bytes) => {
      const altered = bytes.slice();
      altered[1_000] = altered[1_000]! ^ 0x01;
      return altered;
    };
    const opened = await openFile(b.db, b.api, attached.sha256, 'image/jpeg');
    expect(opened.state).toBe('damaged');
    expect(messageOf(opened)).toMatch(/does not match its fingerprint/);
    expect(await b.db.files.count()).toBe(0);

    b.network.tamper = null;
    expect((await openFile(b.db, b.api, attached.sha256, 'image/jpeg')).state).toBe('ready');
  });
});
