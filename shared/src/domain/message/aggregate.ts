import {
  defineAggregate,
  mustNotExist,
  type CommandsOf,
  type EventsOf,
} from '../../kernel/aggregate';
import { DomainError } from '../../kernel/errors';
import { everyone } from '../../kernel/roles';
import {
  markMessageReadPayload,
  messageReadableBy,
  requireMessage,
  requireRecipient,
  sendMessagePayload,
} from './commands';
import { initialMessageState, messageReadSchema, messageSentSchema } from './events';
import { refusal } from '../../refusals';
import { issueAt } from '../../kernel/validate';

/**
 * A message between staff: each is an aggregate of its own, written once and then only
 * read. Its body is for its sender and recipients alone (`private`): everyone else's
 * devices pull it without the body. Read marks are per reader, so several recipients of
 * a message to a role mark it read without colliding (rebase).
 */
export const messageAggregate = defineAggregate('message', 'rebase', initialMessageState).with({
  events: {
    MessageSent: {
      schema: messageSentSchema,
      evolve: (state, { from_user_id, recipient, body, sent_at }) => ({
        ...state,
        exists: true,
        from_user_id,
        recipient,
        body,
        sent_at,
      }),
      private: { fields: ['body'], readableBy: messageReadableBy },
    },
    MessageRead: {
      schema: messageReadSchema,
      evolve: (state, { reader_id, read_at }) => ({
        ...state,
        read_by: { ...state.read_by, [reader_id]: read_at },
      }),
    },
  },
  commands: {
    // Any active staff member may write to anyone (the server refuses a deactivated account).
    SendMessage: {
      payload: sendMessagePayload,
      label: 'Message',
      creates: true,
      issuedBy: everyone,
      requires: mustNotExist(refusal('message.alreadySent')),
      decide({ recipient, body }, _state, context) {
        if (recipient.kind === 'person' && recipient.user_id === context.actor.user_id) {
          const said = refusal('message.notYourself');
          throw new DomainError('validation', said, {
            issues: [issueAt('recipient', said)],
          });
        }
        return [
          {
            type: 'MessageSent',
            data: {
              from_user_id: context.actor.user_id,
              recipient,
              body,
              sent_at: context.issued_at,
            },
          },
        ];
      },
    },
    MarkMessageRead: {
      payload: markMessageReadPayload,
      label: 'Read mark',
      issuedBy: everyone,
      requires(state, context) {
        requireMessage(state);
        requireRecipient(state.recipient, context);
      },
      decide(_payload, state, context) {
        if (state.read_by[context.actor.user_id]) return [];
        return [
          {
            type: 'MessageRead',
            data: { reader_id: context.actor.user_id, read_at: context.issued_at },
          },
        ];
      },
    },
  },
});

export type MessageEvent = EventsOf<typeof messageAggregate>;
export type MessageCommand = CommandsOf<typeof messageAggregate>;
