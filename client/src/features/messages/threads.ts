import { isRecipient, roles, type MessageRecipient, type Reader } from '@mymedic/shared';
import type { MessageRow } from '../../engine/db';

/**
 * A conversation as this person sees it: with one colleague (both ways), or the
 * messages to a role ("All nurses") that they hold or wrote to.
 */
export interface Thread {
  /** `person/<user id>` or `role/<role>`: the conversation's address on the screen. */
  key: string;
  /** Whom a reply in this conversation goes to. */
  recipient: MessageRecipient;
  messages: MessageRow[];
  unread: number;
}

export const threadKey = (recipient: MessageRecipient) =>
  recipient.kind === 'person' ? `person/${recipient.user_id}` : `role/${recipient.role}`;

/** The recipient a conversation's key names (the screen's address, the "To" choice). */
export function recipientOfKey(key: string): MessageRecipient | null {
  const [kind, id] = key.split('/');
  if (kind === 'person' && id) return { kind: 'person', user_id: id };
  const role = roles.find((known) => known === id);
  return kind === 'role' && role ? { kind: 'role', role } : null;
}

/** Whom this message's conversation is with, for this person; null when it is not theirs. */
export function counterpartOf(message: MessageRow, reader: Reader): MessageRecipient | null {
  const mine = message.from_user_id === reader.user_id;
  if (message.recipient.kind === 'role') {
    return mine || isRecipient(message.recipient, reader) ? message.recipient : null;
  }
  if (mine) return message.recipient;
  if (message.recipient.user_id === reader.user_id)
    return { kind: 'person', user_id: message.from_user_id };
  return null;
}

/** Written to this person by someone else and not yet marked read by them. */
export const isUnreadBy = (message: MessageRow, reader: Reader) =>
  message.from_user_id !== reader.user_id &&
  isRecipient(message.recipient, reader) &&
  message.read_by[reader.user_id] === undefined;

/** This person's conversations, the most recent first, each in the order it was written. */
export function threadsOf(messages: MessageRow[], reader: Reader): Thread[] {
  const threads = new Map<string, Thread>();
  const ordered = [...messages].sort((left, right) => left.sent_at.localeCompare(right.sent_at));
  for (const message of ordered) {
    const counterpart = counterpartOf(message, reader);
    if (!counterpart) continue;
    const key = threadKey(counterpart);
    let thread = threads.get(key);
    if (!thread)
      threads.set(key, (thread = { key, recipient: counterpart, messages: [], unread: 0 }));
    thread.messages.push(message);
    if (isUnreadBy(message, reader)) thread.unread += 1;
  }
  return [...threads.values()].sort((left, right) =>
    right.messages.at(-1)!.sent_at.localeCompare(left.messages.at(-1)!.sent_at),
  );
}
