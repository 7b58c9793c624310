import { format } from 'date-fns';

/**
 * How long after its signing a signature may reach the server and still pass as made
 * online. A device offline for a week signs with its own clock and its signature is
 * kept (refusing it would lose a legal record, or make the doctor sign again with a
 * false date); the log also holds when the server received it, and a screen shows both
 * when they lie further apart than this.
 */
export const lateSignatureMs = 60 * 60 * 1000;

/**
 * "signed offline; reached the server on …" for a signature that arrived late, or null:
 * for one made online, or not yet confirmed by the server (no `stored_at` yet).
 */
export function lateSignatureNote(
  signedAt: string,
  storedAt: string | null | undefined,
): string | null {
  if (!storedAt) return null;
  if (Date.parse(storedAt) - Date.parse(signedAt) <= lateSignatureMs) return null;
  return `signed offline; reached the server on ${format(new Date(storedAt), 'd MMM yyyy HH:mm')}`;
}
