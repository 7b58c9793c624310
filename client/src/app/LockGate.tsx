import { useCallback, useEffect, type ReactNode } from 'react';
import {
  closeVault,
  draftsSealed,
  hasPin,
  lastActivity,
  noteOfflineUnlockDays,
  touchActivity,
} from '../engine/lock';
import { useClinic } from './clinic';
import { useOrganisation } from './reference';
import { useUiStore } from './store';

const activityEvents = ['pointerdown', 'keydown', 'touchstart', 'wheel'] as const;

/**
 * Shared tablets: the app locks after the organisation's idle time (or when someone
 * presses Lock). For someone with a PIN, locking seals their drafts, drops their key
 * and tokens from memory and shows the lock screen (`onLocked`); for someone without,
 * it is a sign-out that keeps their unsent work and drafts, as nobody is there to ask.
 */
export function LockGate({ children, onLocked }: { children: ReactNode; onLocked: () => void }) {
  const { session, signOut } = useClinic();
  const organisation = useOrganisation();
  const userId = session.user.user_id;
  const setLockNow = useUiStore((state) => state.setLockNow);
  const idleMinutes = organisation?.settings.idle_lock_minutes ?? 15;
  const offlineDays = organisation?.settings.offline_unlock_days;

  useEffect(() => {
    if (offlineDays !== undefined) noteOfflineUnlockDays(userId, offlineDays);
  }, [userId, offlineDays]);

  const lock = useCallback(async () => {
    if (!hasPin(userId)) return signOut('idle');
    await draftsSealed();
    closeVault();
    onLocked();
  }, [userId, signOut, onLocked]);

  useEffect(() => {
    setLockNow(() => void lock());
    return () => setLockNow(null);
  }, [lock, setLockNow]);

  useEffect(() => {
    const touch = () => touchActivity();
    const check = () => {
      if (Date.now() - lastActivity() > idleMinutes * 60_000) void lock();
    };
    // A tablet put away while unlocked and opened again later is locked at once.
    check();
    for (const name of activityEvents) window.addEventListener(name, touch, { passive: true });
    const timer = setInterval(check, 5000);
    return () => {
      for (const name of activityEvents) window.removeEventListener(name, touch);
      clearInterval(timer);
    };
  }, [idleMinutes, lock]);

  return children;
}
