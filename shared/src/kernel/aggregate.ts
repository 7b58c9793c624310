import type { z } from 'zod';
import type {
  AggregateType,
  CommandContext,
  ConcurrencyPolicy,
  Decider,
  DomainCommand,
  DomainEvent,
} from './decider';
import { DomainError } from './errors';
import { refusal, type Refusal } from '../refusals';
import type { Reader, Role } from './roles';
import { parseOrThrow } from './validate';

/**
 * One aggregate is written once, as a definition: each event with its payload schema
 * (and the earlier versions it is lifted from), what it does to the state and which of
 * its fields are clinical; each command with its payload schema, who may issue it and
 * what it decides. The event and command unions, the dispatch and what the registry
 * needs are derived from it (docs/architecture.md, "Defining an aggregate").
 */

/** An earlier version of an event's payload, and how to lift it to the next version. */
export interface EarlierVersion {
  schema: z.ZodType;
  upcast: (data: unknown) => unknown;
}

/** The fields of an event that are clinical content (read rules in permissions.ts). */
export type ClinicalContent<Data> =
  | readonly Extract<keyof Data, string>[]
  /** For events whose data decides it; given the data as stored, checked or not. */
  | ((data: unknown) => readonly Extract<keyof Data, string>[]);

/**
 * Fields of an event that only some people may read, whatever their roles let them read
 * otherwise (a message's body: its sender and recipients). The pull leaves them out for
 * anyone else, as it leaves clinical fields out for the front desk.
 */
export interface PrivateContent<Data> {
  fields: readonly Extract<keyof Data, string>[];
  /** Whether this person may read them, given the data as stored (checked or not, or redacted). */
  readableBy: (data: unknown, reader: Reader) => boolean;
}

export interface EventSpec<State, Schema extends z.ZodType> {
  /** The newest version of the payload: what decide writes and evolve reads. */
  schema: Schema;
  /** The versions before it, oldest first (schema_version 1 first); never removed. */
  earlier?: readonly EarlierVersion[];
  evolve: (state: State, data: z.output<Schema>) => State;
  /** Absent when nothing in the event is clinical. */
  clinical?: ClinicalContent<z.output<Schema>>;
  /** Absent when whoever may read the event's kind of record may read all of it. */
  private?: PrivateContent<z.output<Schema>>;
}

export interface CommandSpec<State, Schema extends z.ZodType, Event> {
  payload: Schema;
  /** How refusals of the payload name it: "Consent: scope: Scope is required". */
  label: string;
  /** True when the command starts a new aggregate (expected_version must be 0). */
  creates?: boolean;
  /** The roles that may issue it (any one suffices); empty when only the server does. */
  issuedBy: readonly Role[];
  /**
   * The server route that alone issues it, when the command is one step of more than the
   * log holds (an account is its user and its password): a device's push and `POST
   * /commands` refuse it and name the route.
   */
  onlyThrough?: string;
  /**
   * True when the command's rules read the clinic's days (`context.time_zone`). Only
   * such a command is decided with the zone: the server folds the organisation's stream,
   * where the zone is, only for a batch holding one, and a rule reading the zone without
   * saying so here sees UTC on the device as on the server, so its tests show it.
   */
  readsClinicZone?: boolean;
  /**
   * Refusals that depend on the state alone, checked before the payload is read: a
   * command on a missing or closed record is refused as such, whatever its payload.
   */
  requires?: (state: State, context: CommandContext) => void;
  decide: (payload: z.output<Schema>, state: State, context: CommandContext) => Event[];
}

type Schemas = Record<string, z.ZodType>;

/** `{ type, data }` for each event of the map, data as its newest schema outputs it. */
export type EventUnion<Events extends Schemas> = {
  [Type in keyof Events & string]: { type: Type; data: z.output<Events[Type]> };
}[keyof Events & string];

/** `{ type, payload }` for each command of the map, payload as the screens hand it in. */
export type CommandUnion<Commands extends Schemas> = {
  [Type in keyof Commands & string]: { type: Type; payload: z.input<Commands[Type]> };
}[keyof Commands & string];

/** One event type as the registry and the folds use it. */
export interface EventDefinition<State = unknown, Event extends DomainEvent = DomainEvent> {
  type: string;
  aggregateType: AggregateType;
  /** Index 0 is schema_version 1; the last is the version new events are written with. */
  versions: readonly z.ZodType[];
  /** A stored payload of any known version, lifted to the newest and checked. */
  upcast(schemaVersion: number, data: unknown): Event;
  /**
   * A payload pulled without its clinical content: the server checked the whole event
   * when it stored it, and what is left lacks fields its schema requires, so it is
   * lifted through the upcasters as it is. Evolving it leaves the clinical parts empty.
   */
  liftRedacted(schemaVersion: number, data: unknown): Event;
  evolve(state: State, event: Event): State;
  clinicalContentOf(data: unknown): readonly string[];
  /** The fields of this event the reader may not read, whatever their roles (PrivateContent). */
  privateContentOf(data: unknown, reader: Reader): readonly string[];
}

/** One command type as the registry, the permissions and the server use it. */
export interface CommandDefinition<State = unknown, Event extends DomainEvent = DomainEvent> {
  type: string;
  aggregateType: AggregateType;
  payload: z.ZodType;
  creates: boolean;
  issuedBy: readonly Role[];
  /** The route that alone issues it (CommandSpec.onlyThrough); undefined for most. */
  onlyThrough: string | undefined;
  /** Decided with the clinic's time zone (CommandSpec.readsClinicZone). */
  readsClinicZone: boolean;
  /** The state refusals, then the payload checked, then the command's own decide. */
  decide(payload: unknown, state: State, context: CommandContext): Event[];
}

export interface Aggregate<
  Type extends AggregateType,
  State,
  Event extends DomainEvent,
  Command extends DomainCommand,
> extends Decider<State, Command, Event> {
  aggregateType: Type;
  events: ReadonlyMap<string, EventDefinition<State, Event>>;
  commands: ReadonlyMap<string, CommandDefinition<State, Event>>;
  /** A stored event of this aggregate, lifted to its newest version and checked. */
  upcast(type: string, schemaVersion: number, data: unknown): Event;
  liftRedacted(type: string, schemaVersion: number, data: unknown): Event;
}

/** The state refusal of a command that starts an aggregate: it must not exist yet. */
export const mustNotExist =
  (said: Refusal) =>
  (state: { exists: boolean }): void => {
    if (state.exists) throw new DomainError('illegal_state', said);
  };

const noFields: readonly string[] = [];

/**
 * The runtime definition of one event type. `evolve` is absent for definitions that
 * only read (an upcasting test); folding such an event is refused.
 */
export function eventDefinition<State, Type extends string, Schema extends z.ZodType>(
  type: Type,
  aggregateType: AggregateType,
  spec: Omit<EventSpec<State, Schema>, 'evolve'> &
    Partial<Pick<EventSpec<State, Schema>, 'evolve'>>,
): EventDefinition<State, { type: Type; data: z.output<Schema> }> {
  const earlier = spec.earlier ?? [];
  const versions = [...earlier.map((version) => version.schema), spec.schema];
  const known = (schemaVersion: number) => {
    if (!Number.isInteger(schemaVersion) || schemaVersion < 1 || schemaVersion > versions.length)
      throw new DomainError(
        'validation',
        refusal('kernel.unknownSchemaVersion', { version: schemaVersion, type }),
      );
  };
  const clinical = spec.clinical;
  return {
    type,
    aggregateType,
    versions,
    upcast(schemaVersion, data) {
      known(schemaVersion);
      let lifted = data;
      for (let version = schemaVersion; version < versions.length; version += 1) {
        const older = earlier[version - 1]!;
        lifted = older.upcast(parseOrThrow(older.schema, lifted, type));
      }
      return { type, data: parseOrThrow(spec.schema, lifted, type) };
    },
    liftRedacted(schemaVersion, data) {
      let lifted = data;
      for (let version = schemaVersion; version < versions.length; version += 1) {
        lifted = earlier[version - 1]?.upcast(lifted) ?? lifted;
      }
      // Unchecked on purpose (see liftRedacted above): the one place an event's data is
      // taken as its type without its schema's say-so.
      return { type, data: lifted as z.output<Schema> };
    },
    evolve(state, event) {
      if (!spec.evolve) throw new Error(`${type} has no evolve step`);
      return spec.evolve(state, event.data);
    },
    clinicalContentOf:
      clinical === undefined
        ? () => noFields
        : typeof clinical === 'function'
          ? clinical
          : () => clinical,
    privateContentOf: (data, reader) =>
      spec.private === undefined || spec.private.readableBy(data, reader)
        ? noFields
        : spec.private.fields,
  };
}

/** The context without the clinic's zone, for a command that does not declare it reads it. */
function withoutZone(context: CommandContext): CommandContext {
  if (context.time_zone === undefined) return context;
  const { time_zone: _zone, ...rest } = context;
  return rest;
}

function commandDefinition<State, Schema extends z.ZodType, Event extends DomainEvent>(
  type: string,
  aggregateType: AggregateType,
  spec: CommandSpec<State, Schema, Event>,
): CommandDefinition<State, Event> {
  return {
    type,
    aggregateType,
    payload: spec.payload,
    creates: spec.creates ?? false,
    issuedBy: spec.issuedBy,
    onlyThrough: spec.onlyThrough,
    readsClinicZone: spec.readsClinicZone ?? false,
    decide(payload, state, given) {
      const context = spec.readsClinicZone ? given : withoutZone(given);
      spec.requires?.(state, context);
      return spec.decide(parseOrThrow(spec.payload, payload, spec.label), state, context);
    },
  };
}

/**
 * Defines an aggregate: its type name, how concurrent edits are settled (docs/protocol.md,
 * "Push") and its initial state, then `.with` its events and commands. The state type is fixed first so that
 * each evolve step is checked against it rather than guessed from what it returns.
 * Dispatch is a lookup by type in the definition, never a switch written by hand.
 */
export function defineAggregate<Type extends AggregateType, State>(
  type: Type,
  policy: ConcurrencyPolicy,
  initialState: State,
) {
  const head = { type, policy, initialState };
  return {
    with<Events extends Schemas, Commands extends Schemas>(body: {
      events: { [Name in keyof Events]: EventSpec<State, Events[Name]> };
      commands: {
        [Name in keyof Commands]: CommandSpec<State, Commands[Name], EventUnion<Events>>;
      };
    }): Aggregate<Type, State, EventUnion<Events>, CommandUnion<Commands>> {
      return aggregateFrom(head, body.events, body.commands);
    },
  };
}

function aggregateFrom<
  Type extends AggregateType,
  State,
  Events extends Schemas,
  Commands extends Schemas,
>(
  head: { type: Type; policy: ConcurrencyPolicy; initialState: State },
  eventSpecs: { [Name in keyof Events]: EventSpec<State, Events[Name]> },
  commandSpecs: {
    [Name in keyof Commands]: CommandSpec<State, Commands[Name], EventUnion<Events>>;
  },
): Aggregate<Type, State, EventUnion<Events>, CommandUnion<Commands>> {
  type Event = EventUnion<Events>;
  const events = new Map<string, EventDefinition<State, Event>>();
  for (const name in eventSpecs) {
    events.set(name, eventDefinition(name, head.type, eventSpecs[name]));
  }
  const commands = new Map<string, CommandDefinition<State, Event>>();
  for (const name in commandSpecs) {
    commands.set(name, commandDefinition(name, head.type, commandSpecs[name]));
  }
  const eventOf = (type: string) => {
    const definition = events.get(type);
    if (definition) return definition;
    throw new DomainError(
      'validation',
      refusal('kernel.notAnEventOf', { type, aggregate: head.type }),
    );
  };
  return {
    aggregateType: head.type,
    policy: head.policy,
    initialState: head.initialState,
    events,
    commands,
    evolve: (state, event) => eventOf(event.type).evolve(state, event),
    decide(command, state, context) {
      const definition = commands.get(command.type);
      if (!definition)
        throw new DomainError(
          'validation',
          refusal('kernel.unknownCommand', { type: command.type }),
        );
      return definition.decide(command.payload, state, context);
    },
    upcast: (type, schemaVersion, data) => eventOf(type).upcast(schemaVersion, data),
    liftRedacted: (type, schemaVersion, data) => eventOf(type).liftRedacted(schemaVersion, data),
  };
}

/** The event union of a defined aggregate: `EventsOf<typeof patientAggregate>`. */
export type EventsOf<Definition> =
  Definition extends Aggregate<infer _Type, infer _State, infer Event, infer _Command>
    ? Event
    : never;
/** The command union of a defined aggregate. */
export type CommandsOf<Definition> =
  Definition extends Aggregate<infer _Type, infer _State, infer _Event, infer Command>
    ? Command
    : never;
