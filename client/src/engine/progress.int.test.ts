import {
  maxCommandsPerPush,
  uuidv7,
  type PushedCommand,
  type SessionResponse,
} from '@mymedic/shared';
import {
  sessionOnDevice,
  signUpClinic,
  startTestServer,
  type TestServer,
} from '@mymedic/sync-server/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SyncApi } from './api';
import { LocalDatabase } from './db';
import { showProgressFrom, type PullProgress } from './progress';
import { registrations } from './registrations.test-support';
import { syncOnce } from './sync';

const registered = (session: SessionResponse, count: number, firstSeq: number) =>
  registrations(session, count, firstSeq, {
    mrnPrefix: 'P',
    details: { date_of_birth: '1980-01-01', gender: 'female' },
  });

/** A fresh tablet of this person: what each of its rounds reported. */
async function newTablet(server: TestServer, person: SessionResponse) {
  const deviceId = `tablet-${uuidv7()}`;
  const session = await sessionOnDevice(server, person, deviceId);
  const db = new LocalDatabase(`test-${deviceId}`);
  // Pages of 1,000 (the app asks 10,000): a few thousand events make several pages.
  const api = new SyncApi(server.url, session, () => undefined, fetch, 1000);
  const actor = {
    hospitalId: session.user.hospital_id,
    userId: session.user.user_id,
    roles: session.user.roles,
  };
  return {
    push: (commands: PushedCommand[]) => api.push(deviceId, commands),
    pull: (after: number) => api.pull(after, 1),
    async round() {
      const reports: PullProgress[] = [];
      await syncOnce(db, api, actor, deviceId, (progress) => reports.push(progress));
      return reports;
    },
  };
}

describe('the progress of a pull round', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.close());

  it('reports a long first sync page by page up to the head, and an ordinary one not at all', async () => {
    const clinic = await signUpClinic(server.url);
    const writer = await newTablet(server, clinic);
    const seeded = showProgressFrom + 600;
    for (let seq = 1; seq <= seeded; seq += maxCommandsPerPush) {
      const commands = registered(clinic, Math.min(maxCommandsPerPush, seeded - seq + 1), seq);
      const pushed = await writer.push(commands);
      expect(pushed.results.every((result) => result.status === 'accepted')).toBe(true);
    }
    const head = (await writer.pull(0)).head;
    expect(head).toBeGreaterThanOrEqual(seeded);

    const fresh = await newTablet(server, clinic);
    const first = await fresh.round();
    // Pages of 1,000: one report per page stored, from the first.
    expect(first.length).toBe(Math.ceil(head / 1000));
    expect(first[0]).toMatchObject({ arrived: 1000, total: head });
    expect(first.map((report) => report.arrived)).toEqual(
      [...first.map((report) => report.arrived)].sort((left, right) => left - right),
    );
    expect(first.at(-1)).toEqual({ arrived: head, total: head, secondsLeft: 0 });

    await writer.push(registered(clinic, 3, seeded + 1));
    expect(await fresh.round()).toEqual([]);
  });
});
