import type { SessionResponse, SessionUser } from '@mymedic/shared';

const key = 'mymedic.session';

/**
 * Who is signed in on this device. The tokens live here so the app can open the right
 * local database at start, offline; sign-out removes them with the database.
 */
export interface StoredSession {
  user: SessionUser;
  token: string;
  refresh_token: string;
  device_id: string;
  signed_in_at: string;
}

export function loadSession(): StoredSession | null {
  const text = localStorage.getItem(key);
  if (!text) return null;
  try {
    return JSON.parse(text) as StoredSession;
  } catch {
    return null;
  }
}

export function saveSession(
  response: SessionResponse,
  deviceId: string,
  signedInAt = new Date(),
): StoredSession {
  const session: StoredSession = {
    user: response.user,
    token: response.token,
    refresh_token: response.refresh_token,
    device_id: deviceId,
    signed_in_at: signedInAt.toISOString(),
  };
  localStorage.setItem(key, JSON.stringify(session));
  return session;
}

export function updateTokens(session: StoredSession, response: SessionResponse): StoredSession {
  const next = {
    ...session,
    token: response.token,
    refresh_token: response.refresh_token,
    user: response.user,
  };
  localStorage.setItem(key, JSON.stringify(next));
  return next;
}

export const clearSession = () => localStorage.removeItem(key);

/** This browser's device id: kept across sign-ins so the server sees one device. */
export function deviceId(): string {
  const existing = localStorage.getItem('mymedic.device');
  if (existing) return existing;
  const made = `web-${crypto.randomUUID()}`;
  localStorage.setItem('mymedic.device', made);
  return made;
}

/** Makes a session unlocked with a PIN the device's active one, as it was kept. */
export function storeSession(session: StoredSession): StoredSession {
  localStorage.setItem(key, JSON.stringify(session));
  return session;
}
