import { uuidv7 } from '@mymedic/shared';
import Dexie from 'dexie';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LocalDatabase } from './db';
import { execute, type Actor } from './execute';
import type { EventEnvelope } from '@mymedic/shared';
import {
  appendConfirmed,
  confirmedLog,
  dropPending,
  inWriteTransaction,
  localStream,
  moveToConflicts,
  redactedEvents,
  unredactEvents,
  writeTables,
} from './local-log';

const actor: Actor = { hospitalId: uuidv7(), userId: uuidv7(), roles: ['receptionist'] };
const jane = {
  mrn: 'HC-A1-000001',
  full_name: 'Jane Wanjiru',
  date_of_birth: '1984-03-12',
  gender: 'female',
};

describe('the local log', () => {
  let db: LocalDatabase;
  beforeEach(() => {
    db = new LocalDatabase(`local-log-${crypto.randomUUID()}`);
  });
  afterEach(async () => {
    db.close();
    await Dexie.delete(db.name);
  });

  // Drafts and notifications' seen marks are a person's own, never part of a command.
  it('writes every table but the drafts and seen marks in one transaction, nested ones included', () => {
    const written = writeTables(db).map((table) => table.name);
    expect(new Set(written).size).toBe(written.length);
    expect(written.sort()).toEqual(
      db.tables
        .map((table) => table.name)
        .filter((name) => name !== 'drafts' && name !== 'notificationsSeen')
        .sort(),
    );
  });

  it('undoes a command, its events and its projection row together when the transaction fails', async () => {
    const patientId = uuidv7();
    await expect(
      inWriteTransaction(db, async () => {
        await execute(db, actor, {
          type: 'RegisterPatient',
          aggregate_type: 'patient',
          aggregate_id: patientId,
          payload: jane,
        });
        throw new Error('power cut');
      }),
    ).rejects.toThrow('power cut');
    expect(await db.outbox.count()).toBe(0);
    expect(await db.events.count()).toBe(0);
    expect(await db.patients.get(patientId)).toBeUndefined();
  });

  it('takes a command out with its pending events, or moves it to the conflicts inbox', async () => {
    const register = (aggregateId: string) =>
      execute(db, actor, {
        type: 'RegisterPatient',
        aggregate_type: 'patient',
        aggregate_id: aggregateId,
        payload: jane,
      });
    const [first, second] = [uuidv7(), uuidv7()];
    const dropped = (await register(first))!;
    const refused = (await register(second))!;
    expect(await localStream(db, first)).toHaveLength(1);
    await inWriteTransaction(db, () => dropPending(db, dropped.command_id));
    expect(await localStream(db, first)).toEqual([]);
    await inWriteTransaction(db, () =>
      moveToConflicts(db, refused, 'rejected', { code: 'x', message: 'no' }, '2026-01-01'),
    );
    expect(await db.outbox.count()).toBe(0);
    expect(await db.events.count()).toBe(0);
    expect(await db.conflicts.get(refused.command_id)).toMatchObject({
      kind: 'rejected',
      command: { command_id: refused.command_id },
      resolution: null,
    });
  });

  const pulled = (
    aggregateId: string,
    version: number,
    position: number,
    redacted = false,
  ): EventEnvelope => ({
    event_id: `${aggregateId}-${version}`,
    hospital_id: actor.hospitalId,
    aggregate_type: 'patient',
    aggregate_id: aggregateId,
    version,
    type: 'PatientDetailsUpdated',
    schema_version: 1,
    data: redacted ? {} : { changes: { phone: `+25470000000${version}` } },
    meta: {
      user_id: actor.userId,
      device_id: 'tablet-1',
      command_id: `command-${position}`,
      issued_at: '2026-12-01T08:00:00.000Z',
    },
    position,
    stored_at: '2026-12-01T08:00:01.000Z',
    ...(redacted ? { redacted: true } : {}),
  });

  it('keeps pulled events in one row per stream, in version order, each version once', async () => {
    const [jane, john] = [uuidv7(), uuidv7()];
    const page = [pulled(jane, 1, 1), pulled(john, 1, 2), pulled(jane, 2, 3)];
    const streams = await inWriteTransaction(db, () => appendConfirmed(db, page));
    expect(streams.get(jane)!.map((event) => event.version)).toEqual([1, 2]);
    // The same page again (and a later event first): nothing is held twice or out of order.
    await inWriteTransaction(db, () => appendConfirmed(db, [pulled(jane, 4, 5)]));
    await inWriteTransaction(db, () => appendConfirmed(db, [...page, pulled(jane, 3, 4)]));
    expect(await db.streams.count()).toBe(2);
    expect(await db.events.count()).toBe(0);
    expect((await localStream(db, jane)).map((event) => [event.version, event.position])).toEqual([
      [1, 1],
      [2, 3],
      [3, 4],
      [4, 5],
    ]);
    expect(await localStream(db, jane)).toContainEqual({
      event_id: `${jane}-1`,
      aggregate_type: 'patient',
      aggregate_id: jane,
      version: 1,
      type: 'PatientDetailsUpdated',
      schema_version: 1,
      data: { changes: { phone: '+254700000001' } },
      command_id: 'command-1',
      confirmed: 1,
      position: 1,
      meta: page[0]!.meta,
      stored_at: '2026-12-01T08:00:01.000Z',
    });
    expect((await confirmedLog(db)).map((event) => event.position)).toEqual([1, 2, 3, 4, 5]);
  });

  it('puts the full copy in place of an event held without its content, and only there', async () => {
    const jane = uuidv7();
    await inWriteTransaction(db, () =>
      appendConfirmed(db, [pulled(jane, 1, 1), pulled(jane, 2, 2, true)]),
    );
    expect((await redactedEvents(db)).map((event) => event.version)).toEqual([2]);
    const full = [pulled(jane, 1, 1), pulled(jane, 2, 2)].map((envelope) => ({
      ...envelope,
      data: { changes: { phone: 'the full copy' } },
    }));
    const changed = await inWriteTransaction(db, () => unredactEvents(db, full));
    expect([...changed.keys()]).toEqual([jane]);
    expect((await localStream(db, jane)).map((event) => event.data)).toEqual([
      { changes: { phone: '+254700000001' } },
      { changes: { phone: 'the full copy' } },
    ]);
    expect(await redactedEvents(db)).toEqual([]);
    expect(await db.streams.where('redacted').equals(1).count()).toBe(0);
    // Nothing is held without its content any more: a second copy changes no stream.
    expect((await inWriteTransaction(db, () => unredactEvents(db, full))).size).toBe(0);
  });
});
