import { uuidv7 } from '@mymedic/shared';
import Dexie from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import { LocalDatabase, readMeta } from './db';
import { execute, type Actor } from './execute';
import { applyPulledPage } from './reconcile';
import { wipeServerHeldData } from './wipe';

const actor: Actor = { hospitalId: uuidv7(), userId: uuidv7(), roles: ['receptionist'] };
const registration = (mrn: string, full_name: string) => ({
  mrn,
  full_name,
  date_of_birth: '1984-03-12',
  gender: 'female',
});

describe('the revoked-device wipe', () => {
  let db: LocalDatabase | null = null;
  afterEach(async () => {
    db?.close();
    if (db) await Dexie.delete(db.name);
  });

  it('drops every confirmed stream and its rows, keeping what only this device holds', async () => {
    db = new LocalDatabase(`wipe-${crypto.randomUUID()}`);
    const [pulled, local] = [uuidv7(), uuidv7()];
    const sent = (await execute(db, actor, {
      type: 'RegisterPatient',
      aggregate_type: 'patient',
      aggregate_id: pulled,
      payload: registration('A-1', 'Jane Wanjiru'),
    }))!;
    // The server confirmed the first registration; the second was never sent.
    await applyPulledPage(db, actor, [
      {
        ...sent.events[0]!,
        hospital_id: actor.hospitalId,
        aggregate_type: 'patient',
        aggregate_id: pulled,
        meta: {
          user_id: actor.userId,
          device_id: 'tablet-1',
          command_id: sent.command_id,
          issued_at: sent.issued_at,
        },
        position: 1,
        stored_at: sent.issued_at,
      },
    ]);
    await execute(db, actor, {
      type: 'RegisterPatient',
      aggregate_type: 'patient',
      aggregate_id: local,
      payload: registration('A-2', 'John Otieno'),
    });
    expect(await db.streams.count()).toBe(1);
    expect(await db.patients.count()).toBe(2);

    await wipeServerHeldData(db);
    expect(await db.streams.count()).toBe(0);
    expect((await db.events.toArray()).map((event) => event.aggregate_id)).toEqual([local]);
    expect((await db.patients.toArray()).map((row) => row.full_name)).toEqual(['John Otieno']);
    expect(await readMeta(db, 'cursor', -1)).toBe(0);
  });
});
