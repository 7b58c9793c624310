import { createHmac, randomInt, timingSafeEqual } from 'node:crypto';
import {
  emailAddress,
  phoneSearchDigits,
  portalCodeDigits,
  type CountryCode,
} from '@mymedic/shared';

/** What someone typed to sign in with, understood. */
export type TypedContact =
  | {
      kind: 'email';
      /** What the per-contact limit counts: the address in lower case. */
      key: string;
      address: string;
    }
  | {
      kind: 'phone';
      /** The national number, read in the clinic's country: a trunk 0 or a country code
       * written or left out makes no difference, as in the patient search. */
      key: string;
      digits: string;
    };

/**
 * A phone number in any common format (7 to 15 digits, separators between them), read in
 * the clinic's country, or an email address; null for anything else.
 */
export function understandContact(typed: string, country: CountryCode | null): TypedContact | null {
  const text = typed.trim();
  if (text.includes('@')) {
    const email = emailAddress.safeParse(text);
    return email.success ? { kind: 'email', key: email.data, address: email.data } : null;
  }
  if (!/^\+?[0-9 ().-]+$/.test(text)) return null;
  const digits = text.replace(/\D/g, '');
  if (digits.length < 7 || digits.length > 15) return null;
  return { kind: 'phone', key: phoneSearchDigits(text, country) ?? digits, digits };
}

/** A fresh code: 6 random digits, leading zeros kept. */
export const newCode = () =>
  String(randomInt(0, 10 ** portalCodeDigits)).padStart(portalCodeDigits, '0');

/**
 * The code as stored: keyed with the server's secret and bound to its challenge, so a
 * copy of the table does not give the million possible codes' hashes away.
 */
export const hashCode = (secret: string, challengeId: string, code: string) =>
  createHmac('sha256', secret).update(`${challengeId}:${code}`).digest('base64url');

export function codeMatches(secret: string, challengeId: string, code: string, stored: string) {
  const given = Buffer.from(hashCode(secret, challengeId, code));
  const expected = Buffer.from(stored);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** Where a code went, as the person is told: "•••• 4567", "w•••@example.com". */
export function maskedContact(contact: TypedContact): string {
  if (contact.kind === 'phone') return `•••• ${contact.digits.slice(-4)}`;
  const [local, domain] = contact.address.split('@') as [string, string];
  return `${local.slice(0, 1)}•••@${domain}`;
}
