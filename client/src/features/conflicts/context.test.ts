import { uuidv7, type EventEnvelope } from '@mymedic/shared';
import Dexie from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import { LocalDatabase, type ConflictRecord, type PatientRow } from '../../engine/db';
import { appendConfirmed, inWriteTransaction } from '../../engine/local-log';
import { readConflictContext } from './context';

const hospitalId = uuidv7();
const [grace, amara] = [uuidv7(), uuidv7()];

const envelope = (
  aggregateType: EventEnvelope['aggregate_type'],
  aggregateId: string,
  version: number,
  position: number,
  userId: string,
): EventEnvelope => ({
  event_id: uuidv7(),
  hospital_id: hospitalId,
  aggregate_type: aggregateType,
  aggregate_id: aggregateId,
  version,
  type: version === 1 ? 'Registered' : 'Updated',
  schema_version: 1,
  data: {},
  meta: {
    user_id: userId,
    device_id: 'tablet-1',
    command_id: uuidv7(),
    issued_at: `2026-12-01T08:0${position}:00.000Z`,
  },
  position,
  stored_at: `2026-12-01T08:0${position}:30.000Z`,
});

describe("a conflict card's context", () => {
  let db: LocalDatabase | null = null;
  afterEach(async () => {
    db?.close();
    if (db) await Dexie.delete(db.name);
  });

  it('names the later change and the booking holding the slot from the confirmed streams', async () => {
    db = new LocalDatabase(`context-${crypto.randomUUID()}`);
    const [patientId, appointmentId] = [uuidv7(), uuidv7()];
    await db.staff.bulkPut([
      {
        user_id: grace,
        full_name: 'Dr Grace Okello',
        email: 'g@x.example',
        roles: ['doctor'],
        active: 1,
        version: 1,
        pending: 0,
      },
      {
        user_id: amara,
        full_name: 'Amara Okafor',
        email: 'a@x.example',
        roles: ['nurse'],
        active: 1,
        version: 1,
        pending: 0,
      },
    ]);
    await db.patients.put({ patient_id: patientId, full_name: 'Jane Wanjiru' } as PatientRow);
    await inWriteTransaction(db, () =>
      appendConfirmed(db!, [
        envelope('patient', patientId, 1, 1, grace),
        envelope('appointment', appointmentId, 1, 2, grace),
        envelope('patient', patientId, 2, 3, amara),
        envelope('patient', patientId, 3, 4, grace),
      ]),
    );
    const conflict = {
      command_id: uuidv7(),
      command: {
        command_id: uuidv7(),
        type: 'UpdatePatientDetails',
        aggregate_type: 'patient',
        aggregate_id: patientId,
        expected_version: 1,
        payload: {},
        issued_at: '2026-12-01T08:00:00.000Z',
        events: [],
      },
      kind: 'conflict',
      error: {
        code: 'slot_taken',
        message: 'taken',
        details: { clashes_with: { appointment_id: appointmentId, patient_id: patientId } },
      },
      created_at: '2026-12-01T09:00:00.000Z',
      resolution: null,
    } as unknown as ConflictRecord;
    expect(await readConflictContext(db, conflict)).toEqual({
      patientName: 'Jane Wanjiru',
      // The newest confirmed event after version 1, not the first of them.
      otherChange: { by: 'Dr Grace Okello', at: '2026-12-01T08:04:30.000Z' },
      holder: {
        by: 'Dr Grace Okello',
        at: '2026-12-01T08:02:30.000Z',
        patientName: 'Jane Wanjiru',
        doctorName: null,
      },
    });
    const unseen = { ...conflict, command: { ...conflict.command, expected_version: 3 } };
    expect((await readConflictContext(db, unseen)).otherChange).toBeNull();
  });
});
