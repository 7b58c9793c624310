import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { staff } from './clinic';
import { ClinicDay } from './clinic-day';
import { clinicDay, faultRates, pullPageLimit, type Step } from './clinical-steps';
import { expectConverged } from './convergence-checks';
import { FaultyNetwork, noFaults, type FaultRates } from './fault-proxy';
import { createScratchDatabase, freePort, ServerProcess } from './server-process';
import { newTally } from './tally';

/**
 * Convergence under faults (docs/client.md, "Tests"), as a fast-check property: tablets running
 * the real client engine work through a clinic day against the real sync server process,
 * over a network that drops requests and answers, answers 500 after committing,
 * delivers twice and out of order, while tablets go offline, their clocks jump, the
 * server is killed with SIGKILL mid-push and its database connections are cut. Once
 * healed and quiet: every event the server acknowledged is in its log exactly once,
 * every tablet holds the server's log and projections, nothing is lost or left waiting
 * outside the conflicts inbox, and the engine invariant holds.
 *
 * The size and the seed come from the environment: CONVERGENCE_RUNS (runs in all, the
 * fixed regressions first), CONVERGENCE_STEPS (steps per day at most), CONVERGENCE_TABLETS
 * (2 to 4) and CONVERGENCE_SEED. A failure prints its seed and path and every tablet's
 * journal; CONVERGENCE_SEED and CONVERGENCE_PATH replay the same plan with the same
 * faults per tablet (the timing, and so the exact interleaving, is the machine's).
 */

const whole = (name: string, fallback: number) => {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isSafeInteger(value) || value < 0) throw new Error(`${name} must be a whole number`);
  return value;
};
const runs = Math.max(1, whole('CONVERGENCE_RUNS', 30));
const stepsPerRun = Math.max(1, whole('CONVERGENCE_STEPS', 120));
const tabletCount = Math.min(staff.length, Math.max(2, whole('CONVERGENCE_TABLETS', 4)));
const seed = whole('CONVERGENCE_SEED', 20_261_125);
const path = process.env.CONVERGENCE_PATH;
const postgresUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** Days that once failed, replayed first on every run of the suite. */
const regressions: [FaultRates, number | null, Step[], number][] = [
  // Tablet B registers the record A registered (same id) and changes the phone on its
  // copy; the push answers conflict for the registration and accepted for the change. B
  // rebased the change before pulling A's registration and put it in the conflicts
  // inbox, though the server had stored it.
  [
    noFaults,
    null,
    [
      { kind: 'command', tablet: 0, command: { type: 'RegisterPatient', patient: 3 } },
      { kind: 'sync', tablet: 0 },
      { kind: 'settle', tablet: 0 },
      { kind: 'command', tablet: 1, command: { type: 'RegisterPatient', patient: 3 } },
      {
        kind: 'command',
        tablet: 1,
        command: { type: 'UpdatePatientDetails', patient: 3, changes: [['phone', 1]] },
      },
      { kind: 'sync', tablet: 1 },
      { kind: 'settle', tablet: 1 },
    ],
    1,
  ],
];

const tally = newTally();

describe('convergence under faults', () => {
  let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;
  let server: ServerProcess;
  let network: FaultyNetwork;
  let inspector: pg.Client;

  beforeAll(async () => {
    const name = `mymedic_convergence_${process.pid}`;
    scratch = await createScratchDatabase(postgresUrl, name);
    server = new ServerProcess(await freePort(), {
      DATABASE_URL: scratch.url,
      // Fixed for the suite, so tokens outlive a restart as they do in a clinic.
      JWT_SECRET: randomBytes(48).toString('base64url'),
      DATABASE_POOL_SIZE: '10',
    });
    await server.start();
    inspector = new pg.Client({ connectionString: scratch.url });
    await inspector.connect();
    network = new FaultyNetwork(server, async () => {
      await inspector.query(
        `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
          WHERE datname = $1 AND pid <> pg_backend_pid()`,
        [name],
      );
    });
  });

  afterAll(async () => {
    await server?.stop();
    await inspector?.end();
    await scratch?.drop();
  });

  async function clinicDayUnderFaults(
    rates: FaultRates,
    pageLimit: number | null,
    steps: Step[],
    dice: number,
  ) {
    tally.runs += 1;
    const day = await ClinicDay.open(network, tally, {
      run: tally.runs,
      tablets: tabletCount,
      dice,
    });
    try {
      await day.morning();
      await day.play(steps, rates, pageLimit);
      await day.endOfDay();
      await day.healAndQuiesce();
      expect(server.crashes, 'the server never fell over by itself').toEqual([]);
      await expectConverged(inspector, server.url, day.clinic.admin, day.tablets, tally);
    } catch (error) {
      console.error(
        `run ${tally.runs} failed; faults ${JSON.stringify(rates)}, pages of ${pageLimit}, ` +
          `dice ${dice}; server running ${server.running}, crashes ${server.crashes.join('; ')}\n` +
          `gateway: ${network.gatewayErrors.join('; ')}\n` +
          `server output:\n${server.output.slice(-60).join('\n')}\n${day.journals()}`,
      );
      throw error;
    } finally {
      await day.close();
    }
  }

  it('every tablet and the server end equal after a clinic day under faults', async () => {
    const started = performance.now();
    await fc.assert(
      fc.asyncProperty(
        faultRates,
        pullPageLimit,
        clinicDay(tabletCount, stepsPerRun),
        fc.integer({ min: 1, max: 2 ** 31 - 1 }),
        clinicDayUnderFaults,
      ),
      {
        numRuns: runs,
        examples: regressions,
        seed,
        ...(path ? { path } : {}),
        // Each run starts processes and waits on the network: report the first failure as
        // found rather than shrinking it for an hour. Its seed and path replay it.
        endOnFailure: true,
      },
    );
    const faults = [...network.injected]
      .sort(([left], [right]) => left.localeCompare(right))
      .map(([fault, count]) => `${fault} ${count}`)
      .join(', ');
    const seconds = ((performance.now() - started) / 1000).toFixed(0);
    console.info(
      `convergence under faults: ${tally.runs} runs passed out of ${tally.runs} ` +
        `(${regressions.length} fixed, ${tally.runs - regressions.length} random from seed ${seed}; ` +
        `${tabletCount} tablets, up to ${stepsPerRun} steps, ${seconds} s; faults injected: ${faults}; ` +
        `server killed ${server.kills} times, ${server.failedStarts} failed start-ups)\n` +
        JSON.stringify(tally),
    );
    expect(tally.commands.queued).toBeGreaterThan(runs);
    expect(tally.stored).toBeGreaterThan(0);
    expect([...network.injected.values()].reduce((sum, count) => sum + count, 0)).toBeGreaterThan(
      0,
    );
  });
});
