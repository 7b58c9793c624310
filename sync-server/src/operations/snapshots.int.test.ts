import { foldEvents, uuidv7 } from '@mymedic/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTenant } from '../db/tenant';
import { signUpClinic, startTestServer, type TestServer } from '../../test/test-server';
import { registration, testDatabases, TestDevice } from '../../test/support';
import { createSnapshots } from './snapshots';

describe.each(testDatabases)('snapshots of long streams on $name', ({ url }) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({
      ...(url ? { databaseUrl: url } : {}),
      config: { snapshotEvery: 10 },
    });
  });
  afterAll(() => server.close());

  const snapshotOf = (hospitalId: string, aggregateId: string) =>
    withTenant(server.database, hospitalId, async (sql) => {
      const { rows } = await sql.query<{ version: number; state: unknown }>(
        'SELECT version, state FROM aggregate_snapshots WHERE hospital_id = $1 AND aggregate_id = $2',
        [hospitalId, aggregateId],
      );
      return rows[0];
    });

  /** A patient with `allergies` allergies recorded one push at a time. */
  async function longPatient(device: TestDevice, allergies: number) {
    const patientId = uuidv7();
    await device.push([device.command('RegisterPatient', 'patient', patientId, registration())]);
    for (let index = 0; index < allergies; index += 1) {
      await device.pullAll();
      const { body } = await device.push([
        device.command('RecordAllergy', 'patient', patientId, {
          allergy_id: uuidv7(),
          substance: `Substance ${index}`,
          reaction: 'Rash',
          severity: 'mild',
        }),
      ]);
      expect(body.results[0]?.status).toBe('accepted');
    }
    await device.pullAll();
    return patientId;
  }

  it('are taken as a stream grows, hold its fold, and are what the next push decides on', async () => {
    const session = await signUpClinic(server.url, undefined, { also_doctor: true });
    const hospitalId = session.user.hospital_id;
    const device = new TestDevice(server.url, session);
    const patientId = await longPatient(device, 24);

    const snapshot = await snapshotOf(hospitalId, patientId);
    expect(snapshot?.version).toBe(20);
    expect(snapshot?.state).toEqual(foldEvents('patient', device.streamOf(patientId).slice(0, 20)));

    // Decided from the snapshot: a snapshot saying "archived" (which the log does not)
    // makes the next command refused, so the push really folds from it.
    await withTenant(server.database, hospitalId, (sql) =>
      sql.query(
        `UPDATE aggregate_snapshots SET state = jsonb_set(state, '{archived}', 'true')
          WHERE hospital_id = $1 AND aggregate_id = $2`,
        [hospitalId, patientId],
      ),
    );
    const { body } = await device.push([
      device.command('RecordAllergy', 'patient', patientId, {
        allergy_id: uuidv7(),
        substance: 'Latex',
        reaction: 'Hives',
        severity: 'moderate',
      }),
    ]);
    expect(body.results[0]).toMatchObject({ status: 'rejected' });
    expect(JSON.stringify(body.results[0])).toContain('archived');

    // Made again from the log, the snapshot is right and the push is accepted.
    expect(await createSnapshots(server.database, { every: 10, fresh: true })).toBeGreaterThan(0);
    const remade = await snapshotOf(hospitalId, patientId);
    expect(remade?.version).toBe(25);
    expect(remade?.state).toEqual(foldEvents('patient', device.streamOf(patientId)));
    const again = await device.push([
      device.command('RecordAllergy', 'patient', patientId, {
        allergy_id: uuidv7(),
        substance: 'Latex',
        reaction: 'Hives',
        severity: 'moderate',
      }),
    ]);
    expect(again.body.results[0]?.status).toBe('accepted');
    expect(
      (await device.pullAll()).filter((event) => event.aggregate_id === patientId),
    ).toHaveLength(26);
  });
});
