import { uuidv7, type PullResponse, type SessionResponse } from '@mymedic/shared';
import {
  sessionOnDevice,
  signUpClinic,
  startTestServer,
  type TestServer,
} from '@mymedic/sync-server/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SyncApi } from './api';
import { LocalDatabase } from './db';
import { execute } from './execute';
import { colleague } from './colleagues.test-support';
import { confirmedLog, localStream, redactedEvents, unpackHistory } from './local-log';
import { registrations } from './registrations.test-support';
import { syncOnce } from './sync';

/** A fresh tablet of this person, pulling pages of 100 events; packs from `packFrom` on. */
async function newTablet(server: TestServer, person: SessionResponse, packFrom: number) {
  const deviceId = `tablet-${uuidv7()}`;
  const session = await sessionOnDevice(server, person, deviceId);
  const db = new LocalDatabase(`test-${deviceId}`);
  const api = new SyncApi(server.url, session, () => undefined, fetch, 100);
  const actor = {
    hospitalId: session.user.hospital_id,
    userId: session.user.user_id,
    roles: session.user.roles,
  };
  return {
    db,
    actor,
    sync: () => syncOnce(db, api, actor, deviceId, undefined, packFrom),
    async close() {
      db.close();
      await db.delete();
    },
  };
}

const phoneChange = (patientId: string, from: string, to: string) => ({
  type: 'UpdatePatientDetails',
  aggregate_type: 'patient' as const,
  aggregate_id: patientId,
  payload: { changes: { phone: { from, to } } },
});

/** A clinic of 250 patients, the phones of the first 20 corrected in a later push. */
async function clinicWithHistory(server: TestServer) {
  const admin = await signUpClinic(server.url);
  const writer = await newTablet(server, admin, Infinity);
  const api = new SyncApi(server.url, admin);
  const deviceOfAdmin = JSON.parse(
    Buffer.from(admin.token.split('.')[1]!, 'base64url').toString(),
  ) as { did: string };
  const commands = registrations(admin, 250, 1, {
    mrnPrefix: 'S',
    details: { date_of_birth: '1990-05-01', gender: 'male', phone: '+254 700 000000' },
  });
  const response = await api.push(deviceOfAdmin.did, commands);
  expect(response.results.every((result) => result.status === 'accepted')).toBe(true);
  await writer.sync();
  // Corrections of patients registered pages earlier: their streams span pages.
  const corrected = commands.slice(0, 20).map((command) => command.aggregate_id);
  for (const patientId of corrected)
    await execute(
      writer.db,
      writer.actor,
      phoneChange(patientId, '+254 700 000000', '+254 711 111111'),
    );
  await writer.sync();
  await writer.close();
  const log = await fetch(`${server.url}/sync/pull?after=0&limit=5000`, {
    headers: { authorization: `Bearer ${admin.token}` },
  }).then((answer) => answer.json() as Promise<PullResponse>);
  return { admin, corrected, log };
}

describe('a first sync that takes the state first and the history after', () => {
  let server: TestServer;
  beforeAll(async () => {
    const databaseUrl = process.env.DATABASE_URL;
    server = await startTestServer(databaseUrl ? { databaseUrl } : {});
  });
  afterAll(() => server.close());

  it('shows every record at once, holds the whole history packed, and unpacks it into the same stream rows', async () => {
    const { admin, corrected, log } = await clinicWithHistory(server);
    const packed = await newTablet(server, admin, 0);
    const plain = await newTablet(server, admin, Infinity);
    try {
      await packed.sync();
      await plain.sync();
      expect(await packed.db.packed.count()).toBeGreaterThan(2);
      expect(await packed.db.streams.count()).toBe(0);
      // The state: the same projection rows as a device that wrote every stream row.
      expect(await packed.db.patients.toArray()).toEqual(await plain.db.patients.toArray());
      expect(await packed.db.patients.get(corrected[0]!)).toMatchObject({
        phone: '+254711111111',
        version: 2,
      });
      // The history, complete while packed: the log and each stream as the server has them.
      const held = await confirmedLog(packed.db);
      expect(held.map((event) => event.event_id)).toEqual(log.events.map((e) => e.event_id));
      expect(held).toEqual(await confirmedLog(plain.db));
      expect((await localStream(packed.db, corrected[0]!)).map((e) => e.version)).toEqual([1, 2]);

      await unpackHistory(packed.db);
      expect(await packed.db.packed.count()).toBe(0);
      expect(await packed.db.streams.toArray()).toEqual(await plain.db.streams.toArray());
      expect(await confirmedLog(packed.db)).toEqual(held);
    } finally {
      await packed.close();
      await plain.close();
    }
  });

  it('never shows a reader a history with a page missing or doubled while the pages move', async () => {
    const { admin, log } = await clinicWithHistory(server);
    const tablet = await newTablet(server, admin, 0);
    try {
      await tablet.sync();
      expect(await tablet.db.packed.count()).toBeGreaterThan(2);
      const seen: number[] = [];
      let moving = true;
      const moved = unpackHistory(tablet.db).finally(() => {
        moving = false;
      });
      // The screens read on while the history moves, each read outside any transaction.
      while (moving) seen.push((await confirmedLog(tablet.db)).length);
      await moved;
      expect(seen.length).toBeGreaterThan(2);
      expect(new Set(seen)).toEqual(new Set([log.events.length]));
    } finally {
      await tablet.close();
    }
  });

  it("keeps the front desk's packed history without clinical text, and fetches it for a doctor who signs in on the tablet", async () => {
    const { admin } = await clinicWithHistory(server);
    const doctor = await newTablet(
      server,
      await colleague(server.url, admin, 'doctor', 'Juma Otieno'),
      Infinity,
    );
    await doctor.sync();
    const patient = await doctor.db.patients.toCollection().first();
    const noteId = uuidv7();
    await execute(doctor.db, doctor.actor, {
      type: 'DraftNote',
      aggregate_type: 'note',
      aggregate_id: noteId,
      payload: {
        patient_id: patient!.patient_id,
        visit_id: null,
        body: 'HIV positive, started ART',
      },
    });
    await doctor.sync();
    await doctor.close();

    const reception = await newTablet(
      server,
      await colleague(server.url, admin, 'receptionist', 'Peter Kamau'),
      0,
    );
    try {
      await reception.sync();
      expect(await reception.db.packed.count()).toBeGreaterThan(2);
      const held = JSON.stringify([
        await reception.db.packed.toArray(),
        await reception.db.streams.toArray(),
        await reception.db.notes.toArray(),
      ]);
      expect(held).not.toContain('HIV positive');
      expect((await redactedEvents(reception.db)).map((event) => event.aggregate_id)).toEqual([
        noteId,
      ]);

      // A doctor signs in on the front desk's tablet while its history is still packed.
      const onDesk = await colleague(server.url, admin, 'doctor', 'Amina Njoroge');
      const api = new SyncApi(server.url, onDesk);
      const actor = {
        hospitalId: onDesk.user.hospital_id,
        userId: onDesk.user.user_id,
        roles: onDesk.user.roles,
      };
      await syncOnce(reception.db, api, actor, `desk-${uuidv7()}`);
      expect(await reception.db.notes.get(noteId)).toMatchObject({
        body: 'HIV positive, started ART',
      });
      expect(await redactedEvents(reception.db)).toEqual([]);
      await unpackHistory(reception.db);
      expect(await reception.db.packed.count()).toBe(0);
      expect(await redactedEvents(reception.db)).toEqual([]);
      expect((await localStream(reception.db, noteId)).map((event) => event.redacted)).toEqual([
        undefined,
      ]);
    } finally {
      await reception.close();
    }
  });

  it('decides a command on the packed history, and the next round confirms it', async () => {
    const { admin, corrected } = await clinicWithHistory(server);
    const tablet = await newTablet(server, admin, 0);
    try {
      await tablet.sync();
      expect(await tablet.db.packed.count()).toBeGreaterThan(0);
      // Version 3: decided on the two confirmed events still packed.
      await execute(
        tablet.db,
        tablet.actor,
        phoneChange(corrected[0]!, '+254 711 111111', '+254 722 222222'),
      );
      expect((await localStream(tablet.db, corrected[0]!)).map((e) => e.version)).toEqual([
        1, 2, 3,
      ]);
      // The next round is an ordinary one: the packed pages move before a stream row is
      // rewritten, and the command is confirmed, not refused.
      await tablet.sync();
      expect(await tablet.db.packed.count()).toBe(0);
      expect(await tablet.db.outbox.count()).toBe(0);
      expect(await tablet.db.conflicts.count()).toBe(0);
      expect(await tablet.db.patients.get(corrected[0]!)).toMatchObject({
        phone: '+254722222222',
        version: 3,
        pending: 0,
      });
      expect((await tablet.db.streams.get(corrected[0]!))?.events.map((e) => e.version)).toEqual([
        1, 2, 3,
      ]);
    } finally {
      await tablet.close();
    }
  });
});
