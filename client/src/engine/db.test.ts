import Dexie from 'dexie';
import { describe, expect, it } from 'vitest';
import { LocalDatabase } from './db';

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
});
