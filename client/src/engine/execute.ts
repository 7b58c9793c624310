import {
  currentSchemaVersion,
  decideCommand,
  foldEvents,
  knownZone,
  uuidv7,
  type AggregateType,
  rolesOf,
  type Actor as SharedActor,
  type Role,
} from '@mymedic/shared';
import type { Issuer, LocalDatabase, PendingCommand } from './db';
import { readMeta, writeMeta } from './db';
import { appendPending, inWriteTransaction, localStream, pendingEvents } from './local-log';
import { writeProjection } from './projections';

export interface Actor {
  hospitalId: string;
  userId: string;
  /** Every role the person holds: screens and decisions allow what any of them may. */
  roles: Role[];
}

/** Who a pending command is decided as: its issuer when kept, else the device's person. */
export const issuerOf = (command: { issued_by?: Issuer | undefined }, actor: Actor): SharedActor =>
  command.issued_by
    ? { user_id: command.issued_by.user_id, roles: rolesOf(command.issued_by) }
    : { user_id: actor.userId, roles: actor.roles };

/** The clinic's time zone as this device knows it, for the decider's rules about days. */
export async function clinicTimeZone(db: LocalDatabase, actor: Actor): Promise<string> {
  return knownZone((await db.organisation.get(actor.hospitalId))?.settings.timezone);
}

export interface CommandInput {
  type: string;
  aggregate_type: AggregateType;
  aggregate_id: string;
  payload: Record<string, unknown>;
}

/**
 * Decides a command on this device's current state and, in ONE transaction, appends its
 * events as pending, queues it for the server and updates the projections. The network
 * is never on this path. Throws the decider's DomainError for a refused command; returns
 * null for one that changes nothing.
 */
export async function execute(
  db: LocalDatabase,
  actor: Actor,
  input: CommandInput,
  now = new Date(),
) {
  return inWriteTransaction(db, async () => {
    const stream = await localStream(db, input.aggregate_id);
    const issuedAt = now.toISOString();
    const events = decideCommand(input, foldEvents(input.aggregate_type, stream), {
      hospital_id: actor.hospitalId,
      aggregate_id: input.aggregate_id,
      actor: { user_id: actor.userId, roles: actor.roles },
      issued_at: issuedAt,
      time_zone: await clinicTimeZone(db, actor),
    });
    // A command that changes nothing (the field already holds the value) is not sent:
    // the server would store nothing, and nothing would ever confirm it.
    if (events.length === 0) return null;
    const clientSeq = (await readMeta(db, 'client_seq', 0)) + 1;
    const command: PendingCommand = {
      command_id: uuidv7(now.getTime()),
      client_seq: clientSeq,
      ...input,
      // Pending commands before this one are pushed first, in client_seq order, so the
      // server sees this one on top of them (or rebases it if others came between).
      expected_version: stream.length,
      issued_at: issuedAt,
      events: events.map((event, index) => ({
        event_id: uuidv7(now.getTime()),
        type: event.type,
        schema_version: currentSchemaVersion(event.type),
        version: stream.length + 1 + index,
        data: event.data,
      })),
      acknowledged: 0,
      issued_by: { user_id: actor.userId, roles: actor.roles },
    };
    await writeMeta(db, 'client_seq', clientSeq);
    await appendPending(db, command);
    await writeProjection(db, input.aggregate_type, input.aggregate_id, [
      ...stream,
      ...pendingEvents(command),
    ]);
    return command;
  });
}

type Commands = CommandInput | CommandInput[];

/**
 * What a screen asks for: the commands, or a function of the local log that makes them
 * inside the same write transaction (the next MRN, so two registrations issued together
 * never take the same number, and a refused one takes none).
 */
export type CommandRequest = Commands | ((db: LocalDatabase) => Promise<Commands>);

/**
 * Executes a request's commands all in one write transaction: all of them are on the
 * device or, when the decider refuses one, none (its DomainError is thrown).
 */
export function issue(db: LocalDatabase, actor: Actor, request: CommandRequest) {
  return inWriteTransaction(db, async () => {
    const commands = typeof request === 'function' ? await request(db) : request;
    const issued: PendingCommand[] = [];
    for (const command of Array.isArray(commands) ? commands : [commands]) {
      const executed = await execute(db, actor, command);
      if (executed) issued.push(executed);
    }
    return issued;
  });
}
