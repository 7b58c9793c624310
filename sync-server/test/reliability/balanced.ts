import type { PullResponse, PushedCommand, PushResponse } from '@mymedic/shared';
import { api } from '../support';

// Harness for several server processes behind HAProxy (the balancer itself is
// ../haproxy.ts): a device's live stream, and pushes and pulls that ride out a process
// going away under them.

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A device's live stream (`/sync/live`): the heads it announced, newest last. With
 * `reconnect`, a stream that ends (its process killed) is opened again, through the
 * balancer to whichever process takes it, as the client does.
 */
export function liveStream(url: string, token: string, options: { reconnect?: boolean } = {}) {
  const heads: number[] = [];
  const waiters = new Set<() => void>();
  let closed = false;
  let controller = new AbortController();
  let connections = 0;
  const hear = (head: number) => {
    heads.push(head);
    for (const waiter of waiters) waiter();
  };
  const open = async () => {
    controller = new AbortController();
    const response = await fetch(`${url}/sync/live`, {
      headers: { authorization: `Bearer ${token}` },
      signal: controller.signal,
    });
    if (response.status !== 200 || !response.body)
      throw new Error(`the live stream answered ${response.status}`);
    connections += 1;
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffered = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      buffered += value;
      const messages = buffered.split('\n\n');
      buffered = messages.pop() ?? '';
      for (const message of messages) {
        if (message.startsWith('data: '))
          hear((JSON.parse(message.slice(6)) as { head: number }).head);
      }
    }
  };
  const opened = (async () => {
    do {
      await open().catch(() => undefined);
      if (options.reconnect && !closed) await pause(200);
    } while (options.reconnect && !closed);
  })();
  return {
    heads,
    get latest() {
      return heads.at(-1) ?? -1;
    },
    get connections() {
      return connections;
    },
    /** Resolves with the time it took once the stream has announced `head` or later. */
    waitFor(head: number, timeoutMs: number): Promise<number> {
      const began = Date.now();
      return new Promise((resolve, reject) => {
        const check = () => {
          if (Math.max(-1, ...heads) < head) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve(Date.now() - began);
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`no head ${head} within ${timeoutMs} ms (heard ${heads.join(', ')})`));
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
    async close() {
      closed = true;
      controller.abort();
      await opened;
    },
  };
}

/** A failure a device meets while a process is going away: it asks again. */
const passing = (status: number) => status === 502 || status === 503 || status === 504;

/**
 * Pushes one batch until it is answered, as a device does from its outbox: a cut
 * connection or a balancer's 502/503 is tried again with the same command ids, so a
 * batch stored before its answer was lost is answered `duplicate`. Gives back the
 * number of tries.
 */
export async function pushUntilAnswered(
  url: string,
  device: { token: string; deviceId: string },
  batch: PushedCommand[],
): Promise<number> {
  for (let tries = 1; ; tries += 1) {
    const answer = await api<PushResponse>(url, '/sync/push', {
      token: device.token,
      body: { device_id: device.deviceId, commands: batch },
    }).catch(() => null);
    if (answer && !passing(answer.status)) {
      if (answer.status !== 200)
        throw new Error(`a push answered ${answer.status}: ${JSON.stringify(answer.body)}`);
      const refused = answer.body.results.filter(
        (result) => result.status !== 'accepted' && result.status !== 'duplicate',
      );
      if (refused.length > 0)
        throw new Error(`a command was refused: ${JSON.stringify(refused[0])}`);
      return tries;
    }
    if (tries > 100) throw new Error('a push got no answer in 100 tries');
    await pause(100 + Math.random() * 200);
  }
}

/** Pulls from `after` to the head, page by page, asking again when a page is cut. */
export async function pullToHead(url: string, token: string, after: number) {
  const events: { position: number; event_id: string }[] = [];
  let cursor = after;
  for (let tries = 0; ;) {
    const answer = await api<PullResponse>(url, `/sync/pull?after=${cursor}&limit=500`, {
      token,
    }).catch(() => null);
    if (!answer || passing(answer.status)) {
      if ((tries += 1) > 100) throw new Error('a pull got no answer in 100 tries');
      await pause(100 + Math.random() * 200);
      continue;
    }
    if (answer.status !== 200) throw new Error(`a pull answered ${answer.status}`);
    for (const event of answer.body.events)
      events.push({ position: event.position, event_id: event.event_id });
    if (!answer.body.has_more) return events;
    cursor = answer.body.events.at(-1)!.position;
  }
}
