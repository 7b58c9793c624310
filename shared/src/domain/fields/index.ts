import { z } from 'zod';
import { DomainError } from '../../kernel/errors';
import { sha256HexOfText } from '../../kernel/hash';

export * from './phone';

/** Field schemas shared by several aggregates; messages are written for clinic staff. */
export const uuidField = z.uuid({ message: 'Must be a valid id' });

export const isoDateTime = z.iso.datetime({ offset: true, message: 'Must be a date and time' });

export const isoDate = z.iso.date({ message: 'Must be a date (YYYY-MM-DD)' });

export const requiredText = (label: string, max = 200) =>
  z
    .string({ message: `${label} is required` })
    .trim()
    .min(1, { message: `${label} is required` })
    .max(max, { message: `${label} must be at most ${max} characters` });

export const optionalText = (label: string, max = 200) =>
  z
    .string()
    .trim()
    .max(max, { message: `${label} must be at most ${max} characters` })
    .nullable()
    .transform((value) => (value === '' ? null : value));

/**
 * A phone number as events have always recorded it. Loose on purpose: events stored
 * before numbers were checked must stay readable. A number a person enters is read by
 * `enterPhone` in the clinic's country and recorded in E.164 by the commands that take it.
 */
export const phoneNumber = z
  .string()
  .trim()
  .regex(/^\+?[0-9][0-9 ()-]{5,19}$/, {
    message: 'Phone must be 6 to 20 digits, optionally starting with +',
  });

export const emailAddress = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.email({ message: 'Email address is not valid' }).max(254));

/** An optional link to another aggregate: absent and null both mean "none". */
export const optionalLink = uuidField.nullable().optional().default(null);

/** A SHA-256 digest as 64 hex digits, kept lower-case so equal digests compare equal. */
export const sha256Field = z
  .string({ message: 'A SHA-256 digest is required' })
  .trim()
  .toLowerCase()
  .regex(/^[0-9a-f]{64}$/, { message: 'Must be a SHA-256 digest (64 hex digits)' });

/**
 * Refuses a signature whose digest is not the SHA-256 of the text it claims to sign.
 * Deciders run on the device and on the server, so both refuse a forged or stale digest.
 */
export function requireDigestOf(text: string, digest: string, what: string): void {
  if (sha256HexOfText(text) === digest) return;
  const message = `The signature's digest is not the SHA-256 of ${what}: sign it again`;
  throw new DomainError('validation', message, {
    issues: [{ path: 'content_sha256', message }],
  });
}

/** Milliseconds since the epoch of an ISO date-time already checked by `isoDateTime`. */
export const instant = (isoDateTimeText: string): number => Date.parse(isoDateTimeText);

/**
 * Refuses a time entered by a person that lies after the command was issued, by the
 * same device clock: vitals cannot be taken, nor a patient arrive, in the future.
 */
export function refuseLaterThanIssued(
  at: string,
  issuedAt: string,
  path: string,
  label: string,
): void {
  if (instant(at) <= instant(issuedAt)) return;
  const message = `${label} cannot be later than now`;
  throw new DomainError('validation', message, { issues: [{ path, message }] });
}
