import type {
  Aggregate,
  CommandDefinition,
  CommandsOf,
  EventDefinition,
  EventsOf,
} from '../kernel/aggregate';
import type {
  AggregateType,
  CommandContext,
  Decider,
  DomainCommand,
  DomainEvent,
} from '../kernel/decider';
import { DomainError } from '../kernel/errors';
import { holdsAnyOf } from '../kernel/roles';
import { appointmentAggregate } from './appointment/aggregate';
import { conflictAggregate } from './conflict/aggregate';
import { documentAggregate } from './document/aggregate';
import { hospitalAggregate } from './hospital/aggregate';
import { messageAggregate } from './message/aggregate';
import { noteAggregate } from './note/aggregate';
import { patientAggregate } from './patient/aggregate';
import { prescriptionAggregate } from './prescription/aggregate';
import { userAggregate } from './user/aggregate';
import { visitAggregate } from './visit/aggregate';
import { vitalsAggregate } from './vitals/aggregate';
import { refusal } from '../refusals';

/**
 * Every aggregate, by its type name: the one list the registry is derived from. Adding
 * an aggregate is one folder and one entry here (its name also goes in `aggregateTypes`,
 * which the wire contract and the conflict aggregate read below this module; the
 * `satisfies` clause names whichever of the two is missing).
 */
const definitions = {
  hospital: hospitalAggregate,
  user: userAggregate,
  patient: patientAggregate,
  appointment: appointmentAggregate,
  visit: visitAggregate,
  vitals: vitalsAggregate,
  conflict: conflictAggregate,
  note: noteAggregate,
  prescription: prescriptionAggregate,
  document: documentAggregate,
  message: messageAggregate,
} satisfies { [Type in AggregateType]: { aggregateType: Type } };

type Definitions = typeof definitions;
/** The folded state of one aggregate type: `StateOf<'patient'>` is `PatientState`. */
export type StateOf<Type extends AggregateType> = Definitions[Type]['initialState'];
/** The events of one aggregate type, a union discriminated by `type`. */
export type EventOf<Type extends AggregateType> = EventsOf<Definitions[Type]>;
/** The commands of one aggregate type, a union discriminated by `type`. */
export type CommandOf<Type extends AggregateType> = CommandsOf<Definitions[Type]>;
/** Every event of every aggregate. */
export type AnyEvent = EventOf<AggregateType>;
/** Every command of every aggregate. */
export type AnyCommand = CommandOf<AggregateType>;

/** The same list, typed so that `aggregates[type]` keeps its state and events for a generic type. */
const aggregates: {
  [Type in AggregateType]: Aggregate<Type, StateOf<Type>, EventOf<Type>, CommandOf<Type>>;
} = definitions;

const allAggregates =
  Object.values<Aggregate<AggregateType, unknown, AnyEvent, AnyCommand>>(aggregates);
const eventDefinitions = new Map<string, EventDefinition<unknown, AnyEvent>>(
  allAggregates.flatMap((aggregate) => [...aggregate.events]),
);
const commandDefinitions = new Map<string, CommandDefinition<unknown, AnyEvent>>(
  allAggregates.flatMap((aggregate) => [...aggregate.commands]),
);

export const getCommandDefinition = (type: string) => commandDefinitions.get(type);
export const getEventDefinition = (type: string) => eventDefinitions.get(type);
export const knownCommandTypes = () => [...commandDefinitions.keys()];

/** The typed definition of one aggregate type. */
export function getAggregate<Type extends AggregateType>(type: Type) {
  const aggregate = aggregates[type];
  if (!aggregate) throw new DomainError('validation', refusal('kernel.unknownAggregate', { type }));
  return aggregate;
}

/** The decider of one aggregate type, for callers that hold its state untyped. */
export function getDecider(
  aggregateType: AggregateType,
): Decider<unknown, DomainCommand, DomainEvent> {
  return getAggregate(aggregateType);
}

/** The schema_version new events of this type are written with. */
export function currentSchemaVersion(type: string): number {
  const definition = eventDefinitions.get(type);
  if (!definition) throw new DomainError('validation', refusal('kernel.unknownEvent', { type }));
  return definition.versions.length;
}

/** Any stored event, lifted to the newest version of its payload and checked. */
export function upcastEvent(type: string, schemaVersion: number, data: unknown): AnyEvent;
/** The same against other definitions (a test of upcasting itself). */
export function upcastEvent(
  type: string,
  schemaVersion: number,
  data: unknown,
  definitions: ReadonlyMap<string, EventDefinition>,
): DomainEvent;
export function upcastEvent(
  type: string,
  schemaVersion: number,
  data: unknown,
  definitions: ReadonlyMap<string, EventDefinition> = eventDefinitions,
): DomainEvent {
  const definition = definitions.get(type);
  if (!definition) throw new DomainError('validation', refusal('kernel.unknownEvent', { type }));
  return definition.upcast(schemaVersion, data);
}

export interface StoredEventLike {
  type: string;
  schema_version: number;
  data: unknown;
  /** Pulled without its clinical content (read rules): set by the server, truthy. */
  redacted?: unknown;
}

/**
 * A stored event of one aggregate type, lifted and checked, as that aggregate's event
 * union; an event of another aggregate is refused.
 */
export function upcastEventOf<Type extends AggregateType>(
  aggregateType: Type,
  event: StoredEventLike,
): EventOf<Type> {
  return getAggregate(aggregateType).upcast(event.type, event.schema_version, event.data);
}

/**
 * The state of one aggregate from its events in version order, from its initial state
 * or from a state already folded (a snapshot) that the events follow.
 */
export function foldEvents<Type extends AggregateType>(
  aggregateType: Type,
  events: Iterable<StoredEventLike>,
  from?: unknown,
): StateOf<Type> {
  const aggregate = getAggregate(aggregateType);
  let state = (from as StateOf<Type> | undefined) ?? aggregate.initialState;
  for (const event of events) {
    const lifted = event.redacted
      ? aggregate.liftRedacted(event.type, event.schema_version, event.data)
      : aggregate.upcast(event.type, event.schema_version, event.data);
    state = aggregate.evolve(state, lifted);
  }
  return state;
}

export interface CommandToDecide {
  type: string;
  aggregate_type: string;
  payload: unknown;
}

/**
 * Decides any command on the state of its aggregate, after checking that the command
 * exists, belongs to that aggregate type and that the actor's role may issue it. Both
 * the device and the server decide through here, so both make the same events.
 */
export function decideCommand(
  command: CommandToDecide,
  state: unknown,
  context: CommandContext,
): AnyEvent[] {
  const definition = commandDefinitions.get(command.type);
  if (!definition)
    throw new DomainError(
      'validation',
      refusal('kernel.unknownCommandType', { type: command.type }),
    );
  if (definition.aggregateType !== command.aggregate_type) {
    throw new DomainError(
      'validation',
      refusal('kernel.commandOfOtherAggregate', {
        type: command.type,
        aggregate: definition.aggregateType,
        given: command.aggregate_type,
      }),
    );
  }
  if (!holdsAnyOf(context.actor.roles, definition.issuedBy)) {
    const held = context.actor.roles.join(' and ');
    throw new DomainError(
      'forbidden',
      held
        ? refusal('kernel.roleMayNot', { roles: held, type: command.type })
        : refusal('kernel.noRoleMayNot', { type: command.type }),
    );
  }
  return definition.decide(command.payload, state, context);
}

export function evolveState(aggregateType: AggregateType, state: unknown, event: DomainEvent) {
  return getDecider(aggregateType).evolve(state, event);
}
