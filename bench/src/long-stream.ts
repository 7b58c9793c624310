import {
  currentSchemaVersion,
  decideCommand,
  evolveState,
  getDecider,
  uuidv7,
  type PushResponse,
  type PushedCommand,
  type SessionResponse,
} from '@mymedic/shared';
import { deviceOf, doctorSession, post, startServerProcess } from './server-process';

/** A patient's stream as a device grows it: phone corrections back and forth. */
class GrowingPatient {
  readonly id = uuidv7();
  private state = getDecider('patient').initialState;
  version = 0;
  private phone = '+254 700 000001';

  constructor(private readonly session: SessionResponse) {}

  private issue(type: string, payload: Record<string, unknown>, seq: number): PushedCommand {
    const issuedAt = new Date().toISOString();
    const events = decideCommand({ type, aggregate_type: 'patient', payload }, this.state, {
      hospital_id: this.session.user.hospital_id,
      aggregate_id: this.id,
      actor: { user_id: this.session.user.user_id, roles: this.session.user.roles },
      issued_at: issuedAt,
    });
    const command: PushedCommand = {
      command_id: uuidv7(),
      client_seq: seq,
      type,
      aggregate_type: 'patient',
      aggregate_id: this.id,
      expected_version: this.version,
      payload,
      issued_at: issuedAt,
      events: events.map((event, index) => ({
        event_id: uuidv7(),
        type: event.type,
        schema_version: currentSchemaVersion(event.type),
        version: this.version + 1 + index,
        data: event.data,
      })),
    };
    for (const event of events) this.state = evolveState('patient', this.state, event);
    this.version += events.length;
    return command;
  }

  register(seq: number) {
    return this.issue(
      'RegisterPatient',
      {
        mrn: `L-${this.id.slice(-12).toUpperCase()}`,
        full_name: 'Long Stream',
        birth_year_estimate: 1960,
        gender: 'female',
        phone: this.phone,
      },
      seq,
    );
  }

  correctPhone(seq: number) {
    const next = this.phone.endsWith('1') ? '+254 700 000002' : '+254 700 000001';
    const command = this.issue(
      'UpdatePatientDetails',
      { changes: { phone: { from: this.phone, to: next } } },
      seq,
    );
    this.phone = next;
    return command;
  }
}

const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/**
 * One command pushed to a stream of `length` events against the same pushed to a stream
 * of one event, alternating, `rounds` times each: the push folds a long stream from its
 * snapshot, so the two should cost about the same.
 */
export async function measureLongStreamPush(
  environment: Record<string, string>,
  length: number,
  rounds: number,
) {
  const server = await startServerProcess(environment);
  try {
    const session = await doctorSession(server.url);
    const device = deviceOf(session);
    let seq = 1;
    const push = async (commands: PushedCommand[]) => {
      const answer = await post<PushResponse>(
        server.url,
        '/sync/push',
        { device_id: device, commands },
        session.token,
      );
      const refused = answer.results.find((result) => result.status !== 'accepted');
      if (refused) throw new Error(`push refused a command: ${JSON.stringify(refused)}`);
    };
    const long = new GrowingPatient(session);
    await push([long.register(seq++)]);
    while (long.version < length) {
      const batch: PushedCommand[] = [];
      while (batch.length < 400 && long.version < length) batch.push(long.correctPhone(seq++));
      await push(batch);
    }
    const timings = { long: [] as number[], short: [] as number[] };
    for (let round = 0; round < rounds + 5; round += 1) {
      const short = new GrowingPatient(session);
      await push([short.register(seq++)]);
      for (const [which, patient] of [
        ['long', long],
        ['short', short],
      ] as const) {
        const command = patient.correctPhone(seq++);
        const started = performance.now();
        await push([command]);
        if (round >= 5) timings[which].push(performance.now() - started);
      }
    }
    return { longMs: median(timings.long), shortMs: median(timings.short), length: long.version };
  } finally {
    await server.stop();
  }
}
