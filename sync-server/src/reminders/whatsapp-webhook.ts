import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';

/**
 * The subscription handshake: Meta calls the webhook with `hub.mode=subscribe`, the
 * verify token the clinic typed in Meta's dashboard and a challenge to echo. Answers
 * the challenge when the token is ours, else null (then 403).
 */
export function verificationChallenge(
  query: Record<string, unknown>,
  verifyToken: string,
): string | null {
  const mode = query['hub.mode'];
  const token = query['hub.verify_token'];
  const challenge = query['hub.challenge'];
  if (mode !== 'subscribe' || typeof token !== 'string' || typeof challenge !== 'string')
    return null;
  if (!sameText(token, verifyToken) || !/^[\w.-]{1,200}$/.test(challenge)) return null;
  return challenge;
}

/**
 * Whether `X-Hub-Signature-256` is `sha256=` and the HMAC-SHA256 of the body exactly
 * as it arrived, keyed with the app secret. Compared in constant time.
 */
export function signatureIsValid(
  appSecret: string,
  rawBody: Buffer,
  header: string | string[] | undefined,
): boolean {
  if (typeof header !== 'string' || !header.startsWith('sha256=')) return false;
  const expected = createHmac('sha256', appSecret).update(rawBody).digest('hex');
  return sameText(header.slice('sha256='.length).toLowerCase(), expected);
}

function sameText(given: string, expected: string) {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

export type DeliveryStatus = 'sent' | 'delivered' | 'read' | 'failed';

export interface StatusUpdate {
  providerMessageId: string;
  status: DeliveryStatus;
  at: Date;
  /** Why it failed, as WhatsApp says it. */
  error: string | null;
}

/** A patient's answer: a tap on a quick-reply button of our message, or a typed text. */
export interface PatientReply {
  /** The reply's own message id: a webhook delivered twice names it twice. */
  replyId: string;
  /** Our message the button belonged to, or the one a typed reply quotes. */
  inReplyTo: string | null;
  /** The sender's number in international form (+ and digits), when WhatsApp gives it. */
  from: string | null;
  /** A button's payload, as we set it; null for a typed reply. */
  payload: string | null;
  /** A typed reply's text; null for a button. */
  text: string | null;
  at: Date;
}

const epochSeconds = z
  .string()
  .regex(/^\d{1,12}$/)
  .transform((seconds) => new Date(Number(seconds) * 1000));
const messageId = z.string().min(1).max(200);

const statusSchema = z.object({
  id: messageId,
  status: z.string(),
  timestamp: epochSeconds,
  errors: z
    .array(
      z.object({
        code: z.number().optional(),
        title: z.string().optional(),
        message: z.string().optional(),
      }),
    )
    .optional(),
});
const incomingSchema = z.object({
  id: messageId,
  timestamp: epochSeconds,
  type: z.string(),
  from: z
    .string()
    .regex(/^\d{6,15}$/)
    .optional(),
  text: z.object({ body: z.string().max(4096) }).optional(),
  button: z.object({ payload: z.string().max(500) }).optional(),
  interactive: z
    .object({ button_reply: z.object({ id: z.string().max(500) }).optional() })
    .optional(),
  context: z.object({ id: messageId }).optional(),
});
const webhookSchema = z.object({
  object: z.literal('whatsapp_business_account'),
  entry: z
    .array(
      z.object({
        changes: z
          .array(
            z.object({
              field: z.string(),
              value: z.object({
                statuses: z.array(z.unknown()).max(1000).optional(),
                messages: z.array(z.unknown()).max(1000).optional(),
              }),
            }),
          )
          .max(100),
      }),
    )
    .max(100),
});

const knownStatuses = new Set<string>(['sent', 'delivered', 'read', 'failed']);

/**
 * The status changes and patients' replies (buttons and texts) of a webhook body, or
 * null when it is not a WhatsApp Business webhook at all. Entries of kinds we do not
 * use (an image, a status we do not follow) are passed over, and one malformed entry
 * does not hide the rest.
 */
export function readWebhook(
  body: unknown,
): { statuses: StatusUpdate[]; replies: PatientReply[] } | null {
  const parsed = webhookSchema.safeParse(body);
  if (!parsed.success) return null;
  const statuses: StatusUpdate[] = [];
  const replies: PatientReply[] = [];
  for (const entry of parsed.data.entry) {
    for (const change of entry.changes) {
      if (change.field !== 'messages') continue;
      for (const raw of change.value.statuses ?? []) {
        const status = statusSchema.safeParse(raw);
        if (!status.success || !knownStatuses.has(status.data.status)) continue;
        const error = status.data.errors?.[0];
        statuses.push({
          providerMessageId: status.data.id,
          status: status.data.status as DeliveryStatus,
          at: status.data.timestamp,
          error: error ? (error.message ?? error.title ?? `code ${error.code ?? '?'}`) : null,
        });
      }
      for (const raw of change.value.messages ?? []) {
        const message = incomingSchema.safeParse(raw);
        if (!message.success) continue;
        const payload =
          message.data.button?.payload ?? message.data.interactive?.button_reply?.id ?? null;
        const text = message.data.type === 'text' ? (message.data.text?.body ?? null) : null;
        if (payload === null && text === null) continue;
        replies.push({
          replyId: message.data.id,
          inReplyTo: message.data.context?.id ?? null,
          from: message.data.from ? `+${message.data.from}` : null,
          payload,
          text: payload === null ? text : null,
          at: message.data.timestamp,
        });
      }
    }
  }
  return { statuses, replies };
}
