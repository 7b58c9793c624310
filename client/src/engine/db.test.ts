import Dexie from 'dexie';
import { describe, expect, it } from 'vitest';
import { LocalDatabase } from './db';
import {
  confirmedAfter,
  confirmedLog,
  localStream,
  newestPosition,
  redactedEvents,
} from './local-log';
import { moveConfirmedEventsToStreams, type StreamRow } from './streams';

describe('the local database', () => {
  it('gives staff rows kept with one role a list of roles, indexed per role', async () => {
    const name = `upgrade-${crypto.randomUUID()}`;
    // The database as the app kept it before people held several roles (version 3).
    const before = new Dexie(name);
    before.version(3).stores({ staff: '&user_id, role', organisation: '&hospital_id' });
    await before.table('staff').bulkPut([
      {
        user_id: 'u-1',
        full_name: 'Dr Grace Okello',
        email: 'g@x.example',
        role: 'doctor',
        active: 1,
      },
      { user_id: 'u-2', full_name: 'Amara Okafor', email: 'a@x.example', role: 'nurse', active: 1 },
    ]);
    before.close();

    const db = new LocalDatabase(name);
    try {
      expect(await db.staff.get('u-1')).toMatchObject({ roles: ['doctor'] });
      expect(await db.staff.get('u-1')).not.toHaveProperty('role');
      const doctors = await db.staff.where('roles').equals('doctor').toArray();
      expect(doctors.map((row) => row.user_id)).toEqual(['u-1']);
      await db.staff.put({ ...(await db.staff.get('u-2'))!, roles: ['admin', 'doctor'] });
      expect(
        (await db.staff.where('roles').equals('doctor').toArray()).map((row) => row.user_id).sort(),
      ).toEqual(['u-1', 'u-2']);
    } finally {
      db.close();
      await Dexie.delete(name);
    }
  });

  it('gives patient rows kept before version 7 their registration time, from the log', async () => {
    const name = `upgrade-${crypto.randomUUID()}`;
    const before = new Dexie(name);
    before.version(6).stores({
      events: '&event_id, [aggregate_id+version], command_id, position, confirmed, redacted',
      patients: '&patient_id, mrn, full_name, archived',
    });
    await before.table('events').bulkPut([
      {
        event_id: 'e-1',
        aggregate_id: 'p-wanjiru',
        version: 1,
        type: 'PatientRegistered',
        confirmed: 1,
        meta: { issued_at: '2026-11-30T07:15:00.000Z' },
      },
      // Waiting to be sent: the log knows no time for it yet.
      {
        event_id: 'e-2',
        aggregate_id: 'p-otieno',
        version: 1,
        type: 'PatientRegistered',
        confirmed: 0,
        meta: null,
      },
    ]);
    await before.table('patients').bulkPut([
      { patient_id: 'p-wanjiru', mrn: 'A-1', full_name: 'Jane Wanjiru', archived: 0 },
      { patient_id: 'p-otieno', mrn: 'A-2', full_name: 'John Otieno', archived: 0 },
    ]);
    before.close();

    const db = new LocalDatabase(name);
    try {
      expect(await db.patients.get('p-wanjiru')).toMatchObject({
        registered_at: '2026-11-30T07:15:00.000Z',
      });
      expect(await db.patients.get('p-otieno')).toMatchObject({ registered_at: null });
      const since = await db.patients.where('registered_at').aboveOrEqual('2026-11-30').toArray();
      expect(since.map((row) => row.full_name)).toEqual(['Jane Wanjiru']);
    } finally {
      db.close();
      await Dexie.delete(name);
    }
  });

  it('moves confirmed events kept before version 8 into one row per stream, pending ones staying', async () => {
    const name = `upgrade-${crypto.randomUUID()}`;
    const before = new Dexie(name);
    before.version(7).stores({
      events: '&event_id, [aggregate_id+version], command_id, position, confirmed, redacted',
      patients: '&patient_id, mrn, full_name, archived, registered_at',
    });
    const event = (
      id: string,
      aggregateId: string,
      version: number,
      position: number | null,
      extra: Record<string, unknown> = {},
    ) => ({
      event_id: id,
      aggregate_type: aggregateId.startsWith('p-') ? 'patient' : 'note',
      aggregate_id: aggregateId,
      version,
      type: version === 1 ? 'PatientRegistered' : 'PatientDetailsUpdated',
      schema_version: 1,
      data: { n: version },
      command_id: `c-${id}`,
      confirmed: position === null ? 0 : 1,
      position,
      meta: position === null ? null : { issued_at: '2026-11-30T07:15:00.000Z' },
      stored_at: position === null ? null : '2026-11-30T07:15:01.000Z',
      ...extra,
    });
    await before.table('events').bulkPut([
      event('e-3', 'p-wanjiru', 2, 30),
      event('e-1', 'p-wanjiru', 1, 10),
      event('e-2', 'n-visit', 1, 20, { redacted: 1 }),
      // Waiting to be sent: it stays in the events table, after the confirmed ones.
      event('e-4', 'p-wanjiru', 3, null),
    ]);
    before.close();

    const db = new LocalDatabase(name);
    try {
      expect(await db.streams.count()).toBe(2);
      expect(await db.streams.get('p-wanjiru')).toMatchObject({
        aggregate_type: 'patient',
        last_position: 30,
        events: [{ event_id: 'e-1' }, { event_id: 'e-3' }],
      });
      expect(await db.streams.get('p-wanjiru')).not.toHaveProperty('redacted');
      expect((await db.events.toArray()).map((row) => row.event_id)).toEqual(['e-4']);
      const stream = await localStream(db, 'p-wanjiru');
      expect(stream).toEqual([
        event('e-1', 'p-wanjiru', 1, 10),
        event('e-3', 'p-wanjiru', 2, 30),
        event('e-4', 'p-wanjiru', 3, null),
      ]);
      expect((await confirmedLog(db)).map((row) => row.event_id)).toEqual(['e-1', 'e-2', 'e-3']);
      expect(await redactedEvents(db)).toEqual([event('e-2', 'n-visit', 1, 20, { redacted: 1 })]);
      expect((await confirmedAfter(db, 10)).map((row) => row.event_id)).toEqual(['e-2', 'e-3']);
      expect(await newestPosition(db)).toBe(30);
    } finally {
      db.close();
      await Dexie.delete(name);
    }
  });

  it('moves long streams whole when the upgrade reads the events a few at a time', async () => {
    const name = `upgrade-${crypto.randomUUID()}`;
    const schema = {
      events: '&event_id, [aggregate_id+version], command_id, position, confirmed, redacted',
    };
    const before = new Dexie(name);
    before.version(7).stores(schema);
    const event = (aggregateId: string, version: number, position: number | null) => ({
      event_id: `${aggregateId}-${version}`,
      aggregate_type: 'patient',
      aggregate_id: aggregateId,
      version,
      confirmed: position === null ? 0 : 1,
      position,
    });
    await before
      .table('events')
      .bulkPut([
        event('a', 1, 1),
        event('b', 1, 2),
        event('b', 2, 3),
        event('b', 3, 4),
        event('b', 4, 5),
        event('b', 5, null),
        event('c', 1, 6),
      ]);
    before.close();

    // Two events at a time: b's stream goes on past three chunks.
    const after = new Dexie(name);
    after.version(7).stores(schema);
    after
      .version(8)
      .stores({ streams: '&aggregate_id, last_position, redacted' })
      .upgrade((transaction) => moveConfirmedEventsToStreams(transaction, 2));
    try {
      const rows = await after.table<StreamRow>('streams').toArray();
      expect(rows.map((row) => [row.aggregate_id, row.events.map((e) => e.version)])).toEqual([
        ['a', [1]],
        ['b', [1, 2, 3, 4]],
        ['c', [1]],
      ]);
      expect(await after.table('events').toCollection().primaryKeys()).toEqual(['b-5']);
    } finally {
      after.close();
      await Dexie.delete(name);
    }
  });
});
