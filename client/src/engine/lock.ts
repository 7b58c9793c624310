import type { SessionUser } from '@mymedic/shared';
import type { StoredSession } from './session';

/**
 * Shared tablets (DESIGN section 7): each person signs in online once on a device and
 * sets a PIN; after that the PIN unlocks their session on that device, offline too, for
 * 12 hours from the online sign-in. Their tokens are kept sealed with a key derived
 * from the PIN (PBKDF2-SHA-256, AES-GCM), so the PIN is needed to act as them. Five
 * wrong PINs forget the person on this device: a full sign-in is needed again.
 */
export interface LockedPerson {
  user: SessionUser;
  signed_in_at: string;
  salt: string;
  iv: string;
  sealed: string;
  failures: number;
}

const storageKey = 'mymedic.people';
export const pinLifetimeMs = 12 * 3600_000;
export const maxPinFailures = 5;
const iterations = 210_000;

export const pinProblem = (pin: string): string | null =>
  /^\d{4,8}$/.test(pin) ? null : 'A PIN is 4 to 8 digits';

const toBase64 = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes));
const fromBase64 = (text: string) => Uint8Array.from(atob(text), (char) => char.charCodeAt(0));

async function keyFor(pin: string, salt: Uint8Array) {
  const material = await crypto.subtle.importKey(
    'raw',
    new TextEncoder().encode(pin),
    'PBKDF2',
    false,
    ['deriveKey'],
  );
  return crypto.subtle.deriveKey(
    { name: 'PBKDF2', hash: 'SHA-256', salt: salt as BufferSource, iterations },
    material,
    { name: 'AES-GCM', length: 256 },
    false,
    ['encrypt', 'decrypt'],
  );
}

export function lockedPeople(hospitalId?: string): LockedPerson[] {
  try {
    const people = JSON.parse(localStorage.getItem(storageKey) ?? '[]') as LockedPerson[];
    return hospitalId ? people.filter((person) => person.user.hospital_id === hospitalId) : people;
  } catch {
    return [];
  }
}

function store(people: LockedPerson[]) {
  localStorage.setItem(storageKey, JSON.stringify(people));
}

const update = (userId: string, change: (person: LockedPerson) => LockedPerson) =>
  store(lockedPeople().map((person) => (person.user.user_id === userId ? change(person) : person)));

export function forgetPerson(userId: string) {
  store(lockedPeople().filter((person) => person.user.user_id !== userId));
  if (active?.userId === userId) active = null;
}

/** Everyone of this hospital is forgotten on this device: at sign-out, with its data. */
export function forgetHospital(hospitalId: string) {
  store(lockedPeople().filter((person) => person.user.hospital_id !== hospitalId));
  active = null;
}

export const hasPin = (userId: string) =>
  lockedPeople().some((person) => person.user.user_id === userId);

/**
 * The key of the person using the device now, in memory only: refreshed tokens are
 * sealed again with it, since the server revokes a refresh token used twice. After a
 * reload it is gone, so a person with a PIN unlocks again first.
 */
let active: { userId: string; key: CryptoKey; salt: Uint8Array } | null = null;

export const holdsKeyFor = (userId: string) => active?.userId === userId;

async function seal(session: StoredSession, key: CryptoKey, salt: Uint8Array) {
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const sealed = await crypto.subtle.encrypt(
    { name: 'AES-GCM', iv: iv as BufferSource },
    key,
    new TextEncoder().encode(JSON.stringify(session)),
  );
  const person: LockedPerson = {
    user: session.user,
    signed_in_at: session.signed_in_at,
    salt: toBase64(salt),
    iv: toBase64(iv),
    sealed: toBase64(new Uint8Array(sealed)),
    failures: 0,
  };
  store([...lockedPeople().filter((known) => known.user.user_id !== session.user.user_id), person]);
}

/** Seals this person's session with their new PIN, replacing an older one. */
export async function setPin(session: StoredSession, pin: string) {
  const problem = pinProblem(pin);
  if (problem) throw new Error(problem);
  const salt = crypto.getRandomValues(new Uint8Array(16));
  const key = await keyFor(pin, salt);
  await seal(session, key, salt);
  active = { userId: session.user.user_id, key, salt };
}

/** After a token refresh: the sealed copy follows, so a later unlock has live tokens. */
export async function reseal(session: StoredSession) {
  if (!active || active.userId !== session.user.user_id) return;
  await seal(session, active.key, active.salt);
}

export type UnlockResult =
  | { ok: true; session: StoredSession }
  | { ok: false; reason: 'wrong_pin'; attemptsLeft: number }
  | { ok: false; reason: 'forgotten' | 'expired' | 'unknown' };

export async function unlockWithPin(
  userId: string,
  pin: string,
  now = Date.now(),
): Promise<UnlockResult> {
  const person = lockedPeople().find((known) => known.user.user_id === userId);
  if (!person) return { ok: false, reason: 'unknown' };
  if (now - Date.parse(person.signed_in_at) > pinLifetimeMs) {
    forgetPerson(userId);
    return { ok: false, reason: 'expired' };
  }
  const salt = fromBase64(person.salt);
  const key = await keyFor(pin, salt);
  let opened: ArrayBuffer;
  try {
    opened = await crypto.subtle.decrypt(
      { name: 'AES-GCM', iv: fromBase64(person.iv) as BufferSource },
      key,
      fromBase64(person.sealed),
    );
  } catch {
    const failures = person.failures + 1;
    if (failures >= maxPinFailures) {
      forgetPerson(userId);
      return { ok: false, reason: 'forgotten' };
    }
    update(userId, (known) => ({ ...known, failures }));
    return { ok: false, reason: 'wrong_pin', attemptsLeft: maxPinFailures - failures };
  }
  update(userId, (known) => ({ ...known, failures: 0 }));
  active = { userId, key, salt };
  return { ok: true, session: JSON.parse(new TextDecoder().decode(opened)) as StoredSession };
}
