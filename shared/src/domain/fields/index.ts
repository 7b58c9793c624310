import { z } from 'zod';
import { DomainError } from '../../kernel/errors';
import { sha256HexOfText } from '../../kernel/hash';
import { fieldNamed, phrase, refusal, type FieldLabel } from '../../refusals';
import { issueAt } from '../../kernel/validate';

export * from './phone';

/** Field schemas shared by several aggregates; messages are written for clinic staff. */
export const uuidField = z.uuid({ message: phrase('field.invalidId') });

export const isoDateTime = z.iso.datetime({ offset: true, message: phrase('field.dateTime') });

export const isoDate = z.iso.date({ message: phrase('field.date') });

export const requiredText = (label: FieldLabel, max = 200) =>
  z
    .string({ message: phrase('field.required', { field: fieldNamed(label) }) })
    .trim()
    .min(1, { message: phrase('field.required', { field: fieldNamed(label) }) })
    .max(max, { message: phrase('field.tooLong', { field: fieldNamed(label), max }) });

export const optionalText = (label: FieldLabel, max = 200) =>
  z
    .string()
    .trim()
    .max(max, { message: phrase('field.tooLong', { field: fieldNamed(label), max }) })
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
    message: phrase('phone.shape'),
  });

export const emailAddress = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.email({ message: phrase('field.emailInvalid') }).max(254));

/** An optional link to another aggregate: absent and null both mean "none". */
export const optionalLink = uuidField.nullable().optional().default(null);

/** A SHA-256 digest as 64 hex digits, kept lower-case so equal digests compare equal. */
export const sha256Field = z
  .string({ message: phrase('field.digestRequired') })
  .trim()
  .toLowerCase()
  .regex(/^[0-9a-f]{64}$/, { message: phrase('field.digest') });

/**
 * Refuses a signature whose digest is not the SHA-256 of the text it claims to sign.
 * Deciders run on the device and on the server, so both refuse a forged or stale digest.
 */
export function requireDigestOf(text: string, digest: string, what: string): void {
  if (sha256HexOfText(text) === digest) return;
  const said = refusal('field.digestMismatch', { what });
  throw new DomainError('validation', said, { issues: [issueAt('content_sha256', said)] });
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
  label: FieldLabel,
): void {
  if (instant(at) <= instant(issuedAt)) return;
  const said = refusal('field.laterThanNow', { field: fieldNamed(label) });
  throw new DomainError('validation', said, { issues: [issueAt(path, said)] });
}
