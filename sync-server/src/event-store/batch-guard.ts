import type { AggregateType, DomainEvent, ErrorBody } from '@mymedic/shared';
import type { Sql } from '../db/database';
import type { CommandToAppend, StreamState } from './decide';

/** A command's refusal, as a value: the store records it and answers it like any other. */
export interface Refusal {
  status: 'conflict' | 'rejected';
  error: ErrorBody;
}

/**
 * A rule over other aggregates than the one a command decides on (a doctor's diary
 * across appointments), checked on the server against the read models in the batch's
 * transaction. Registered beside the projections; the event store knows none of them.
 */
export interface BatchGuard {
  name: string;
  /** The aggregate types whose commands it checks; a batch without one never opens it. */
  watches: ReadonlySet<AggregateType>;
  /** Streams it reads from the batch's loaded streams besides the commands' own. */
  reads?(hospitalId: string, commands: CommandToAppend[]): string[];
  /**
   * Reads what the batch's watched commands need, once, before any is decided (the
   * streams as loaded, for guessing what a command will ask for).
   */
  open(
    sql: Sql,
    hospitalId: string,
    commands: CommandToAppend[],
    streams: ReadonlyMap<string, StreamState>,
  ): Promise<BatchCheck>;
}

/** One batch's check, kept current with the commands it accepts. */
export interface BatchCheck {
  /** The refusal of a watched command's decided events, or null when they pass. */
  refusal(command: CommandToAppend, events: DomainEvent[]): Promise<Refusal | null>;
  /** Takes in an accepted command's events, for the commands after it in the batch. */
  accept(command: CommandToAppend, events: DomainEvent[]): void;
}

/**
 * Opens the guards watching any of the batch's commands, and answers for each decided
 * command the first refusal of the guards watching it; when none refuses, each of them
 * takes its events in.
 */
export async function openGuards(
  guards: readonly BatchGuard[],
  sql: Sql,
  hospitalId: string,
  commands: CommandToAppend[],
  streams: ReadonlyMap<string, StreamState>,
): Promise<(command: CommandToAppend, events: DomainEvent[]) => Promise<Refusal | null>> {
  const opened: { watches: ReadonlySet<AggregateType>; check: BatchCheck }[] = [];
  for (const guard of guards) {
    const watched = commands.filter((command) => guard.watches.has(command.aggregate_type));
    if (watched.length === 0) continue;
    opened.push({
      watches: guard.watches,
      check: await guard.open(sql, hospitalId, watched, streams),
    });
  }
  return async (command, events) => {
    const watching = opened.filter((guard) => guard.watches.has(command.aggregate_type));
    for (const { check } of watching) {
      const refusal = await check.refusal(command, events);
      if (refusal) return refusal;
    }
    for (const { check } of watching) check.accept(command, events);
    return null;
  };
}
