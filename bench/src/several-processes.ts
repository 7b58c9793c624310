import { startBalancedServers } from './balanced-servers';
import { freshDatabase } from './database';
import { measureLiveFanoutAt } from './live-fanout';
import { measurePushAt, type ThroughputParams } from './push-throughput';
import { loadNow, round, type Results } from './results';

// Several server processes on one PostgreSQL behind HAProxy (docs/operations.md,
// "Several processes"), against one process behind the same balancer: what the
// LISTEN/NOTIFY hop costs a poke, and what three processes cost the push.

/** `processes` processes behind HAProxy on a fresh database, for the length of `work`. */
async function withBalanced<T>(
  label: string,
  processes: number,
  work: (balanced: Awaited<ReturnType<typeof startBalancedServers>>) => Promise<T>,
) {
  const database = await freshDatabase(label);
  try {
    // Behind a balancer, as docs/operations.md has it: the address is the device's.
    const balanced = await startBalancedServers(
      { DATABASE_URL: database.url, TRUST_PROXY: 'true' },
      processes,
    );
    try {
      return await work(balanced);
    } catch (error) {
      // What HAProxy saw of the processes (one marked down, a connection cut) says why.
      await new Promise((resolve) => setTimeout(resolve, 1000));
      const seen = balanced.balancer.output
        .split('\n')
        .filter((line) => !/ 200 .* ---- /.test(line))
        .slice(-30);
      const cause = (error as Error).cause as Error | undefined;
      throw new Error(
        `${(error as Error).message} (${cause?.message ?? ''})\nHAProxy:\n${seen.join('\n')}`,
        {
          cause: error,
        },
      );
    } finally {
      await balanced.stop();
    }
  } finally {
    await database.drop();
  }
}

export async function measureFanoutBalanced(results: Results) {
  const devices = 200;
  const pushes = 20;
  console.log(
    `live-fanout-three-processes: ${devices} devices on /sync/live through HAProxy to three processes`,
  );
  const load = loadNow();
  let streamsPerProcess: Record<string, number> = {};
  const three = await withBalanced('fanout3', 3, (balanced) =>
    measureLiveFanoutAt(balanced.url, devices, pushes, async () => {
      streamsPerProcess = await balanced.balancer.connectionsPerServer();
    }),
  );
  const spread = Object.values(streamsPerProcess);
  if (spread.length !== 3 || spread.some((streams) => streams === 0))
    throw new Error(
      `the streams did not spread over three processes: ${JSON.stringify(streamsPerProcess)}`,
    );
  console.log('live-fanout-three-processes: the same through HAProxy to one process');
  const one = await withBalanced('fanout1', 1, (balanced) =>
    measureLiveFanoutAt(balanced.url, devices, pushes),
  );
  results['live-fanout-three-processes'] = {
    value: round(three.p95, 1),
    unit: 'ms (p95)',
    peer: round(one.p95, 1),
    ratio: round(three.p95 / Math.max(one.p95, 0.1)),
    goal: '<= 300 ms (peer: the same through HAProxy to one process)',
    params: {
      devices,
      pushes,
      processes: 3,
      balance: 'roundrobin, no sticky sessions',
      streams_per_process: streamsPerProcess,
      p50: round(three.p50, 1),
      peer_p50: round(one.p50, 1),
      load_average: [load, loadNow()],
    },
  };
}

export async function measurePushBalanced(results: Results) {
  const params: ThroughputParams = {
    devices: 8,
    batchesPerDevice: 5,
    patientsPerBatch: 40,
    warmupBatchesPerDevice: 1,
  };
  console.log('push-throughput-three-processes: the push workload through HAProxy, 3 vs 1');
  const load = loadNow();
  const rounds: Record<1 | 3, number[]> = { 1: [], 3: [] };
  let events = 0;
  for (let round_ = 0; round_ < 2; round_ += 1) {
    for (const processes of [3, 1] as const) {
      const push = await withBalanced(`push${processes}`, processes, (balanced) =>
        measurePushAt(balanced.url, params),
      );
      rounds[processes].push(push.eventsPerSecond);
      events = push.events;
    }
  }
  const best = (values: number[]) => Math.max(...values);
  results['push-throughput-three-processes'] = {
    value: round(best(rounds[3]), 0),
    unit: 'events/s',
    peer: round(best(rounds[1]), 0),
    ratio: round(best(rounds[3]) / best(rounds[1])),
    goal: 'informational: three processes vs one behind the same HAProxy (two cores bound both; near 1 is the point)',
    params: {
      ...params,
      events,
      runs: rounds[3].length,
      best_of: 'each side, interleaved, a fresh database each',
      three_processes: rounds[3].map((value) => round(value, 0)),
      one_process: rounds[1].map((value) => round(value, 0)),
      balance: 'roundrobin, no sticky sessions',
      load_average: [load, loadNow()],
    },
  };
}
