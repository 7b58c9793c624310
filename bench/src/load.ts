import type { PullResponse, PushResponse } from '@mymedic/shared';
import { deviceOf, doctorSession, startServerProcess } from './server-process';
import { clinicDayBatch } from './workload';

const percentile = (values: number[], fraction: number) => {
  const sorted = [...values].sort((left, right) => left - right);
  return sorted[Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))] ?? 0;
};

export interface LoadFigures {
  pushes: number;
  pulls: number;
  events: number;
  errors: number;
  errorKinds: Record<string, number>;
  p50: number;
  p99: number;
}

/**
 * Many devices against one server on loopback, each pushing a small clinic batch and
 * pulling what the others wrote, as fast as the server answers, for a while: the push
 * latency's p50 and p99 and every error (any answer but 200, or no answer).
 *
 * The per-address rate limit is lifted: every simulated device shares 127.0.0.1 here,
 * and real devices each sync every few seconds rather than in a tight loop.
 */
export async function measureLoad(
  environment: Record<string, string>,
  devices: number,
  seconds: number,
): Promise<LoadFigures> {
  const server = await startServerProcess({ ...environment, RATE_LIMIT_PER_MINUTE: '100000000' });
  try {
    const session = await doctorSession(server.url);
    const actor = { hospitalId: session.user.hospital_id, userId: session.user.user_id };
    const headers = {
      'content-type': 'application/json',
      authorization: `Bearer ${session.token}`,
    };
    const latencies: number[] = [];
    const errorKinds: Record<string, number> = {};
    const failed = (kind: string) => (errorKinds[kind] = (errorKinds[kind] ?? 0) + 1);
    let pulls = 0;
    let events = 0;
    const until = performance.now() + seconds * 1000;
    await Promise.all(
      Array.from({ length: devices }, async () => {
        const deviceId = deviceOf(session);
        let seq = 1;
        let cursor = 0;
        while (performance.now() < until) {
          const commands = clinicDayBatch(actor, seq, 2);
          seq += commands.length;
          const started = performance.now();
          try {
            const response = await fetch(`${server.url}/sync/push`, {
              method: 'POST',
              headers,
              body: JSON.stringify({ device_id: deviceId, commands }),
            });
            if (response.ok) {
              const answer = (await response.json()) as PushResponse;
              latencies.push(performance.now() - started);
              const refused = answer.results.filter(
                (result) => result.status === 'conflict' || result.status === 'rejected',
              );
              if (refused.length > 0) failed(`push refused ${refused[0]!.status}`);
            } else {
              failed(`push ${response.status}`);
              await response.body?.cancel();
            }
          } catch {
            failed('push: no answer');
          }
          try {
            const response = await fetch(`${server.url}/sync/pull?after=${cursor}&limit=500`, {
              headers,
            });
            if (response.ok) {
              const page = (await response.json()) as PullResponse;
              pulls += 1;
              events += page.events.length;
              cursor = page.events.at(-1)?.position ?? cursor;
            } else {
              failed(`pull ${response.status}`);
              await response.body?.cancel();
            }
          } catch {
            failed('pull: no answer');
          }
        }
      }),
    );
    return {
      pushes: latencies.length,
      pulls,
      events,
      errors: Object.values(errorKinds).reduce((sum, count) => sum + count, 0),
      errorKinds,
      p50: percentile(latencies, 0.5),
      p99: percentile(latencies, 0.99),
    };
  } finally {
    await server.stop();
  }
}
