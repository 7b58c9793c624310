import { copyFileSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { uuidv7 } from '@mymedic/shared';
import { afterAll, describe, expect, it } from 'vitest';
import { openPglite } from './database';
import { migrate, migrationsDir } from './migrate';

describe('migration 0013 (a completed appointment holds its doctor’s time)', () => {
  const earlier = mkdtempSync(join(tmpdir(), 'mymedic-migrations-'));
  afterAll(() => rmSync(earlier, { recursive: true, force: true }));

  it('keeps the overlaps the old rule accepted, marking the completed ones as overbookings', async () => {
    for (const file of readdirSync(migrationsDir)) {
      if (file < '0013') copyFileSync(join(migrationsDir, file), join(earlier, file));
    }
    const database = await openPglite();
    try {
      await migrate(database, `${earlier}/`);
      const hospitalId = uuidv7();
      const drOkello = uuidv7();
      const jane = uuidv7();
      const ids = {
        seenAtTen: uuidv7(),
        bookedOverIt: uuidv7(),
        seenAtNoon: uuidv7(),
        seenAtTwo: uuidv7(),
        seenOverIt: uuidv7(),
      };
      const rows: [string, string, string][] = [
        [ids.seenAtTen, '2026-11-25T10:00:00Z', 'completed'],
        [ids.bookedOverIt, '2026-11-25T10:15:00Z', 'scheduled'],
        [ids.seenAtNoon, '2026-11-25T12:00:00Z', 'completed'],
        [ids.seenAtTwo, '2026-11-25T14:00:00Z', 'completed'],
        [ids.seenOverIt, '2026-11-25T14:10:00Z', 'completed'],
      ];
      for (const [appointmentId, startsAt, status] of rows) {
        await database.query(
          `INSERT INTO appointments (hospital_id, appointment_id, patient_id, doctor_id, starts_at,
                                     duration_minutes, status, visit_type, reason)
           VALUES ($1, $2, $3, $4, $5, 30, $6, 'consultation', 'Cough')`,
          [hospitalId, appointmentId, jane, drOkello, startsAt, status],
        );
      }

      expect(await migrate(database)).toContain('0013_completed_holds_time.sql');
      const { rows: marked } = await database.query<{ appointment_id: string }>(
        'SELECT appointment_id FROM appointments WHERE overbooking_intended ORDER BY starts_at',
      );
      expect(marked.map((row) => row.appointment_id)).toEqual([
        ids.seenAtTen,
        ids.seenAtTwo,
        ids.seenOverIt,
      ]);
      // The completed appointment left alone now holds its time.
      await expect(
        database.query(
          `INSERT INTO appointments (hospital_id, appointment_id, patient_id, doctor_id, starts_at,
                                     duration_minutes, status, visit_type, reason)
           VALUES ($1, $2, $3, $4, '2026-11-25T12:20:00Z', 30, 'scheduled', 'consultation', 'Cough')`,
          [hospitalId, uuidv7(), jane, drOkello],
        ),
      ).rejects.toMatchObject({ code: '23P01' });
    } finally {
      await database.close();
    }
  });
});
