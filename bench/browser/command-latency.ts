import { uuidv7 } from '@mymedic/shared';
import type { PatientRow } from '../../client/src/engine/db';
import { execute, type Actor } from '../../client/src/engine/execute';
import { deviceWithPatients, registration } from './clinic';
import { latencies, timed } from './timing';

/**
 * execute() on a device holding `patients` patients, from the call until its
 * transaction (events, outbox, projection row) has committed: mostly phone corrections
 * of patients picked at random, every fifth a new registration. Peer: a bare Dexie put
 * of the same projection row, taken right after each command on the same database.
 */
export async function measureCommandLatency(actor: Actor, patients: number, commands: number) {
  const db = await deviceWithPatients(actor, patients);
  try {
    const ids: string[] = await db.patients.toCollection().primaryKeys();
    const engine: number[] = [];
    const barePut: number[] = [];
    const warmup = 20;
    for (let index = 0; index < commands + warmup; index += 1) {
      let aggregateId: string;
      let payload: Record<string, unknown>;
      if (index % 5 === 4) {
        aggregateId = uuidv7();
        payload = registration(patients + index);
      } else {
        aggregateId = ids[Math.floor(Math.random() * ids.length)]!;
        const before = await db.patients.get(aggregateId);
        payload = {
          changes: {
            phone: { from: before!.phone, to: `+254 1${String(20_000_000 + index).slice(-8)}` },
          },
        };
      }
      const took = await timed(() =>
        execute(db, actor, {
          type: index % 5 === 4 ? 'RegisterPatient' : 'UpdatePatientDetails',
          aggregate_type: 'patient',
          aggregate_id: aggregateId,
          payload,
        }),
      );
      const row: PatientRow | undefined = await db.patients.get(aggregateId);
      if (!row) throw new Error(`execute() left no projection row for ${aggregateId}`);
      const put = await timed(() => db.patients.put(row));
      if (index >= warmup) {
        engine.push(took);
        barePut.push(put);
      }
    }
    return {
      engine: latencies(engine),
      barePut: latencies(barePut),
      outbox: await db.outbox.count(),
    };
  } finally {
    db.close();
    await db.delete();
  }
}
