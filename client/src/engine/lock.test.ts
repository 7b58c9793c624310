import { beforeEach, describe, expect, it } from 'vitest';
import {
  closeVault,
  draftOf,
  draftsSealed,
  endSession,
  hasPin,
  keepDraft,
  lockedPeople,
  maxPinFailures,
  pinLifetimeMs,
  pinProblem,
  rememberSignIn,
  setPin,
  unlockWithPin,
} from './lock';
import type { StoredSession } from './session';

class MemoryStorage {
  private readonly items = new Map<string, string>();
  getItem = (key: string) => this.items.get(key) ?? null;
  setItem = (key: string, value: string) => void this.items.set(key, value);
  removeItem = (key: string) => void this.items.delete(key);
  dump = () => [...this.items.values()].join('\n');
}

const hour = 3600_000;
const day = 24 * hour;
const answers = () => Promise.resolve(true);
const unreachable = () => Promise.resolve(false);

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

/** An online sign-in with the password, then a PIN: what a person does on a new tablet. */
async function signInWithPin(person: StoredSession, pin: string) {
  await rememberSignIn(person, 'correct horse battery');
  await setPin(person, pin);
}

let storage: MemoryStorage;

describe('PIN unlock on a shared tablet', () => {
  beforeEach(() => {
    storage = new MemoryStorage();
    Object.defineProperty(globalThis, 'localStorage', { value: storage, configurable: true });
    closeVault();
  });

  it('refuses short PINs and trivial ones', () => {
    expect(pinProblem('2468')).toBe('length');
    expect(pinProblem('12a456')).toBe('length');
    for (const trivial of ['111111', '123456', '987654', '890123', '121212', '123123']) {
      expect(pinProblem(trivial), trivial).not.toBeNull();
    }
    expect(pinProblem('274913')).toBeNull();
  });

  it('opens the session with the right PIN; the locked tablet keeps no token in clear', async () => {
    await signInWithPin(session('grace'), '274913');
    closeVault();
    expect(hasPin('grace')).toBe(true);
    expect(storage.dump()).not.toContain('access-grace');
    expect(storage.dump()).not.toContain('refresh-grace');
    const opened = await unlockWithPin('grace', '274913', answers);
    expect(opened).toMatchObject({ ok: true, offline: false, session: { token: 'access-grace' } });
  });

  it('counts wrong PINs and forgets the PIN after five', async () => {
    await signInWithPin(session('peter'), '580316');
    for (let attempt = 1; attempt < maxPinFailures; attempt += 1) {
      expect(await unlockWithPin('peter', '000001', answers)).toEqual({
        ok: false,
        reason: 'wrong_pin',
        attemptsLeft: maxPinFailures - attempt,
      });
    }
    expect(await unlockWithPin('peter', '000001', answers)).toEqual({
      ok: false,
      reason: 'forgotten',
    });
    expect(hasPin('peter')).toBe(false);
    expect(await unlockWithPin('peter', '580316', answers)).toEqual({
      ok: false,
      reason: 'unknown',
    });
  });

  it('past 12 hours asks for the password when the server answers, and unlocks offline when it does not', async () => {
    await signInWithPin(session('amina'), '975318');
    closeVault();
    const later = Date.now() + pinLifetimeMs + hour;
    expect(await unlockWithPin('amina', '975318', answers, later)).toEqual({
      ok: false,
      reason: 'sign_in_needed',
    });
    // Still her PIN: the next try, with the line down, opens the tablet.
    const threeDaysOn = Date.now() + 3 * day;
    expect(await unlockWithPin('amina', '975318', unreachable, threeDaysOn)).toMatchObject({
      ok: true,
      offline: true,
      session: { token: 'access-amina' },
    });
  });

  it('stops at the organisation offline limit (7 days unless it says otherwise)', async () => {
    await signInWithPin(session('ravi'), '604729');
    closeVault();
    expect(await unlockWithPin('ravi', '604729', unreachable, Date.now() + 8 * day)).toEqual({
      ok: false,
      reason: 'expired',
    });
    expect(hasPin('ravi')).toBe(false);
  });

  it('keeps half-typed forms sealed through the lock, and gives them back to their person only', async () => {
    await signInWithPin(session('asha'), '604729');
    await keepDraft('register-patient', { full_name: 'Wanjiru Kamau', phone: '+254 700 111' });
    await draftsSealed();
    closeVault();
    expect(draftOf('register-patient')).toBeUndefined();
    expect(storage.dump()).not.toContain('Wanjiru');

    await signInWithPin(session('omar'), '815263');
    expect(draftOf('register-patient')).toBeUndefined();
    closeVault();

    await unlockWithPin('asha', '604729', answers);
    expect(draftOf('register-patient')).toEqual({
      full_name: 'Wanjiru Kamau',
      phone: '+254 700 111',
    });
  });

  it('gives drafts back after an idle sign-out, at the next sign-in with the password', async () => {
    await rememberSignIn(session('lena'), 'lena has a long password');
    await keepDraft('vitals:v-1', { pulse: '88' });
    await draftsSealed();
    endSession('lena');
    expect(draftOf('vitals:v-1')).toBeUndefined();
    await rememberSignIn(session('lena'), 'lena has a long password');
    expect(draftOf('vitals:v-1')).toEqual({ pulse: '88' });
    expect(lockedPeople()).toEqual([]);
  });

  it('re-seals refreshed tokens so a later unlock has the live ones', async () => {
    const { reseal } = await import('./lock');
    const person = session('musa');
    await signInWithPin(person, '307418');
    await reseal({ ...person, token: 'access-musa-2', refresh_token: 'refresh-musa-2' });
    closeVault();
    expect(await unlockWithPin('musa', '307418', answers)).toMatchObject({
      ok: true,
      session: { refresh_token: 'refresh-musa-2' },
    });
  });
});
