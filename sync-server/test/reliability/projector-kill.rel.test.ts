import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PushedCommand } from '@mymedic/shared';
import { afterAll, describe, expect, it } from 'vitest';
import { testConfig } from '../../src/config';
import type { Database } from '../../src/db/database';
import { openDatabase } from '../../src/db/open';
import { withTenant } from '../../src/db/tenant';
import { readModels } from '../../src/read-side/folded-states';
import { Projector } from '../../src/read-side/projector';
import { api } from '../support';
import { signUpClinic } from '../test-server';
import { createScratchDatabase, freePort, ServerProcess } from '../server-process';
import { readModelFaults, readModelRows } from './read-model-checks';
import { ClinicTablet, seededRandom } from './clinic-day';

// The size and the seed come from the environment, so CI picks what fits and a failure
// reruns with the same choices: RELIABILITY_SEED=<the seed printed> pnpm test:reliability.
const whole = (name: string, fallback: number) => {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isSafeInteger(value) || value < 0) throw new Error(`${name} must be a whole number`);
  return value;
};
/** New patients per clinic over the whole run (each makes five commands, five events). */
const patientsPerClinic = whole('PROJECTOR_KILL_PATIENTS', 300);
/** Rounds of pushing, then killing the projector mid catch-up. */
const rounds = Math.max(2, whole('PROJECTOR_KILL_ROUNDS', 3));
const seed = whole('RELIABILITY_SEED', 20_261_201);
/** Small pages make many transactions, so a kill lands between two of them or inside one. */
const pageSize = whole('PROJECTOR_KILL_PAGE_SIZE', 5);

const databases = [
  { name: 'PGlite' },
  ...(process.env.DATABASE_URL ? [{ name: 'PostgreSQL', url: process.env.DATABASE_URL }] : []),
];

interface Health {
  projections?: Record<string, { status: string; events_behind: number }>;
}

/** Events the read models are behind in all (the worst hospital of each), and failures. */
async function lagOf(url: string) {
  const { status, body } = await api<Health>(url, '/health');
  if (status !== 200) throw new Error(`/health answered ${status}`);
  const models = Object.entries(body.projections ?? {});
  return {
    behind: models.reduce((sum, [, lag]) => sum + lag.events_behind, 0),
    failed: models.filter(([, lag]) => lag.status !== 'live').map(([name]) => name),
  };
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The event ids among these that the log does not hold. */
async function eventsMissing(database: Database, hospitalId: string, commands: PushedCommand[]) {
  const ids = commands.flatMap((command) => command.events.map((event) => event.event_id));
  return withTenant(database, hospitalId, async (sql) => {
    const { rows } = await sql.query<{ event_id: string }>(
      `SELECT id AS event_id FROM unnest($2::uuid[]) AS pushed(id)
        WHERE NOT EXISTS (SELECT 1 FROM event_store e WHERE e.hospital_id = $1 AND e.event_id = pushed.id)`,
      [hospitalId, `{${ids.join(',')}}`],
    );
    return rows.map((row) => row.event_id);
  });
}

describe.each(databases)('the projector killed mid catch-up, on $name', ({ name, url }) => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  it('applies every event exactly once: the read models equal a fresh fold of the log', async () => {
    const random = seededRandom(seed);
    const began = Date.now();
    console.log(
      `${name}: RELIABILITY_SEED=${seed} PROJECTOR_KILL_PATIENTS=${patientsPerClinic} PROJECTOR_KILL_ROUNDS=${rounds}`,
    );
    let databaseSettings: Record<string, string>;
    let config: ReturnType<typeof testConfig>;
    if (url) {
      const scratch = await createScratchDatabase(
        url,
        `${new URL(url).pathname.slice(1)}_projector_kill`,
      );
      cleanups.push(scratch.drop);
      databaseSettings = { DATABASE_URL: scratch.url, DATABASE_POOL_SIZE: '10' };
      config = testConfig({ database: { url: scratch.url, poolSize: 4 } });
    } else {
      const dataDir = mkdtempSync(join(tmpdir(), 'mymedic-projector-kill-'));
      cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
      databaseSettings = { DATA_DIR: dataDir };
      config = testConfig({ database: { dataDir: join(dataDir, 'pglite') } });
    }
    const server = new ServerProcess(
      { ...databaseSettings, PROJECTOR_PAGE_SIZE: String(pageSize) },
      await freePort(),
    );
    cleanups.push(() => server.kill());
    const projectorOff = { RUN_PROJECTOR: 'false' };
    // At debug level the server logs each page the projector commits: the test's clock.
    const projectorOn = { RUN_PROJECTOR: 'true', LOG_LEVEL: 'debug' };

    await server.start(projectorOff);
    const tablets = await Promise.all(
      ['Kisumu', 'Nakuru'].map(
        async (town) =>
          new ClinicTablet(
            await signUpClinic(server.url, `${town} Clinic`, { also_doctor: true }),
            random,
          ),
      ),
    );
    const hospitalIds = tablets.map((tablet) => tablet.session.user.hospital_id);
    const accepted = tablets.map(() => [] as PushedCommand[]);
    /** Per catch-up kill: the events still to apply when the server came back. */
    const leftAfterKills: number[] = [];
    let pushesCut = 0;
    let backlog = 0;
    const killedAfterPages: number[] = [];

    /** A day's work from every clinic; with `killAfterBatches`, the server is killed under it. */
    const pushDay = async (patients: number, killAfterBatches?: number) => {
      let batches = 0;
      let killing: Promise<void> | undefined;
      const results = await Promise.all(
        tablets.map((tablet) =>
          tablet.push(server.url, tablet.clinicDay(patients), 50, () => {
            batches += 1;
            if (killAfterBatches !== undefined && batches === killAfterBatches)
              killing = pause(random.between(0, 10)).then(() => server.kill());
          }),
        ),
      );
      await killing;
      results.forEach((result, index) => {
        accepted[index]!.push(...result.accepted);
        if (result.cut) pushesCut += 1;
        backlog += result.accepted.reduce((sum, command) => sum + command.events.length, 0);
      });
      await server.kill();
    };

    /**
     * Starts the projector on the backlog and kills it after a seeded number of its pages,
     * wherever it then is: between two pages or inside one. The pages number more than
     * `backlog / pageSize` (each model reads some of the events, the reminders the
     * patients' again); the kill comes within the first quarter of that, as the server
     * goes on while the test reads its output.
     */
    const killMidCatchUp = async () => {
      const pages = random.between(1, Math.max(1, Math.floor(backlog / pageSize / 4)));
      server.spawn(projectorOn);
      await server.printedTimes('"msg":"projected a page"', pages);
      await server.kill();
      killedAfterPages.push(pages);
    };

    /** What the last kill left to apply, seen with the projector off so nothing moves it. */
    const leftToApply = async () => {
      await server.start(projectorOff);
      const { behind } = await lagOf(server.url);
      leftAfterKills.push(behind);
      backlog = behind;
    };

    const patientsPerRound = Math.ceil(patientsPerClinic / rounds);
    const batchesPerRound = Math.ceil((patientsPerRound * 5) / 50) * tablets.length;
    for (let round = 0; round < rounds; round += 1) {
      if (round > 0) await leftToApply();
      // Every other day the server is killed under the pushes, with batches still to come.
      await pushDay(
        patientsPerRound,
        round % 2 === 1 ? random.between(1, Math.max(1, batchesPerRound - 4)) : undefined,
      );
      await killMidCatchUp();
    }
    await leftToApply();
    await server.kill();

    // Then the projector runs to the end.
    await server.start({ RUN_PROJECTOR: 'true' });
    for (let waited = 0; ; waited += 100) {
      const lag = await lagOf(server.url);
      expect(lag.failed, 'read models that stopped').toEqual([]);
      if (lag.behind === 0) break;
      if (waited > 5 * 60_000) throw new Error(`still ${lag.behind} events behind after 5 minutes`);
      await pause(100);
    }
    await server.stop();
    console.log(
      `${name}: kills after ${killedAfterPages.join(', ')} pages left ${leftAfterKills.join(', ')} events to apply; ${pushesCut} pushes cut; ${accepted.flat().length} commands accepted; ${Math.round((Date.now() - began) / 1000)} s`,
    );
    // The kills aimed at a catch-up must have landed in one, or the test proves nothing.
    // The server goes on while the test reads its output, so on a busy machine one may
    // come after the end; most may not.
    expect(
      leftAfterKills.filter((left) => left > 0).length,
      'kills that landed mid catch-up',
    ).toBeGreaterThanOrEqual(Math.ceil(rounds / 2));
    expect(pushesCut, 'pushes the kills cut').toBeGreaterThan(0);

    const { database } = await openDatabase(config);
    try {
      for (const [index, hospitalId] of hospitalIds.entries())
        expect(
          await eventsMissing(database, hospitalId, accepted[index]!),
          'acknowledged events lost',
        ).toEqual([]);
      expect(await readModelFaults(database, hospitalIds)).toEqual([]);
      const projected = await readModelRows(database, hospitalIds);
      expect(projected[`${hospitalIds[0]} patients`]!.length).toBeGreaterThan(0);
      await new Projector(database, readModels).rebuild();
      const rebuilt = await readModelRows(database, hospitalIds);
      for (const key of Object.keys(rebuilt)) expect(projected[key], key).toEqual(rebuilt[key]);
    } finally {
      await database.close();
    }
  });
});
