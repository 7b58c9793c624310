import { z } from 'zod';
import { reminderChannels } from '../domain/hospital/reminders';

/** The reminder channels this server can send on (those whose settings it has). */
export const reminderChannelsResponseSchema = z.object({
  available: z.array(z.enum(reminderChannels)),
});
export type ReminderChannelsResponse = z.infer<typeof reminderChannelsResponseSchema>;

/**
 * Meta's subscription handshake on the WhatsApp webhook: answered with the challenge,
 * as plain text, when the verify token is this server's.
 */
export const whatsAppVerificationQuerySchema = z.object({
  'hub.mode': z.string().max(50),
  'hub.verify_token': z.string().max(200),
  'hub.challenge': z.string().max(200),
});
export const whatsAppChallengeSchema = z.string();

/**
 * A WhatsApp Business webhook as Meta sends it, signed over its raw bytes with the app
 * secret (X-Hub-Signature-256). Only its outline is checked here: the server reads the
 * statuses and messages it follows and passes over the rest.
 */
export const whatsAppWebhookSchema = z.looseObject({
  object: z.string().max(100),
  entry: z.array(z.unknown()).max(100),
});

/** What became of a webhook's statuses and replies. */
export const whatsAppWebhookResponseSchema = z.object({
  /** Became events on their appointments. */
  recorded: z.number().int(),
  /** Seen before: a webhook delivered again. */
  replayed: z.number().int(),
  /** Named no message of ours. */
  unknown: z.number().int(),
  /** Replies asking nothing we understand, not ours, or to an appointment no longer open. */
  ignored: z.number().int(),
});
export type WhatsAppWebhookResponse = z.infer<typeof whatsAppWebhookResponseSchema>;
