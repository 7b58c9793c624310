import {
  currentSchemaVersion,
  decideCommand,
  evolveState,
  getCommandDefinition,
  getDecider,
  isDomainError,
  refusal,
  refusalBody,
  jsonEqual,
  type Actor,
  type AggregateType,
  type DomainEvent,
  type ErrorBody,
  type PushedCommand,
  type RefusalKey,
} from '@mymedic/shared';

/** What the server knows of one aggregate while it works through a batch. */
export interface StreamState {
  aggregateType: AggregateType;
  version: number;
  state: unknown;
  /** The version of the snapshot it was folded from; 0 when from its first event. */
  snapshotVersion?: number;
}

/** A command as the append path takes it; server-originated commands carry no events. */
export type CommandToAppend = Omit<PushedCommand, 'events'> & { events?: PushedCommand['events'] };

export type Decision =
  | {
      status: 'accepted' | 'rebased';
      events: DomainEvent[];
      eventIds: string[] | null;
      firstVersion: number;
    }
  | { status: 'conflict' | 'rejected'; error: ErrorBody };

const rejected = (code: string, message: string, details?: unknown): Decision => ({
  status: 'rejected',
  error: { code, message, ...(details === undefined ? {} : { details }) },
});

const fromDomainError = (status: 'conflict' | 'rejected', error: unknown): Decision => {
  if (!isDomainError(error)) throw error;
  return { status, error: refusalBody(error) };
};

/**
 * Decides one command on the server's own state, following its aggregate's policy
 * (docs/protocol.md). Pure: the caller owns loading and storing.
 */
export function decideOnServer(
  command: CommandToAppend,
  stream: StreamState | undefined,
  { actor, hospitalId, timeZone }: { actor: Actor; hospitalId: string; timeZone: string },
): Decision {
  const definition = getCommandDefinition(command.type);
  if (!definition) return rejected('unknown_command', `Unknown command type ${command.type}`);
  if (definition.aggregateType !== command.aggregate_type) {
    return rejected(
      'validation',
      `${command.type} belongs to ${definition.aggregateType}, not ${command.aggregate_type}`,
    );
  }
  if (stream && stream.aggregateType !== command.aggregate_type) {
    return rejected(
      'validation',
      `The aggregate is a ${stream.aggregateType}, not a ${command.aggregate_type}`,
    );
  }
  const decider = getDecider(definition.aggregateType);
  const currentVersion = stream?.version ?? 0;
  const state = stream?.state ?? decider.initialState;
  if (command.expected_version > currentVersion) {
    return rejected(
      'invalid_version',
      `expected_version ${command.expected_version} is ahead of the server (${currentVersion})`,
    );
  }
  if (definition.creates !== (command.expected_version === 0)) {
    return rejected(
      'invalid_version',
      definition.creates
        ? `${command.type} starts a new aggregate`
        : `${command.type} needs an existing aggregate`,
    );
  }
  const context = {
    hospital_id: hospitalId,
    aggregate_id: command.aggregate_id,
    actor,
    issued_at: command.issued_at,
    time_zone: timeZone,
  };
  const behind = command.expected_version < currentVersion;
  if (behind && (decider.policy === 'strict' || decider.policy === 'append')) {
    // The catalog names every kind of record, so TypeScript refuses one it lacks.
    const record: RefusalKey = `record.${command.aggregate_type}`;
    return {
      status: 'conflict',
      error: {
        code: 'conflict',
        ...refusal('kernel.changedElsewhere', { record: { key: record } }),
        details: { expected_version: command.expected_version, current_version: currentVersion },
      },
    };
  }
  let events: DomainEvent[];
  try {
    events = decideCommand(command, state, context);
  } catch (error) {
    if (isDomainError(error) && error.code === 'forbidden')
      return fromDomainError('rejected', error);
    return fromDomainError(
      behind || (isDomainError(error) && error.code === 'conflict') ? 'conflict' : 'rejected',
      error,
    );
  }
  if (behind)
    return { status: 'rebased', events, eventIds: null, firstVersion: currentVersion + 1 };
  if (command.events === undefined)
    return { status: 'accepted', events, eventIds: null, firstVersion: currentVersion + 1 };

  // The device sent what its own decide made: it must be exactly what ours makes.
  const sent = command.events;
  const matches =
    sent.length === events.length &&
    sent.every(
      (event, index) =>
        event.type === events[index]!.type &&
        event.version === currentVersion + 1 + index &&
        event.schema_version === currentSchemaVersion(event.type) &&
        jsonEqual(event.data, events[index]!.data),
    );
  if (!matches) {
    return rejected('events_mismatch', 'The events sent differ from what the command decides', {
      expected: events.map((event, index) => ({ ...event, version: currentVersion + 1 + index })),
    });
  }
  return {
    status: 'accepted',
    events,
    eventIds: sent.map((event) => event.event_id),
    firstVersion: currentVersion + 1,
  };
}

/** The state after a decision's events, for the next command of the same batch. */
export function advance(
  stream: StreamState | undefined,
  aggregateType: AggregateType,
  events: DomainEvent[],
): StreamState {
  const decider = getDecider(aggregateType);
  let state = stream?.state ?? decider.initialState;
  for (const event of events) state = evolveState(aggregateType, state, event);
  return {
    aggregateType,
    version: (stream?.version ?? 0) + events.length,
    state,
    snapshotVersion: stream?.snapshotVersion ?? 0,
  };
}
