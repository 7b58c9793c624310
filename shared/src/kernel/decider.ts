import type { Actor } from './roles';

export const aggregateTypes = [
  'hospital',
  'user',
  'patient',
  'appointment',
  'visit',
  'vitals',
  'note',
  'prescription',
  'document',
  'message',
  'conflict',
] as const;
export type AggregateType = (typeof aggregateTypes)[number];

/**
 * How concurrent offline edits of one aggregate are settled (docs/protocol.md, "Push").
 * - strict: any concurrent change is a conflict.
 * - rebase: the command is decided again on the newest state.
 * - field-merge: rebase, where the decider itself compares each field the user saw.
 * - append: every fact is a new aggregate, so devices never collide.
 */
export type ConcurrencyPolicy = 'strict' | 'rebase' | 'field-merge' | 'append';

/** What `decide` may know besides the state: no clock or randomness of its own. */
export interface CommandContext {
  hospital_id: string;
  aggregate_id: string;
  actor: Actor;
  /** The device clock when the command was issued: the only time decide uses. */
  issued_at: string;
  /**
   * The clinic's time zone (the organisation's `timezone`), for rules about the clinic's
   * days. The device and the server both pass it; absent (tests, no organisation yet): UTC.
   */
  time_zone?: string;
}

export interface DomainEvent<Type extends string = string, Data = unknown> {
  type: Type;
  data: Data;
}

export interface DomainCommand<Type extends string = string, Payload = unknown> {
  type: Type;
  payload: Payload;
}

export interface Decider<State, Command extends DomainCommand, Event extends DomainEvent> {
  aggregateType: AggregateType;
  policy: ConcurrencyPolicy;
  initialState: State;
  evolve(state: State, event: Event): State;
  decide(command: Command, state: State, context: CommandContext): Event[];
}
