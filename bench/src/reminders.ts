import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  currentSchemaVersion,
  decideCommand,
  evolveState,
  getDecider,
  uuidv7,
  foldEvents,
  type AggregateType,
  type EventEnvelope,
  type PullResponse,
  type PushedCommand,
  type PushResponse,
  type SessionResponse,
} from '@mymedic/shared';
import { deviceOf, post, startServerProcess } from './server-process';

const token = 'bench-gateway-token';
/** The sender claims this many at a time and sends them at once (its default). */
export const senderBatch = 10;

/** What the gateway stand-in does with a request it is not told to fail. */
export interface StandInFaults {
  seed: number;
  /** Shares of first tries answered 500, left hanging, or accepted and dropped unanswered. */
  fail: number;
  hang: number;
  drop: number;
}

/**
 * An SMS gateway on loopback answering each message in `delayMs` with an id. It counts
 * what it delivered per Idempotency-Key; with `faults`, a message's first try meets a
 * seeded fault, and the gateway honours the key (a repeat of a message it accepted is
 * answered with the same id and not delivered again), as the gateway contract asks.
 */
async function startGateway(delayMs: number, faults?: StandInFaults) {
  const delivered = new Map<string, number>();
  const requests = new Map<string, number>();
  const times: number[] = [];
  let absorbed = 0;
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const key = String(request.headers['idempotency-key'] ?? uuidv7());
      const tries = (requests.get(key) ?? 0) + 1;
      requests.set(key, tries);
      // Only a message's first try meets a fault.
      const draw =
        faults && tries === 1
          ? createHash('sha256').update(`${faults.seed}/${key}`).digest().readUInt32BE(0) / 2 ** 32
          : 1;
      const { fail = 0, hang = 0, drop = 0 } = faults ?? {};
      if (draw < fail) {
        response.writeHead(500).end('{"error":"gateway trouble"}');
        return;
      }
      if (draw < fail + hang) return;
      const repeat = faults !== undefined && delivered.has(key);
      if (repeat) absorbed += 1;
      else {
        delivered.set(key, (delivered.get(key) ?? 0) + 1);
        times.push(performance.now());
      }
      if (draw < fail + hang + drop) {
        request.socket.destroy();
        return;
      }
      setTimeout(() => {
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ id: `gw-${key}` }));
      }, delayMs);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/messages`,
    delivered,
    requests,
    times,
    get absorbed() {
      return absorbed;
    },
    close() {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/**
 * Commands made by the shared decider, as a tablet makes them, for any aggregate whose
 * stream is new or given in `pulled` (as the device pulled it).
 */
function commandMaker(session: SessionResponse, pulled: EventEnvelope[]) {
  const streams = new Map<string, { state: unknown; version: number }>();
  for (const event of pulled) {
    const current = streams.get(event.aggregate_id) ?? {
      state: getDecider(event.aggregate_type).initialState,
      version: 0,
    };
    streams.set(event.aggregate_id, {
      state: foldEvents(event.aggregate_type, [event], current.state),
      version: event.version,
    });
  }
  let seq = 0;
  return (
    type: string,
    aggregateType: AggregateType,
    aggregateId: string,
    payload: Record<string, unknown>,
  ): PushedCommand => {
    const current = streams.get(aggregateId) ?? {
      state: getDecider(aggregateType).initialState,
      version: 0,
    };
    const issuedAt = new Date().toISOString();
    const events = decideCommand({ type, aggregate_type: aggregateType, payload }, current.state, {
      hospital_id: session.user.hospital_id,
      aggregate_id: aggregateId,
      actor: { user_id: session.user.user_id, roles: session.user.roles },
      issued_at: issuedAt,
    });
    let state = current.state;
    for (const event of events) state = evolveState(aggregateType, state, event);
    streams.set(aggregateId, { state, version: current.version + events.length });
    seq += 1;
    return {
      command_id: uuidv7(),
      client_seq: seq,
      type,
      aggregate_type: aggregateType,
      aggregate_id: aggregateId,
      expected_version: current.version,
      payload,
      issued_at: issuedAt,
      events: events.map((event, index) => ({
        event_id: uuidv7(),
        type: event.type,
        schema_version: currentSchemaVersion(event.type),
        version: current.version + 1 + index,
        data: event.data,
      })),
    };
  };
}

/**
 * A clinic with SMS reminders 24 h and 23 h before, 50 consenting patients and
 * `appointments` appointments from 25 hours on, one a minute, pushed through the real
 * `POST /sync/push`: `appointments × 2` reminders.
 */
async function bookClinic(url: string, appointments: number) {
  const session = await post<SessionResponse>(url, '/auth/signup', {
    organization: { kind: 'clinic', name: 'Reminder Bench Clinic' },
    admin: {
      full_name: 'Bench Admin',
      email: `admin-${uuidv7()}@bench.example`,
      password: 'bench password 1',
      also_doctor: true,
    },
    device_id: 'bench-admin-desk',
  });
  const hospitalId = session.user.hospital_id;
  const pulled = await fetch(`${url}/sync/pull?after=0&limit=1000`, {
    headers: { authorization: `Bearer ${session.token}` },
  });
  const make = commandMaker(session, ((await pulled.json()) as PullResponse).events);
  const push = async (commands: PushedCommand[]) => {
    for (let start = 0; start < commands.length; start += 250) {
      const answer = await post<PushResponse>(
        url,
        '/sync/push',
        { device_id: deviceOf(session), commands: commands.slice(start, start + 250) },
        session.token,
      );
      const refused = answer.results.find((result) => result.status !== 'accepted');
      if (refused) throw new Error(`a set-up push was refused: ${JSON.stringify(refused)}`);
    }
  };
  await push([
    make('ChangeHospitalSettings', 'hospital', hospitalId, {
      changes: {
        reminders: {
          channels: ['sms'],
          offsets_minutes: [24 * 60, 23 * 60],
          quiet_hours: null,
          fallback_language: 'English',
          country_calling_code: '254',
          templates: [
            {
              channel: 'sms',
              language: 'English',
              body: 'Hello {patient}, see {doctor} at {time}.',
            },
          ],
        },
      },
    }),
  ]);
  const patients = Array.from({ length: 50 }, () => uuidv7());
  await push([
    ...patients.map((id, index) =>
      make('RegisterPatient', 'patient', id, {
        mrn: `R-${id.slice(-12).toUpperCase()}`,
        full_name: `Patient ${index + 1}`,
        date_of_birth: '1980-01-01',
        gender: 'female',
        phone: `07${String(10_000_000 + index).slice(-8)}`,
        country: 'KE',
        preferred_language: 'English',
      }),
    ),
    ...patients.map((id) =>
      make('RecordConsent', 'patient', id, {
        consent_id: uuidv7(),
        consent_type: 'sms_reminders',
        scope: 'Appointment reminders',
      }),
    ),
  ]);
  const first = Math.ceil(Date.now() / 3600_000) * 3600_000 + 25 * 3600_000;
  await push(
    Array.from({ length: appointments }, (_, index) =>
      make('ScheduleAppointment', 'appointment', uuidv7(), {
        patient_id: patients[index % patients.length],
        doctor_id: session.user.user_id,
        location_id: null,
        starts_at: new Date(first + index * 60_000).toISOString(),
        duration_minutes: 20,
        visit_type: 'follow_up',
        reason: 'Review',
        overbooking_intended: true,
      }),
    ),
  );
  return { session, hospitalId };
}

async function caughtUp(url: string) {
  for (let attempt = 0; attempt < 1200; attempt += 1) {
    const health = (await (await fetch(`${url}/health`)).json()) as {
      projections: Record<string, { events_behind: number }>;
    };
    if (Object.values(health.projections).every((lag) => lag.events_behind === 0)) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('the read models never caught up');
}

async function until(done: () => boolean, seconds: number, what: string) {
  const deadline = Date.now() + seconds * 1000;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`${what} did not happen in ${seconds} s`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

export interface ReminderRun {
  reminders: number;
  /** Reminders delivered per second, from the first delivery to the last. */
  perSecond: number;
  /** Messages delivered beyond one per reminder. */
  duplicates: number;
  /** Requests for a message the gateway had already accepted (absorbed by its key). */
  repeatsAbsorbed: number;
}

/**
 * The sender of a real server process on PostgreSQL sending `appointments × 2` due
 * reminders to the gateway stand-in answering in `delayMs`. The clinic is booked and
 * planned by a process that does not send; a second process then sends them all. With
 * `faults`, the first tries meet seeded failures and the sending process is killed
 * (SIGKILL) once mid-run and started again.
 */
export async function measureReminderSender(
  databaseUrl: string,
  options: { appointments: number; delayMs: number; faults?: StandInFaults },
): Promise<ReminderRun> {
  const gateway = await startGateway(options.delayMs, options.faults);
  const environment = {
    DATABASE_URL: databaseUrl,
    // Test mode, for the sender's clock twelve hours ahead: the appointments (25 to 34
    // hours on, one a minute) have all their reminders due at once, and none has begun.
    // Dead claims come back after 2 × 1 s + 4 s.
    NODE_ENV: 'test',
    REMINDER_TEST_CLOCK_OFFSET_SECONDS: String(12 * 3600),
    REMINDER_TEST_LEASE_MARGIN_SECONDS: '4',
    REMINDER_SEND_TIMEOUT_SECONDS: '1',
    REMINDER_RETRY_BASE_SECONDS: '1',
    REMINDER_SENDER_INTERVAL_SECONDS: '0.2',
    SMS_GATEWAY_URL: gateway.url,
    SMS_GATEWAY_TOKEN: token,
  };
  try {
    const setup = await startServerProcess({ ...environment, RUN_REMINDER_SENDER: 'false' });
    try {
      await bookClinic(setup.url, options.appointments);
      await caughtUp(setup.url);
    } finally {
      await setup.stop();
    }
    const reminders = options.appointments * 2;
    let sender = await startServerProcess(environment);
    try {
      if (options.faults) {
        await until(() => gateway.delivered.size >= reminders / 3, 120, 'a third sent');
        await sender.kill();
        sender = await startServerProcess(environment);
      }
      await until(() => gateway.delivered.size >= reminders, 300, 'every reminder sent');
      // A moment more: a copy sent after the last would show now.
      await new Promise((resolve) => setTimeout(resolve, 1000));
    } finally {
      await sender.stop();
    }
    const first = gateway.times[0]!;
    const last = gateway.times.at(-1)!;
    let duplicates = 0;
    for (const count of gateway.delivered.values()) duplicates += count - 1;
    return {
      reminders,
      perSecond: ((gateway.times.length - 1) / (last - first)) * 1000,
      duplicates,
      repeatsAbsorbed: gateway.absorbed,
    };
  } finally {
    await gateway.close();
  }
}

/**
 * The peer: a plain loop posting the same requests (the same JSON, headers and
 * Idempotency-Keys) to the same kind of stand-in, `senderBatch` at a time, each batch
 * awaited whole as the sender awaits its claim's: what the sender adds is its claims,
 * records and events in PostgreSQL.
 */
export async function measurePlainLoop(reminders: number, delayMs: number) {
  const gateway = await startGateway(delayMs);
  try {
    const started = performance.now();
    for (let start = 0; start < reminders; start += senderBatch) {
      await Promise.all(
        Array.from({ length: Math.min(senderBatch, reminders - start) }, async (_, index) => {
          const key = `bench.${start + index}.sms.24h`;
          const response = await fetch(gateway.url, {
            method: 'POST',
            signal: AbortSignal.timeout(5000),
            headers: {
              'content-type': 'application/json',
              authorization: `Bearer ${token}`,
              'idempotency-key': key,
            },
            body: JSON.stringify({
              to: '+254710000001',
              text: 'Hello Patient 1, see Dr Bench Admin at 10:00.',
              reference: key,
            }),
          });
          await response.text();
        }),
      );
    }
    return { perSecond: (reminders / (performance.now() - started)) * 1000 };
  } finally {
    await gateway.close();
  }
}
