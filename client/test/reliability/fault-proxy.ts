import http from 'node:http';
import type { ServerProcess } from './server-process';

/**
 * What the network between a tablet and the server can do to one request. Each is a
 * probability per request while faults are on; a request meets at most one of them.
 */
export interface FaultRates {
  /** The request never reaches the server. */
  dropRequest: number;
  /** The server answers (and has committed); the answer is lost on the way back. */
  dropResponse: number;
  /** The server answers (and has committed); a gateway turns it into a 500. */
  errorAfterCommit: number;
  /** The request reaches the server twice, at once or one after the other. */
  duplicate: number;
  /** The request, or its answer, waits a while: requests of several tablets overtake each other. */
  delay: number;
  /** A push reaches the server, which is killed with SIGKILL a moment later and restarted. */
  killMidPush: number;
  /** The server's database connections are cut while the request is in flight. */
  cutDatabase: number;
}

export type Fault = keyof FaultRates | 'killServer' | 'offline' | 'serverDown';

export const noFaults: FaultRates = {
  dropRequest: 0,
  dropResponse: 0,
  errorAfterCommit: 0,
  duplicate: 0,
  delay: 0,
  killMidPush: 0,
  cutDatabase: 0,
};

/** A small seeded generator (mulberry32): the same seed makes the same faults. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let mixed = state;
    mixed = Math.imul(mixed ^ (mixed >>> 15), mixed | 1);
    mixed ^= mixed + Math.imul(mixed ^ (mixed >>> 7), mixed | 61);
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 4294967296;
  };
}

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

const pause = (milliseconds: number) => new Promise((resolve) => setTimeout(resolve, milliseconds));

/**
 * The network the tablets share: whether it misbehaves, how often, and what it did.
 * The server may be killed through it and is restarted in the background; requests
 * meanwhile meet a gateway that cannot reach it.
 */
export class FaultyNetwork {
  injecting = false;
  rates: FaultRates = noFaults;
  /**
   * When set, every pull asks for pages this small (faults or not): a device far behind
   * meets page boundaries, and rebases on part of what it lacks, as on a busy day.
   */
  pullPageLimit: number | null = null;
  readonly injected = new Map<Fault, number>();
  /** Why the gateway last failed to reach the server, for a failure's report. */
  readonly gatewayErrors: string[] = [];
  private restarting: Promise<void> | null = null;

  constructor(
    readonly server: ServerProcess,
    private readonly cutConnections: () => Promise<void>,
  ) {}

  count(fault: Fault) {
    this.injected.set(fault, (this.injected.get(fault) ?? 0) + 1);
  }

  /** Kills the server (SIGKILL) and starts it again in the background. */
  killServer(reason: 'killMidPush' | 'killServer') {
    if (this.restarting || !this.server.running) return;
    this.count(reason);
    this.restarting = this.server
      .kill()
      .then(() => this.server.start())
      // Healing starts it again and reports what keeps it down.
      .catch(() => undefined)
      .finally(() => {
        this.restarting = null;
      });
  }

  async cutDatabase() {
    this.count('cutDatabase');
    await this.cutConnections();
  }

  /** Waits for a restart in progress, if any. */
  async serverBack() {
    await this.restarting;
  }

  /** Faults off, the server up: what every check after a run starts from. */
  async heal() {
    this.injecting = false;
    await this.restarting;
    if (!this.server.running) await this.server.start();
  }

  /** One request to the server, whole; a server that is down is a failure (ECONNREFUSED). */
  forward(request: http.IncomingMessage, body: Buffer): Promise<Answer> {
    const path =
      this.pullPageLimit !== null && request.url?.startsWith('/sync/pull')
        ? request.url.replace(/limit=\d+/, `limit=${this.pullPageLimit}`)
        : request.url;
    return new Promise((resolve, reject) => {
      const upstream = http.request(
        {
          host: '127.0.0.1',
          port: this.server.port,
          method: request.method,
          path,
          headers: { ...request.headers, connection: 'close' },
          agent: false,
        },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () =>
            resolve({
              status: response.statusCode ?? 502,
              headers: response.headers,
              body: Buffer.concat(chunks),
            }),
          );
          response.on('error', reject);
        },
      );
      upstream.on('error', reject);
      upstream.end(body);
    });
  }
}

/**
 * One tablet's line to the server: an HTTP proxy on a port of its own, with its own
 * seeded dice, so a tablet meets the same faults in the same order for the same seed.
 * Offline, it refuses every request as a dead network would.
 */
export class DeviceLink {
  offline = false;
  /** Each request with the fault it met, with times: printed when a run fails. */
  readonly journal: string[] = [];
  private server: http.Server | null = null;
  private port = 0;

  constructor(
    private readonly network: FaultyNetwork,
    private readonly random: () => number,
  ) {}

  get url() {
    return `http://127.0.0.1:${this.port}`;
  }

  async open() {
    const server = http.createServer((request, response) => {
      void this.handle(request, response).catch(() => response.socket?.destroy());
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    this.port = typeof address === 'object' && address ? address.port : 0;
    this.server = server;
  }

  async close() {
    const server = this.server;
    if (!server) return;
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }

  /** Picks at most one fault for a request, by the rates of the moment. */
  private pick(isPush: boolean): keyof FaultRates | null {
    const { rates } = this.network;
    const roll = this.random();
    if (!this.network.injecting) return null;
    let threshold = 0;
    for (const fault of Object.keys(rates) as (keyof FaultRates)[]) {
      if (fault === 'killMidPush' && !isPush) continue;
      threshold += rates[fault];
      if (roll < threshold) return fault;
    }
    return null;
  }

  private async handle(request: http.IncomingMessage, response: http.ServerResponse) {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const network = this.network;
    const hangUp = () => response.socket?.destroy();
    if (this.offline) {
      network.count('offline');
      return hangUp();
    }
    const isPush = request.url === '/sync/push';
    const fault = this.pick(isPush);
    // Every fault draws its details from the same dice, so the sequence stays seeded.
    const detail = this.random();
    const note = (what: string) =>
      this.journal.push(`${new Date().toISOString().slice(11)} ${request.url} ${what}`);
    note(`${fault ?? 'passed'} (${detail.toFixed(2)})`);
    const send = (answer: Answer) => {
      const {
        'content-length': _length,
        'transfer-encoding': _encoding,
        connection: _connection,
        ...headers
      } = answer.headers;
      response.writeHead(answer.status, headers);
      response.end(answer.body);
    };
    const gateway = (error: unknown) => {
      // The server is down or its socket died: what a reverse proxy answers then.
      network.count('serverDown');
      network.gatewayErrors.push(String(error));
      if (network.gatewayErrors.length > 5) network.gatewayErrors.shift();
      response.writeHead(502, { 'content-type': 'text/html' });
      response.end(`<html><body>502 Bad Gateway (${String(error)})</body></html>`);
    };
    try {
      switch (fault) {
        case null:
          return send(await network.forward(request, body));
        case 'dropRequest':
          network.count(fault);
          return hangUp();
        case 'dropResponse':
          network.count(fault);
          await network.forward(request, body);
          return hangUp();
        case 'errorAfterCommit':
          network.count(fault);
          await network.forward(request, body);
          response.writeHead(500, { 'content-type': 'application/json' });
          return response.end(
            JSON.stringify({ error: { code: 'internal', message: 'Something went wrong' } }),
          );
        case 'duplicate': {
          network.count(fault);
          const both =
            detail < 0.5
              ? await Promise.allSettled([
                  network.forward(request, body),
                  network.forward(request, body),
                ])
              : [
                  await network.forward(request, body).then(
                    (value) => ({ status: 'fulfilled' as const, value }),
                    (reason: unknown) => ({ status: 'rejected' as const, reason }),
                  ),
                  await network.forward(request, body).then(
                    (value) => ({ status: 'fulfilled' as const, value }),
                    (reason: unknown) => ({ status: 'rejected' as const, reason }),
                  ),
                ];
          note(
            `both deliveries answered: ${both.map((one) => (one.status === 'fulfilled' ? one.value.status : 'failed')).join(', ')}`,
          );
          const chosen = both[Math.floor(detail * 4) % 2]!;
          if (chosen.status === 'rejected') return gateway(chosen.reason);
          return send(chosen.value);
        }
        case 'delay': {
          network.count(fault);
          await pause(Math.floor(detail * 300));
          const answer = await network.forward(request, body);
          await pause(Math.floor(((detail * 7) % 1) * 300));
          return send(answer);
        }
        case 'killMidPush': {
          // Kill within a few milliseconds of the push arriving: before, during or after
          // its commit. The tablet hears nothing back either way.
          const forwarded = network.forward(request, body);
          forwarded.catch(() => undefined);
          await pause(Math.floor(detail * 30));
          network.killServer('killMidPush');
          await forwarded.catch(() => undefined);
          return hangUp();
        }
        case 'cutDatabase': {
          const forwarded = network.forward(request, body);
          forwarded.catch(() => undefined);
          await pause(Math.floor(detail * 15));
          await network.cutDatabase();
          return send(await forwarded);
        }
      }
    } catch (error) {
      return gateway(error);
    }
  }
}
