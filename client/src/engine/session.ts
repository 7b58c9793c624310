import type { SessionResponse, SessionUser } from '@mymedic/shared';

const key = 'mymedic.session';

/**
 * Who is signed in on this device, with their tokens. Someone with a PIN keeps it in
 * memory only (and sealed, see lock.ts), so a locked or reloaded tablet holds no token
 * in clear. Someone without a PIN has no lock, only the idle sign-out: their session is
 * kept in localStorage while they are signed in, with their vault key, so a reload
 * keeps them signed in and keeps their drafts.
 */
export interface StoredSession {
  user: SessionUser;
  token: string;
  refresh_token: string;
  device_id: string;
  signed_in_at: string;
}

interface ClearSession {
  session: StoredSession;
  /** The person's vault key (raw, base64), as protected as the tokens beside it. */
  vault: string | null;
}

export function loadSession(): ClearSession | null {
  const text = localStorage.getItem(key);
  if (!text) return null;
  try {
    const stored = JSON.parse(text) as ClearSession | StoredSession;
    return 'session' in stored ? stored : { session: stored, vault: null };
  } catch {
    return null;
  }
}

export const makeSession = (
  response: SessionResponse,
  deviceId: string,
  signedInAt = new Date(),
): StoredSession => ({
  user: response.user,
  token: response.token,
  refresh_token: response.refresh_token,
  device_id: deviceId,
  signed_in_at: signedInAt.toISOString(),
});

/** Keeps the session of someone without a PIN across reloads, until they sign out. */
export function keepInClear(session: StoredSession, vault: string | null) {
  localStorage.setItem(key, JSON.stringify({ session, vault } satisfies ClearSession));
}

/** New tokens after a refresh; the clear copy follows only where there is one. */
export function updateTokens(session: StoredSession, response: SessionResponse): StoredSession {
  const next = {
    ...session,
    token: response.token,
    refresh_token: response.refresh_token,
    user: response.user,
  };
  const clear = loadSession();
  if (clear?.session.user.user_id === next.user.user_id) keepInClear(next, clear.vault);
  return next;
}

export const clearSession = () => localStorage.removeItem(key);

/** After the device was revoked: the old id is refused for ever, the tablet takes a new one. */
export const forgetDeviceId = () => localStorage.removeItem('mymedic.device');

/** This browser's device id: kept across sign-ins so the server sees one device. */
export function deviceId(): string {
  const existing = localStorage.getItem('mymedic.device');
  if (existing) return existing;
  const made = `web-${crypto.randomUUID()}`;
  localStorage.setItem('mymedic.device', made);
  return made;
}
