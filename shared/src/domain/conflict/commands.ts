import type { z } from 'zod';
import type { CommandContext, CommandDefinition, Decider } from '../../kernel/decider';
import { DomainError } from '../../kernel/errors';
import { parseOrThrow } from '../../kernel/validate';
import {
  conflictResolvedSchema,
  evolveConflict,
  initialConflictState,
  type ConflictEvent,
  type ConflictState,
} from './events';

export const recordConflictResolutionPayload = conflictResolvedSchema.omit({
  resolved_by: true,
  resolved_at: true,
});

export type ConflictCommand = {
  type: 'RecordConflictResolution';
  payload: z.input<typeof recordConflictResolutionPayload>;
};

/** The person and the time come from the command, not from the device's say-so. */
export function recordConflictResolution(
  payload: unknown,
  state: ConflictState,
  context: CommandContext,
): ConflictEvent[] {
  if (state.resolution) {
    throw new DomainError('illegal_state', 'This conflict is already resolved');
  }
  const resolution = parseOrThrow(recordConflictResolutionPayload, payload, 'Resolution');
  if (
    (resolution.choice === 'redo' || resolution.choice === 'merge') &&
    resolution.follow_up_command_id === null
  ) {
    throw new DomainError('validation', 'A redo or a merge names the command that carried it out', {
      issues: [{ path: 'follow_up_command_id', message: 'Name the command that carried it out' }],
    });
  }
  return [
    {
      type: 'ConflictResolved',
      data: { ...resolution, resolved_by: context.actor.user_id, resolved_at: context.issued_at },
    },
  ];
}

export const conflictDecider: Decider<ConflictState, ConflictCommand, ConflictEvent> = {
  aggregateType: 'conflict',
  policy: 'append',
  initialState: initialConflictState,
  evolve: evolveConflict,
  decide(command, state, context) {
    switch (command.type) {
      case 'RecordConflictResolution':
        return recordConflictResolution(command.payload, state, context);
      default: {
        const unknown: never = command.type;
        throw new DomainError('validation', `Unknown command ${String(unknown)}`);
      }
    }
  },
};

export const conflictCommandDefinitions: CommandDefinition[] = [
  {
    type: 'RecordConflictResolution',
    aggregateType: 'conflict',
    payload: recordConflictResolutionPayload,
    creates: true,
  },
];
