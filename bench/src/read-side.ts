import { makeWorkload, pushRound, type ThroughputParams } from './push-throughput';
import { doctorSession, startServerProcess } from './server-process';
import { eventCount } from './workload';

interface Health {
  projections?: Record<string, { events_behind: number; seconds_behind: number }>;
}

/** The furthest-behind read model's lag, as /health reports it. */
async function lagNow(url: string) {
  const health = (await (await fetch(`${url}/health`)).json()) as Health;
  const lags = Object.values(health.projections ?? {});
  return {
    events: Math.max(0, ...lags.map((lag) => lag.events_behind)),
    seconds: Math.max(0, ...lags.map((lag) => lag.seconds_behind)),
  };
}

const percentile = (values: number[], share: number) => {
  const sorted = [...values].sort((left, right) => left - right);
  return sorted[Math.min(sorted.length - 1, Math.floor(share * sorted.length))] ?? 0;
};

/**
 * How far the read models behind the log fall while the push benchmark's devices push:
 * /health sampled every 100 ms through the timed round (the oldest unapplied event's
 * age, in the furthest-behind model), and how long after the last push every model has
 * caught up.
 */
export async function measureProjectionLag(
  environment: Record<string, string>,
  params: ThroughputParams,
) {
  const server = await startServerProcess({ ...environment, RUN_PROJECTOR: 'true' });
  try {
    const session = await doctorSession(server.url);
    const { hospital_id: hospitalId, user_id: userId } = session.user;
    const warmup = makeWorkload(hospitalId, userId, { ...params, batchesPerDevice: 1 });
    const workload = makeWorkload(hospitalId, userId, params);
    await pushRound(server.url, session, warmup);
    // A sample every 100 ms, each sent without waiting for the one before: under the
    // push, /health itself may take longer than that to answer, and waiting gave four
    // samples in a push of two seconds.
    const sampling: Promise<number>[] = [];
    const sampler = setInterval(
      () => sampling.push(lagNow(server.url).then((lag) => lag.seconds)),
      100,
    );
    await pushRound(server.url, session, workload);
    const pushed = performance.now();
    clearInterval(sampler);
    const samples = await Promise.all(sampling);
    let caughtUpAfter = Number.NaN;
    for (let attempt = 0; attempt < 600; attempt += 1) {
      if ((await lagNow(server.url)).events === 0) {
        caughtUpAfter = (performance.now() - pushed) / 1000;
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return {
      p95Seconds: percentile(samples, 0.95),
      maxSeconds: Math.max(0, ...samples),
      samples: samples.length,
      caughtUpAfter,
      events: eventCount(workload.flat()),
    };
  } finally {
    await server.stop();
  }
}
