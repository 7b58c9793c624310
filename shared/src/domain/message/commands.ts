import { z } from 'zod';
import type { CommandContext } from '../../kernel/decider';
import { DomainError } from '../../kernel/errors';
import type { Reader } from '../../kernel/roles';
import { uuidField } from '../fields';
import {
  isRecipient,
  messageBody,
  messageRecipientSchema,
  type MessageRecipient,
  type MessageState,
} from './events';
import { refusal } from '../../refusals';

export const sendMessagePayload = z.object({
  recipient: messageRecipientSchema,
  body: messageBody,
});
export const markMessageReadPayload = z.object({});

/** The sender and recipient of a stored message, read from data that may lack its body. */
const addressing = z.object({ from_user_id: uuidField, recipient: messageRecipientSchema });

/**
 * Whether this person may read a MessageSent's body, given its data as stored (or as
 * pulled without the body): its sender and its recipients only. Data that does not name
 * them is read by nobody.
 */
export function messageReadableBy(data: unknown, reader: Reader): boolean {
  const parsed = addressing.safeParse(data);
  if (!parsed.success) return false;
  return parsed.data.from_user_id === reader.user_id || isRecipient(parsed.data.recipient, reader);
}

export function requireMessage(state: MessageState): asserts state is MessageState & {
  recipient: MessageRecipient;
} {
  if (!state.exists || !state.recipient)
    throw new DomainError('not_found', refusal('message.notFound'));
}

/** Only a recipient marks a message read, and only for themselves. */
export function requireRecipient(recipient: MessageRecipient, context: CommandContext): void {
  const roles = context.actor.roles.filter((role) => role !== 'system');
  if (!isRecipient(recipient, { user_id: context.actor.user_id, roles })) {
    throw new DomainError('forbidden', refusal('message.onlyRecipientsMarkRead'));
  }
}
