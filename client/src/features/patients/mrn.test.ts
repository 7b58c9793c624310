import { DomainError, uuidv7 } from '@mymedic/shared';
import Dexie from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import { LocalDatabase } from '../../engine/db';
import { issue, type Actor } from '../../engine/execute';
import { nextMrn } from './mrn';

const actor: Actor = { hospitalId: uuidv7(), userId: uuidv7(), roles: ['receptionist'] };
const jane = { full_name: 'Jane Wanjiru', date_of_birth: '1984-03-12', gender: 'female' };

/** A registration as the screen issues it: the MRN taken inside the write transaction. */
const registration = (payload: Record<string, unknown>) => async (db: LocalDatabase) => ({
  type: 'RegisterPatient',
  aggregate_type: 'patient' as const,
  aggregate_id: uuidv7(),
  payload: { ...payload, mrn: await nextMrn(db) },
});

describe('the MRN of a registration', () => {
  let db: LocalDatabase;
  afterEach(async () => {
    db.close();
    await Dexie.delete(db.name);
  });

  it('is distinct for two registrations issued together', async () => {
    db = new LocalDatabase(`mrn-${crypto.randomUUID()}`);
    await Promise.all([
      issue(db, actor, registration(jane)),
      issue(db, actor, registration({ ...jane, full_name: 'John Kamau' })),
    ]);
    const mrns = (await db.patients.toArray()).map((patient) => patient.mrn);
    expect(mrns).toHaveLength(2);
    expect(new Set(mrns).size).toBe(2);
  });

  it('is not taken by a registration the decider refuses', async () => {
    db = new LocalDatabase(`mrn-${crypto.randomUUID()}`);
    await expect(issue(db, actor, registration({ ...jane, full_name: '' }))).rejects.toThrow(
      DomainError,
    );
    const [registered] = await issue(db, actor, registration(jane));
    expect(registered?.payload.mrn).toMatch(/-00001$/);
  });
});
