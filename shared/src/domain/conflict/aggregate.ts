import { defineAggregate, type CommandsOf, type EventsOf } from '../../kernel/aggregate';
import { DomainError } from '../../kernel/errors';
import { everyone } from '../../kernel/roles';
import { recordConflictResolutionPayload } from './commands';
import { conflictResolvedSchema, initialConflictState } from './events';
import { refusal } from '../../refusals';
import { issueAt } from '../../kernel/validate';

export const conflictAggregate = defineAggregate('conflict', 'append', initialConflictState).with({
  events: {
    ConflictResolved: {
      schema: conflictResolvedSchema,
      evolve: (state, resolution) => ({ ...state, resolution }),
    },
  },
  commands: {
    // Whoever meets a refused change of their own decides what becomes of it. The person
    // and the time come from the command, not from the device's say-so.
    RecordConflictResolution: {
      payload: recordConflictResolutionPayload,
      label: 'Resolution',
      creates: true,
      issuedBy: everyone,
      requires(state) {
        if (state.resolution) {
          throw new DomainError('illegal_state', refusal('conflict.alreadyResolved'));
        }
      },
      decide(resolution, _state, context) {
        if (
          (resolution.choice === 'redo' || resolution.choice === 'merge') &&
          resolution.follow_up_command_id === null
        ) {
          throw new DomainError('validation', refusal('conflict.followUpNeeded'), {
            issues: [issueAt('follow_up_command_id', refusal('conflict.nameFollowUp'))],
          });
        }
        return [
          {
            type: 'ConflictResolved',
            data: {
              ...resolution,
              resolved_by: context.actor.user_id,
              resolved_at: context.issued_at,
            },
          },
        ];
      },
    },
  },
});

export type ConflictEvent = EventsOf<typeof conflictAggregate>;
export type ConflictCommand = CommandsOf<typeof conflictAggregate>;
