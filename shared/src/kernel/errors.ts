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

export class DomainError extends Error {
  override readonly name = 'DomainError';
  constructor(
    readonly code: DomainErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

export const isDomainError = (error: unknown): error is DomainError => error instanceof DomainError;

/** Plain words for people, by code; the screens show these next to the details. */
export const domainErrorTitles: Record<DomainErrorCode, string> = {
  validation: 'Some details are not valid',
  not_found: 'That record does not exist',
  illegal_state: 'That is not possible in the record’s current state',
  forbidden: 'Your role does not allow this',
  conflict: 'Someone else changed this meanwhile',
};
