import { uuidv7 } from '@mymedic/shared';
import Dexie from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import { LocalDatabase } from '../../engine/db';
import { execute, type Actor } from '../../engine/execute';
import { clinicReport } from './figures';
import { loadReportInput } from './load';

const nairobi = 'Africa/Nairobi';
const doctor: Actor = { hospitalId: uuidv7(), userId: uuidv7(), roles: ['doctor'] };
const opened: LocalDatabase[] = [];

/** A tablet that registered Jane Wanjiru, checked her in and diagnosed malaria, all unsent. */
async function tabletWithOneVisit() {
  const db = new LocalDatabase(`reports-${crypto.randomUUID()}`);
  opened.push(db);
  const patientId = uuidv7();
  const visitId = uuidv7();
  // 23:30 UTC on 30 November is 02:30 on 1 December in Nairobi.
  const at = new Date('2026-11-30T23:30:00.000Z');
  await execute(
    db,
    doctor,
    {
      type: 'RegisterPatient',
      aggregate_type: 'patient',
      aggregate_id: patientId,
      payload: {
        full_name: 'Jane Wanjiru',
        birth_year_estimate: 1984,
        gender: 'female',
        phone: null,
        mrn: 'TEST-1',
      },
    },
    at,
  );
  const visit = { aggregate_type: 'visit' as const, aggregate_id: visitId };
  await execute(
    db,
    doctor,
    {
      type: 'CheckInPatient',
      ...visit,
      payload: { patient_id: patientId, doctor_id: doctor.userId },
    },
    at,
  );
  await execute(db, doctor, { type: 'StartConsultation', ...visit, payload: {} }, at);
  await execute(
    db,
    doctor,
    {
      type: 'RecordDiagnosis',
      ...visit,
      payload: {
        diagnosis_id: uuidv7(),
        code: 'B54',
        description: 'Unspecified malaria',
        kind: 'primary',
      },
    },
    at,
  );
  return db;
}

afterEach(async () => {
  for (const db of opened.splice(0)) {
    db.close();
    await Dexie.delete(db.name);
  }
});

describe('loading a report from the device', () => {
  const range = { from: '2026-12-01', to: '2026-12-01' };
  const now = new Date('2026-12-01T12:00:00.000Z');

  it("counts what waits to be sent, on the clinic's day, a registration by its command's time", async () => {
    const db = await tabletWithOneVisit();
    const input = await loadReportInput(db, { timeZone: nairobi, range, readsClinical: true, now });
    expect(input.patients).toEqual([{ registered_at: '2026-11-30T23:30:00.000Z' }]);
    const report = clinicReport(input);
    expect(report.totals).toMatchObject({ visits: 1, new_patients: 1 });
    expect(report.visitsPerDoctor).toEqual([{ doctor_id: doctor.userId, visits: 1 }]);
    expect(report.diagnosesPerMonth).toEqual([
      {
        month: '2026-12',
        diagnoses: [{ code: 'B54', description: 'Unspecified malaria', visits: 1 }],
      },
    ]);
    // In UTC the same records are on the day before.
    const utc = clinicReport(
      await loadReportInput(db, { timeZone: 'UTC', range, readsClinical: true, now }),
    );
    expect(utc.totals).toMatchObject({ visits: 0, new_patients: 0 });
  });

  it('reads no diagnosis for someone who may not read clinical records', async () => {
    const db = await tabletWithOneVisit();
    const input = await loadReportInput(db, {
      timeZone: nairobi,
      range,
      readsClinical: false,
      now,
    });
    expect(input.visits).toEqual([
      { checked_in_at: '2026-11-30T23:30:00.000Z', doctor_id: doctor.userId, diagnoses: null },
    ]);
    expect(JSON.stringify(input)).not.toContain('B54');
  });

  it("counts a confirmed registration by its row's registration time", async () => {
    const db = await tabletWithOneVisit();
    await db.outbox.clear();
    await db.patients.toCollection().modify({ registered_at: '2026-12-01T08:00:00.000Z' });
    const input = await loadReportInput(db, { timeZone: nairobi, range, readsClinical: true, now });
    expect(input.patients).toEqual([{ registered_at: '2026-12-01T08:00:00.000Z' }]);
  });
});
