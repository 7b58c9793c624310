import {
  currentSchemaVersion,
  decideCommand,
  evolveState,
  getDecider,
  uuidv7,
  type PushedCommand,
} from '@mymedic/shared';

export interface Actor {
  hospitalId: string;
  userId: string;
}

const firstNames = [
  'Jane',
  'John',
  'Mary',
  'Samuel',
  'Fatuma',
  'Grace',
  'Peter',
  'Amina',
  'Joseph',
  'Wanjiku',
];
const lastNames = [
  'Wanjiru',
  'Otieno',
  'Akinyi',
  'Kiprop',
  'Hassan',
  'Achieng',
  'Kamau',
  'Njoroge',
  'Mwangi',
  'Odhiambo',
];

/**
 * One device's batch as a clinic's tablet would push it after a day offline: new
 * patients registered, then their phones corrected, consents taken, allergies noted
 * and languages set. Events are made by the shared decider, as the client makes them.
 */
export function clinicDayBatch(actor: Actor, startSeq: number, patients = 40): PushedCommand[] {
  const commands: PushedCommand[] = [];
  const decider = getDecider('patient');
  const states = new Map<string, { state: unknown; version: number }>();
  let seq = startSeq;
  const issue = (type: string, aggregateId: string, payload: Record<string, unknown>) => {
    const current = states.get(aggregateId) ?? { state: decider.initialState, version: 0 };
    const issuedAt = new Date().toISOString();
    const events = decideCommand({ type, aggregate_type: 'patient', payload }, current.state, {
      hospital_id: actor.hospitalId,
      aggregate_id: aggregateId,
      actor: { user_id: actor.userId, roles: ['doctor'] },
      issued_at: issuedAt,
    });
    let state = current.state;
    for (const event of events) state = evolveState('patient', state, event);
    commands.push({
      command_id: uuidv7(),
      client_seq: seq++,
      type,
      aggregate_type: 'patient',
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
    });
    states.set(aggregateId, { state, version: current.version + events.length });
  };
  const ids = Array.from({ length: patients }, () => uuidv7());
  ids.forEach((id, index) =>
    issue('RegisterPatient', id, {
      mrn: `B-${id.slice(-12).toUpperCase()}`,
      full_name: `${firstNames[index % 10]} ${lastNames[(index * 7) % 10]}`,
      date_of_birth: `19${50 + (index % 50)}-0${1 + (index % 9)}-1${index % 10}`,
      gender: index % 2 ? 'male' : 'female',
      phone: `+254 7${String(10_000_000 + index).slice(-8)}`,
    }),
  );
  ids.forEach((id, index) =>
    issue('UpdatePatientDetails', id, {
      changes: {
        phone: {
          from: `+254 7${String(10_000_000 + index).slice(-8)}`,
          to: `+254 1${String(20_000_000 + index).slice(-8)}`,
        },
      },
    }),
  );
  ids.forEach((id) =>
    issue('RecordConsent', id, {
      consent_id: uuidv7(),
      consent_type: 'sms_reminders',
      scope: 'Appointment reminders',
    }),
  );
  ids.forEach((id, index) =>
    issue('RecordAllergy', id, {
      allergy_id: uuidv7(),
      substance: ['Penicillin', 'Sulfa drugs', 'Peanuts', 'Latex'][index % 4],
      reaction: 'Rash',
      severity: 'moderate',
    }),
  );
  ids.forEach((id) =>
    issue('UpdatePatientDetails', id, {
      changes: { preferred_language: { from: null, to: 'sw' } },
    }),
  );
  return commands;
}

export const eventCount = (batches: PushedCommand[][]) =>
  batches.reduce(
    (sum, batch) => sum + batch.reduce((inner, command) => inner + command.events.length, 0),
    0,
  );
