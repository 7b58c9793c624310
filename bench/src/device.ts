import type { PushResponse, SessionResponse } from '@mymedic/shared';
import type { Page } from 'playwright-core';
import { buildHarness, openHarness } from './browser';
import { freshDatabase } from './database';
import { makeWorkload, type ThroughputParams } from './push-throughput';
import { lagNow, whenCaughtUp } from './read-side';
import { loadNow, round, type Results } from './results';
import { deviceOf, doctorSession, post } from './server-process';
import { measureShapedFirstSync } from './shaped-link-sync';
import { eventCount } from './workload';

/**
 * The clinic's history, pushed by `devices` tablets at once through POST /sync/push of
 * the real server (registrations, phone corrections, consents, allergies, languages).
 */
async function seedThroughPush(url: string, session: SessionResponse, params: ThroughputParams) {
  const workload = makeWorkload(session.user.hospital_id, session.user.user_id, params);
  await Promise.all(
    workload.map(async (batches) => {
      for (const commands of batches) {
        const push = () =>
          post<PushResponse>(
            url,
            '/sync/push',
            { device_id: deviceOf(session), commands },
            session.token,
          );
        // On a machine busy enough to drop a connection, the push is sent again: the
        // server answers a copy as `duplicate`, stored once.
        const response = await push().catch((error: unknown) => {
          console.warn(`seeding push failed (${String(error)}), sending it again`);
          return push();
        });
        const refused = response.results.find(
          (result) => result.status !== 'accepted' && result.status !== 'duplicate',
        );
        if (refused) throw new Error(`seeding push refused: ${JSON.stringify(refused)}`);
      }
    }),
  );
  return eventCount(workload.flat());
}

const actorOf = (session: SessionResponse) => ({
  hospitalId: session.user.hospital_id,
  userId: session.user.user_id,
  roles: session.user.roles,
});

interface SeededClinic {
  session: SessionResponse;
  seeded: number;
  seedSeconds: number;
  /** How far the server's read side was behind when the seeding ended, and its catching up. */
  readSide: { eventsBehind: number; caughtUpSeconds: number };
}

/**
 * A clinic with the benchmark's history, and its doctor signed in; the server then at
 * rest, as a clinic's server is when a tablet joins: its projector has applied the
 * seeded history (it runs in the same process, and 100,000 events pushed in a few
 * seconds leave it tens of thousands behind, working while the first sync is timed).
 */
async function seededClinic(url: string, params: ThroughputParams): Promise<SeededClinic> {
  const session = await doctorSession(url);
  const seedStarted = performance.now();
  const seeded = await seedThroughPush(url, session, params);
  const seedSeconds = (performance.now() - seedStarted) / 1000;
  const behind = await lagNow(url);
  const waitStarted = performance.now();
  const caughtUp = await whenCaughtUp(url, 200, 1500);
  if (caughtUp === null) throw new Error('the read side had not caught up after 5 minutes');
  return {
    session,
    seeded,
    seedSeconds,
    readSide: { eventsBehind: behind.events, caughtUpSeconds: (caughtUp - waitStarted) / 1000 },
  };
}

/** A fresh device pulls and projects the whole history: events per second, end to end. */
async function initialSync(
  page: Page,
  { session, seeded, seedSeconds, readSide }: SeededClinic,
  params: ThroughputParams,
): Promise<Results> {
  const loadAtStart = loadNow();
  // The same doctor on a new tablet: an empty database and a device id never seen.
  const sync = await page.evaluate((device) => window.mymedicBench.measureInitialSync(device), {
    token: session.token,
    refresh_token: session.refresh_token,
    actor: actorOf(session),
  });
  // Beyond the seeded events the log holds the clinic's own: its creation and its staff.
  if (sync.events < seeded)
    throw new Error(`the device holds ${sync.events} events, the server ${seeded}`);
  const eventsPerSecond = sync.events / (sync.syncMs / 1000);
  const floorPerSecond = sync.events / (sync.floorMs / 1000);
  return {
    'initial-sync': {
      value: round(eventsPerSecond, 0),
      unit: 'events/s',
      peer: round(floorPerSecond, 0),
      ratio: round(eventsPerSecond / floorPerSecond),
      goal: '>= 20000 events/s, set when the floor ran 11,000 to 13,000: ratio >= 1.82 (peer: bare Dexie bulkPut of the events, one row each as kept before)',
      params: {
        events: sync.events,
        patients: sync.patients,
        seeded: `POST /sync/push, ${params.devices} devices x ${params.batchesPerDevice} pushes x ${params.patientsPerBatch * 5} commands (${round(seedSeconds, 1)} s)`,
        readSideAfterSeeding: `${readSide.eventsBehind} events behind, caught up in ${round(readSide.caughtUpSeconds, 1)} s before the first sync`,
        pullPage: "the client's page size (SyncApi.pull)",
        seconds: round(sync.syncMs / 1000, 1),
        floorSeconds: round(sync.floorMs / 1000, 1),
        pullAloneSeconds: round(sync.pullMs / 1000, 1),
        applyAloneSeconds: round(sync.applyMs / 1000, 1),
        packedPages: sync.packedPages,
        historyAfterSeconds: round(sync.historyAfterMs / 1000, 1),
        // The same first sync by fresh devices after it, by turns: nothing packed (every
        // page into its stream rows at once, as before issue 15's packing), packed, not.
        unpackedSeconds: round(sync.syncUnpackedMs / 1000, 1),
        packedWarmSeconds: round(sync.syncPackedWarmMs / 1000, 1),
        unpackedWarmSeconds: round(sync.syncUnpackedWarmMs / 1000, 1),
        cpu: sync.cpu,
        parts: sync.parts,
        load_average: [loadAtStart, loadNow()],
      },
    },
  };
}

/** execute() to projection written, on a device holding `patients` patients. */
async function commandLatency(page: Page, actor: Actor, patients: number): Promise<Results> {
  const commands = 500;
  const latency = await page.evaluate(
    ({ actor, patients, commands }) =>
      window.mymedicBench.measureCommandLatency(actor, patients, commands),
    { actor, patients, commands },
  );
  return {
    'command-latency': {
      value: round(latency.engine.p95, 2),
      unit: 'ms (p95)',
      peer: round(latency.barePut.p95, 2),
      ratio: round(latency.engine.p95 / latency.barePut.p95),
      goal: 'p95 <= 5 ms (peer: bare Dexie put of the same row; ratio = engine / put)',
      params: {
        patients,
        commands: latency.engine.samples,
        mix: '4 phone corrections of random patients to 1 registration',
        p50: round(latency.engine.p50, 2),
        peerP50: round(latency.barePut.p50, 2),
        measured: 'execute() call to its transaction committed (events, outbox, projection)',
      },
    },
  };
}

/** The typo-tolerant search per keystroke over `patients` patients. */
async function searchLatency(page: Page, actor: Actor, patients: number): Promise<Results> {
  const rounds = 5;
  const latency = await page.evaluate(
    ({ actor, patients, rounds }) =>
      window.mymedicBench.measureSearchLatency(actor, patients, rounds),
    { actor, patients, rounds },
  );
  return {
    'search-latency': {
      value: round(latency.search.p95, 2),
      unit: 'ms (p95 per keystroke)',
      peer: round(latency.substring.p95, 2),
      ratio: round(latency.search.p95 / latency.substring.p95),
      goal: 'p95 <= 15 ms (peer: plain substring filter; ratio = search / filter)',
      params: {
        patients: latency.rows,
        distinctNameWords: latency.distinctNameWords,
        keystrokes: latency.search.samples,
        p50: round(latency.search.p50, 2),
        peerP50: round(latency.substring.p50, 2),
        typedNamesFound: `${latency.typedNamesFound} of ${latency.typedNames}`,
        measured: 'searchPatients() over the rows PatientList holds, 200 matches at most',
      },
    },
  };
}

/** The diagnosis search per keystroke over the whole ICD-10-CM list. */
async function icd10Search(page: Page): Promise<Results> {
  const latency = await page.evaluate(() => window.mymedicBench.measureIcd10Search(5));
  return {
    'icd10-search': {
      value: round(latency.search.p95, 2),
      unit: 'ms (p95 per keystroke)',
      peer: round(latency.substring.p95, 2),
      ratio: round(latency.search.p95 / latency.substring.p95),
      goal: 'p95 <= 15 ms (peer: every title checked for each word as a substring; ratio = search / peer)',
      params: {
        codes: latency.codes,
        vocabulary: latency.vocabulary,
        indexBuildMs: round(latency.buildMs, 0),
        keystrokes: latency.search.samples,
        p50: round(latency.search.p50, 2),
        peerP50: round(latency.substring.p50, 2),
        typedFound: `${latency.typedFound} of ${latency.typed}`,
        measured: 'searchIndex() over the full list, as the diagnosis form runs it',
      },
    },
  };
}

type Actor = ReturnType<typeof actorOf>;

/**
 * initial-sync, command-latency and search-latency: the client engine in headless
 * Chromium, on real IndexedDB, served by a real sync server on PostgreSQL.
 */
export async function measureOnDevice(
  results: Results,
  options: { selected: (name: string) => boolean; scale: number },
) {
  const scaled = (size: number) => Math.max(1, Math.round(size * options.scale));
  console.log('device: building the harness page and opening it in headless Chromium');
  await buildHarness();
  const database = await freshDatabase('device');
  const harness = await openHarness({ DATABASE_URL: database.url });
  const { server } = harness;
  try {
    const firstSyncs = ['initial-sync', 'shaped-link-first-sync', 'bytes-per-event'];
    if (firstSyncs.some(options.selected)) {
      // 5 tablets x 50 pushes x 400 commands (80 patients' registrations, phone
      // corrections, consents, allergies and languages), one event each: 100,000 events.
      const seed = { devices: 5, batchesPerDevice: scaled(50), patientsPerBatch: 80 };
      console.log('first syncs: seeding through /sync/push');
      const clinic = await seededClinic(server.url, seed);
      if (options.selected('initial-sync')) {
        console.log('initial-sync: a fresh device pulls the whole history');
        Object.assign(results, await harness.withPage((page) => initialSync(page, clinic, seed)));
      }
      if (options.selected('shaped-link-first-sync') || options.selected('bytes-per-event')) {
        console.log('shaped-link-first-sync: the same over 1 Mbit/s and 300 ms round trips');
        Object.assign(
          results,
          await measureShapedFirstSync(harness, clinic.session, actorOf(clinic.session)),
        );
      }
    }
    const patients = scaled(50_000);
    const actor = actorOf(await doctorSession(server.url));
    if (options.selected('command-latency')) {
      console.log(`command-latency: execute() with ${patients} patients on the device`);
      Object.assign(
        results,
        await harness.withPage((page) => commandLatency(page, actor, patients)),
      );
    }
    if (options.selected('icd10-search')) {
      console.log('icd10-search: typing diagnoses over the whole ICD-10-CM list');
      Object.assign(results, await harness.withPage((page) => icd10Search(page)));
    }
    if (options.selected('search-latency')) {
      console.log(`search-latency: typing names with a typo over ${patients} patients`);
      Object.assign(
        results,
        await harness.withPage((page) => searchLatency(page, actor, patients)),
      );
    }
  } finally {
    await harness.close();
    await database.drop();
  }
}
