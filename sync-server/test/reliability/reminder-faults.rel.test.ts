import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { uuidv7, type EventEnvelope } from '@mymedic/shared';
import { afterAll, describe, expect, it } from 'vitest';
import { testConfig } from '../../src/config';
import { openDatabase } from '../../src/db/open';
import { withTenant } from '../../src/db/tenant';
import { readOutbox } from '../../src/reminders/claims';
import { reminderClinic } from '../reminder-clinic';
import {
  seededFraction,
  startFaultyGateway,
  type Delivery,
  type RequestSeen,
} from './faulty-gateway';
import { startServerProcess, type ServerProcess } from './server-process';

// The reminders fault suite (docs/reminders.md, "The fault suite"): real server processes
// killed with SIGKILL mid-batch, against an SMS gateway stand-in failing on a seeded
// schedule. A failure reruns the same schedule: RELIABILITY_SEED=<the seed printed>.
const seed = (() => {
  const value = Number(process.env.RELIABILITY_SEED ?? 20_250_304);
  if (!Number.isSafeInteger(value) || value < 0)
    throw new Error('RELIABILITY_SEED must be a whole number');
  return value;
})();
const databaseUrl = process.env.DATABASE_URL;

const token = 'gateway-token-for-the-fault-suite';
const sendTimeoutMs = 1500;
const maxAttempts = 5;
const patients = 10;
/** Each appointment gets a 24 h and a 23 h reminder by SMS. */
const offsetsMinutes = [24 * 60, 23 * 60];
/** Patient 10's number always answers 503: their reminders must end failed, and say so. */
const unreachable = '+254700000009';
/** Patients with an even number go through a gateway that honours Idempotency-Key. */
const honoursKeys = (to: string) => Number(to.slice(-2)) % 2 === 0;

interface Variant {
  name: string;
  processes: number;
  /** Appointments booked: each has two reminders. */
  appointments: number;
  kills: number;
  port: number;
}
const variants: Variant[] = [
  {
    name: 'PGlite, one process killed and restarted',
    processes: 1,
    appointments: 40,
    kills: 2,
    port: 34620,
  },
  ...(databaseUrl
    ? [
        {
          name: 'PostgreSQL, two processes sending at once, killed and restarted',
          processes: 2,
          appointments: 60,
          kills: 4,
          port: 34630,
        },
      ]
    : []),
];

/** A new, empty PostgreSQL database beside DATABASE_URL's; dropped by the returned function. */
async function freshPostgres(url: string) {
  const base = new URL(url);
  const name = `${base.pathname.slice(1)}_faults_${uuidv7().replaceAll('-', '').slice(-10)}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  base.pathname = `/${name}`;
  return {
    url: base.toString(),
    async drop() {
      const cleanup = new pg.Client({ connectionString: url });
      await cleanup.connect();
      await cleanup.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await cleanup.end();
    },
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Every process's warnings and errors (pino levels 40 and up), labelled. */
const warnings = (incarnations: Incarnation[]) =>
  incarnations.flatMap((one) =>
    one.process.output
      .join('')
      .split('\n')
      .filter((line) => /"level":(40|50|60)/.test(line))
      .map((line) => `${one.label}: ${line.slice(0, 600)}`),
  );

/**
 * For a run that did not settle: the read models' checkpoints, states and errors and the
 * outbox's rows by state, read once the servers have stopped (PGlite's directory is one
 * process's at a time).
 */
async function whereItStands(run: {
  where: { url: string } | null;
  dataDir: string | null;
  hospitalId: string;
}) {
  try {
    const { database } = await openDatabase(
      testConfig({
        database: run.where
          ? { url: run.where.url, poolSize: 1 }
          : { dataDir: join(run.dataDir!, 'pglite') },
      }),
    );
    try {
      return await withTenant(database, run.hospitalId, async (sql) => {
        const read = async (text: string) =>
          JSON.stringify((await sql.query(text, [run.hospitalId])).rows);
        return [
          `checkpoints: ${await read('SELECT projection, position FROM projection_checkpoints WHERE hospital_id = $1')}`,
          `heads: ${await read('SELECT head FROM hospital_heads WHERE hospital_id = $1')}`,
          `states: ${await read('SELECT projection, status, detail FROM projection_state WHERE hospital_id = $1')}`,
          `errors: ${await read('SELECT projection, position, event_type, error, attempts FROM projection_errors WHERE hospital_id = $1')}`,
          `outbox: ${await read(`SELECT state, min(next_attempt_at)::text AS first_due, count(*) FROM reminder_outbox WHERE hospital_id = $1 GROUP BY state`)}`,
        ].join('\n');
      });
    } finally {
      await database.close();
    }
  } catch (error) {
    return `(could not read the database: ${String(error)})`;
  }
}

/** One start of a server process: its sender id (SMS_SENDER_ID) and when it was killed. */
interface Incarnation {
  label: string;
  process: ServerProcess;
  killedAt: number | null;
}

const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
});

describe.each(variants)('reminders under faults: $name', (variant) => {
  it('sends every due reminder, twice only inside the window, and the log agrees with the outbox', async () => {
    const started = Date.now();
    const where = databaseUrl && variant.processes > 1 ? await freshPostgres(databaseUrl) : null;
    if (where) cleanups.push(() => where.drop());
    const dataDir = where ? null : await mkdtemp(join(tmpdir(), 'mymedic-faults-'));
    if (dataDir) cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
    const gateway = await startFaultyGateway({
      seed,
      token,
      port: variant.port + 50,
      timeoutMs: sendTimeoutMs,
      // Faults only on a message's first two requests: with two kills at most in its way,
      // it still goes before its fifth and last try.
      faultyTries: 2,
      alwaysFailing: new Set([unreachable]),
      honoursKeys,
    });
    cleanups.push(() => gateway.close());
    const environment = {
      ...(where ? { DATABASE_URL: where.url, DATABASE_POOL_SIZE: '5' } : { DATA_DIR: dataDir! }),
      JWT_SECRET: 'the-fault-suite-secret-the-fault-suite-secret',
      SMS_GATEWAY_URL: gateway.url,
      SMS_GATEWAY_TOKEN: token,
      REMINDER_SEND_TIMEOUT_SECONDS: String(sendTimeoutMs / 1000),
      REMINDER_MAX_ATTEMPTS: String(maxAttempts),
      REMINDER_RETRY_BASE_SECONDS: '1',
      REMINDER_SENDER_INTERVAL_SECONDS: '0.25',
      // The appointments start in 25 to 27 hours: on a sender's clock five hours ahead
      // all their reminders are due, and none has begun. Dead claims come back after
      // 2 × 1.5 s + 4 s: the margin must outlast a record's wait on a loaded machine (with
      // 0.5 s, a PGlite server's own claims ran out before it recorded them, and went
      // twice). Both settings are honoured in test mode only.
      REMINDER_TEST_CLOCK_OFFSET_SECONDS: String(5 * 3600),
      REMINDER_TEST_LEASE_MARGIN_SECONDS: '4',
      ENABLE_METRICS: 'true',
    };

    // The senders: each slot's process is killed (SIGKILL) and started again on a seeded
    // schedule, with a new sender id each time, while the gateway fails on its own. They
    // send from the start: the clinic's bookings are planned and sent as they arrive.
    const incarnations: Incarnation[] = [];
    const slots: Incarnation[] = [];
    const startSlot = async (slot: number) => {
      const label = `s${slot}-${incarnations.filter((one) => one.label.startsWith(`s${slot}-`)).length + 1}`;
      const server = await startServerProcess(variant.port + 1 + slot, {
        ...environment,
        SMS_SENDER_ID: label,
      });
      const incarnation: Incarnation = { label, process: server, killedAt: null };
      cleanups.push(() => server.kill());
      incarnations.push(incarnation);
      slots[slot] = incarnation;
    };
    await Promise.all(Array.from({ length: variant.processes }, (_, slot) => startSlot(slot)));
    // The clinic's device talks to the first slot's server (the same port after each start).
    const clinic = await reminderClinic(slots[0]!.process.url, {
      channels: ['sms'],
      offsetsMinutes,
      appointments: variant.appointments,
      patients,
    });
    const phases = { setup: Date.now() - started, kills: 0, settled: 0 };
    for (let kill = 0; kill < variant.kills; kill += 1) {
      await sleep(800 + seededFraction(seed, `kill ${kill} after`) * 2200);
      const slot = Math.floor(seededFraction(seed, `kill ${kill} slot`) * variant.processes);
      const victim = slots[slot]!;
      victim.killedAt = Date.now();
      await victim.process.kill();
      await sleep(200 + seededFraction(seed, `kill ${kill} down`) * 1000);
      await startSlot(slot);
    }

    phases.kills = Date.now() - started;
    // Until every reminder has been sent or has failed for good, as the log tells it.
    const expected = variant.appointments * offsetsMinutes.length;
    const device = clinic.device;
    const settled = () =>
      clinic.appointmentIds.reduce(
        (count, id) =>
          count +
          device
            .streamOf(id)
            .filter((event) => event.type === 'ReminderSent' || event.type === 'ReminderFailed')
            .length,
        0,
      );
    const deadline = Date.now() + 150_000;
    let lastPullError: string | null = null;
    for (;;) {
      try {
        await device.pullAll();
        lastPullError = null;
      } catch (error) {
        // A process between two starts: the next round asks again.
        lastPullError = error instanceof Error ? error.message : JSON.stringify(error);
      }
      if (settled() >= expected) break;
      if (Date.now() > deadline) {
        const said = await Promise.all(
          slots.map(async (one) => {
            const health = await fetch(`${one.process.url}/health`).then(
              (answer) => answer.text(),
              (error: unknown) => String(error),
            );
            const metrics = await fetch(`${one.process.url}/metrics`).then(
              (answer) => answer.text(),
              (error: unknown) => String(error),
            );
            const reminderLines = metrics
              .split('\n')
              .filter((line) => line.startsWith('mymedic_reminder'));
            return `${one.label} health: ${health.slice(0, 800)}\n${reminderLines.join('\n')}`;
          }),
        );
        await Promise.all(slots.map((one) => one.process.stop()));
        throw new Error(
          `only ${settled()} of ${expected} reminders settled (seed ${seed})\n` +
            `${said.join('\n')}\n` +
            (await whereItStands({ where, dataDir, hospitalId: clinic.hospitalId })) +
            `\nthe gateway saw ${gateway.seen.length} tries, delivered ${gateway.deliveries.length}` +
            `\nthe device's last pull: ${lastPullError ?? 'fine'}` +
            `\nwhat the servers warned of:\n${warnings(incarnations).slice(-20).join('\n')}`,
        );
      }
      await sleep(500);
    }
    phases.settled = Date.now() - started;
    // A moment more: a duplicate sent after the last record would show now.
    await sleep(sendTimeoutMs * 2);
    // The longest claim-to-record time the last processes saw (the killed ones' is lost
    // with them), and the claims they lost to a take-back (none while leases hold).
    let longestWindowSeconds = 0;
    let claimsLost = 0;
    for (const one of slots) {
      const text = await (await fetch(`${one.process.url}/metrics`)).text();
      const value = (name: string) =>
        Number(
          /^(\S+) (\S+)$/m.exec(
            text.split('\n').find((line) => line.startsWith(`${name} `)) ?? '',
          )?.[2] ?? 0,
        );
      longestWindowSeconds = Math.max(
        longestWindowSeconds,
        value('mymedic_reminders_longest_window_seconds'),
      );
      claimsLost += value('mymedic_reminders_claim_lost_total');
    }
    await Promise.all(slots.map((one) => one.process.stop()));

    const { database } = await openDatabase(
      testConfig({
        database: where ? { url: where.url, poolSize: 2 } : { dataDir: join(dataDir!, 'pglite') },
      }),
    );
    let outbox: Awaited<ReturnType<typeof readOutbox>>;
    try {
      outbox = await readOutbox(database, clinic.hospitalId);
    } finally {
      await database.close();
    }
    await gateway.close();

    const keyOf = (row: { appointment_id: string; channel: string; reminder_kind: string }) =>
      `${clinic.hospitalId}.${row.appointment_id}.${row.channel}.${row.reminder_kind}`;
    const deliveriesOf = new Map<string, Delivery[]>();
    for (const delivery of gateway.deliveries)
      deliveriesOf.set(delivery.key, [...(deliveriesOf.get(delivery.key) ?? []), delivery]);
    const killedAt = new Map(incarnations.map((one) => [one.label, one.killedAt]));

    const problems: string[] = [];
    const duplicates = {
      answerLost: 0,
      senderTimedOut: 0,
      diedBeforeRecord: 0,
      unexplained: 0,
    };
    let repeatsAbsorbed = 0;
    expect(gateway.problems, `seed ${seed}`).toEqual([]);
    expect(outbox, `seed ${seed}`).toHaveLength(expected);
    for (const row of outbox) {
      const key = keyOf(row);
      const delivered = deliveriesOf.get(key) ?? [];
      const unreachableRow = row.address === unreachable;
      if (unreachableRow) {
        // At least its last try: a last try taken back from a dead sender is made again.
        if (row.state !== 'failed' || row.attempts < maxAttempts || delivered.length > 0)
          problems.push(`${key}: ${row.state} after ${row.attempts} tries, should have failed`);
        continue;
      }
      if (row.state !== 'sent') {
        problems.push(`${key}: missed (${row.state}, ${row.attempts} tries: ${row.last_error})`);
        continue;
      }
      const recorded = delivered.find((delivery) => delivery.id === row.provider_message_id);
      if (!recorded) {
        problems.push(`${key}: recorded an id the gateway never gave`);
        continue;
      }
      if (honoursKeys(row.address!)) {
        if (delivered.length !== 1) problems.push(`${key}: ${delivered.length} deliveries`);
        repeatsAbsorbed += (gateway.requestsByKey.get(key) ?? 0) - 1;
        continue;
      }
      // Every copy but the recorded one went before it, inside the window: the gateway had
      // accepted it and the try did not end in its record, because the answer was lost
      // (dropped, too late, or the sender gone before it came), the sender gave up on an
      // answer that had come (its timeout ran out first: a process whose event loop the
      // embedded database held), or its process died before recording.
      for (const copy of delivered) {
        if (copy === recorded) continue;
        const died = killedAt.get(copy.from);
        if (copy.at > recorded.at) {
          duplicates.unexplained += 1;
          problems.push(`${key}: sent again after the sent copy (by ${copy.from})`);
        } else if (copy.answerLost || copy.senderGone) duplicates.answerLost += 1;
        else if (died !== null && died !== undefined && died >= copy.at)
          duplicates.diedBeforeRecord += 1;
        else duplicates.senderTimedOut += 1;
      }
    }
    // A message is never in two tries at once: a claim is exclusive until its record or
    // the end of its lease, and a try ends (answer, timeout, death) well before that.
    const triesOf = new Map<string, RequestSeen[]>();
    for (const visit of gateway.seen)
      triesOf.set(visit.key, [...(triesOf.get(visit.key) ?? []), visit]);
    for (const [key, tries] of triesOf)
      tries.forEach((visit, index) => {
        const next = tries[index + 1];
        if (next && next.start < (visit.end ?? Infinity)) {
          duplicates.unexplained += 1;
          problems.push(`${key}: tried by ${visit.from} and ${next.from} at once`);
        }
      });

    // No server logged an error: a record that failed (its row then taken back and sent
    // again by a live sender) would show here, not only as a copy.
    for (const one of incarnations) {
      const errors = one.process.output
        .join('')
        .split('\n')
        .filter((line) => /"level":(50|60)/.test(line));
      if (errors.length > 0) problems.push(`${one.label} logged: ${errors[0]!.slice(0, 400)}`);
    }

    // The log agrees with the outbox: one ReminderSent with the provider's id per sent
    // row, one ReminderFailed per failed row, and nothing else.
    const told = new Map<string, EventEnvelope[]>();
    for (const id of clinic.appointmentIds)
      for (const event of device.streamOf(id)) {
        if (event.type !== 'ReminderSent' && event.type !== 'ReminderFailed') continue;
        const data = event.data as { channel: string; reminder_kind: string };
        const key = keyOf({ appointment_id: id, ...data });
        told.set(key, [...(told.get(key) ?? []), event]);
      }
    for (const row of outbox) {
      const events = told.get(keyOf(row)) ?? [];
      const wanted = row.state === 'sent' ? 'ReminderSent' : 'ReminderFailed';
      const agrees =
        events.length === 1 &&
        events[0]!.type === wanted &&
        (wanted === 'ReminderFailed' ||
          (events[0]!.data as { provider_message_id: string }).provider_message_id ===
            row.provider_message_id);
      if (!agrees)
        problems.push(
          `${keyOf(row)}: the outbox says ${row.state}, the log ${events.map((event) => event.type).join(', ') || 'nothing'}`,
        );
    }

    const sentRows = outbox.filter((row) => row.state === 'sent').length;
    const reclaimed = outbox.reduce((sum, row) => sum + row.reclaimed, 0);
    console.log(
      `reminder faults (${variant.name}): seed ${seed} (RELIABILITY_SEED); ${expected} reminders, ` +
        `${sentRows} sent, ${expected - sentRows} failed for good (the unreachable number); ` +
        `${gateway.deliveries.length} messages delivered; duplicates inside the window: ` +
        `${duplicates.answerLost} with the answer lost, ${duplicates.senderTimedOut} with the ` +
        `sender timed out on an answer that had come, ${duplicates.diedBeforeRecord} with the ` +
        `process killed before its record; ${duplicates.unexplained} outside the window; ` +
        `${repeatsAbsorbed} repeats absorbed by the gateway honouring Idempotency-Key; ` +
        `${incarnations.length - variant.processes} kills, ${reclaimed} claims taken back, ` +
        `${claimsLost} lost; longest claim-to-record ${longestWindowSeconds.toFixed(2)} s; ` +
        `faults met ${JSON.stringify(gateway.faultsMet)}; ${Math.round((Date.now() - started) / 1000)} s ` +
        `(set up ${phases.setup} ms, kills over at ${phases.kills} ms, settled at ${phases.settled} ms); ` +
        `${warnings(incarnations).length} warnings logged`,
    );
    for (const line of warnings(incarnations).slice(0, 5)) console.log(line);
    if (problems.length > 0)
      console.log(
        incarnations.map((one) => `${one.label}:\n${one.process.output.join('')}`).join('\n'),
      );
    expect(problems.slice(0, 20), `seed ${seed}`).toEqual([]);
    expect(duplicates.unexplained).toBe(0);
    // Every claim held until its record: a lease never ran out on a live sender.
    expect(claimsLost).toBe(0);
  });
});
