import {
  currentSchemaVersion,
  decideCommand,
  evolveState,
  getDecider,
  uuidv7,
  type AggregateType,
  type PushedCommand,
  type PushResponse,
  type SessionResponse,
} from '@mymedic/shared';
import { api, deviceOf } from '../support';

/** A seeded pseudo-random source (mulberry32): the same seed, the same choices. */
export function seededRandom(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let mixed = state;
    mixed = Math.imul(mixed ^ (mixed >>> 15), mixed | 1);
    mixed ^= mixed + Math.imul(mixed ^ (mixed >>> 7), mixed | 61);
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 4_294_967_296;
  };
  return {
    next,
    /** A whole number from `low` to `high`, both included. */
    between: (low: number, high: number) => low + Math.floor(next() * (high - low + 1)),
  };
}

const firstNames = ['Jane', 'John', 'Mary', 'Samuel', 'Fatuma', 'Grace', 'Peter', 'Amina'];
const lastNames = ['Wanjiru', 'Otieno', 'Akinyi', 'Kiprop', 'Hassan', 'Kamau', 'Mwangi'];

/**
 * A doctor's tablet in one clinic: it decides its commands with the shared decider on
 * the state of what it wrote itself, as the client does, and pushes them in batches.
 */
export class ClinicTablet {
  private clientSeq = 0;
  private readonly streams = new Map<string, { state: unknown; version: number }>();
  readonly deviceId: string;

  constructor(
    readonly session: SessionResponse,
    private readonly random: ReturnType<typeof seededRandom>,
  ) {
    this.deviceId = deviceOf(session);
  }

  /**
   * A day's work for `patients` new patients: each registered and given a phone, checked
   * in, seen by the doctor, and their vitals taken, in that order per patient.
   */
  clinicDay(patients: number): PushedCommand[] {
    const commands: PushedCommand[] = [];
    for (let index = 0; index < patients; index += 1) {
      const patientId = uuidv7();
      const visitId = uuidv7();
      const phone = `+254 7${String(this.random.between(10_000_000, 99_999_999))}`;
      commands.push(
        this.command('RegisterPatient', 'patient', patientId, {
          mrn: `K-${patientId.slice(-12).toUpperCase()}`,
          full_name: `${firstNames[this.random.between(0, 7)]} ${lastNames[this.random.between(0, 6)]}`,
          date_of_birth: `19${this.random.between(40, 99)}-0${this.random.between(1, 9)}-1${this.random.between(0, 9)}`,
          gender: this.random.next() < 0.5 ? 'female' : 'male',
          phone,
        }),
        this.command('UpdatePatientDetails', 'patient', patientId, {
          changes: { preferred_language: { from: null, to: 'sw' } },
        }),
        this.command('CheckInPatient', 'visit', visitId, { patient_id: patientId }),
        this.command('StartConsultation', 'visit', visitId, {}),
        this.command('RecordVitals', 'vitals', uuidv7(), {
          patient_id: patientId,
          visit_id: visitId,
          systolic: this.random.between(110, 170),
          diastolic: this.random.between(60, 100),
          pulse: this.random.between(55, 110),
        }),
      );
    }
    return commands;
  }

  private command(
    type: string,
    aggregateType: AggregateType,
    aggregateId: string,
    payload: Record<string, unknown>,
  ): PushedCommand {
    const decider = getDecider(aggregateType);
    const current = this.streams.get(aggregateId) ?? { state: decider.initialState, version: 0 };
    const issuedAt = new Date().toISOString();
    const { user } = this.session;
    const events = decideCommand({ type, aggregate_type: aggregateType, payload }, current.state, {
      hospital_id: user.hospital_id,
      aggregate_id: aggregateId,
      actor: { user_id: user.user_id, roles: user.roles },
      issued_at: issuedAt,
    });
    let state = current.state;
    for (const event of events) state = evolveState(aggregateType, state, event);
    this.streams.set(aggregateId, { state, version: current.version + events.length });
    this.clientSeq += 1;
    return {
      command_id: uuidv7(),
      client_seq: this.clientSeq,
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
  }

  /**
   * Pushes the commands in batches of `batchSize`, one batch after another, and gives
   * back the commands the server accepted. A batch that gets no answer (the server was
   * killed under it) ends the pushing: what it held may or may not be stored.
   * `afterBatch` hears of each answered batch.
   */
  async push(url: string, commands: PushedCommand[], batchSize = 100, afterBatch = () => {}) {
    const accepted: PushedCommand[] = [];
    for (let start = 0; start < commands.length; start += batchSize) {
      const batch = commands.slice(start, start + batchSize);
      let answer: { status: number; body: PushResponse };
      try {
        answer = await api<PushResponse>(url, '/sync/push', {
          token: this.session.token,
          body: { device_id: this.deviceId, commands: batch },
        });
      } catch {
        return { accepted, cut: true };
      }
      if (answer.status !== 200)
        throw new Error(`a push answered ${answer.status}: ${JSON.stringify(answer.body)}`);
      answer.body.results.forEach((result, index) => {
        if (result.status !== 'accepted')
          throw new Error(`a command was ${result.status}: ${JSON.stringify(result)}`);
        accepted.push(batch[index]!);
      });
      afterBatch();
    }
    return { accepted, cut: false };
  }
}
