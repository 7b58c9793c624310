import {
  currentSchemaVersion,
  decideCommand,
  foldEvents,
  uuidv7,
  type AggregateType,
  type EventEnvelope,
  type PullResponse,
  type PushedCommand,
  type PushResponse,
  type SessionResponse,
} from '@mymedic/shared';
import { expect } from 'vitest';

/** The databases the integration tests run on: PGlite always, PostgreSQL when given. */
export const testDatabases: { name: string; url?: string }[] = [
  { name: 'pglite' },
  ...(process.env.DATABASE_URL ? [{ name: 'postgresql', url: process.env.DATABASE_URL }] : []),
];

export async function api<T = unknown>(
  url: string,
  path: string,
  options: { method?: string; token?: string; body?: unknown; rawBody?: string } = {},
): Promise<{ status: number; body: T }> {
  const response = await fetch(`${url}${path}`, {
    method:
      options.method ??
      (options.body !== undefined || options.rawBody !== undefined ? 'POST' : 'GET'),
    headers: {
      ...(options.body !== undefined || options.rawBody !== undefined
        ? { 'content-type': 'application/json' }
        : {}),
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
    },
    body:
      options.rawBody ?? (options.body === undefined ? undefined : JSON.stringify(options.body)),
  });
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : null) as T };
}

/**
 * A simulated device: it decides commands with the shared decider on the state it has
 * pulled, as the real client does, and pushes them with its own client_seq.
 */
export class TestDevice {
  readonly deviceId: string;
  private clientSeq = 0;
  private readonly log: EventEnvelope[] = [];

  /**
   * A device of a session: pushes name the device the session was begun on (give it
   * when the session was begun elsewhere than `signUpClinic`'s default).
   */
  constructor(
    readonly url: string,
    readonly session: SessionResponse,
    deviceId = deviceOf(session),
  ) {
    this.deviceId = deviceId;
  }

  get token() {
    return this.session.token;
  }

  async pullAll(): Promise<EventEnvelope[]> {
    let after = this.log.at(-1)?.position ?? 0;
    for (;;) {
      const { status, body } = await api<PullResponse>(
        this.url,
        `/sync/pull?after=${after}&limit=1000`,
        {
          token: this.token,
        },
      );
      expect(status).toBe(200);
      this.log.push(...body.events);
      if (!body.has_more) return this.log;
      after = body.events.at(-1)!.position;
    }
  }

  streamOf(aggregateId: string) {
    return this.log.filter((event) => event.aggregate_id === aggregateId);
  }

  /** A command as the device would push it, decided on what the device last pulled. */
  command(
    type: string,
    aggregateType: AggregateType,
    aggregateId: string,
    payload: Record<string, unknown>,
  ): PushedCommand {
    const stream = this.streamOf(aggregateId);
    const state = foldEvents(aggregateType, stream);
    const issuedAt = new Date().toISOString();
    const events = decideCommand({ type, aggregate_type: aggregateType, payload }, state, {
      hospital_id: this.session.user.hospital_id,
      aggregate_id: aggregateId,
      actor: { user_id: this.session.user.user_id, roles: this.session.user.roles },
      issued_at: issuedAt,
    });
    this.clientSeq += 1;
    return {
      command_id: uuidv7(),
      client_seq: this.clientSeq,
      type,
      aggregate_type: aggregateType,
      aggregate_id: aggregateId,
      expected_version: stream.length,
      payload,
      issued_at: issuedAt,
      events: events.map((event, index) => ({
        event_id: uuidv7(),
        type: event.type,
        schema_version: currentSchemaVersion(event.type),
        version: stream.length + 1 + index,
        data: event.data,
      })),
    };
  }

  /**
   * Registers patients under the given ids, as the front desk does before booking or
   * seeing them: the server refuses a record naming a patient it does not hold.
   */
  async registerPatients(...patientIds: string[]) {
    const { body } = await this.push(
      patientIds.map((patientId) =>
        this.command('RegisterPatient', 'patient', patientId, registration()),
      ),
    );
    expect(body.results.map((result) => result.status)).toEqual(patientIds.map(() => 'accepted'));
    await this.pullAll();
  }

  push(commands: PushedCommand[]) {
    return api<PushResponse>(this.url, '/sync/push', {
      token: this.token,
      body: { device_id: this.deviceId, commands },
    });
  }
}

/** The device an access token is bound to (its `did` claim). */
export function deviceOf(session: { token: string }): string {
  const claims = JSON.parse(Buffer.from(session.token.split('.')[1]!, 'base64url').toString()) as {
    did: string;
  };
  return claims.did;
}

export const registration = (overrides: Record<string, unknown> = {}) => ({
  mrn: `HC-${uuidv7().slice(-8).toUpperCase()}`,
  full_name: 'Jane Wanjiru',
  date_of_birth: '1984-03-12',
  gender: 'female',
  phone: '+254 712 345678',
  // A Kenyan clinic's device: numbers typed without +254 are read as dialled in Kenya.
  country: 'KE',
  ...overrides,
});

/**
 * A member of staff added by the admin (POST /users), signed in on a tablet of their
 * own, as a device that pushes and pulls as them.
 */
export async function colleagueDevice(
  url: string,
  admin: SessionResponse,
  role: string,
  fullName: string,
): Promise<TestDevice> {
  const email = `${uuidv7()}@hillside.example`;
  const password = 'Kilimanjaro sunrise over the ward';
  const created = await api(url, '/users', {
    token: admin.token,
    body: { email, full_name: fullName, role, password },
  });
  expect(created.status).toBe(201);
  const deviceId = `tablet-${uuidv7()}`;
  const signedIn = await api<SessionResponse>(url, '/auth/login', {
    body: { email, password, device_id: deviceId },
  });
  expect(signedIn.status).toBe(200);
  return new TestDevice(url, signedIn.body, deviceId);
}
