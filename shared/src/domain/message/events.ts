import { z } from 'zod';
import { roles, type Reader, type Role } from '../../kernel/roles';
import { isoDateTime, requiredText, uuidField } from '../fields';
import { phrase } from '../../refusals';

/** Whom a message is for: one colleague, or everyone holding a role ("all nurses"). */
export const messageRecipientSchema = z.discriminatedUnion(
  'kind',
  [
    z.object({ kind: z.literal('person'), user_id: uuidField }),
    z.object({
      kind: z.literal('role'),
      role: z.enum(roles, { message: phrase('message.chooseRole') }),
    }),
  ],
  { message: phrase('message.chooseRecipient') },
);
export type MessageRecipient = z.infer<typeof messageRecipientSchema>;

export const messageBody = requiredText('Message', 4000);

/** `from_user_id` is the sender, set by decide: the read rules need it beside the recipient. */
export const messageSentSchema = z.object({
  from_user_id: uuidField,
  recipient: messageRecipientSchema,
  body: messageBody,
  sent_at: isoDateTime,
});
/** One recipient has read the message: each reader marks it once, for themselves. */
export const messageReadSchema = z.object({ reader_id: uuidField, read_at: isoDateTime });

export interface MessageState {
  exists: boolean;
  from_user_id: string | null;
  recipient: MessageRecipient | null;
  /** Null (or absent) when pulled without it: the person syncing was not among its readers. */
  body: string | null;
  sent_at: string | null;
  /** When each recipient read it, by their user id. */
  read_by: Record<string, string>;
}

export const initialMessageState: MessageState = {
  exists: false,
  from_user_id: null,
  recipient: null,
  body: null,
  sent_at: null,
  read_by: {},
};

/** Whether the message is for this person: addressed to them, or to a role they hold. */
export function isRecipient(recipient: MessageRecipient, reader: Reader): boolean {
  return recipient.kind === 'person'
    ? recipient.user_id === reader.user_id
    : reader.roles.includes(recipient.role);
}

/** The words a screen uses for a role as a group of recipients. */
export const roleGroupNames: Record<Role, string> = {
  admin: 'All admins',
  doctor: 'All doctors',
  nurse: 'All nurses',
  receptionist: 'All receptionists',
};
