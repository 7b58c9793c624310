import { getPostgreSQLEventStore } from '@event-driven-io/emmett-postgresql';
import type { PushResponse, PushedCommand, SessionResponse } from '@mymedic/shared';
import pg from 'pg';
import { deviceOf, doctorSession, post, startServerProcess } from './server-process';
import { clinicDayBatch, eventCount } from './workload';

export interface ThroughputParams {
  devices: number;
  batchesPerDevice: number;
  patientsPerBatch: number;
  /** Untimed batches per device before the timed ones (other patients, same shape). */
  warmupBatchesPerDevice?: number;
}

/** Every device's batches, made up front so that only storing them is timed. */
export function makeWorkload(hospitalId: string, userId: string, params: ThroughputParams) {
  return Array.from({ length: params.devices }, () => {
    let seq = 1;
    return Array.from({ length: params.batchesPerDevice }, () => {
      const batch = clinicDayBatch({ hospitalId, userId }, seq, params.patientsPerBatch);
      seq += batch.length;
      return batch;
    });
  });
}

async function timed(work: () => Promise<unknown>) {
  const started = performance.now();
  await work();
  return (performance.now() - started) / 1000;
}

/** Every device pushes its batches one after another, the devices at the same time. */
export async function pushRound(
  url: string,
  session: SessionResponse,
  workload: PushedCommand[][][],
) {
  await Promise.all(
    workload.map(async (batches) => {
      for (const commands of batches) {
        const response = await post<PushResponse>(
          url,
          '/sync/push',
          { device_id: deviceOf(session), commands },
          session.token,
        );
        const refused = response.results.find((result) => result.status !== 'accepted');
        if (refused) throw new Error(`push refused a command: ${JSON.stringify(refused)}`);
      }
    }),
  );
}

/**
 * Events per second through POST /sync/push at `url` (a server process, or a balancer in
 * front of several). Before the timed round, an untimed one of the same shape
 * (`warmupBatchesPerDevice` per device, other patients) warms the server as a running
 * clinic server is warm; the peers get the same warm-up round.
 */
export async function measurePushAt(url: string, params: ThroughputParams) {
  const session = await doctorSession(url);
  const { hospital_id: hospitalId, user_id: userId } = session.user;
  const warmup = makeWorkload(hospitalId, userId, {
    ...params,
    batchesPerDevice: params.warmupBatchesPerDevice ?? 1,
  });
  const workload = makeWorkload(hospitalId, userId, params);
  // Making the batches holds the event loop for seconds on a loaded machine: long enough
  // for a balancer to close the sign-in's idle connections (HAProxy after 10 s). One turn
  // of the loop lets the client see those closes, so no push is sent down a closed one.
  await new Promise((resolve) => setTimeout(resolve, 100));
  await pushRound(url, session, warmup);
  const seconds = await timed(() => pushRound(url, session, workload));
  const events = eventCount(workload.flat());
  return { eventsPerSecond: events / seconds, events, seconds, workload, warmup };
}

/** `measurePushAt` on a server process of its own, started for it. */
export async function measureMyMedicPush(
  environment: Record<string, string>,
  params: ThroughputParams,
) {
  const server = await startServerProcess(environment);
  try {
    return await measurePushAt(server.url, params);
  } finally {
    await server.stop();
  }
}

/** The same events through Emmett's PostgreSQL event store: appendToStream per stream, with its version check. */
export async function measureEmmett(
  connectionString: string,
  workload: PushedCommand[][][],
  warmup: PushedCommand[][][],
) {
  const store = getPostgreSQLEventStore(connectionString);
  const appendRound = (round: PushedCommand[][][]) =>
    Promise.all(
      round.map(async (batches) => {
        for (const commands of batches) {
          const streams = new Map<string, PushedCommand[]>();
          for (const command of commands) {
            streams.set(command.aggregate_id, [
              ...(streams.get(command.aggregate_id) ?? []),
              command,
            ]);
          }
          for (const [aggregateId, streamCommands] of streams) {
            await store.appendToStream(
              `patient-${aggregateId}`,
              streamCommands.flatMap((command) =>
                command.events.map((event) => ({
                  type: event.type,
                  data: event.data as Record<string, unknown>,
                  metadata: { command_id: command.command_id, event_id: event.event_id },
                })),
              ),
              { expectedStreamVersion: BigInt(streamCommands[0]!.expected_version) },
            );
          }
        }
      }),
    );
  try {
    await store.schema.migrate();
    await appendRound(warmup);
    const seconds = await timed(async () => {
      await appendRound(workload);
    });
    const events = eventCount(workload.flat());
    return { eventsPerSecond: events / seconds, seconds };
  } finally {
    await store.close();
  }
}

/** The floor: the same rows in one raw multi-row insert per batch, no checks at all. */
export async function measureRawInsert(
  connectionString: string,
  workload: PushedCommand[][][],
  warmup: PushedCommand[][][],
  hospitalId: string,
) {
  const pool = new pg.Pool({ connectionString, max: 20 });
  try {
    await pool.query(`CREATE TABLE IF NOT EXISTS bench_raw_events (
      hospital_id uuid, position bigint, event_id uuid, aggregate_type text, aggregate_id uuid, version integer,
      type text, schema_version integer, data jsonb, user_id uuid, device_id text, command_id uuid,
      issued_at timestamptz, stored_at timestamptz DEFAULT now())`);
    let position = 0;
    const insertRound = (round: PushedCommand[][][]) =>
      Promise.all(
        round.map(async (batches, device) => {
          for (const commands of batches) {
            const rows = commands.flatMap((command) =>
              command.events.map((event) => ({
                position: ++position,
                event_id: event.event_id,
                aggregate_type: command.aggregate_type,
                aggregate_id: command.aggregate_id,
                version: event.version,
                type: event.type,
                schema_version: event.schema_version,
                data: event.data,
                user_id: hospitalId,
                device_id: `bench-device-${device}`,
                command_id: command.command_id,
                issued_at: command.issued_at,
              })),
            );
            await pool.query(
              `INSERT INTO bench_raw_events (hospital_id, position, event_id, aggregate_type, aggregate_id, version, type,
                 schema_version, data, user_id, device_id, command_id, issued_at)
               SELECT $1, e.* FROM jsonb_to_recordset($2::jsonb) AS e(position bigint, event_id uuid, aggregate_type text,
                 aggregate_id uuid, version integer, type text, schema_version integer, data jsonb, user_id uuid,
                 device_id text, command_id uuid, issued_at timestamptz)`,
              [hospitalId, JSON.stringify(rows)],
            );
          }
        }),
      );
    await insertRound(warmup);
    const seconds = await timed(async () => {
      await insertRound(workload);
    });
    const events = eventCount(workload.flat());
    return { eventsPerSecond: events / seconds, seconds };
  } finally {
    await pool.end();
  }
}
