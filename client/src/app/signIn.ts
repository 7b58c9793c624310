import type { SessionResponse } from '@mymedic/shared';
import { exportVault, hasPin, rememberSignIn, touchActivity } from '../engine/lock';
import { deviceId, keepInClear, makeSession, type StoredSession } from '../engine/session';

/**
 * After the server accepted a password: the person's vault on this device is opened
 * with it (their drafts come back) and their session kept as their PIN says: sealed
 * and in memory with a PIN, in clear until the idle sign-out without one.
 */
export async function completeSignIn(
  response: SessionResponse,
  password: string,
): Promise<StoredSession> {
  // Ask the browser to keep this device's records even when storage runs low.
  await navigator.storage?.persist?.().catch(() => false);
  const session = makeSession(response, deviceId());
  await rememberSignIn(session, password);
  const userId = session.user.user_id;
  if (!hasPin(userId)) keepInClear(session, await exportVault(userId));
  touchActivity();
  return session;
}
