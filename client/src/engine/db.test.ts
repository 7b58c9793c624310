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
});
