import {
  currentSchemaVersion,
  decideCommand,
  getDecider,
  uuidv7,
  type EventEnvelope,
  type Role,
} from '@mymedic/shared';
import { LocalDatabase, type LocalEvent, type PatientRow } from '../../client/src/engine/db';
import type { Actor } from '../../client/src/engine/execute';
import { projectRow } from '../../client/src/engine/projections';
import { storedEvent, streamRow, type StreamRow } from '../../client/src/engine/streams';
import { patientName } from './names';

/** A clinic's patient, as registered at the front desk; the names come from names.ts. */
export function registration(index: number) {
  return {
    mrn: `B-${String(index + 1).padStart(7, '0')}`,
    full_name: patientName(index),
    date_of_birth: `19${50 + (index % 50)}-0${1 + (index % 9)}-1${index % 10}`,
    gender: index % 2 ? 'male' : 'female',
    phone: `+254 7${String(10_000_000 + index).slice(-8)}`,
  };
}

export interface BenchActor {
  hospitalId: string;
  userId: string;
  roles: Role[];
}

/**
 * A device that already holds `count` patients, each with its confirmed registration
 * and its projection row as the engine's own projector makes it. Written in bulk,
 * since how they got there is not what is measured.
 */
export async function deviceWithPatients(actor: Actor, count: number) {
  const db = new LocalDatabase(`bench-patients-${uuidv7()}`);
  const storedAt = new Date().toISOString();
  const chunk = 2000;
  for (let start = 0; start < count; start += chunk) {
    const streams: StreamRow[] = [];
    const rows: PatientRow[] = [];
    for (let index = start; index < Math.min(count, start + chunk); index += 1) {
      const patientId = uuidv7();
      const [decided] = decideCommand(
        { type: 'RegisterPatient', aggregate_type: 'patient', payload: registration(index) },
        getDecider('patient').initialState,
        {
          hospital_id: actor.hospitalId,
          aggregate_id: patientId,
          actor: { user_id: actor.userId, roles: actor.roles },
          issued_at: storedAt,
        },
      );
      const envelope: EventEnvelope = {
        event_id: uuidv7(),
        hospital_id: actor.hospitalId,
        aggregate_type: 'patient',
        aggregate_id: patientId,
        version: 1,
        type: decided!.type,
        schema_version: currentSchemaVersion(decided!.type),
        data: decided!.data,
        meta: {
          user_id: actor.userId,
          device_id: 'bench-front-desk',
          command_id: uuidv7(),
          issued_at: storedAt,
        },
        position: index + 1,
        stored_at: storedAt,
      };
      const event: LocalEvent = {
        event_id: envelope.event_id,
        aggregate_type: 'patient',
        aggregate_id: patientId,
        version: 1,
        type: envelope.type,
        schema_version: envelope.schema_version,
        data: envelope.data,
        command_id: envelope.meta.command_id,
        confirmed: 1,
        position: envelope.position,
        meta: envelope.meta,
        stored_at: envelope.stored_at,
      };
      streams.push(streamRow(patientId, 'patient', [storedEvent(event)]));
      rows.push(projectRow('patient', patientId, [event])!.row as PatientRow);
    }
    await db.transaction('rw', db.streams, db.patients, async () => {
      await db.streams.bulkPut(streams);
      await db.patients.bulkPut(rows);
    });
  }
  await db.meta.put({ key: 'cursor', value: count });
  return db;
}
