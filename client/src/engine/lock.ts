import type { SessionUser } from '@mymedic/shared';
import { fullSignInAfterHours } from '@mymedic/shared/sign-in-hours';
import type { StoredSession } from './session';

/**
 * The people who use this device (shared tablets). Each has a vault key: a random
 * AES-GCM key that seals their tokens and their half-typed forms. It is kept only
 * wrapped, once with a key derived from their password (made at each online sign-in)
 * and, when they set one, once with a key derived from their PIN; in memory it lives
 * only while they have the device unlocked. So a locked tablet holds no token and no
 * draft in clear, and whoever unlocks (PIN or password) gets their own drafts back.
 *
 * A PIN unlocks for 12 hours after the online sign-in; past that, while the server
 * cannot be reached, it goes on up to the organisation's offline limit (7 days by
 * default), and the full sign-in is asked for once the server answers. Five wrong
 * PINs forget the PIN (the drafts stay, for the password).
 */
export interface PersonOnDevice {
  user: SessionUser;
  /** The last online sign-in with the password. */
  signed_in_at: string;
  /** The organisation's offline unlock limit, as it was when this person last signed in. */
  offline_unlock_days: number;
  failures: number;
  password: Wrapped;
  pin: Wrapped | null;
  /** The tokens, sealed with the vault key: only for someone with a PIN. */
  session: Sealed | null;
  /** Half-typed forms, by form key, sealed with the vault key. */
  drafts: Sealed | null;
}

interface Wrapped {
  salt: string;
  iv: string;
  key: string;
}

interface Sealed {
  iv: string;
  data: string;
}

/** Kept for callers that only list who can unlock. */
export type LockedPerson = PersonOnDevice;

const storageKey = 'mymedic.people';
export const pinLifetimeMs = fullSignInAfterHours * 3600_000;
export const defaultOfflineUnlockDays = 7;
export const maxPinFailures = 5;
/**
 * PBKDF2-SHA-256 rounds per guess. About half a second on one core of the machine the
 * figure in docs/decisions.md was measured on, so trying every 6-digit PIN of a copied
 * profile takes days there.
 */
export const kdfIterations = 2_000_000;

/**
 * Why a PIN will not do: not 6 to 12 digits (`length`), one digit repeated or digits in a
 * row (`run`), a short pattern repeated (`pattern`). The screen says it in words.
 */
export type PinProblem = 'length' | 'run' | 'pattern';

/** Why a PIN will not do, or null. */
export function pinProblem(pin: string): PinProblem | null {
  if (!/^\d{6,12}$/.test(pin)) return 'length';
  const digits = [...pin].map(Number);
  const steps = new Set(digits.slice(1).map((digit, index) => (digit - digits[index]! + 10) % 10));
  if (steps.size === 1 && [0, 1, 9].includes([...steps][0]!)) {
    return 'run';
  }
  for (let length = 1; length <= pin.length / 2; length += 1) {
    if (pin.length % length === 0 && pin === pin.slice(0, length).repeat(pin.length / length)) {
      return 'pattern';
    }
  }
  return null;
}

const toBase64 = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes));
const fromBase64 = (text: string) => Uint8Array.from(atob(text), (char) => char.charCodeAt(0));

async function derivedKey(secret: string, salt: Uint8Array) {
  const material = await crypto.subtle.importKey(
    'raw',
    new TextEncoder().encode(secret),
    'PBKDF2',
    false,
    ['deriveKey'],
  );
  return crypto.subtle.deriveKey(
    { name: 'PBKDF2', hash: 'SHA-256', salt: salt as BufferSource, iterations: kdfIterations },
    material,
    { name: 'AES-GCM', length: 256 },
    false,
    ['encrypt', 'decrypt'],
  );
}

async function encrypt(key: CryptoKey, plain: Uint8Array): Promise<Sealed> {
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const data = await crypto.subtle.encrypt(
    { name: 'AES-GCM', iv: iv as BufferSource },
    key,
    plain as BufferSource,
  );
  return { iv: toBase64(iv), data: toBase64(new Uint8Array(data)) };
}

const decrypt = async (key: CryptoKey, sealed: Sealed) =>
  new Uint8Array(
    await crypto.subtle.decrypt(
      { name: 'AES-GCM', iv: fromBase64(sealed.iv) as BufferSource },
      key,
      fromBase64(sealed.data),
    ),
  );

async function wrap(vault: CryptoKey, secret: string): Promise<Wrapped> {
  const salt = crypto.getRandomValues(new Uint8Array(16));
  const raw = new Uint8Array(await crypto.subtle.exportKey('raw', vault));
  const sealed = await encrypt(await derivedKey(secret, salt), raw);
  return { salt: toBase64(salt), iv: sealed.iv, key: sealed.data };
}

/** The vault key, or null when the secret is not the one it was wrapped with. */
async function unwrap(wrapped: Wrapped, secret: string): Promise<CryptoKey | null> {
  try {
    const raw = await decrypt(await derivedKey(secret, fromBase64(wrapped.salt)), {
      iv: wrapped.iv,
      data: wrapped.key,
    });
    return await crypto.subtle.importKey('raw', raw as BufferSource, 'AES-GCM', true, [
      'encrypt',
      'decrypt',
    ]);
  } catch {
    return null;
  }
}

const sealJson = (vault: CryptoKey, value: unknown) =>
  encrypt(vault, new TextEncoder().encode(JSON.stringify(value)));

const openJson = async <T>(vault: CryptoKey, sealed: Sealed) =>
  JSON.parse(new TextDecoder().decode(await decrypt(vault, sealed))) as T;

export function peopleOnDevice(hospitalId?: string): PersonOnDevice[] {
  try {
    const people = JSON.parse(localStorage.getItem(storageKey) ?? '[]') as PersonOnDevice[];
    // Records from before vault keys (a PIN-sealed session) cannot be opened any more.
    const current = people.filter((person) => 'password' in person);
    return hospitalId
      ? current.filter((person) => person.user.hospital_id === hospitalId)
      : current;
  } catch {
    return [];
  }
}

/** The people who can unlock with a PIN now. */
export const lockedPeople = (hospitalId?: string) =>
  peopleOnDevice(hospitalId).filter((person) => person.pin !== null);

const personOf = (userId: string) =>
  peopleOnDevice().find((person) => person.user.user_id === userId);

function store(people: PersonOnDevice[]) {
  localStorage.setItem(storageKey, JSON.stringify(people));
}

function put(person: PersonOnDevice) {
  store([
    ...peopleOnDevice().filter((known) => known.user.user_id !== person.user.user_id),
    person,
  ]);
}

const update = (userId: string, change: (person: PersonOnDevice) => PersonOnDevice) => {
  const person = personOf(userId);
  if (person) put(change(person));
};

/** The person using the device now and their drafts, in memory only. */
let active: { userId: string; vault: CryptoKey; drafts: Map<string, unknown> } | null = null;

export const holdsKeyFor = (userId: string) => active?.userId === userId;
export const hasPin = (userId: string) => (personOf(userId)?.pin ?? null) !== null;

/** Everything of this person goes from the device: PIN, sealed tokens, drafts. */
export function forgetPerson(userId: string) {
  store(peopleOnDevice().filter((person) => person.user.user_id !== userId));
  if (active?.userId === userId) active = null;
}

/**
 * Signed out, work kept: the PIN and the sealed tokens go (the server has ended the
 * session), the drafts stay for the next sign-in with the password.
 */
export function endSession(userId: string) {
  update(userId, (person) => ({ ...person, pin: null, session: null, failures: 0 }));
  if (active?.userId === userId) active = null;
}

/**
 * When a hospital's data is wiped from the device: its people with nothing kept here (no
 * PIN, no drafts) are forgotten; drafts someone left stay sealed for their next sign-in.
 */
export function forgetHospital(hospitalId: string) {
  store(
    peopleOnDevice().filter(
      (person) =>
        person.user.hospital_id !== hospitalId || person.pin !== null || person.drafts !== null,
    ),
  );
  active = null;
}

async function openVault(person: PersonOnDevice, vault: CryptoKey) {
  const drafts = person.drafts
    ? await openJson<[string, unknown][]>(vault, person.drafts).catch(() => [])
    : [];
  active = { userId: person.user.user_id, vault, drafts: new Map(drafts) };
}

/**
 * After an online sign-in with the password: the person's vault is opened with it (so
 * their drafts come back) or made anew, and wrapped again with this password. A PIN
 * set before stays valid when the vault is the same one.
 */
export async function rememberSignIn(
  session: StoredSession,
  password: string,
  offlineUnlockDays?: number,
): Promise<void> {
  const known = personOf(session.user.user_id);
  let vault = known ? await unwrap(known.password, password) : null;
  const kept = vault !== null;
  vault ??= await crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, true, [
    'encrypt',
    'decrypt',
  ]);
  const person: PersonOnDevice = {
    user: session.user,
    signed_in_at: session.signed_in_at,
    offline_unlock_days:
      offlineUnlockDays ?? known?.offline_unlock_days ?? defaultOfflineUnlockDays,
    failures: 0,
    password: await wrap(vault, password),
    pin: kept ? (known?.pin ?? null) : null,
    session: null,
    drafts: kept ? (known?.drafts ?? null) : null,
  };
  if (person.pin) person.session = await sealJson(vault, session);
  put(person);
  await openVault(person, vault);
}

/**
 * After the person changed their password: their vault key, open now, is wrapped with
 * the new one, so their next sign-in with it opens their drafts and keeps their PIN.
 */
export async function rewrapWithPassword(userId: string, password: string) {
  if (!active || active.userId !== userId) return;
  const wrapped = await wrap(active.vault, password);
  update(userId, (person) => ({ ...person, password: wrapped }));
}

/** Seals this person's session with their new PIN, replacing an older one. */
export async function setPin(session: StoredSession, pin: string) {
  const problem = pinProblem(pin);
  if (problem) throw new Error(`Not a PIN to set (${problem})`);
  if (!active || active.userId !== session.user.user_id) {
    throw new Error('Sign in with your password first');
  }
  const { vault } = active;
  const pinWrap = await wrap(vault, pin);
  const sealed = await sealJson(vault, session);
  update(session.user.user_id, (person) => ({
    ...person,
    pin: pinWrap,
    session: sealed,
    failures: 0,
  }));
}

/** After a token refresh: the sealed copy follows, so a later unlock has live tokens. */
export async function reseal(session: StoredSession) {
  if (!active || active.userId !== session.user.user_id) return;
  if (!hasPin(session.user.user_id)) return;
  const sealed = await sealJson(active.vault, session);
  update(session.user.user_id, (person) => ({ ...person, session: sealed, user: session.user }));
}

/** The organisation's offline limit follows its settings while someone works. */
export function noteOfflineUnlockDays(userId: string, days: number) {
  const person = personOf(userId);
  if (person && person.offline_unlock_days !== days) {
    put({ ...person, offline_unlock_days: days });
  }
}

export type UnlockResult =
  | { ok: true; session: StoredSession; offline: boolean }
  | { ok: false; reason: 'wrong_pin'; attemptsLeft: number }
  | { ok: false; reason: 'forgotten' | 'expired' | 'sign_in_needed' | 'unknown' };

/**
 * Unlocks with a PIN. Within 12 hours of the online sign-in that is all; past that the
 * server is asked whether it answers: if it does, the full sign-in is needed; if it does
 * not, the PIN goes on up to the offline limit and the session is marked offline.
 */
export async function unlockWithPin(
  userId: string,
  pin: string,
  serverAnswers: () => Promise<boolean>,
  now = Date.now(),
): Promise<UnlockResult> {
  const person = personOf(userId);
  if (!person?.pin || !person.session) return { ok: false, reason: 'unknown' };
  const age = now - Date.parse(person.signed_in_at);
  if (age > person.offline_unlock_days * 24 * 3600_000) {
    endSession(userId);
    return { ok: false, reason: 'expired' };
  }
  const vault = await unwrap(person.pin, pin);
  if (!vault) {
    const failures = person.failures + 1;
    if (failures >= maxPinFailures) {
      endSession(userId);
      return { ok: false, reason: 'forgotten' };
    }
    update(userId, (known) => ({ ...known, failures }));
    return { ok: false, reason: 'wrong_pin', attemptsLeft: maxPinFailures - failures };
  }
  update(userId, (known) => ({ ...known, failures: 0 }));
  const offline = age > pinLifetimeMs;
  if (offline && (await serverAnswers())) return { ok: false, reason: 'sign_in_needed' };
  const session = await openJson<StoredSession>(vault, person.session);
  await openVault(person, vault);
  return { ok: true, session, offline };
}

/** The person steps away: their key and drafts leave memory (seal the drafts first). */
export function closeVault() {
  active = null;
}

/** What this person had typed into a form, if anything. */
export function draftOf<T>(formKey: string): T | undefined {
  return active?.drafts.get(formKey) as T | undefined;
}

let sealing: Promise<void> = Promise.resolve();

/** Keeps a form's draft (undefined drops it); sealed into the person's record in order. */
export function keepDraft(formKey: string, value: unknown): Promise<void> {
  if (!active) return sealing;
  const { userId, vault, drafts } = active;
  if (value === undefined) drafts.delete(formKey);
  else drafts.set(formKey, value);
  const snapshot = [...drafts];
  sealing = sealing.then(async () => {
    const sealed = snapshot.length === 0 ? null : await sealJson(vault, snapshot);
    update(userId, (person) => ({ ...person, drafts: sealed }));
  });
  return sealing;
}

/** Waits until every draft kept so far is sealed on the device. */
export const draftsSealed = () => sealing;

/** The active vault key in raw form, for someone without a PIN (kept beside their tokens). */
export async function exportVault(userId: string): Promise<string | null> {
  if (!active || active.userId !== userId) return null;
  return toBase64(new Uint8Array(await crypto.subtle.exportKey('raw', active.vault)));
}

/** After a reload, someone without a PIN gets their vault (and drafts) back. */
export async function resumeVault(userId: string, raw: string): Promise<void> {
  const person = personOf(userId);
  if (!person) return;
  const vault = await crypto.subtle.importKey(
    'raw',
    fromBase64(raw) as BufferSource,
    'AES-GCM',
    true,
    ['encrypt', 'decrypt'],
  );
  await openVault(person, vault);
}

const activityKey = 'mymedic.last-activity';
export const lastActivity = () => Number(localStorage.getItem(activityKey) ?? Date.now());
/** Someone used the tablet or just proved who they are: the idle clock starts again. */
export const touchActivity = () => localStorage.setItem(activityKey, String(Date.now()));
