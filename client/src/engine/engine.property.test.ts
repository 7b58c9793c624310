import { isDomainError, uuidv7, type SessionResponse } from '@mymedic/shared';
import {
  sessionOnDevice,
  signUpClinic,
  startTestServer,
  type TestServer,
} from '@mymedic/sync-server/testing';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SyncApi } from './api';
import { LocalDatabase, type PatientRow } from './db';
import { execute, type Actor } from './execute';
import { applyPulledPage, applyPushResults } from './reconcile';
import { expectedState } from './rebuild';
import { readMeta } from './db';
import { syncOnce } from './sync';

/**
 * The engine's invariant (docs/client.md), as a property: after any sequence of local
 * commands, pushes and pulled pages on two tablets sharing a real sync server, each
 * tablet's projections equal a rebuild from its confirmed log in position order plus its
 * pending commands decided in order; and once both sync, they hold the same rows.
 */

interface Tablet {
  name: string;
  db: LocalDatabase;
  api: SyncApi;
  actor: Actor;
  deviceId: string;
}

async function tablet(server: TestServer, person: SessionResponse, name: string): Promise<Tablet> {
  const deviceId = `prop-${name}-${uuidv7()}`;
  const session = await sessionOnDevice(server, person, deviceId);
  return {
    name,
    db: new LocalDatabase(`property-${deviceId}`),
    api: new SyncApi(server.url, { token: session.token, refresh_token: session.refresh_token }),
    actor: {
      hospitalId: session.user.hospital_id,
      userId: session.user.user_id,
      roles: session.user.roles,
    },
    deviceId,
  };
}

const fields = ['full_name', 'phone', 'preferred_language'] as const;
const values = {
  full_name: ['Amani Otieno', 'Amani Otieno-Kamau', 'Amani K. Otieno'],
  phone: ['+254700000001', '+254700000002', null],
  preferred_language: ['sw', 'en', null],
} as const;

type Action =
  | { kind: 'register'; tablet: 0 | 1; patient: number }
  | {
      kind: 'update';
      tablet: 0 | 1;
      patient: number;
      field: (typeof fields)[number];
      value: number;
    }
  | { kind: 'consent'; tablet: 0 | 1; patient: number }
  | { kind: 'archive'; tablet: 0 | 1; patient: number }
  | { kind: 'push' | 'pull' | 'sync'; tablet: 0 | 1 };

const tabletIndex = fc.constantFrom<0 | 1>(0, 1);
const patientIndex = fc.integer({ min: 0, max: 2 });
const action: fc.Arbitrary<Action> = fc.oneof(
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('register' as const),
      tablet: tabletIndex,
      patient: patientIndex,
    }),
  },
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('update' as const),
      tablet: tabletIndex,
      patient: patientIndex,
      field: fc.constantFrom(...fields),
      value: fc.integer({ min: 0, max: 2 }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('consent' as const),
      tablet: tabletIndex,
      patient: patientIndex,
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('archive' as const),
      tablet: tabletIndex,
      patient: patientIndex,
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constantFrom('push' as const, 'pull' as const, 'sync' as const),
      tablet: tabletIndex,
    }),
  },
);

/** What the runs did, so a property that silently did nothing fails. */
const tally = { executed: 0, refused: 0, conflicts: 0 };

async function perform(device: Tablet, patients: string[], step: Action) {
  const patientId = 'patient' in step ? patients[step.patient]! : '';
  const run = (type: string, payload: Record<string, unknown>) =>
    execute(device.db, device.actor, {
      type,
      aggregate_type: 'patient',
      aggregate_id: patientId,
      payload,
    });
  try {
    switch (step.kind) {
      case 'register':
        return await run('RegisterPatient', {
          mrn: `P${patientId.slice(-6).toUpperCase()}${device.name}`,
          full_name: values.full_name[0],
          date_of_birth: '1980-01-01',
          gender: 'female',
        });
      case 'update': {
        const row = await device.db.patients.get(patientId);
        if (!row) return;
        const to = values[step.field][step.value];
        return await run('UpdatePatientDetails', {
          changes: { [step.field]: { from: row[step.field], to } },
        });
      }
      case 'consent':
        return await run('RecordConsent', {
          consent_id: uuidv7(),
          consent_type: 'treatment',
          scope: 'Care at this clinic',
        });
      case 'archive':
        return await run('ArchivePatient', { reason: 'Moved away' });
      case 'push': {
        const pending = await device.db.outbox.where('acknowledged').equals(0).sortBy('client_seq');
        if (pending.length === 0) return;
        const response = await device.api.push(
          device.deviceId,
          pending.map(({ acknowledged: _acknowledged, ...command }) => command),
        );
        return await applyPushResults(device.db, device.actor, response.results);
      }
      case 'pull': {
        const page = await device.api.pull(await readMeta(device.db, 'cursor', 0), 3);
        return await applyPulledPage(device.db, device.actor, page.events);
      }
      case 'sync':
        return await syncOnce(device.db, device.api, device.actor, device.deviceId);
    }
  } catch (error) {
    // A refused command is what the screen shows as an error; nothing was written.
    if (!isDomainError(error)) throw error;
    tally.refused += 1;
  }
}

async function expectInvariant(device: Tablet) {
  const expected = await expectedState(device.db, device.actor);
  const patients = new Map(
    (await device.db.patients.toArray()).map((row) => [row.patient_id, row]),
  );
  expect(patients, `${device.name}: projections equal a rebuild`).toEqual(
    expected.tables.get('patients'),
  );
  const pending = (await device.db.events.where('confirmed').equals(0).toArray())
    .map(({ aggregate_id, version, type, data, command_id }) => ({
      aggregate_id,
      version,
      type,
      data,
      command_id,
    }))
    .sort(
      (left, right) =>
        left.aggregate_id.localeCompare(right.aggregate_id) || left.version - right.version,
    );
  const wanted = [...expected.pending].sort(
    (left, right) =>
      left.aggregate_id.localeCompare(right.aggregate_id) || left.version - right.version,
  );
  expect(pending, `${device.name}: pending events are the outbox decided in order`).toEqual(wanted);
}

describe('the engine invariant', () => {
  let server: TestServer;
  let session: SessionResponse;
  beforeAll(async () => {
    server = await startTestServer();
    session = await signUpClinic(server.url);
  });
  afterAll(() => server.close());

  it('holds after any sequence of local commands, pushes and pulled pages, and tablets converge', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(action, { minLength: 1, maxLength: 25 }), async (steps) => {
        const tablets = [
          await tablet(server, session, 'A'),
          await tablet(server, session, 'B'),
        ] as const;
        const patients = [uuidv7(), uuidv7(), uuidv7()];
        try {
          for (const step of steps) {
            await perform(tablets[step.tablet], patients, step);
            await expectInvariant(tablets[step.tablet]);
          }
          for (let round = 0; round < 2; round += 1)
            for (const device of tablets)
              await syncOnce(device.db, device.api, device.actor, device.deviceId);
          for (const device of tablets) {
            await expectInvariant(device);
            tally.conflicts += await device.db.conflicts.count();
            expect(await device.db.outbox.count(), `${device.name}: outbox drained`).toBe(0);
          }
          const [a, b] = await Promise.all(tablets.map((device) => device.db.patients.toArray()));
          const comparable = (rows: PatientRow[] = []) =>
            rows
              .map(({ pending: _pending, ...row }) => row)
              .sort((l, r) => l.patient_id.localeCompare(r.patient_id));
          expect(comparable(a), 'both tablets hold the same patients').toEqual(comparable(b));
        } finally {
          await Promise.all(tablets.map((device) => device.db.delete()));
        }
      }),
      {
        numRuns: Number(process.env.PROPERTY_RUNS ?? 40),
        // Counterexamples this property found once, kept as regression cases.
        examples: [
          // A no-op change (null to null) used to wait in the outbox forever.
          [
            [
              { kind: 'register', tablet: 0, patient: 0 },
              { kind: 'update', tablet: 0, patient: 0, field: 'preferred_language', value: 2 },
            ],
          ],
          // A refused creation left its row on the screen after its events were withdrawn.
          [
            [
              { kind: 'register', tablet: 0, patient: 1 },
              { kind: 'push', tablet: 0 },
              { kind: 'register', tablet: 1, patient: 1 },
              { kind: 'push', tablet: 1 },
              { kind: 'update', tablet: 0, patient: 0, field: 'full_name', value: 0 },
            ],
          ],
        ],
        seed: Number(process.env.PROPERTY_SEED ?? 20261125),
      },
    );
    // The runs must have done real work: commands stored, and same-field conflicts met.
    const stored = await server.database.query<{ count: string }>(
      'SELECT count(*) FROM event_store WHERE hospital_id = $1',
      [session.user.hospital_id],
    );
    tally.executed = Number(stored.rows[0]!.count);
    console.info(`engine invariant: ${JSON.stringify(tally)}`);
    expect(tally.executed).toBeGreaterThan(50);
    expect(tally.conflicts).toBeGreaterThan(0);
  }, 300_000);
});
