import {
  currentSchemaVersion,
  decideCommand,
  uuidv7,
  type PushResponse,
  type PushedCommand,
  type SessionResponse,
} from '@mymedic/shared';
import { patientName, typedWithTypos } from '../browser/names';
import { deviceOf, doctorSession, post, startServerProcess } from './server-process';

interface Health {
  projections?: Record<string, { events_behind: number }>;
}

/** Registrations of `count` patients with a real register's names, in batches of 400. */
function registrations(session: SessionResponse, count: number): PushedCommand[][] {
  const batches: PushedCommand[][] = [];
  let seq = 1;
  for (let start = 0; start < count; start += 400) {
    const batch: PushedCommand[] = [];
    for (let index = start; index < Math.min(count, start + 400); index += 1) {
      const id = uuidv7();
      const payload = {
        mrn: `S-${String(index).padStart(6, '0')}`,
        full_name: patientName(index),
        birth_year_estimate: 1940 + (index % 70),
        gender: index % 2 ? 'male' : 'female',
        phone: `+254 7${String(10_000_000 + index).slice(-8)}`,
      };
      const issuedAt = new Date().toISOString();
      const events = decideCommand(
        { type: 'RegisterPatient', aggregate_type: 'patient', payload },
        { exists: false, archived: false, mrn: null, details: null, consents: [], allergies: [] },
        {
          hospital_id: session.user.hospital_id,
          aggregate_id: id,
          actor: { user_id: session.user.user_id, roles: session.user.roles },
          issued_at: issuedAt,
        },
      );
      batch.push({
        command_id: uuidv7(),
        client_seq: seq++,
        type: 'RegisterPatient',
        aggregate_type: 'patient',
        aggregate_id: id,
        expected_version: 0,
        payload,
        issued_at: issuedAt,
        events: events.map((event, offset) => ({
          event_id: uuidv7(),
          type: event.type,
          schema_version: currentSchemaVersion(event.type),
          version: 1 + offset,
          data: event.data,
        })),
      });
    }
    batches.push(batch);
  }
  return batches;
}

const percentile = (values: number[], share: number) =>
  [...values].sort((a, b) => a - b)[
    Math.min(values.length - 1, Math.floor(share * values.length))
  ]!;

/**
 * GET /patients/search over `count` patients on the server's read model: each of six
 * names typed with a slip, whole, `rounds` times after one not counted; the latency as a
 * client sees it (HTTP, sign-in check, the trigram search). Peer: GET /health, the
 * cheapest route that touches the database, in the same loop.
 */
export async function measurePatientSearch(
  environment: Record<string, string>,
  count: number,
  rounds: number,
) {
  const server = await startServerProcess(environment);
  try {
    const session = await doctorSession(server.url);
    const device = deviceOf(session);
    for (const batch of registrations(session, count)) {
      const answer = await post<PushResponse>(
        server.url,
        '/sync/push',
        { device_id: device, commands: batch },
        session.token,
      );
      if (answer.results.some((result) => result.status !== 'accepted'))
        throw new Error('a registration was refused');
    }
    // Every read model, not only patients: the others fold the same 50,000 events, and a
    // search measured while they catch up measures their pages (the peer's p95 too).
    for (let attempt = 0; attempt < 1200; attempt += 1) {
      const health = (await (await fetch(`${server.url}/health`)).json()) as Health;
      const lags = Object.values(health.projections ?? {});
      if (lags.length > 0 && lags.every((lag) => lag.events_behind === 0)) break;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    const searchTimes: number[] = [];
    const floorTimes: number[] = [];
    let found = 0;
    for (let round = 0; round <= rounds; round += 1) {
      for (const name of typedWithTypos) {
        let started = performance.now();
        const response = await fetch(
          `${server.url}/patients/search?q=${encodeURIComponent(name)}`,
          { headers: { authorization: `Bearer ${session.token}` } },
        );
        const body = (await response.json()) as { results?: { full_name: string }[] };
        const searched = performance.now() - started;
        started = performance.now();
        await (await fetch(`${server.url}/health`)).text();
        const floor = performance.now() - started;
        if (round === 0) continue;
        searchTimes.push(searched);
        floorTimes.push(floor);
        if ((body.results?.length ?? 0) > 0) found += 1;
      }
    }
    return {
      p95: percentile(searchTimes, 0.95),
      p50: percentile(searchTimes, 0.5),
      floorP95: percentile(floorTimes, 0.95),
      foundShare: found / searchTimes.length,
    };
  } finally {
    await server.stop();
  }
}
