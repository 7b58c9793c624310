import type { SessionResponse } from '@mymedic/shared';
import { deviceOf, doctorSession, post, startServerProcess } from './server-process';
import { clinicDayBatch } from './workload';

/** One device's live stream: resolves each time a head at or past `head` arrives. */
async function openLiveStream(
  url: string,
  token: string,
  onHead: (head: number) => void,
  signal: AbortSignal,
) {
  const response = await fetch(`${url}/sync/live`, {
    headers: { authorization: `Bearer ${token}` },
    signal,
  });
  if (!response.ok || !response.body) throw new Error(`live answered ${response.status}`);
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  let first = true;
  let resolveFirst: () => void = () => undefined;
  const connected = new Promise<void>((resolve) => (resolveFirst = resolve));
  void (async () => {
    try {
      for (;;) {
        const { value, done } = (await reader.read()) as {
          value?: Uint8Array;
          done: boolean;
        };
        if (done) return;
        buffer += decoder.decode(value, { stream: true });
        let boundary: number;
        while ((boundary = buffer.indexOf('\n\n')) >= 0) {
          const message = buffer.slice(0, boundary);
          buffer = buffer.slice(boundary + 2);
          const data = message.split('\n').find((line) => line.startsWith('data: '));
          if (!data) continue;
          const { head } = JSON.parse(data.slice(6)) as { head: number };
          if (first) {
            first = false;
            resolveFirst();
          } else onHead(head);
        }
      }
    } catch {
      // aborted at the end of the run
    }
  })();
  await connected;
}

const percentile = (values: number[], fraction: number) => {
  const sorted = [...values].sort((left, right) => left - right);
  return sorted[Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))] ?? 0;
};

/** From a push's answer to every connected device having its poke: p50 and p95 in ms. */
export async function measureLiveFanout(
  environment: Record<string, string>,
  devices: number,
  pushes: number,
) {
  const server = await startServerProcess(environment);
  const abort = new AbortController();
  try {
    const session: SessionResponse = await doctorSession(server.url);
    const arrivals = new Map<number, number[]>();
    await Promise.all(
      Array.from({ length: devices }, () =>
        openLiveStream(
          server.url,
          session.token,
          (head) => {
            const list = arrivals.get(head) ?? [];
            list.push(performance.now());
            arrivals.set(head, list);
          },
          abort.signal,
        ),
      ),
    );
    const delays: number[] = [];
    for (let index = 0; index < pushes; index += 1) {
      const commands = clinicDayBatch(
        { hospitalId: session.user.hospital_id, userId: session.user.user_id },
        index + 1,
        1,
      ).slice(0, 1);
      const { head } = await post<{ head: number }>(
        server.url,
        '/sync/push',
        { device_id: deviceOf(session), commands },
        session.token,
      );
      const answered = performance.now();
      const deadline = answered + 5000;
      while ((arrivals.get(head)?.length ?? 0) < devices && performance.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 1));
      }
      const received = arrivals.get(head) ?? [];
      if (received.length < devices)
        throw new Error(`only ${received.length} of ${devices} devices got head ${head}`);
      // A poke may beat the push's own answer; that counts as no delay at all.
      delays.push(Math.max(0, Math.max(...received) - answered));
    }
    return { p50: percentile(delays, 0.5), p95: percentile(delays, 0.95) };
  } finally {
    abort.abort();
    await server.stop();
  }
}
