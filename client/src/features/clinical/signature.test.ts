import { format } from 'date-fns';
import { describe, expect, it } from 'vitest';
import { lateSignatureNote } from './signature';

describe('a signature that reached the server late', () => {
  it('is marked with the time the server received it, past an hour', () => {
    const signedAt = '2026-11-17T07:30:00.000Z';
    const storedAt = '2026-11-24T07:30:00.123456Z';
    const note = lateSignatureNote(signedAt, storedAt);
    expect(note).toBe(
      `signed offline; reached the server on ${format(new Date(storedAt), 'd MMM yyyy HH:mm')}`,
    );
    expect(lateSignatureNote(signedAt, '2026-11-17T08:30:00.001Z')).toMatch(/^signed offline/);
  });

  it('is not marked when made online, or while the server has not confirmed it', () => {
    const signedAt = '2026-11-24T07:30:00.000Z';
    expect(lateSignatureNote(signedAt, '2026-11-24T08:30:00.000Z')).toBeNull();
    // A device clock a little ahead of the server's.
    expect(lateSignatureNote(signedAt, '2026-11-24T07:29:00.000Z')).toBeNull();
    expect(lateSignatureNote(signedAt, null)).toBeNull();
    expect(lateSignatureNote(signedAt, undefined)).toBeNull();
  });
});
