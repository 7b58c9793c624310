import {
  aggregateTypes,
  refusal,
  type AggregateType,
  type DomainEvent,
  type HospitalState,
  type RefusalKey,
} from '@mymedic/shared';
import { uuidArray, type Sql } from '../db/database';
import type { BatchCheck, BatchGuard, Refusal } from '../event-store/batch-guard';
import type { CommandToAppend } from '../event-store/decide';

/**
 * The fields of a decided event that name another record of the same organisation, and
 * the kind of record each must be. The sender of a message and a note's author are the
 * person deciding, set by the decider, so they are not here. A location is part of the
 * organisation's own record (its `locations`), checked against it.
 */
const linksOf: Partial<Record<string, Record<string, AggregateType>>> = {
  AppointmentScheduled: { patient_id: 'patient', doctor_id: 'user' },
  AppointmentRescheduled: { doctor_id: 'user' },
  AppointmentCheckedIn: { visit_id: 'visit' },
  AppointmentCompleted: { visit_id: 'visit' },
  VisitCheckedIn: { patient_id: 'patient', appointment_id: 'appointment', doctor_id: 'user' },
  ConsultationStarted: { doctor_id: 'user' },
  VitalsRecorded: { patient_id: 'patient', visit_id: 'visit' },
  NoteDrafted: { patient_id: 'patient', visit_id: 'visit' },
  PrescriptionIssued: { patient_id: 'patient', visit_id: 'visit' },
  DocumentAttached: { patient_id: 'patient', visit_id: 'visit' },
};

/** The events that name one of the organisation's locations (part of its own record). */
const namesLocation = new Set(['AppointmentScheduled', 'AppointmentRescheduled', 'VisitCheckedIn']);

/** A command that may name a location: its organisation's record is read for it. */
const mayNameLocation = (command: CommandToAppend) =>
  typeof (command.payload as { location_id?: unknown } | null)?.location_id === 'string';

/** Each record an event names: the field, the id and the kind it must be. */
function namedIn(event: DomainEvent): { field: string; id: string; type: AggregateType }[] {
  const data = event.data as Record<string, unknown>;
  const named = Object.entries(linksOf[event.type] ?? {}).flatMap(([field, type]) =>
    typeof data[field] === 'string' ? [{ field, id: data[field], type }] : [],
  );
  const recipient = data.recipient as { kind?: string; user_id?: unknown } | undefined;
  if (event.type === 'MessageSent' && typeof recipient?.user_id === 'string')
    named.push({ field: 'recipient.user_id', id: recipient.user_id, type: 'user' });
  return named;
}

/** The ids a command's payload holds, guessed before it is decided: read in one query. */
function idsIn(value: unknown, found: Set<string>, depth = 0) {
  if (typeof value === 'string') {
    if (/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(value))
      found.add(value);
  } else if (value && typeof value === 'object' && depth < 2) {
    for (const inner of Object.values(value)) idsIn(inner, found, depth + 1);
  }
}

/** The kinds of record whose commands may name others (the rest name only themselves). */
const linkTypes = new Set<AggregateType>(
  aggregateTypes.filter((type) => !['hospital', 'user', 'patient', 'conflict'].includes(type)),
);

const unknownLink = (field: string, id: string, type: AggregateType): Refusal => {
  const record: RefusalKey = `record.${type}`;
  return {
    status: 'rejected',
    error: {
      code: 'not_found',
      ...refusal('kernel.unknownLink', { record: { key: record } }),
      details: { field, id },
    },
  };
};

const unknownLocation = (id: string): Refusal => ({
  status: 'rejected',
  error: {
    code: 'not_found',
    ...refusal('kernel.unknownLocation'),
    details: { field: 'location_id', id },
  },
});

async function kindsOf(sql: Sql, hospitalId: string, ids: Iterable<string>) {
  const { rows } = await sql.query<{ aggregate_id: string; aggregate_type: AggregateType }>(
    `SELECT aggregate_id, aggregate_type FROM streams
      WHERE hospital_id = $1 AND aggregate_id = ANY($2::uuid[])`,
    [hospitalId, uuidArray(ids)],
  );
  return rows.map((row) => [row.aggregate_id, row.aggregate_type] as const);
}

/**
 * A record may name only records of its own organisation that exist: a booking for a
 * patient or with a doctor of another organisation, or for an id nobody registered, is
 * refused and stores nothing. A tablet names only what it holds, and its outbox pushes
 * in order, so a record it made is on the server before anything that names it; within
 * one batch, a record any of its commands addresses counts, whatever the order (a
 * check-in marks the appointment and opens the visit together).
 */
export const linksGuard: BatchGuard = {
  name: 'links',
  // Every type, so that the batch's own records are known; a batch with no command that
  // names another record (a day of registrations) reads nothing.
  watches: new Set<AggregateType>(aggregateTypes),
  reads: (hospitalId, commands) => (commands.some(mayNameLocation) ? [hospitalId] : []),
  async open(sql, hospitalId, commands, streams): Promise<BatchCheck> {
    const organisation = streams.get(hospitalId);
    const locations = new Set(
      organisation?.aggregateType === 'hospital'
        ? (organisation.state as HospitalState).locations.map((place) => place.location_id)
        : [],
    );
    const known = new Map<string, AggregateType>(
      commands.map((command) => [command.aggregate_id, command.aggregate_type]),
    );
    const wanted = new Set<string>();
    for (const command of commands)
      if (linkTypes.has(command.aggregate_type)) idsIn(command.payload, wanted);
    for (const id of known.keys()) wanted.delete(id);
    if (wanted.size > 0)
      for (const [id, type] of await kindsOf(sql, hospitalId, wanted)) known.set(id, type);
    const checked = new Set(wanted);
    return {
      async refusal(command, events) {
        // What the record named before (the streams as the batch has them so far): a
        // change that keeps a link (a move with the same doctor and place) names nothing
        // anew, so a record stored before this rule is never refused for its old links.
        const held = (streams.get(command.aggregate_id)?.state ?? {}) as Record<string, unknown>;
        for (const event of events) {
          const location = (event.data as { location_id?: unknown }).location_id;
          const newPlace = typeof location === 'string' && location !== held.location_id;
          if (namesLocation.has(event.type) && newPlace && !locations.has(location))
            return unknownLocation(location);
          for (const { field, id, type } of namedIn(event)) {
            if (held[field] === id) continue;
            if (!known.has(id) && !checked.has(id)) {
              checked.add(id);
              for (const [found, kind] of await kindsOf(sql, hospitalId, [id]))
                known.set(found, kind);
            }
            if (known.get(id) !== type) return unknownLink(field, id, type);
          }
        }
        return null;
      },
      accept(_command, events) {
        for (const event of events)
          if (event.type === 'LocationAdded')
            locations.add((event.data as { location_id: string }).location_id);
      },
    };
  },
};
