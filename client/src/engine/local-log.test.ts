import { uuidv7 } from '@mymedic/shared';
import Dexie from 'dexie';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LocalDatabase } from './db';
import { execute, type Actor } from './execute';
import {
  dropPending,
  inWriteTransaction,
  localStream,
  moveToConflicts,
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
});
