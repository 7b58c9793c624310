import pg from 'pg';
import { openPostgres } from '@mymedic/sync-server/database';
import { Projector } from '@mymedic/sync-server/projector';
import { readModels } from '@mymedic/sync-server/read-models';
import { reminderScheduler } from '@mymedic/sync-server/reminder-scheduler';
import { processCpuMs } from './cpu';
import { makeWorkload, pushRound, type ThroughputParams } from './push-throughput';
import { doctorSession, startServerProcess } from './server-process';
import { eventCount } from './workload';

interface Health {
  projections?: Record<string, { events_behind: number; seconds_behind: number }>;
}

/** The furthest-behind read model's lag, as /health reports it. */
export async function lagNow(url: string) {
  const health = (await (await fetch(`${url}/health`)).json()) as Health;
  const lags = Object.values(health.projections ?? {});
  return {
    events: Math.max(0, ...lags.map((lag) => lag.events_behind)),
    seconds: Math.max(0, ...lags.map((lag) => lag.seconds_behind)),
  };
}

/**
 * Asks /health every `everyMs` until every read model has caught up: the moment it saw
 * so (performance.now()), or null after `attempts` asks.
 */
export async function whenCaughtUp(url: string, everyMs: number, attempts: number) {
  for (let attempt = 0; attempt < attempts; attempt += 1) {
    if ((await lagNow(url)).events === 0) return performance.now();
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
  return null;
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
    const caughtUp = await whenCaughtUp(server.url, 50, 600);
    const caughtUpAfter = caughtUp === null ? Number.NaN : (caughtUp - pushed) / 1000;
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

/** The CPU time of a database's server processes (its connections' backends), if local. */
async function databaseCpu(url: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ pid: number }>(
      'SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()',
    );
    const pids = rows.map((row) => row.pid);
    const start = pids.map(processCpuMs);
    if (start.some((value) => value === undefined)) return undefined;
    return () =>
      pids.reduce((sum, pid, index) => sum + (processCpuMs(pid) ?? 0) - start[index]!, 0);
  } finally {
    await client.end();
  }
}

/**
 * What the read models cost against what the push costs, in CPU time per event: the push
 * benchmark's devices push with no projector (the server process and its PostgreSQL
 * connections timed), then a projector of the server's own code catches up with the same
 * events in this process (this process and its connections timed). Both are warm: the
 * warm-up round is pushed and caught up with, untimed, first. Unlike the two figures
 * above, this one moves little with the machine's load: it says how much of the push's
 * two cores the projector needs to keep up with it, which the ratio's 5 % and the lag's
 * second, together, bound.
 */
export async function measureProjectorCpu(databaseUrl: string, params: ThroughputParams) {
  const server = await startServerProcess({ DATABASE_URL: databaseUrl, RUN_PROJECTOR: 'false' });
  const database = openPostgres(databaseUrl, 2);
  try {
    const projector = new Projector(database, [
      ...readModels,
      reminderScheduler({ available: new Set(), clock: () => new Date() }),
    ]);
    const session = await doctorSession(server.url);
    const hospitalId = session.user.hospital_id;
    const warmup = makeWorkload(hospitalId, session.user.user_id, {
      ...params,
      batchesPerDevice: 1,
    });
    const workload = makeWorkload(hospitalId, session.user.user_id, params);
    await pushRound(server.url, session, warmup);
    await projector.catchUp(hospitalId);

    const serverBefore = processCpuMs(server.pid);
    const pushDatabase = await databaseCpu(databaseUrl);
    await pushRound(server.url, session, workload);
    const serverAfter = processCpuMs(server.pid);
    if (serverBefore === undefined || serverAfter === undefined || !pushDatabase)
      throw new Error('projector-cpu needs the server and PostgreSQL on this machine (/proc)');
    const events = eventCount(workload.flat());
    const push = { serverMs: serverAfter - serverBefore, databaseMs: pushDatabase(), events };

    const projectorDatabase = await databaseCpu(databaseUrl);
    const before = process.cpuUsage();
    await projector.catchUp(hospitalId);
    const used = process.cpuUsage(before);
    const projected = {
      processMs: (used.user + used.system) / 1000,
      databaseMs: projectorDatabase!(),
      events,
    };
    const perEvent = (ms: number) => (ms * 1000) / events;
    const pushUs = perEvent(push.serverMs + push.databaseMs);
    const projectorUs = perEvent(projected.processMs + projected.databaseMs);
    return { push, projected, pushUs, projectorUs, share: projectorUs / pushUs };
  } finally {
    await database.close();
    await server.stop();
  }
}
