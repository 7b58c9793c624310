import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { measureBundle } from './bundle';
import { freshDatabase } from './database';
import { measureOnDevice } from './device';
import { measureLiveFanout } from './live-fanout';
import { measureLoad } from './load';
import {
  measureEmmett,
  measureMyMedicPush,
  measureRawInsert,
  type ThroughputParams,
} from './push-throughput';
import { measureLongStreamPush } from './long-stream';
import { measurePatientSearch } from './patient-search';
import { measureProjectionLag, measureProjectorCpu } from './read-side';
import { measurePlainLoop, measureReminderSender, senderBatch } from './reminders';
import { loadNow, round, writeResults, type Results } from './results';
import { measureFanoutBalanced, measurePushBalanced } from './several-processes';

/** Only these benchmarks (comma-separated names, as in results.json); all when unset. */
const only = process.env.BENCH_ONLY?.split(',').map((name) => name.trim());
/** A fraction of the device sizes, for trying things out; a scaled run writes no results. */
const scale = Number(process.env.BENCH_SCALE ?? 1);
const selected = (...names: string[]) => !only || names.some((name) => only.includes(name));

async function measurePush(results: Results) {
  const params: ThroughputParams = {
    devices: 8,
    batchesPerDevice: 5,
    patientsPerBatch: 40,
    warmupBatchesPerDevice: 1,
  };

  console.log(
    'push-throughput: MyMedic on PostgreSQL, Emmett and raw insert on the same PostgreSQL',
  );
  const mymedicDb = await freshDatabase('push');
  const emmettDb = await freshDatabase('emmett');
  try {
    const mymedic = await measureMyMedicPush({ DATABASE_URL: mymedicDb.url }, params);
    const hospitalId = crypto.randomUUID();
    const emmett = await measureEmmett(emmettDb.url, mymedic.workload, mymedic.warmup);
    const raw = await measureRawInsert(emmettDb.url, mymedic.workload, mymedic.warmup, hospitalId);
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

/**
 * The read side's cost to the push: the push benchmark with the projector running in
 * the server process against the same without it (RUN_PROJECTOR=false), interleaved on
 * fresh databases, and the projector's lag while the devices push.
 */
async function measureReadSide(results: Results) {
  const params: ThroughputParams = {
    devices: 8,
    batchesPerDevice: 5,
    patientsPerBatch: 40,
    warmupBatchesPerDevice: 1,
  };
  console.log('push-with-read-side: the push benchmark with and without the projector');
  const loadBefore = loadNow();
  const rounds: { on: number[]; off: number[] } = { on: [], off: [] };
  for (let round_ = 0; round_ < 3; round_ += 1) {
    for (const running of ['true', 'false'] as const) {
      const database = await freshDatabase(`readside${running}`);
      try {
        const push = await measureMyMedicPush(
          { DATABASE_URL: database.url, RUN_PROJECTOR: running },
          params,
        );
        rounds[running === 'true' ? 'on' : 'off'].push(push.eventsPerSecond);
      } finally {
        await database.drop();
      }
    }
  }
  const best = (values: number[]) => Math.max(...values);
  results['push-with-read-side'] = {
    value: round(best(rounds.on), 0),
    unit: 'events/s',
    peer: round(best(rounds.off), 0),
    ratio: round(best(rounds.on) / best(rounds.off)),
    goal: 'ratio >= 0.95 (the projector running vs not, same process and workload)',
    params: {
      ...params,
      runs: rounds.on.length,
      best_of: 'each side, interleaved',
      load_average: [loadBefore, loadNow()],
    },
  };
  console.log('projection-lag: the read models behind the log while devices push');
  const lagDb = await freshDatabase('lag');
  try {
    const lagLoad = loadNow();
    const lag = await measureProjectionLag({ DATABASE_URL: lagDb.url }, params);
    results['projection-lag'] = {
      value: round(lag.p95Seconds, 2),
      unit: 's (p95 during the push benchmark)',
      goal: '< 1 s',
      params: {
        ...params,
        events: lag.events,
        max: round(lag.maxSeconds, 2),
        samples: lag.samples,
        caught_up_after_last_push_s: round(lag.caughtUpAfter, 2),
        load_average: [lagLoad, loadNow()],
      },
    };
  } finally {
    await lagDb.drop();
  }
  console.log('projector-cpu: what the read models cost per event against the push');
  const cpuDb = await freshDatabase('projectorcpu');
  try {
    const cpuLoad = loadNow();
    const cpu = await measureProjectorCpu(cpuDb.url, params);
    results['projector-cpu'] = {
      value: round(cpu.projectorUs, 0),
      unit: 'µs CPU per event (projector, with its PostgreSQL)',
      peer: round(cpu.pushUs, 0),
      ratio: round(cpu.share),
      goal: "none of its own: the ratio is the share of the push's CPU the projector needs to keep up; the two goals above, together, ask for about 0.05 on 2 cores",
      params: {
        push: cpu.push,
        projected: cpu.projected,
        load_average: [cpuLoad, loadNow()],
      },
    };
  } finally {
    await cpuDb.drop();
  }
}

async function measureLongStream(results: Results) {
  console.log('long-stream-push: one command to a stream of 10,000 events and to a new one');
  const database = await freshDatabase('longstream');
  try {
    const load = loadNow();
    const measured = await measureLongStreamPush({ DATABASE_URL: database.url }, 10_000, 60);
    results['long-stream-push'] = {
      value: round(measured.longMs, 2),
      unit: 'ms (median push of one command)',
      peer: round(measured.shortMs, 2),
      ratio: round(measured.longMs / measured.shortMs),
      goal: 'ratio <= 1.2 (a stream of 10,000 events vs one of 1, alternating)',
      params: {
        stream_events: measured.length,
        rounds: 60,
        snapshot_every: 100,
        load_average: [load, loadNow()],
      },
    };
  } finally {
    await database.drop();
  }
}

async function measureServerSearch(results: Results) {
  const patients = Math.max(1000, Math.round(50_000 * scale));
  console.log(`patient-search-api: GET /patients/search over ${patients} patients on PostgreSQL`);
  const database = await freshDatabase('search');
  try {
    const load = loadNow();
    const measured = await measurePatientSearch({ DATABASE_URL: database.url }, patients, 10);
    results['patient-search-api'] = {
      value: round(measured.p95, 1),
      unit: 'ms (p95)',
      peer: round(measured.floorP95, 1),
      ratio: round(measured.p95 / measured.floorP95),
      goal: '<= 20 ms p95 at 50,000 patients',
      params: {
        patients,
        rounds: 10,
        names: 'six names typed with a slip (as search-latency)',
        p50: round(measured.p50, 1),
        found_share: round(measured.foundShare),
        peer: 'GET /health in the same loop',
        load_average: [load, loadNow()],
      },
    };
  } finally {
    await database.drop();
  }
}

async function measureFanout(results: Results) {
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

async function measureServerLoad(results: Results) {
  const devices = Math.max(2, Math.round(200 * scale));
  const seconds = Math.max(5, Math.round(60 * scale));
  console.log(`load: ${devices} devices pushing and pulling for ${seconds} s`);
  const loadDb = await freshDatabase('load');
  try {
    const load = await measureLoad({ DATABASE_URL: loadDb.url }, devices, seconds);
    console.log(`load: p99 push ${round(load.p99, 1)} ms, ${load.errors} errors`);
    results.load = {
      value: round(load.p99, 1),
      unit: 'ms (p99 push)',
      goal: '0 errors',
      params: {
        devices,
        seconds,
        errors: load.errors,
        errorKinds: load.errorKinds,
        pushes: load.pushes,
        pulls: load.pulls,
        eventsPulled: load.events,
        p50: round(load.p50, 1),
        commandsPerPush: 10,
      },
    };
  } finally {
    await loadDb.drop();
  }
}

/**
 * The reminder sender: reminders sent per second through a gateway stand-in answering in
 * 50 ms, against a plain loop posting the same requests to the same stand-in; and the
 * messages delivered twice when tries fail and the sender is killed mid-run.
 */
async function measureReminders(results: Results) {
  const appointments = Math.max(50, Math.round(500 * scale));
  const delayMs = 50;
  console.log(
    `reminders: ${appointments * 2} due reminders, a stand-in answering in ${delayMs} ms`,
  );
  const clean = await freshDatabase('reminders');
  let sender;
  try {
    sender = await measureReminderSender(clean.url, { appointments, delayMs });
  } finally {
    await clean.drop();
  }
  const peer = await measurePlainLoop(sender.reminders, delayMs);
  results.reminders = {
    value: round(sender.perSecond, 0),
    unit: `reminders/s (stand-in answering in ${delayMs} ms)`,
    peer: round(peer.perSecond, 0),
    ratio: round(sender.perSecond / peer.perSecond),
    goal: 'informational: the sender vs a plain loop posting the same requests, 10 at a time',
    params: {
      reminders: sender.reminders,
      batch: senderBatch,
      database: 'PostgreSQL',
      peer: `a plain loop posting the same requests to the same stand-in, ${senderBatch} at once, each batch awaited`,
    },
  };
  console.log('reminder-duplicates: the same under seeded faults and a SIGKILL mid-run');
  const faulty = await freshDatabase('reminderfaults');
  try {
    const faults = { seed: 20_250_304, fail: 0.1, hang: 0.05, drop: 0.1 };
    const run = await measureReminderSender(faulty.url, {
      appointments: Math.max(50, Math.round(200 * scale)),
      delayMs,
      faults,
    });
    results['reminder-duplicates'] = {
      value: run.duplicates,
      unit: 'messages delivered twice (faults and a kill, gateway honouring Idempotency-Key)',
      goal: '0',
      params: {
        reminders: run.reminders,
        first_try_faults: {
          answered_500: faults.fail,
          hang: faults.hang,
          accepted_then_dropped: faults.drop,
        },
        kills: 1,
        repeats_absorbed_by_the_key: run.repeatsAbsorbed,
        sent_per_second_under_faults: round(run.perSecond, 0),
      },
    };
  } finally {
    await faulty.drop();
  }
}

async function measureFirstLoad(results: Results) {
  console.log('bundle: building the client and gzipping what index.html loads up front');
  const bundle = await measureBundle();
  results.bundle = {
    value: round(bundle.gzippedKb, 1),
    unit: 'kB gzipped (first-load JS)',
    goal: '<= 200 kB',
    params: {
      files: bundle.files,
      rawKb: round(bundle.rawKb, 1),
      measured:
        'pnpm --filter @mymedic/client build (into bench/.work); entry + modulepreload, gzip -9',
    },
  };
}

async function main() {
  const results: Results = {};
  const groups: [string[], (into: Results) => Promise<void>][] = [
    [['push-throughput', 'push-throughput-vs-raw-insert', 'pglite-vs-postgres'], measurePush],
    [['push-with-read-side', 'projection-lag', 'projector-cpu'], measureReadSide],
    [['long-stream-push'], measureLongStream],
    [['patient-search-api'], measureServerSearch],
    [['live-fanout'], measureFanout],
    [['live-fanout-three-processes'], measureFanoutBalanced],
    [['push-throughput-three-processes'], measurePushBalanced],
    [['load'], measureServerLoad],
    [['reminders', 'reminder-duplicates'], measureReminders],
    [
      [
        'initial-sync',
        'shaped-link-first-sync',
        'bytes-per-event',
        'command-latency',
        'search-latency',
        'icd10-search',
      ],
      (into) => measureOnDevice(into, { selected, scale }),
    ],
    [['bundle'], measureFirstLoad],
  ];
  let failed = false;
  for (const [names, measure] of groups) {
    if (!selected(...names)) continue;
    const group = names.join(', ');
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

await main();
