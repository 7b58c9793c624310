import { uuidv7, type PullResponse } from '@mymedic/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signUpClinic, startTestServer, type TestServer } from '../../test/test-server';
import { api, registration, TestDevice, testDatabases } from '../../test/support';
import { withTenant } from './tenant';

const tenantTables = [
  'event_store',
  'hospital_heads',
  'streams',
  'commands',
  'users',
  'credentials',
  'refresh_tokens',
  'appointments',
];

describe.each(testDatabases)('tenant isolation on $name', ({ url: databaseUrl }) => {
  let server: TestServer;
  let hillside: TestDevice;
  let riverside: TestDevice;
  let riversidePatient: string;

  beforeAll(async () => {
    server = await startTestServer(databaseUrl ? { databaseUrl } : {});
    hillside = new TestDevice(server.url, await signUpClinic(server.url, 'Hillside Clinic'));
    riverside = new TestDevice(server.url, await signUpClinic(server.url, 'Riverside Hospital'));
    await Promise.all([hillside.pullAll(), riverside.pullAll()]);
    riversidePatient = uuidv7();
    await riverside.push([
      riverside.command(
        'RegisterPatient',
        'patient',
        riversidePatient,
        registration({ full_name: 'Mary Akinyi' }),
      ),
    ]);
    const booked = await riverside.push([
      riverside.command('ScheduleAppointment', 'appointment', uuidv7(), {
        patient_id: riversidePatient,
        doctor_id: riverside.session.user.user_id,
        starts_at: '2026-11-25T10:00:00Z',
        duration_minutes: 20,
        visit_type: 'follow_up',
        reason: 'Blood pressure review',
      }),
    ]);
    expect(booked.body.results[0]!.status).toBe('accepted');
    await hillside.push([hillside.command('RegisterPatient', 'patient', uuidv7(), registration())]);
  });
  afterAll(() => server.close());

  it("never serves one hospital's events to another through the API", async () => {
    const { body } = await api<PullResponse>(server.url, '/sync/pull?after=0&limit=5000', {
      token: hillside.token,
    });
    expect(body.events.length).toBeGreaterThan(0);
    expect(
      body.events.every((event) => event.hospital_id === hillside.session.user.hospital_id),
    ).toBe(true);
    expect(body.events.some((event) => event.aggregate_id === riversidePatient)).toBe(false);
  });

  it("cannot write into another hospital's aggregate", async () => {
    // Aimed at Riverside's patient id, the command only ever sees Hillside's (empty) stream.
    const update = {
      ...hillside.command('RegisterPatient', 'patient', uuidv7(), registration()),
      type: 'UpdatePatientDetails',
      aggregate_id: riversidePatient,
      expected_version: 1,
      payload: { changes: { full_name: { from: 'Mary Akinyi', to: 'Hijacked' } } },
      events: [],
    };
    const { body } = await hillside.push([update]);
    expect(body.results[0]!.status).toBe('rejected');
    const riversideLog = await riverside.pullAll();
    const stream = riversideLog.filter((event) => event.aggregate_id === riversidePatient);
    expect(stream).toHaveLength(1);
  });

  it('shows the application role 0 rows of another hospital, and 0 rows with no hospital set', async () => {
    const riversideId = riverside.session.user.hospital_id;
    const counts = await withTenant(
      server.database,
      hillside.session.user.hospital_id,
      async (sql) => {
        const result: Record<string, number> = {};
        for (const table of tenantTables) {
          const { rows } = await sql.query<{ count: number }>(
            `SELECT count(*)::int AS count FROM ${table} WHERE hospital_id = $1`,
            [riversideId],
          );
          result[table] = rows[0]!.count;
        }
        return result;
      },
    );
    expect(counts).toEqual(Object.fromEntries(tenantTables.map((table) => [table, 0])));

    const unscoped = await server.database.transaction(async (sql) => {
      await sql.query(`SELECT set_config('role', 'mymedic_app', true)`);
      const result: Record<string, number> = {};
      for (const table of tenantTables) {
        const { rows } = await sql.query<{ count: number }>(
          `SELECT count(*)::int AS count FROM ${table}`,
        );
        result[table] = rows[0]!.count;
      }
      return result;
    });
    expect(unscoped).toEqual(Object.fromEntries(tenantTables.map((table) => [table, 0])));
  });

  it('lets the application role neither update nor delete an event, nor insert for another tenant', async () => {
    const hospitalId = hillside.session.user.hospital_id;
    const attempts = [
      `UPDATE event_store SET data = '{}' WHERE hospital_id = '${hospitalId}'`,
      `DELETE FROM event_store WHERE hospital_id = '${hospitalId}'`,
      `INSERT INTO hospital_heads (hospital_id, head) VALUES ('${riverside.session.user.hospital_id}', 0)`,
      `UPDATE commands SET status = 'rejected' WHERE hospital_id = '${hospitalId}'`,
    ];
    for (const statement of attempts) {
      await expect(
        withTenant(server.database, hospitalId, (sql) => sql.query(statement)),
      ).rejects.toThrow(/permission denied|row-level security/);
    }
  });

  it('lets the application role delete refused commands only, never a stored one', async () => {
    const hospitalId = hillside.session.user.hospital_id;
    const { deleted, left } = await withTenant(server.database, hospitalId, async (sql) => {
      const result = await sql.query(
        `DELETE FROM commands WHERE hospital_id = $1 AND status IN ('accepted', 'rebased')`,
        [hospitalId],
      );
      const { rows } = await sql.query<{ count: number }>(
        'SELECT count(*)::int AS count FROM commands WHERE hospital_id = $1',
        [hospitalId],
      );
      return { deleted: result.rowCount, left: rows[0]!.count };
    });
    expect(deleted).toBe(0);
    expect(left).toBeGreaterThan(0);
  });
});
