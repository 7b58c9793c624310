import { useTranslation } from 'react-i18next';
import { useFormat } from '../../app/useFormat';

/**
 * How long after its signing a signature may reach the server and still pass as made
 * online. A device offline for a week signs with its own clock and its signature is
 * kept (refusing it would lose a legal record, or make the doctor sign again with a
 * false date); the log also holds when the server received it, and a screen shows both
 * when they lie further apart than this.
 */
export const lateSignatureMs = 60 * 60 * 1000;

/** The digest a signature records, named as in every language: an algorithm's name. */
export const digestName = 'SHA-256';

/**
 * Whether a signature reached the server late: false for one made online, or not yet
 * confirmed by the server (no `stored_at` yet).
 */
export function reachedServerLate(
  signedAt: string,
  storedAt: string | null | undefined,
): storedAt is string {
  if (!storedAt) return false;
  return Date.parse(storedAt) - Date.parse(signedAt) > lateSignatureMs;
}

/**
 * "signed offline; reached the server on …" (in the person's language, on the clinic's
 * clock) for a signature that arrived late, or null.
 */
export function useLateSignatureNote() {
  const { t } = useTranslation('clinical');
  const format = useFormat();
  return (signedAt: string, storedAt: string | null | undefined): string | null =>
    reachedServerLate(signedAt, storedAt)
      ? t('lateSignature', { when: format.dateTime(storedAt) })
      : null;
}
