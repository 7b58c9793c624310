import http from 'node:http';
import { uuidv7, type PullResponse, type SessionResponse } from '@mymedic/shared';
import {
  sessionOnDevice,
  signUpClinic,
  startTestServer,
  type TestServer,
} from '@mymedic/sync-server/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiError, SyncApi } from './api';
import { LocalDatabase, readMeta } from './db';
import { confirmedLog } from './local-log';
import { registrations } from './registrations.test-support';
import { syncOnce } from './sync';

/**
 * The line between a tablet and the server: pull pages of `pageLimit` events (the
 * server's answer to a smaller `limit`, so a few hundred events make several pages),
 * and, while `cutPull` is set, the connection dropped in the middle of that pull's page
 * (counting pulls from 1): half the answer's bytes cross, then nothing.
 */
class CuttingLine {
  readonly pulls: string[] = [];
  cutPull: number | null = null;
  private readonly proxy: http.Server;

  constructor(
    private readonly target: URL,
    private readonly pageLimit: number,
  ) {
    this.proxy = http.createServer((request, answer) => this.forward(request, answer));
  }

  async open() {
    await new Promise<void>((resolve) => this.proxy.listen(0, '127.0.0.1', resolve));
    const address = this.proxy.address();
    return `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  }

  close() {
    this.proxy.closeAllConnections();
    return new Promise((resolve) => this.proxy.close(resolve));
  }

  private forward(request: http.IncomingMessage, answer: http.ServerResponse) {
    const pull = request.url!.startsWith('/sync/pull');
    const path = pull ? request.url!.replace(/limit=\d+/, `limit=${this.pageLimit}`) : request.url!;
    if (pull) this.pulls.push(path);
    const cut = pull && this.pulls.length === this.cutPull;
    const upstream = http.request(
      {
        host: this.target.hostname,
        port: this.target.port,
        method: request.method,
        path,
        headers: request.headers,
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          const body = Buffer.concat(chunks);
          const {
            'content-length': _length,
            'transfer-encoding': _chunked,
            ...headers
          } = response.headers;
          answer.writeHead(response.statusCode!, headers);
          if (!cut) {
            answer.end(body);
            return;
          }
          // Half a page, then the line goes: the tablet never sees the page's end.
          answer.write(body.subarray(0, Math.floor(body.length / 2)), () =>
            answer.socket?.destroy(),
          );
        });
      },
    );
    upstream.on('error', () => answer.destroy());
    request.pipe(upstream);
  }
}

const registered = (session: SessionResponse, count: number, firstSeq: number) =>
  registrations(session, count, firstSeq, {
    mrnPrefix: 'R',
    details: {
      date_of_birth: '1984-03-12',
      gender: 'female',
      phone: '+254 712 345678',
    },
  });

describe('a first sync cut in the middle of a page', () => {
  let server: TestServer;
  beforeAll(async () => {
    const databaseUrl = process.env.DATABASE_URL;
    server = await startTestServer(databaseUrl ? { databaseUrl } : {});
  });
  afterAll(() => server.close());

  it('goes on from the stored cursor: nothing lost, nothing twice', async () => {
    const admin = await signUpClinic(server.url);
    const seeding = new SyncApi(server.url, admin);
    const deviceOfAdmin = JSON.parse(
      Buffer.from(admin.token.split('.')[1]!, 'base64url').toString(),
    ) as { did: string };
    for (let batch = 0; batch < 2; batch += 1) {
      const response = await seeding.push(
        deviceOfAdmin.did,
        registered(admin, 300, 1 + batch * 300),
      );
      expect(response.results.every((result) => result.status === 'accepted')).toBe(true);
    }

    const deviceId = `tablet-${uuidv7()}`;
    const session = await sessionOnDevice(server, admin, deviceId);
    const line = new CuttingLine(new URL(server.url), 100);
    const db = new LocalDatabase(`test-${deviceId}`);
    try {
      const api = new SyncApi(await line.open(), session);
      const actor = {
        hospitalId: session.user.hospital_id,
        userId: session.user.user_id,
        roles: session.user.roles,
      };
      line.cutPull = 4;
      const cut = await syncOnce(db, api, actor, deviceId).then(
        () => null,
        (error: unknown) => error,
      );
      expect(cut).toBeInstanceOf(ApiError);
      expect((cut as ApiError).status).toBe(0);
      // Three whole pages were stored, and the cursor with them; the fourth never came.
      expect(await readMeta(db, 'cursor', 0)).toBe(300);
      expect(await confirmedLog(db)).toHaveLength(300);

      line.cutPull = null;
      const pullsBefore = line.pulls.length;
      await syncOnce(db, api, actor, deviceId);
      expect(line.pulls[pullsBefore]).toMatch(/[?&]after=300&/);

      const log = await fetch(`${server.url}/sync/pull?after=0&limit=5000`, {
        headers: { authorization: `Bearer ${session.token}` },
      }).then((response) => response.json() as Promise<PullResponse>);
      expect(log.events.length).toBeGreaterThan(600);
      const stored = await confirmedLog(db);
      expect(stored.map((event) => event.position)).toEqual(
        log.events.map((event) => event.position),
      );
      expect(stored.map((event) => event.event_id)).toEqual(
        log.events.map((event) => event.event_id),
      );
      expect(await readMeta(db, 'cursor', 0)).toBe(log.head);
      expect(await db.patients.count()).toBe(600);
    } finally {
      db.close();
      await db.delete();
      await line.close();
    }
  });
});
