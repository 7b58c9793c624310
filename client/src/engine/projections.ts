import { foldEvents, type AggregateType, type PatientState } from '@mymedic/shared';
import type { LocalDatabase, LocalEvent, PatientRow } from './db';

/**
 * The events of one aggregate as this device sees it: the confirmed ones in version
 * order, then the pending ones (already in client_seq order by version).
 */
export async function localStream(db: LocalDatabase, aggregateId: string): Promise<LocalEvent[]> {
  const events = await db.events
    .where('[aggregate_id+version]')
    .between([aggregateId, 0], [aggregateId, Infinity])
    .toArray();
  const confirmed = events
    .filter((event) => event.confirmed === 1)
    .sort((left, right) => left.version - right.version);
  const pending = events
    .filter((event) => event.confirmed === 0)
    .sort((left, right) => left.version - right.version);
  return [...confirmed, ...pending];
}

export const confirmedVersion = (stream: LocalEvent[]) =>
  stream.filter((event) => event.confirmed === 1).length;

/** One projection per aggregate type: rows derived from the aggregate's state. */
export async function writeProjection(
  db: LocalDatabase,
  aggregateType: AggregateType,
  aggregateId: string,
  stream: LocalEvent[],
  now: string,
) {
  if (aggregateType !== 'patient') return;
  const state = foldEvents('patient', stream) as PatientState;
  if (!state.exists || !state.details || !state.mrn) {
    await db.patients.delete(aggregateId);
    return;
  }
  const row: PatientRow = {
    ...state.details,
    patient_id: aggregateId,
    mrn: state.mrn,
    archived: state.archived ? 1 : 0,
    allergies: state.allergies,
    consents: state.consents,
    version: stream.length,
    pending: stream.some((event) => event.confirmed === 0) ? 1 : 0,
    updated_at: now,
  };
  await db.patients.put(row);
}
