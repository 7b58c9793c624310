import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { foldEvents, uuidv7, type PullResponse, type PushResponse } from '@mymedic/shared';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { withTenant } from '../db/tenant';
import { signUpClinic, startTestServer, type TestServer } from '../../test/test-server';
import { api, deviceOf, registration, testDatabases, TestDevice } from '../../test/support';
import { testConfig, type Config } from '../config';
import { readOutbox } from '../reminders/claims';
import { startSmsGateway } from '../../test/reminder-stand-ins';
import { reminderClinic } from '../../test/reminder-clinic';
import { backedUpTables, restoreBackup, tablesLeftOut, writeBackup } from './backup';

const folder = mkdtempSync(join(tmpdir(), 'mymedic-backup-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

/** A new, empty PostgreSQL database beside the given one; dropped by the returned function. */
async function freshPostgres(url: string) {
  const name = `mymedic_restore_${uuidv7().replaceAll('-', '').slice(-12)}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const target = new URL(url);
  target.pathname = `/${name}`;
  return {
    url: target.toString(),
    async drop() {
      const cleanup = new pg.Client({ connectionString: url });
      await cleanup.connect();
      await cleanup.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await cleanup.end();
    },
  };
}

/** A restore snapshots streams as the server's pushes do. */
const snapshotsAsPushed = (server: TestServer) => ({ snapshotEvery: server.config.snapshotEvery });

const allergy = (device: TestDevice, patientId: string, substance: string) =>
  device.command('RecordAllergy', 'patient', patientId, {
    allergy_id: uuidv7(),
    substance,
    reaction: 'Rash',
    severity: 'mild',
  });

const snapshotOf = (server: TestServer, hospitalId: string, aggregateId: string) =>
  withTenant(server.database, hospitalId, async (sql) => {
    const { rows } = await sql.query<{ version: number; state: unknown }>(
      'SELECT version, state FROM aggregate_snapshots WHERE hospital_id = $1 AND aggregate_id = $2',
      [hospitalId, aggregateId],
    );
    return rows[0];
  });

describe.each(testDatabases)('backup and restore on $name', ({ url }) => {
  const cleanups: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const cleanup of cleanups) await cleanup();
  });

  async function emptyServer(
    jwtSecret?: string,
    config: Partial<Config> = {},
  ): Promise<TestServer> {
    let databaseUrl: string | undefined;
    if (url) {
      const fresh = await freshPostgres(url);
      cleanups.push(() => fresh.drop());
      databaseUrl = fresh.url;
    }
    const server = await startTestServer({
      ...(databaseUrl ? { databaseUrl } : {}),
      config: { ...config, ...(jwtSecret ? { jwtSecret } : {}) },
    });
    cleanups.unshift(() => server.close().catch(() => undefined));
    return server;
  }

  it('holds every table that is not derived or short-lived, and names why the others are left out', async () => {
    const server = await emptyServer();
    const { rows } = await server.database.query<{ table_name: string }>(
      `SELECT c.relname AS table_name FROM pg_class AS c
         JOIN pg_namespace AS n ON n.oid = c.relnamespace
        WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p') AND NOT c.relispartition
        ORDER BY 1`,
    );
    const named = new Set<string>([...backedUpTables, ...Object.keys(tablesLeftOut)]);
    expect(rows.map((row) => row.table_name).filter((table) => !named.has(table))).toEqual([]);
    expect(backedUpTables.filter((table) => table in tablesLeftOut)).toEqual([]);
  });

  it('brings a server back from one file, and a device carries on from its cursor', async () => {
    const original = await emptyServer();
    const session = await signUpClinic(original.url, undefined, { also_doctor: true });
    const hospitalId = session.user.hospital_id;
    const device = new TestDevice(original.url, session);
    const patients = [uuidv7(), uuidv7()];
    const registrations = patients.map((id) =>
      device.command('RegisterPatient', 'patient', id, registration()),
    );
    expect((await device.push(registrations)).status).toBe(200);
    const before = await device.pullAll();
    const cursor = before.at(-1)!.position;

    const file = join(folder, `${uuidv7()}.mymedic.gz`);
    const written = await writeBackup(original.database, file);
    expect(written.event_store).toBe(before.length);
    await original.close();

    const restored = await emptyServer(original.config.jwtSecret);
    const outcome = await restoreBackup(restored.database, file, snapshotsAsPushed(restored));
    expect(outcome.rows.event_store).toBe(before.length);
    expect(outcome.rebuilt.patients).toBe(2);

    // The same log, the same positions: a new device pulling from zero sees it all.
    const again = new TestDevice(restored.url, session);
    expect(await again.pullAll()).toEqual(before);
    // The device's cursor still holds: nothing new after it, and its next push is numbered on.
    const page = await api<PullResponse>(restored.url, `/sync/pull?after=${cursor}&limit=100`, {
      token: session.token,
    });
    expect(page.body).toMatchObject({ events: [], has_more: false });
    // A retry of a command stored before the loss is answered as before, not stored twice.
    const retry = await api<PushResponse>(restored.url, '/sync/push', {
      token: session.token,
      body: { device_id: deviceOf(session), commands: registrations },
    });
    expect(retry.body.results.map((result) => result.status)).toEqual(['duplicate', 'duplicate']);
    const next = again.command('RegisterPatient', 'patient', uuidv7(), registration());
    // The restored device numbers its commands after the ones it pushed before.
    next.client_seq = registrations.length + 1;
    const pushed = await api<PushResponse>(restored.url, '/sync/push', {
      token: session.token,
      body: { device_id: deviceOf(session), commands: [next] },
    });
    expect(pushed.body.results[0]?.status).toBe('accepted');
    const after = await again.pullAll();
    expect(after.map((event) => event.position)).toEqual(
      Array.from({ length: after.length }, (_, index) => index + 1),
    );
    expect(after.filter((event) => event.type === 'PatientRegistered')).toHaveLength(3);
    // The read models came back from the log.
    const names = await withTenant(restored.database, hospitalId, async (sql) => {
      const { rows } = await sql.query<{ count: number }>(
        'SELECT count(*)::int AS count FROM users WHERE hospital_id = $1',
        [hospitalId],
      );
      return rows[0]!.count;
    });
    expect(names).toBe(1);
  });

  it("snapshots the restored log's long streams, and the next push decides on them", async () => {
    const every = { snapshotEvery: 10 };
    const original = await emptyServer(undefined, every);
    const session = await signUpClinic(original.url, undefined, { also_doctor: true });
    const hospitalId = session.user.hospital_id;
    const device = new TestDevice(original.url, session);
    const patientId = uuidv7();
    await device.push([device.command('RegisterPatient', 'patient', patientId, registration())]);
    for (let index = 0; index < 12; index += 1) {
      await device.pullAll();
      await device.push([allergy(device, patientId, `Substance ${index}`)]);
    }
    await device.pullAll();
    expect(await snapshotOf(original, hospitalId, patientId)).toMatchObject({ version: 10 });

    const file = join(folder, `${uuidv7()}.mymedic.gz`);
    await writeBackup(original.database, file);
    await original.close();
    const restored = await emptyServer(original.config.jwtSecret, every);
    const outcome = await restoreBackup(restored.database, file, every);
    expect(outcome.snapshots).toBeGreaterThanOrEqual(1);
    // Made from the restored log: the fold of every event the stream holds.
    expect(await snapshotOf(restored, hospitalId, patientId)).toEqual({
      version: 13,
      state: foldEvents('patient', device.streamOf(patientId)),
    });
    const again = new TestDevice(restored.url, session);
    await again.pullAll();
    const { body } = await again.push([allergy(again, patientId, 'Latex')]);
    expect(body.results[0]).toMatchObject({ status: 'accepted', events: [{ version: 14 }] });
  });

  it('refuses a database that already holds a clinic, and a file cut short, storing nothing', async () => {
    const source = await emptyServer();
    await signUpClinic(source.url);
    const file = join(folder, `${uuidv7()}.mymedic.gz`);
    await writeBackup(source.database, file);
    await expect(restoreBackup(source.database, file, snapshotsAsPushed(source))).rejects.toThrow(
      'This database already holds a clinic',
    );

    const target = await emptyServer();
    const { gunzipSync } = await import('node:zlib');
    const { readFileSync } = await import('node:fs');
    const lines = gunzipSync(readFileSync(file)).toString().trimEnd().split('\n');
    const cut = join(folder, `${uuidv7()}.mymedic.gz`);
    writeFileSync(cut, gzipSync(lines.slice(0, -1).join('\n')));
    await expect(restoreBackup(target.database, cut, snapshotsAsPushed(target))).rejects.toThrow(
      'cut short',
    );
    const notBackup = join(folder, `${uuidv7()}.gz`);
    writeFileSync(notBackup, gzipSync('{"hello": "world"}\n'));
    await expect(
      restoreBackup(target.database, notBackup, snapshotsAsPushed(target)),
    ).rejects.toThrow('Not a MyMedic backup');
    const { rows } = await target.database.query<{ count: number }>(
      'SELECT count(*)::int AS count FROM event_store',
    );
    expect(rows[0]!.count).toBe(0);
  });

  it('carries the reminder outbox: a restored server does not send again what was sent', async () => {
    const token = 'gateway-token-for-restore';
    const gateway = await startSmsGateway(token);
    cleanups.push(() => gateway.close());
    // The appointments start in 25 hours: on a sender's clock five hours ahead their
    // 24 h reminders are due and their 2 h ones are not.
    const sending: Partial<Config> = {
      reminders: {
        ...testConfig().reminders,
        senderClockOffsetMs: 5 * 3600_000,
        sms: { url: gateway.url, token, senderId: null },
      },
    };
    const original = await emptyServer(undefined, sending);
    const { hospitalId } = await reminderClinic(original.url, {
      channels: ['sms'],
      offsetsMinutes: [24 * 60, 120],
      appointments: 3,
      patients: 1,
    });
    await original.app.projector.catchUp(hospitalId);
    expect(await original.app.reminderSender.runOnce()).toBe(3);
    expect(gateway.requests).toHaveLength(3);
    const outbox = await readOutbox(original.database, hospitalId);
    expect(outbox.filter((row) => row.state === 'sent')).toHaveLength(3);
    expect(outbox.filter((row) => row.state === 'pending')).toHaveLength(3);

    const file = join(folder, `${uuidv7()}.mymedic.gz`);
    const written = await writeBackup(original.database, file);
    expect(written).toMatchObject({ reminder_outbox: 6, projection_checkpoints: 1 });
    await original.close();

    const restored = await emptyServer(original.config.jwtSecret, sending);
    const outcome = await restoreBackup(restored.database, file, snapshotsAsPushed(restored));
    expect(outcome.rows).toMatchObject({ reminder_outbox: 6, projection_checkpoints: 1 });
    // The scheduler goes on from its checkpoint and the sender finds nothing due: the
    // sent reminders stay sent, with the provider's ids, and the 2 h ones still wait.
    await restored.app.projector.catchUp(hospitalId);
    expect(await restored.app.reminderSender.runOnce()).toBe(0);
    expect(gateway.requests).toHaveLength(3);
    expect(await readOutbox(restored.database, hospitalId)).toEqual(outbox);
  });
});
