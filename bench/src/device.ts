import type { PushResponse, SessionResponse } from '@mymedic/shared';
import type { Page } from 'playwright-core';
import { doctorSession, post } from './server-process';
import { makeWorkload, type ThroughputParams } from './push-throughput';
import { eventCount } from './workload';

/**
 * The clinic's history, pushed by `devices` tablets at once through POST /sync/push of
 * the real server (registrations, phone corrections, consents, allergies, languages).
 */
async function seedThroughPush(url: string, session: SessionResponse, params: ThroughputParams) {
  const workload = makeWorkload(session.user.hospital_id, session.user.user_id, params);
  await Promise.all(
    workload.map(async (batches, device) => {
      for (const commands of batches) {
        const response = await post<PushResponse>(
          url,
          '/sync/push',
          { device_id: `bench-seed-${device}`, commands },
          session.token,
        );
        const refused = response.results.find((result) => result.status !== 'accepted');
        if (refused) throw new Error(`seeding push refused: ${JSON.stringify(refused)}`);
      }
    }),
  );
  return eventCount(workload.flat());
}

const actorOf = (session: SessionResponse) => ({
  hospitalId: session.user.hospital_id,
  userId: session.user.user_id,
  role: session.user.role,
});

/** A fresh device pulls and projects the whole history: events per second, end to end. */
export async function measureInitialSync(page: Page, url: string, params: ThroughputParams) {
  const session = await doctorSession(url);
  const seedStarted = performance.now();
  const seeded = await seedThroughPush(url, session, params);
  const seedSeconds = (performance.now() - seedStarted) / 1000;
  // The same doctor on a new tablet: an empty database and a device id never seen.
  const result = await page.evaluate((device) => window.mymedicBench.measureInitialSync(device), {
    token: session.token,
    refresh_token: session.refresh_token,
    actor: actorOf(session),
  });
  // Beyond the seeded events the log holds the clinic's own: its creation and its staff.
  if (result.events < seeded)
    throw new Error(`the device holds ${result.events} events, the server ${seeded}`);
  return {
    ...result,
    seedSeconds,
    eventsPerSecond: result.events / (result.syncMs / 1000),
    floorEventsPerSecond: result.events / (result.floorMs / 1000),
  };
}

/** execute() to projection written, on a device holding `patients` patients. */
export async function measureCommandLatency(
  page: Page,
  url: string,
  patients: number,
  commands: number,
) {
  const actor = actorOf(await doctorSession(url));
  return page.evaluate(
    ({ actor, patients, commands }) =>
      window.mymedicBench.measureCommandLatency(actor, patients, commands),
    { actor, patients, commands },
  );
}

/** The typo-tolerant search per keystroke over `patients` patients. */
export async function measureSearchLatency(
  page: Page,
  url: string,
  patients: number,
  rounds: number,
) {
  const actor = actorOf(await doctorSession(url));
  return page.evaluate(
    ({ actor, patients, rounds }) =>
      window.mymedicBench.measureSearchLatency(actor, patients, rounds),
    { actor, patients, rounds },
  );
}
