import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
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

async function main() {
  const results: Record<string, Result> = {};
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

  await writeResults(results);
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
