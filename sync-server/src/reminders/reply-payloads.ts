import { createHmac, timingSafeEqual } from 'node:crypto';

/** What a patient's tap on a reminder's button asks for. */
export type ReplyKind = 'confirm' | 'cancel';

/** The reminder template's quick-reply buttons, in order: Confirm first, Cancel second. */
export const replyButtons: readonly ReplyKind[] = ['confirm', 'cancel'];

/**
 * The key of the buttons' signatures: derived from the app secret, so that a payload
 * signed here can never be mistaken for a webhook signature or the other way round.
 */
const keyOf = (appSecret: string) =>
  createHmac('sha256', appSecret).update('mymedic whatsapp reply buttons').digest();

const signatureOf = (appSecret: string, hospitalId: string, appointmentId: string, kind: string) =>
  createHmac('sha256', keyOf(appSecret))
    .update(`${kind}.${hospitalId}.${appointmentId}`)
    .digest('base64url')
    .slice(0, 22);

/**
 * A button's payload: what it asks, for which appointment, and a signature over both
 * and the organisation (`confirm.<appointment id>.<signature>`, 67 characters). WhatsApp
 * hands it back as it was when the patient taps the button; the signature makes one
 * that was not ours, or that was altered, worth nothing.
 */
export function replyPayload(
  appSecret: string,
  hospitalId: string,
  appointmentId: string,
  kind: ReplyKind,
): string {
  return `${kind}.${appointmentId}.${signatureOf(appSecret, hospitalId, appointmentId, kind)}`;
}

/**
 * What a payload asks, when it is ours and signed for this organisation; else null.
 * The signature is compared in constant time.
 */
export function readReplyPayload(
  appSecret: string,
  hospitalId: string,
  payload: string,
): { kind: ReplyKind; appointmentId: string } | null {
  const match = /^(confirm|cancel)\.([0-9a-f-]{36})\.([\w-]{22})$/.exec(payload);
  if (!match) return null;
  const [, kind, appointmentId, signature] = match as unknown as [
    string,
    ReplyKind,
    string,
    string,
  ];
  const expected = Buffer.from(signatureOf(appSecret, hospitalId, appointmentId, kind));
  const given = Buffer.from(signature);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  return { kind, appointmentId };
}

/**
 * What a typed reply means, when it is one of the answers the template suggests:
 * YES/1 to confirm, NO/2 to cancel (a few spellings, any case); else null.
 */
export function readTypedReply(text: string): ReplyKind | null {
  const word = text
    .trim()
    .toLowerCase()
    .replace(/[.!\s]+$/, '');
  if (['yes', 'y', '1', 'confirm', 'ndiyo', 'ndio'].includes(word)) return 'confirm';
  if (['no', 'n', '2', 'cancel', 'hapana'].includes(word)) return 'cancel';
  return null;
}
