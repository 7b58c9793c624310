import type {
  AggregateType,
  CommandContext,
  CommandDefinition,
  Decider,
  DomainCommand,
  DomainEvent,
  EventDefinition,
} from '../kernel/decider';
import { DomainError } from '../kernel/errors';
import { parseOrThrow } from '../kernel/validate';
import { mayIssue } from '../permissions';
import { hospitalCommandDefinitions, hospitalDecider, hospitalEventDefinitions } from './hospital';
import { patientCommandDefinitions, patientDecider, patientEventDefinitions } from './patient';
import { userCommandDefinitions, userDecider, userEventDefinitions } from './user';
import {
  appointmentCommandDefinitions,
  appointmentDecider,
  appointmentEventDefinitions,
} from './appointment';
import { visitCommandDefinitions, visitDecider, visitEventDefinitions } from './visit';
import { vitalsCommandDefinitions, vitalsDecider, vitalsEventDefinitions } from './vitals';
import { conflictCommandDefinitions, conflictDecider, conflictEventDefinitions } from './conflict';
import { noteCommandDefinitions, noteDecider, noteEventDefinitions } from './note';
import {
  prescriptionCommandDefinitions,
  prescriptionDecider,
  prescriptionEventDefinitions,
} from './prescription';
import { documentCommandDefinitions, documentDecider, documentEventDefinitions } from './document';

type AnyDecider = Decider<unknown, DomainCommand, DomainEvent>;

const deciders: Partial<Record<AggregateType, AnyDecider>> = {
  hospital: hospitalDecider,
  user: userDecider,
  patient: patientDecider,
  appointment: appointmentDecider,
  visit: visitDecider,
  vitals: vitalsDecider,
  conflict: conflictDecider,
  note: noteDecider,
  prescription: prescriptionDecider,
  document: documentDecider,
};

const byType = <T extends { type: string }>(definitions: T[]) =>
  new Map(definitions.map((definition) => [definition.type, definition]));

const eventDefinitions = byType<EventDefinition>([
  ...hospitalEventDefinitions,
  ...userEventDefinitions,
  ...patientEventDefinitions,
  ...appointmentEventDefinitions,
  ...visitEventDefinitions,
  ...vitalsEventDefinitions,
  ...conflictEventDefinitions,
  ...noteEventDefinitions,
  ...prescriptionEventDefinitions,
  ...documentEventDefinitions,
]);
const commandDefinitions = byType<CommandDefinition>([
  ...hospitalCommandDefinitions,
  ...userCommandDefinitions,
  ...patientCommandDefinitions,
  ...appointmentCommandDefinitions,
  ...visitCommandDefinitions,
  ...vitalsCommandDefinitions,
  ...conflictCommandDefinitions,
  ...noteCommandDefinitions,
  ...prescriptionCommandDefinitions,
  ...documentCommandDefinitions,
]);

export const getCommandDefinition = (type: string) => commandDefinitions.get(type);
export const getEventDefinition = (type: string) => eventDefinitions.get(type);
export const knownCommandTypes = () => [...commandDefinitions.keys()];

export function getDecider(aggregateType: AggregateType): AnyDecider {
  const decider = deciders[aggregateType];
  if (!decider) throw new DomainError('validation', `Unknown aggregate type ${aggregateType}`);
  return decider;
}

/** The schema_version new events of this type are written with. */
export function currentSchemaVersion(type: string): number {
  const definition = eventDefinitions.get(type);
  if (!definition) throw new DomainError('validation', `Unknown event type ${type}`);
  return definition.versions.length;
}

/** Any stored event, lifted to the newest version of its payload and checked. */
export function upcastEvent(
  type: string,
  schemaVersion: number,
  data: unknown,
  definitions: ReadonlyMap<string, EventDefinition> = eventDefinitions,
): DomainEvent {
  const definition = definitions.get(type);
  if (!definition) throw new DomainError('validation', `Unknown event type ${type}`);
  if (
    !Number.isInteger(schemaVersion) ||
    schemaVersion < 1 ||
    schemaVersion > definition.versions.length
  ) {
    throw new DomainError('validation', `Unknown schema_version ${schemaVersion} of ${type}`);
  }
  let lifted = parseOrThrow(definition.versions[schemaVersion - 1]!.schema, data, type);
  for (let version = schemaVersion; version < definition.versions.length; version += 1) {
    const upcast = definition.versions[version - 1]!.upcast;
    if (!upcast) throw new Error(`${type} v${version} has no upcaster to v${version + 1}`);
    lifted = parseOrThrow(definition.versions[version]!.schema, upcast(lifted), type);
  }
  return { type, data: lifted };
}

export interface StoredEventLike {
  type: string;
  schema_version: number;
  data: unknown;
  /** Pulled without its clinical content (read rules): set by the server, truthy. */
  redacted?: unknown;
}

/**
 * An event pulled without its clinical content: the server checked the whole event when
 * it stored it, and what is left lacks fields its schema requires, so it is lifted to
 * the newest version as it is. Evolving it leaves the clinical parts of the state empty.
 */
function liftRedacted(type: string, schemaVersion: number, data: unknown): DomainEvent {
  const definition = eventDefinitions.get(type);
  if (!definition) throw new DomainError('validation', `Unknown event type ${type}`);
  let lifted = data;
  for (let version = schemaVersion; version < definition.versions.length; version += 1) {
    lifted = definition.versions[version - 1]!.upcast?.(lifted) ?? lifted;
  }
  return { type, data: lifted };
}

/** The state of one aggregate from its events in version order. */
export function foldEvents(
  aggregateType: AggregateType,
  events: Iterable<StoredEventLike>,
): unknown {
  const decider = getDecider(aggregateType);
  let state = decider.initialState;
  for (const event of events) {
    const lifted = event.redacted
      ? liftRedacted(event.type, event.schema_version, event.data)
      : upcastEvent(event.type, event.schema_version, event.data);
    state = decider.evolve(state, lifted);
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
): DomainEvent[] {
  const definition = commandDefinitions.get(command.type);
  if (!definition) throw new DomainError('validation', `Unknown command type ${command.type}`);
  if (definition.aggregateType !== command.aggregate_type) {
    throw new DomainError(
      'validation',
      `${command.type} is a ${definition.aggregateType} command, not a ${command.aggregate_type} one`,
    );
  }
  if (!mayIssue(context.actor.role, command.type)) {
    throw new DomainError('forbidden', `A ${context.actor.role} may not ${command.type}`);
  }
  const decider = getDecider(definition.aggregateType);
  return decider.decide({ type: command.type, payload: command.payload }, state, context);
}

export function evolveState(
  aggregateType: AggregateType,
  state: unknown,
  event: DomainEvent,
): unknown {
  return getDecider(aggregateType).evolve(state, event);
}
