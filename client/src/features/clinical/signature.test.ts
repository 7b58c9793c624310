import { describe, expect, it } from 'vitest';
import { reachedServerLate } from './signature';

describe('a signature that reached the server late', () => {
  it('is late past an hour after its signing', () => {
    const signedAt = '2026-11-17T07:30:00.000Z';
    expect(reachedServerLate(signedAt, '2026-11-24T07:30:00.123456Z')).toBe(true);
    expect(reachedServerLate(signedAt, '2026-11-17T08:30:00.001Z')).toBe(true);
  });

  it('is not late when made online, or while the server has not confirmed it', () => {
    const signedAt = '2026-11-24T07:30:00.000Z';
    expect(reachedServerLate(signedAt, '2026-11-24T08:30:00.000Z')).toBe(false);
    // A device clock a little ahead of the server's.
    expect(reachedServerLate(signedAt, '2026-11-24T07:29:00.000Z')).toBe(false);
    expect(reachedServerLate(signedAt, null)).toBe(false);
    expect(reachedServerLate(signedAt, undefined)).toBe(false);
  });
});
