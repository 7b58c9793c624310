import { rolesOf } from '@mymedic/shared';
import Dexie from 'dexie';
import { createContext, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { SyncApi } from '../engine/api';
import { databaseName, LocalDatabase } from '../engine/db';
import type { Actor } from '../engine/execute';
import { discardUnsent } from '../engine/reconcile';
import {
  draftsSealed,
  endSession,
  forgetHospital,
  forgetPerson,
  lockedPeople,
  reseal,
} from '../engine/lock';
import { clearSession, updateTokens, type StoredSession } from '../engine/session';
import { SyncEngine } from '../engine/sync';
import { wipeRevokedDevice } from './revoked';
import { unsentWork } from './unsent';
import { useUiStore } from './store';

/**
 * How a person leaves: `keep` leaves their unsent work on the tablet for their next
 * sign-in, `discard` drops it (they confirmed, seeing what it was), `idle` is the idle
 * lock of someone without a PIN: nobody is there to ask, so the work is kept.
 */
export type SignOutChoice = 'keep' | 'discard' | 'idle';

export interface Clinic {
  db: LocalDatabase;
  api: SyncApi;
  actor: Actor;
  session: StoredSession;
  /** True while unlocked with a PIN past the online sign-in's 12 hours, server unreachable. */
  offline: boolean;
  syncNow: () => void;
  /** One sync round now, resolving when it ends (or at once when offline). */
  syncRound: () => Promise<void>;
  signOut: (choice: SignOutChoice) => Promise<void>;
}

const ClinicContext = createContext<Clinic | null>(null);

export function useClinic(): Clinic {
  const clinic = useContext(ClinicContext);
  if (!clinic) throw new Error('useClinic outside a signed-in clinic');
  return clinic;
}

/** Opens the signed-in hospital's local database and keeps it in sync while mounted. */
export function ClinicProvider({
  session,
  offline,
  onSignedOut,
  onRevoked,
  children,
}: {
  session: StoredSession;
  offline: boolean;
  onSignedOut: () => void;
  /** This device was revoked: it has wiped what the server holds. */
  onRevoked: () => void;
  children: ReactNode;
}) {
  const setSync = useUiStore((state) => state.setSync);
  const [current, setCurrent] = useState(session);
  useEffect(() => setCurrent(session), [session]);
  const db = useMemo(
    () => new LocalDatabase(databaseName(session.user.hospital_id)),
    [session.user.hospital_id],
  );
  const api = useMemo(
    () =>
      new SyncApi('', { token: session.token, refresh_token: session.refresh_token }, (response) =>
        setCurrent((previous) => {
          const next = updateTokens(previous, response);
          // The PIN-sealed copy follows, or a later unlock would reuse a spent token.
          void reseal(next);
          return next;
        }),
      ),
    [session.token, session.refresh_token],
  );
  const actor = useMemo(
    () => ({
      hospitalId: session.user.hospital_id,
      userId: session.user.user_id,
      roles: rolesOf(session.user),
    }),
    [session.user],
  );
  const engine = useMemo(
    () => new SyncEngine(db, api, actor, session.device_id, setSync),
    [db, api, actor, session.device_id, setSync],
  );

  useEffect(() => {
    // Unlocked offline past the sign-in's lifetime, the tokens are spent: nothing is sent
    // until the person signs in again, which is asked for as soon as the server answers.
    if (offline) {
      setSync({ state: 'offline', message: null });
      return;
    }
    engine.onDeviceRevoked = () =>
      void wipeRevokedDevice([session.user.hospital_id]).then(() => onRevoked());
    engine.start();
    return () => engine.stop();
  }, [engine, offline, setSync, session.user.hospital_id, onRevoked]);

  const clinic: Clinic = {
    db,
    api,
    actor,
    session: current,
    offline,
    syncNow: () => void engine.syncNow(),
    syncRound: () => (offline ? Promise.resolve() : engine.syncNow()),
    async signOut(choice) {
      const userId = session.user.user_id;
      await draftsSealed();
      if (choice === 'discard') {
        const { commands } = await unsentWork(db, userId);
        await discardUnsent(
          db,
          actor,
          commands.map((command) => command.command_id),
        );
      }
      engine.stop();
      try {
        await api.logout(current.refresh_token);
      } catch {
        // offline: the refresh token expires on its own
      }
      // Drafts stay for the next sign-in after an idle sign-out or when work is kept.
      if (choice === 'discard') forgetPerson(userId);
      else if (choice === 'idle' || (await unsentWork(db, userId)).commands.length > 0)
        endSession(userId);
      else forgetPerson(userId);
      clearSession();
      // Only what the server holds may be wiped: the local database goes only when no
      // command waits to be sent (anyone's), no conflict waits to be settled, and nobody
      // else can still unlock this tablet.
      const waiting = await unsentWork(db, null);
      const others = lockedPeople(session.user.hospital_id).filter(
        (person) => person.user.user_id !== userId,
      );
      db.close();
      if (waiting.commands.length === 0 && waiting.conflicts === 0 && others.length === 0) {
        await Dexie.delete(db.name);
        forgetHospital(session.user.hospital_id);
      }
      onSignedOut();
    },
  };
  return <ClinicContext.Provider value={clinic}>{children}</ClinicContext.Provider>;
}
