import type { PushedCommand, SessionResponse } from '@mymedic/shared';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testConfig } from '../../src/config';
import type { Database } from '../../src/db/database';
import { openDatabase } from '../../src/db/open';
import { withTenant } from '../../src/db/tenant';
import { listenerName } from '../../src/event-store/head-relay';
import { readModels } from '../../src/read-side/folded-states';
import { Projector } from '../../src/read-side/projector';
import { reminderClinic } from '../reminder-clinic';
import { startSmsGateway } from '../reminder-stand-ins';
import { createScratchDatabase, freePort, ServerProcess } from '../server-process';
import { api } from '../support';
import { signUpClinic } from '../test-server';
import { startBalancer } from '../haproxy';
import { liveStream, pullToHead, pushUntilAnswered } from './balanced';
import { ClinicTablet, seededRandom } from './clinic-day';
import { readModelFaults, readModelRows } from './read-model-checks';

// Three server processes on one PostgreSQL behind HAProxy (docs/operations.md, "Several
// processes"). PostgreSQL alone: PGlite is one process's. Without DATABASE_URL the test
// makes its database on the local server (127.0.0.1:5432, user postgres), as a developer
// has it; CI gives DATABASE_URL. The size and the seed come from the environment:
// RELIABILITY_SEED=<the seed printed> pnpm test:reliability replays a run.
const whole = (name: string, fallback: number) => {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isSafeInteger(value) || value < 0) throw new Error(`${name} must be a whole number`);
  return value;
};
/** Tablets per clinic, each pushing its own day's work through the balancer. */
const tabletsPerClinic = Math.max(1, whole('SEVERAL_PROCESSES_TABLETS', 2));
/** New patients per tablet (five commands each). */
const patientsPerTablet = whole('SEVERAL_PROCESSES_PATIENTS', 40);
/** Appointments whose reminders the processes send while one of them is killed. */
const appointments = Math.max(2, whole('SEVERAL_PROCESSES_APPOINTMENTS', 20));
const seed = whole('RELIABILITY_SEED', 20_261_202);

const baseUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const gatewayToken = 'several-processes-gateway-token';
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const cleanups: (() => Promise<unknown> | void)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await Promise.resolve(cleanup()).catch(() => undefined);
});

/** The listening connection's backend of a server process, as PostgreSQL lists it. */
async function listenerPid(admin: pg.Client, server: ServerProcess, timeoutMs = 15_000) {
  for (let waited = 0; waited < timeoutMs; waited += 100) {
    const { rows } = await admin.query<{ pid: number }>(
      'SELECT pid FROM pg_stat_activity WHERE application_name = $1',
      [listenerName(server.pid)],
    );
    if (rows[0]) return rows[0].pid;
    await pause(100);
  }
  throw new Error(`no listening connection of process ${server.pid}`);
}

/** Cuts a process's listening connection as a network fault or a DBA would. */
async function cutListener(admin: pg.Client, server: ServerProcess) {
  const pid = await listenerPid(admin, server);
  await admin.query('SELECT pg_terminate_backend($1)', [pid]);
  return pid;
}

describe('several server processes on one PostgreSQL behind HAProxy', () => {
  const servers: ServerProcess[] = [];
  let balancer: Awaited<ReturnType<typeof startBalancer>>;
  let gateway: Awaited<ReturnType<typeof startSmsGateway>>;
  let admin: pg.Client;
  let databaseUrl: string;

  beforeAll(async () => {
    const scratch = await createScratchDatabase(
      baseUrl,
      `${new URL(baseUrl).pathname.slice(1)}_several_processes`,
    );
    cleanups.push(scratch.drop);
    databaseUrl = scratch.url;
    gateway = await startSmsGateway(gatewayToken);
    cleanups.push(() => gateway.close());
    // Each answer takes a while, so reminders are in flight when a process is killed.
    gateway.mode = { kind: 'ok', delayMs: 700 };
    const environment = {
      DATABASE_URL: databaseUrl,
      DATABASE_POOL_SIZE: '5',
      NODE_ENV: 'test',
      // Small pages: many projector transactions, in several processes at once.
      PROJECTOR_PAGE_SIZE: '20',
      SMS_GATEWAY_URL: gateway.url,
      SMS_GATEWAY_TOKEN: gatewayToken,
      REMINDER_SEND_TIMEOUT_SECONDS: '3',
      REMINDER_SENDER_INTERVAL_SECONDS: '0.25',
      // The appointments start in 25 hours and more, their reminders 24 hours before: on
      // a sender's clock five hours ahead they are due. A dead process's claims come back
      // after 2 × 3 s + 4 s. Both settings are honoured in test mode only.
      REMINDER_TEST_CLOCK_OFFSET_SECONDS: String(5 * 3600),
      REMINDER_TEST_LEASE_MARGIN_SECONDS: '4',
    };
    // Each signs its messages with its own sender id, so the gateway knows who sent what.
    for (let index = 0; index < 3; index += 1)
      servers.push(
        new ServerProcess({ ...environment, SMS_SENDER_ID: `sync${index}` }, await freePort()),
      );
    for (const server of servers) cleanups.push(() => server.kill());
    // All three at once: migrations and partition upkeep meet on the same database.
    await Promise.all(servers.map((server) => server.start()));
    balancer = await startBalancer(
      await freePort(),
      servers.map((server) => server.port),
    );
    cleanups.push(() => balancer.stop());
    admin = new pg.Client({ connectionString: databaseUrl });
    await admin.connect();
    cleanups.push(() => admin.end());
  });

  it('pokes a device streaming from one process when another stores its events, also after its listener was cut', async () => {
    const [streaming, , storing] = servers as [ServerProcess, ServerProcess, ServerProcess];
    const session = await signUpClinic(storing.url, 'Poke Clinic', { also_doctor: true });
    const tablet = new ClinicTablet(session, seededRandom(seed));
    const stream = liveStream(streaming.url, session.token);
    cleanups.push(() => stream.close());
    await stream.waitFor(0, 10_000);
    // Each poke well within the relay's safety net (a read-back every 5 s), so that it is
    // the NOTIFY that brought it.
    const latencies: number[] = [];
    for (const commands of [tablet.clinicDay(1), tablet.clinicDay(1), tablet.clinicDay(1)]) {
      const { body } = await api<{ head: number }>(storing.url, '/sync/push', {
        token: session.token,
        body: { device_id: tablet.deviceId, commands },
      });
      latencies.push(await stream.waitFor(body.head, 2500));
    }
    // Cut, then store at once, while the listener is down or coming back.
    const cutPid = await cutListener(admin, streaming);
    const { body } = await api<{ head: number }>(storing.url, '/sync/push', {
      token: session.token,
      body: { device_id: tablet.deviceId, commands: tablet.clinicDay(1) },
    });
    const afterCut = await stream.waitFor(body.head, 10_000);
    expect(await listenerPid(admin, streaming), 'a new listening connection').not.toBe(cutPid);
    expect(stream.connections, 'the stream itself never broke').toBe(1);
    console.log(
      `pokes across processes in ${latencies.join(', ')} ms; after the listener was cut, ${afterCut} ms`,
    );
  });

  it('stores every acknowledged event once, converges every device, sends no reminder twice and doubles no read model row while a process is killed and a listener cut', async () => {
    const random = seededRandom(seed);
    const began = Date.now();
    console.log(
      `RELIABILITY_SEED=${seed} SEVERAL_PROCESSES_TABLETS=${tabletsPerClinic} SEVERAL_PROCESSES_PATIENTS=${patientsPerTablet} SEVERAL_PROCESSES_APPOINTMENTS=${appointments}`,
    );
    const url = balancer.url;
    const password = 'several processes, one database';
    const clinics = await Promise.all(
      ['Kisumu', 'Nakuru'].map(async (town) => {
        const email = `admin-${crypto.randomUUID()}@${town.toLowerCase()}.example`;
        const first = await signUpClinic(url, `${town} Clinic`, {
          also_doctor: true,
          email,
          password,
        });
        const sessions: SessionResponse[] = [first];
        while (sessions.length < tabletsPerClinic) {
          const { status, body } = await api<SessionResponse>(url, '/auth/login', {
            body: { email, password, device_id: `${town}-tablet-${sessions.length + 1}` },
          });
          if (status !== 200) throw new Error(`sign-in answered ${status}`);
          sessions.push(body);
        }
        return sessions.map((session) => new ClinicTablet(session, random));
      }),
    );
    const tablets = clinics.flat();
    const hospitalIds = clinics.map((clinic) => clinic[0]!.session.user.hospital_id);
    // Each tablet holds a live stream through the balancer, opened again when cut.
    const streams = tablets.map((tablet) =>
      liveStream(url, tablet.session.token, { reconnect: true }),
    );
    cleanups.push(() => Promise.all(streams.map((stream) => stream.close())));

    const acknowledged: PushedCommand[][] = tablets.map(() => []);
    let pushesTriedAgain = 0;
    const working = Promise.all(
      tablets.map(async (tablet, index) => {
        const commands = tablet.clinicDay(patientsPerTablet);
        let pulledTo = 0;
        for (let start = 0; start < commands.length; start += 20) {
          const batch = commands.slice(start, start + 20);
          const tries = await pushUntilAnswered(
            url,
            { token: tablet.session.token, deviceId: tablet.deviceId },
            batch,
          );
          pushesTriedAgain += tries - 1;
          acknowledged[index]!.push(...batch);
          pulledTo =
            (await pullToHead(url, tablet.session.token, pulledTo)).at(-1)?.position ?? pulledTo;
          await pause(random.between(150, 450));
        }
      }),
    );
    // Reminders booked through the balancer while the tablets work; sent by every process.
    const reminders = await reminderClinic(url, {
      channels: ['sms'],
      offsetsMinutes: [24 * 60],
      appointments,
      patients: 5,
    });
    hospitalIds.push(reminders.hospitalId);

    // The faults: once the gateway has a seeded number of messages in hand, the process
    // that sent a seeded one of them is killed while it waits for the answer, and started
    // again after a seeded pause; meanwhile another one's listening connection is cut.
    // Drawn from a source of their own: the tablets draw from theirs in no fixed order.
    const faults = seededRandom(seed + 1);
    const inFlight = faults.between(1, Math.ceil(appointments / 2));
    for (let waited = 0; gateway.requests.length < inFlight; waited += 20) {
      if (waited > 60_000) throw new Error('the reminders were never sent');
      await pause(20);
    }
    const held = gateway.requests[faults.between(0, inFlight - 1)]!.body as { from: string };
    const victim = Number(held.from.slice('sync'.length));
    const cut = (victim + faults.between(1, 2)) % 3;
    await servers[victim]!.kill();
    const killedAt = Date.now();
    const restarting = pause(faults.between(300, 1500)).then(() => servers[victim]!.start());
    await pause(faults.between(0, 1000));
    await cutListener(admin, servers[cut]!);
    await restarting;
    await working;
    console.log(
      `killed process ${victim + 1} with ${inFlight} messages at the gateway, cut process ${cut + 1}'s listener; back after ${Date.now() - killedAt} ms; ${pushesTriedAgain} pushes tried again`,
    );

    const { database } = await openDatabase(
      testConfig({ database: { url: databaseUrl, poolSize: 2 } }),
    );
    cleanups.push(() => database.close());

    // Every acknowledged event stored once.
    for (const [index, tablet] of tablets.entries()) {
      const ids = acknowledged[index]!.flatMap((command) =>
        command.events.map((event) => event.event_id),
      );
      expect(ids.length).toBe(patientsPerTablet * 5);
      expect(
        await storedOtherThanOnce(database, tablet.session.user.hospital_id, ids),
        'acknowledged events not stored exactly once',
      ).toEqual([]);
    }

    // Every device converges on its hospital's log, and its stream announces its head.
    for (const tablet of tablets) {
      const hospitalId = tablet.session.user.hospital_id;
      const log = await logOf(database, hospitalId);
      const pulled = await pullToHead(url, tablet.session.token, 0);
      expect(pulled, `${tablet.deviceId}'s log`).toEqual(log);
      expect(log.map((event) => event.position)).toEqual(log.map((_event, index) => index + 1));
    }
    for (const [index, stream] of streams.entries()) {
      const head = (await logOf(database, tablets[index]!.session.user.hospital_id)).length;
      await stream.waitFor(head, 15_000);
    }

    // Every reminder sent; a copy at the gateway only for a claim taken back from the
    // dead process (its `reclaimed`), never from two live ones.
    const outbox = await waitForReminders(database, reminders.hospitalId, appointments);
    const requestsPerKey = new Map<string, number>();
    for (const request of gateway.requests)
      requestsPerKey.set(
        request.idempotencyKey!,
        (requestsPerKey.get(request.idempotencyKey!) ?? 0) + 1,
      );
    expect(gateway.problems).toEqual([]);
    for (const row of outbox) {
      const key = `${reminders.hospitalId}.${row.appointment_id}.${row.channel}.${row.reminder_kind}`;
      expect(requestsPerKey.get(key), `tries of ${key}`).toBeGreaterThanOrEqual(1);
      expect(requestsPerKey.get(key)!, `tries of ${key}`).toBeLessThanOrEqual(1 + row.reclaimed);
    }
    await reminders.device.pullAll();
    for (const appointmentId of reminders.appointmentIds)
      expect(
        reminders.device.streamOf(appointmentId).filter((event) => event.type === 'ReminderSent'),
        `ReminderSent of ${appointmentId}`,
      ).toHaveLength(1);

    // The read models: caught up, every row at its stream's version, equal to a rebuild.
    await waitForReadModels(url);
    expect(await readModelFaults(database, hospitalIds)).toEqual([]);
    const projected = await readModelRows(database, hospitalIds);
    await Promise.all(servers.map((server) => server.stop()));
    await new Projector(database, readModels).rebuild();
    const rebuilt = await readModelRows(database, hospitalIds);
    for (const key of Object.keys(rebuilt)) expect(projected[key], key).toEqual(rebuilt[key]);

    const copies = [...requestsPerKey.values()].reduce((sum, tries) => sum + tries - 1, 0);
    const takenBack = outbox.reduce((sum, row) => sum + row.reclaimed, 0);
    expect(takenBack, 'claims of the killed process taken back').toBeGreaterThan(0);
    console.log(
      `${acknowledged.flat().length} commands acknowledged; ${outbox.length} reminders sent, ${copies} copies after ${takenBack} claims taken back; ${Math.round((Date.now() - began) / 1000)} s`,
    );
  });
});

/** The ids among these that the log holds other than once. */
async function storedOtherThanOnce(database: Database, hospitalId: string, ids: string[]) {
  return withTenant(database, hospitalId, async (sql) => {
    const { rows } = await sql.query<{ event_id: string; stored: number }>(
      `SELECT pushed.id AS event_id,
              (SELECT count(*) FROM event_store e WHERE e.hospital_id = $1 AND e.event_id = pushed.id)::int AS stored
         FROM unnest($2::uuid[]) AS pushed(id)`,
      [hospitalId, `{${ids.join(',')}}`],
    );
    return rows.filter((row) => row.stored !== 1);
  });
}

async function logOf(database: Database, hospitalId: string) {
  return withTenant(database, hospitalId, async (sql) => {
    const { rows } = await sql.query<{ position: number; event_id: string }>(
      'SELECT position, event_id FROM event_store WHERE hospital_id = $1 ORDER BY position',
      [hospitalId],
    );
    return rows;
  });
}

interface OutboxRow {
  appointment_id: string;
  channel: string;
  reminder_kind: string;
  state: string;
  reclaimed: number;
}

/** The outbox once every reminder is sent (a dead process's claims come back first). */
async function waitForReminders(database: Database, hospitalId: string, expected: number) {
  for (let waited = 0; ; waited += 250) {
    const rows = await withTenant(database, hospitalId, async (sql) => {
      const result = await sql.query<OutboxRow>(
        'SELECT appointment_id, channel, reminder_kind, state, reclaimed FROM reminder_outbox WHERE hospital_id = $1',
        [hospitalId],
      );
      return result.rows;
    });
    if (rows.length === expected && rows.every((row) => row.state === 'sent')) return rows;
    if (waited > 90_000)
      throw new Error(
        `the reminders did not all go: ${JSON.stringify(rows.map((row) => row.state))}`,
      );
    await pause(250);
  }
}

/** Until /health, through the balancer, says no read model is behind. */
async function waitForReadModels(url: string) {
  for (let waited = 0; ; waited += 250) {
    const { status, body } = await api<{
      projections?: Record<string, { status: string; events_behind: number }>;
    }>(url, '/health');
    const models = Object.entries(body?.projections ?? {});
    expect(models.filter(([, lag]) => lag.status !== 'live').map(([name]) => name)).toEqual([]);
    if (status === 200 && models.every(([, lag]) => lag.events_behind === 0)) return;
    if (waited > 60_000)
      throw new Error(`the read models are still behind: ${JSON.stringify(body)}`);
    await pause(250);
  }
}
