import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { buildHarness, openHarness } from './browser';
import { measureBundle } from './bundle';
import { measureCommandLatency, measureInitialSync, measureSearchLatency } from './device';
import { measureLiveFanout } from './live-fanout';
import {
  measureEmmett,
  measureMyMedicPush,
  measureRawInsert,
  type ThroughputParams,
} from './push-throughput';

interface Result {
  value: number;
  unit: string;
  peer?: number;
  ratio?: number;
  goal?: string;
  params: Record<string, unknown>;
}

const benchDirectory = fileURLToPath(new URL('..', import.meta.url));
const adminUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
/** Only these groups (comma-separated: push, fanout, device, bundle); all when unset. */
const only = process.env.BENCH_ONLY?.split(',').map((name) => name.trim());
/** A fraction of the device sizes, for trying things out; a scaled run writes no results. */
const scale = Number(process.env.BENCH_SCALE ?? 1);
const runs = (group: string) => !only || only.includes(group);
const scaled = (size: number) => Math.max(1, Math.round(size * scale));

/** A fresh database beside the given one, dropped at the end. */
async function freshDatabase(label: string) {
  const name = `mymedic_bench_${label}_${Date.now()}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  try {
    await admin.connect();
  } catch (error) {
    throw new Error(
      `pnpm bench needs PostgreSQL: set DATABASE_URL or run one on 127.0.0.1:5432 (${(error as Error).message})`,
    );
  }
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    },
  };
}

const round = (value: number, digits = 2) => Number(value.toFixed(digits));

async function measurePush(results: Record<string, Result>) {
  const params: ThroughputParams = { devices: 8, batchesPerDevice: 5, patientsPerBatch: 40 };

  console.log(
    'push-throughput: MyMedic on PostgreSQL, Emmett and raw insert on the same PostgreSQL',
  );
  const mymedicDb = await freshDatabase('push');
  const emmettDb = await freshDatabase('emmett');
  try {
    const mymedic = await measureMyMedicPush({ DATABASE_URL: mymedicDb.url }, params);
    const hospitalId = crypto.randomUUID();
    const emmett = await measureEmmett(emmettDb.url, mymedic.workload);
    const raw = await measureRawInsert(emmettDb.url, mymedic.workload, hospitalId);
    const shared = {
      ...params,
      commandsPerBatch: mymedic.workload[0]![0]!.length,
      events: mymedic.events,
    };
    results['push-throughput'] = {
      value: round(mymedic.eventsPerSecond, 0),
      unit: 'events/s',
      peer: round(emmett.eventsPerSecond, 0),
      ratio: round(mymedic.eventsPerSecond / emmett.eventsPerSecond),
      goal: 'ratio >= 4 (vs Emmett appendToStream per stream)',
      params: { ...shared, peer: '@event-driven-io/emmett-postgresql 0.42.0' },
    };
    results['push-throughput-vs-raw-insert'] = {
      value: round(mymedic.eventsPerSecond, 0),
      unit: 'events/s',
      peer: round(raw.eventsPerSecond, 0),
      ratio: round(mymedic.eventsPerSecond / raw.eventsPerSecond),
      goal: 'ratio >= 0.6 (vs one raw multi-row insert per batch)',
      params: { ...shared, peer: 'raw INSERT … SELECT FROM jsonb_to_recordset, no checks' },
    };

    console.log('pglite-vs-postgres: the same push workload on the embedded database');
    const dataDir = await mkdtemp(join(tmpdir(), 'mymedic-bench-'));
    try {
      const embedded = await measureMyMedicPush({ DATA_DIR: dataDir }, params);
      results['pglite-vs-postgres'] = {
        value: round(embedded.eventsPerSecond, 0),
        unit: 'events/s',
        peer: round(mymedic.eventsPerSecond, 0),
        ratio: round(embedded.eventsPerSecond / mymedic.eventsPerSecond),
        goal: 'informational: PGlite as a share of PostgreSQL',
        params: shared,
      };
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  } finally {
    await mymedicDb.drop();
    await emmettDb.drop();
  }
}

async function measureFanout(results: Record<string, Result>) {
  console.log('live-fanout: 200 devices on /sync/live');
  const fanoutDb = await freshDatabase('fanout');
  try {
    const fanout = await measureLiveFanout({ DATABASE_URL: fanoutDb.url }, 200, 20);
    results['live-fanout'] = {
      value: round(fanout.p95, 1),
      unit: 'ms (p95)',
      goal: '<= 300 ms',
      params: { devices: 200, pushes: 20, p50: round(fanout.p50, 1) },
    };
  } finally {
    await fanoutDb.drop();
  }
}

/** initial-sync, command-latency and search-latency: the client engine in headless Chromium. */
async function measureDevice(results: Record<string, Result>) {
  console.log('device: building the harness page and opening it in headless Chromium');
  await buildHarness();
  const database = await freshDatabase('device');
  const harness = await openHarness({ DATABASE_URL: database.url });
  try {
    // 5 tablets x 50 pushes x 400 commands (80 patients' registrations, phone
    // corrections, consents, allergies and languages), one event each: 100,000 events.
    const seed: ThroughputParams = {
      devices: 5,
      batchesPerDevice: scaled(50),
      patientsPerBatch: 80,
    };
    console.log(`initial-sync: seeding through /sync/push, then a fresh device pulls`);
    const sync = await measureInitialSync(harness.page, harness.server.url, seed);
    results['initial-sync'] = {
      value: round(sync.eventsPerSecond, 0),
      unit: 'events/s',
      peer: round(sync.floorEventsPerSecond, 0),
      ratio: round(sync.eventsPerSecond / sync.floorEventsPerSecond),
      goal: '>= 20000 events/s (peer: bare Dexie bulkPut of the same rows, the floor)',
      params: {
        events: sync.events,
        patients: sync.patients,
        seeded: `POST /sync/push, ${seed.devices} devices x ${seed.batchesPerDevice} pushes x ${seed.patientsPerBatch * 5} commands (${round(sync.seedSeconds, 1)} s)`,
        pullPage: 1000,
        seconds: round(sync.syncMs / 1000, 1),
        floorSeconds: round(sync.floorMs / 1000, 1),
        browser: 'Debian Chromium, headless, real IndexedDB',
      },
    };

    const patients = scaled(50_000);
    console.log(`command-latency: execute() with ${patients} patients on the device`);
    const command = await measureCommandLatency(harness.page, harness.server.url, patients, 500);
    results['command-latency'] = {
      value: round(command.engine.p95, 2),
      unit: 'ms (p95)',
      peer: round(command.barePut.p95, 2),
      ratio: round(command.engine.p95 / command.barePut.p95),
      goal: 'p95 <= 5 ms (peer: bare Dexie put of the same row; ratio = engine / put)',
      params: {
        patients,
        commands: command.engine.samples,
        mix: '4 phone corrections of random patients to 1 registration',
        p50: round(command.engine.p50, 2),
        peerP50: round(command.barePut.p50, 2),
        measured: 'execute() call to its transaction committed (events, outbox, projection)',
      },
    };

    console.log(`search-latency: typing names with a typo over ${patients} patients`);
    const search = await measureSearchLatency(harness.page, harness.server.url, patients, 5);
    results['search-latency'] = {
      value: round(search.search.p95, 2),
      unit: 'ms (p95 per keystroke)',
      peer: round(search.substring.p95, 2),
      ratio: round(search.search.p95 / search.substring.p95),
      goal: 'p95 <= 15 ms (peer: plain substring filter; ratio = search / filter)',
      params: {
        patients: search.rows,
        keystrokes: search.search.samples,
        p50: round(search.search.p50, 2),
        peerP50: round(search.substring.p50, 2),
        typedNamesFound: `${search.typoQueriesFound} of ${search.typoQueries}`,
        measured: 'searchPatients() over the rows PatientList holds, 200 matches at most',
      },
    };
  } finally {
    await harness.close();
    await database.drop();
  }
}

async function measureFirstLoad(results: Record<string, Result>) {
  console.log('bundle: building the client and gzipping what index.html loads up front');
  const bundle = await measureBundle();
  results.bundle = {
    value: round(bundle.gzippedKb, 1),
    unit: 'kB gzipped (first-load JS)',
    goal: '<= 200 kB',
    params: {
      files: bundle.files,
      rawKb: round(bundle.rawKb, 1),
      measured: 'pnpm --filter @mymedic/client build; entry + modulepreload, gzip -9',
    },
  };
}

async function main() {
  const results: Record<string, Result> = {};
  const groups: [string, (into: Record<string, Result>) => Promise<void>][] = [
    ['push', measurePush],
    ['fanout', measureFanout],
    ['device', measureDevice],
    ['bundle', measureFirstLoad],
  ];
  let failed = false;
  for (const [group, measure] of groups) {
    if (!runs(group)) continue;
    try {
      await measure(results);
    } catch (error) {
      // One benchmark that cannot run leaves the others' figures standing.
      failed = true;
      console.error(`${group}: ${(error as Error).stack ?? String(error)}`);
    }
  }
  if (scale === 1) await writeResults(results);
  else console.log(JSON.stringify(results, null, 2));
  if (failed) process.exitCode = 1;
}

async function writeResults(results: Record<string, Result>) {
  const file = join(benchDirectory, 'results.json');
  let previous: Record<string, Result> = {};
  try {
    previous = JSON.parse(await readFile(file, 'utf8')) as Record<string, Result>;
  } catch {
    // first run
  }
  const merged = { ...previous, ...results };
  await writeFile(file, `${JSON.stringify(merged, null, 2)}\n`);
  const rows = Object.entries(merged).map(
    ([name, result]) =>
      `| ${name} | ${result.value} ${result.unit} | ${result.peer ?? '—'} | ${result.ratio ?? '—'} | ${result.goal ?? ''} |`,
  );
  const table = [
    '| benchmark | MyMedic | peer | ratio | goal |',
    '|---|---|---|---|---|',
    ...rows,
  ].join('\n');
  const readmePath = join(benchDirectory, 'README.md');
  const readme = await readFile(readmePath, 'utf8');
  const start = readme.indexOf('<!-- results:start -->');
  const end = readme.indexOf('<!-- results:end -->');
  if (start >= 0 && end > start) {
    await writeFile(
      readmePath,
      `${readme.slice(0, start)}<!-- results:start -->\n${table}\n${readme.slice(end)}`,
    );
  }
  console.log(table);
}

await main();
