import { beforeEach, describe, expect, it } from 'vitest';
import {
  forgetHospital,
  hasPin,
  lockedPeople,
  maxPinFailures,
  pinLifetimeMs,
  setPin,
  unlockWithPin,
} from './lock';
import type { StoredSession } from './session';

class MemoryStorage {
  private readonly items = new Map<string, string>();
  getItem = (key: string) => this.items.get(key) ?? null;
  setItem = (key: string, value: string) => void this.items.set(key, value);
  removeItem = (key: string) => void this.items.delete(key);
}

const session = (userId: string, hospitalId = 'h-1'): StoredSession => ({
  user: {
    user_id: userId,
    hospital_id: hospitalId,
    full_name: `Person ${userId}`,
    roles: ['nurse'],
    role: 'nurse',
    email: `${userId}@example.com`,
  },
  token: `access-${userId}`,
  refresh_token: `refresh-${userId}`,
  device_id: 'tablet-1',
  signed_in_at: new Date().toISOString(),
});

describe('PIN unlock on a shared tablet', () => {
  beforeEach(() => {
    Object.defineProperty(globalThis, 'localStorage', {
      value: new MemoryStorage(),
      configurable: true,
    });
  });

  it('opens the session with the right PIN and keeps no token in the clear', async () => {
    await setPin(session('grace'), '2468');
    expect(hasPin('grace')).toBe(true);
    expect(localStorage.getItem('mymedic.people')).not.toContain('access-grace');
    const opened = await unlockWithPin('grace', '2468');
    expect(opened).toMatchObject({ ok: true, session: { token: 'access-grace' } });
  });

  it('counts wrong PINs and forgets the person after five', async () => {
    await setPin(session('peter'), '1357');
    for (let attempt = 1; attempt < maxPinFailures; attempt += 1) {
      expect(await unlockWithPin('peter', '0000')).toEqual({
        ok: false,
        reason: 'wrong_pin',
        attemptsLeft: maxPinFailures - attempt,
      });
    }
    expect(await unlockWithPin('peter', '0000')).toEqual({ ok: false, reason: 'forgotten' });
    expect(hasPin('peter')).toBe(false);
    expect(await unlockWithPin('peter', '1357')).toEqual({ ok: false, reason: 'unknown' });
  });

  it('asks for a full sign-in 12 hours after the online one', async () => {
    await setPin(session('amina'), '9753');
    expect(await unlockWithPin('amina', '9753', Date.now() + pinLifetimeMs + 1)).toEqual({
      ok: false,
      reason: 'expired',
    });
    expect(hasPin('amina')).toBe(false);
  });

  it('refuses a PIN that is not 4 to 8 digits, and forgets a hospital at sign-out', async () => {
    await expect(setPin(session('ravi'), '12a4')).rejects.toThrow('4 to 8 digits');
    await setPin(session('ravi'), '1234');
    await setPin(session('asha', 'h-2'), '4321');
    forgetHospital('h-1');
    expect(lockedPeople().map((person) => person.user.user_id)).toEqual(['asha']);
  });
});

describe('tokens refreshed while someone works', () => {
  beforeEach(() => {
    Object.defineProperty(globalThis, 'localStorage', {
      value: new MemoryStorage(),
      configurable: true,
    });
  });

  it('are sealed again, so unlocking later never brings back a spent refresh token', async () => {
    const { reseal } = await import('./lock');
    const first = session('grace');
    await setPin(first, '2468');
    await reseal({ ...first, token: 'access-2', refresh_token: 'refresh-2' });
    expect(await unlockWithPin('grace', '2468')).toMatchObject({
      ok: true,
      session: { refresh_token: 'refresh-2' },
    });
  });
});
