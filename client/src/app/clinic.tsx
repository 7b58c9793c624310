import { rolesOf } from '@mymedic/shared';
import Dexie from 'dexie';
import { createContext, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { SyncApi } from '../engine/api';
import { databaseName, LocalDatabase } from '../engine/db';
import type { Actor } from '../engine/engine';
import { clearSession, updateTokens, type StoredSession } from '../engine/session';
import { SyncEngine } from '../engine/sync';
import { forgetHospital, reseal } from '../engine/lock';
import { useUiStore } from './store';

export interface Clinic {
  db: LocalDatabase;
  api: SyncApi;
  actor: Actor;
  session: StoredSession;
  syncNow: () => void;
  signOut: () => Promise<void>;
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
  onSignedOut,
  children,
}: {
  session: StoredSession;
  onSignedOut: () => void;
  children: ReactNode;
}) {
  const setSync = useUiStore((state) => state.setSync);
  const [current, setCurrent] = useState(session);
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
    engine.start();
    return () => engine.stop();
  }, [engine]);

  const clinic: Clinic = {
    db,
    api,
    actor,
    session: current,
    syncNow: () => void engine.syncNow(),
    async signOut() {
      engine.stop();
      try {
        await api.logout(current.refresh_token);
      } catch {
        // offline: the refresh token expires on its own; the local data goes now
      }
      db.close();
      await Dexie.delete(db.name);
      forgetHospital(session.user.hospital_id);
      clearSession();
      onSignedOut();
    },
  };
  return <ClinicContext.Provider value={clinic}>{children}</ClinicContext.Provider>;
}
