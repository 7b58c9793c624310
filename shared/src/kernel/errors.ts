import type { Refusal, RefusalKey, RefusalValues } from '../refusals';

/**
 * The one error currency of MyMedic, shared by client and server. `decide` throws a
 * DomainError for every expected refusal; anything else thrown is a bug.
 */
export const domainErrorCodes = [
  'validation',
  'not_found',
  'illegal_state',
  'forbidden',
  'conflict',
] as const;
export type DomainErrorCode = (typeof domainErrorCodes)[number];

/**
 * A refusal carries its key and values (docs/i18n.md) so each screen says it in the
 * person's language; `message` stays the English sentence, for logs and older apps.
 */
export class DomainError extends Error {
  override readonly name = 'DomainError';
  readonly key: RefusalKey;
  readonly values: RefusalValues | undefined;
  constructor(
    readonly code: DomainErrorCode,
    said: Refusal,
    readonly details?: unknown,
  ) {
    super(said.message);
    this.key = said.key;
    this.values = said.values;
  }
}

export const isDomainError = (error: unknown): error is DomainError => error instanceof DomainError;

/** A refusal as the wire's error body: `{ code, message, key, values?, details? }`. */
export const refusalBody = (error: DomainError) => ({
  code: error.code,
  message: error.message,
  key: error.key,
  ...(error.values ? { values: error.values } : {}),
  ...(error.details ? { details: error.details } : {}),
});

/** Plain words for people, by code; the screens show these next to the details. */
export const domainErrorTitles: Record<DomainErrorCode, string> = {
  validation: 'Some details are not valid',
  not_found: 'That record does not exist',
  illegal_state: 'That is not possible in the record’s current state',
  forbidden: 'Your role does not allow this',
  conflict: 'Someone else changed this meanwhile',
};
