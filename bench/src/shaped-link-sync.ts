import http from 'node:http';
import { loadavg } from 'node:os';
import type { SessionResponse } from '@mymedic/shared';
import type { HarnessSession } from './browser';
import { round, type Results } from './results';
import { freePort } from './server-process';
import { startShapedLink, type LinkShape, type ShapedLink } from './shaped-link';

/** The line of the goal: 1 Mbit/s each way, 300 ms round trips. */
export const weakLine: LinkShape = { bitsPerSecond: 1_000_000, oneWayDelayMs: 150 };

/** The proxy on a free port of the benchmark's range. */
async function shapedLinkTo(serverUrl: string, shape: LinkShape): Promise<ShapedLink> {
  const target = new URL(serverUrl);
  return startShapedLink(
    { host: target.hostname, port: Number(target.port) },
    await freePort(),
    shape,
  );
}

/** A page's bytes as an old device asks for it: no compression, the first page format. */
function plainPageBytes(url: string, token: string) {
  return new Promise<{ bytes: number; body: Buffer }>((resolve, reject) => {
    http
      .get(url, { headers: { authorization: `Bearer ${token}` } }, (answer) => {
        const chunks: Buffer[] = [];
        answer.on('data', (chunk: Buffer) => chunks.push(chunk));
        answer.on('end', () => {
          const body = Buffer.concat(chunks);
          resolve({ bytes: body.length, body });
        });
        answer.on('error', reject);
      })
      .on('error', reject);
  });
}

/** The whole log pulled as JSON with nothing compressed: bytes per event, the peer. */
async function plainBytesPerEvent(serverUrl: string, token: string) {
  let after = 0;
  let bytes = 0;
  let events = 0;
  for (;;) {
    const page = await plainPageBytes(`${serverUrl}/sync/pull?after=${after}&limit=1000`, token);
    const parsed = JSON.parse(page.body.toString()) as {
      events: { position: number }[];
      has_more: boolean;
    };
    bytes += page.bytes;
    events += parsed.events.length;
    const last = parsed.events.at(-1)?.position;
    if (!parsed.has_more || last === undefined) return bytes / events;
    after = last;
  }
}

/**
 * A fresh device's first sync over a shaped line (1 Mbit/s each way, 150 ms each way):
 * the harness page is loaded through the proxy, then syncOnce pulls the clinic's whole
 * history through it. The bytes the device received during the sync, heads included,
 * per event pulled: the wire's cost of an event.
 */
export async function measureShapedFirstSync(
  harness: HarnessSession,
  session: SessionResponse,
  actor: { hospitalId: string; userId: string; roles: SessionResponse['user']['roles'] },
): Promise<Results> {
  const serverUrl = harness.server.url;
  const device = { token: session.token, refresh_token: session.refresh_token, actor };
  // The peer: the same first sync straight to the server, on this machine as it is now.
  const direct = await harness.withPage((page) =>
    page.evaluate((device) => window.mymedicBench.measureShapedSync(device), device),
  );
  const link = await shapedLinkTo(serverUrl, weakLine);
  const loadAtStart = round(loadavg()[0]!, 1);
  try {
    const sync = await harness.withPage(async (page) => {
      const before = { ...link.bytes };
      const measured = await page.evaluate(
        (device) => window.mymedicBench.measureShapedSync(device),
        device,
      );
      return {
        ...measured,
        down: link.bytes.down - before.down,
        up: link.bytes.up - before.up,
      };
    }, link.url);
    // The device's own work (IndexedDB) shares the machine: read the time with the load.
    const loadAverage = [loadAtStart, round(loadavg()[0]!, 1)];
    const plain = await plainBytesPerEvent(serverUrl, session.token);
    // A count of 0 once made both figures meaningless (Infinity bytes, 0 events/s).
    if (sync.events === 0) throw new Error('the device holds no event after its first sync');
    const seconds = sync.syncMs / 1000;
    const perEvent = sync.down / sync.events;
    const line = `${weakLine.bitsPerSecond / 1e6} Mbit/s each way, ${2 * weakLine.oneWayDelayMs} ms round trip (a TCP proxy in bench/src/shaped-link.ts)`;
    return {
      'bytes-per-event': {
        value: round(perEvent, 1),
        unit: 'bytes/event (first sync, as received)',
        peer: round(plain, 1),
        ratio: round(perEvent / plain, 3),
        goal: '<= 120 bytes/event (peer: the same pages as uncompressed JSON)',
        params: {
          events: sync.events,
          receivedBytes: sync.down,
          sentBytes: sync.up,
          measured:
            'TCP payload from the server to the device during syncOnce: HTTP heads and bodies',
        },
      },
      'shaped-link-first-sync': {
        value: round(seconds, 1),
        unit: `s (${round(sync.events / seconds, 0)} events/s)`,
        peer: round(direct.syncMs / 1000, 1),
        ratio: round(sync.syncMs / direct.syncMs),
        goal: '<= 100 s for 100,000 events at 1 Mbit/s, 300 ms round trips (peer: the same sync with no line between, s)',
        params: {
          events: sync.events,
          eventsPerSecond: round(sync.events / seconds, 0),
          line,
          lineFloorSeconds: round((sync.down * 8) / weakLine.bitsPerSecond, 1),
          load_average: loadAverage,
          measured: 'syncOnce in headless Chromium, page and API through the proxy',
        },
      },
    };
  } finally {
    await link.close();
  }
}
