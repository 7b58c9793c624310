import { deviceOf, doctorSessions, post, startServerProcess } from './server-process';
import { clinicDayBatch } from './workload';

/** A head a device's live stream announced, and when it arrived. */
interface Heard {
  head: number;
  at: number;
}

/** One device's live stream: each head it announces goes into `heard`; resolves once open. */
async function openLiveStream(url: string, token: string, heard: Heard[], signal: AbortSignal) {
  const response = await fetch(`${url}/sync/live`, {
    headers: { authorization: `Bearer ${token}` },
    signal,
  });
  if (!response.ok || !response.body) throw new Error(`live answered ${response.status}`);
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
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
          heard.push({ head, at: performance.now() });
          // The first message is the head at connection time: the stream is open.
          resolveFirst();
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

/** When a device first heard `head` or a later one (a relay may fold two heads into one poke). */
const heardAt = (heard: Heard[], head: number) => heard.find((entry) => entry.head >= head)?.at;

/**
 * From a push's answer to every connected device having its poke, p50 and p95 in ms:
 * `devices` devices, each signed in on its own (a session holds at most
 * LIVE_MAX_PER_SESSION streams), open `/sync/live` at `url`; one more device pushes a
 * command `pushes` times, one after another. `whenConnected` runs once all are open.
 */
export async function measureLiveFanoutAt(
  url: string,
  devices: number,
  pushes: number,
  whenConnected: () => Promise<void> = () => Promise.resolve(),
) {
  const [pusher, ...receivers] = await doctorSessions(url, devices + 1);
  const abort = new AbortController();
  try {
    const heard = receivers.map((): Heard[] => []);
    await Promise.all(
      receivers.map((session, device) =>
        openLiveStream(url, session.token, heard[device]!, abort.signal),
      ),
    );
    await whenConnected();
    const delays: number[] = [];
    for (let index = 0; index < pushes; index += 1) {
      const commands = clinicDayBatch(
        { hospitalId: pusher!.user.hospital_id, userId: pusher!.user.user_id },
        index + 1,
        1,
      ).slice(0, 1);
      const { head } = await post<{ head: number }>(
        url,
        '/sync/push',
        { device_id: deviceOf(pusher!), commands },
        pusher!.token,
      );
      const answered = performance.now();
      const deadline = answered + 5000;
      const waiting = () => heard.filter((list) => heardAt(list, head) === undefined).length;
      while (waiting() > 0 && performance.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 1));
      }
      if (waiting() > 0)
        throw new Error(`${waiting()} of ${devices} devices never got head ${head}`);
      const last = Math.max(...heard.map((list) => heardAt(list, head)!));
      // A poke may beat the push's own answer; that counts as no delay at all.
      delays.push(Math.max(0, last - answered));
    }
    return { p50: percentile(delays, 0.5), p95: percentile(delays, 0.95) };
  } finally {
    abort.abort();
  }
}

/** `measureLiveFanoutAt` on a server process of its own, started for it. */
export async function measureLiveFanout(
  environment: Record<string, string>,
  devices: number,
  pushes: number,
) {
  const server = await startServerProcess({ TRUST_PROXY: 'true', ...environment });
  try {
    return await measureLiveFanoutAt(server.url, devices, pushes);
  } finally {
    await server.stop();
  }
}
