import { create } from 'zustand';
import type { SyncStatus } from '../engine/sync';

/**
 * UI state only: the sync indicator, the update prompt and whether the app works offline
 * yet. Data comes from Dexie.
 */
interface UiState {
  sync: SyncStatus;
  updateAvailable: (() => void) | null;
  setSync: (status: Partial<SyncStatus>) => void;
  setUpdateAvailable: (apply: (() => void) | null) => void;
  /** The service worker holds the whole app: it opens and works with no connection. */
  offlineReady: boolean;
  /** Said once, when the first install on this device has just finished. */
  offlineNotice: boolean;
  setOfflineReady: (justNow: boolean) => void;
  dismissOfflineNotice: () => void;
  /** Locks the app now (shared tablets); null until the lock is in place. */
  lockNow: (() => void) | null;
  setLockNow: (lock: (() => void) | null) => void;
}

export const useUiStore = create<UiState>((set) => ({
  sync: { state: 'idle', lastSyncAt: null, message: null, progress: null },
  updateAvailable: null,
  setSync: (status) => set((state) => ({ sync: { ...state.sync, ...status } })),
  setUpdateAvailable: (apply) => set({ updateAvailable: apply }),
  offlineReady: false,
  offlineNotice: false,
  setOfflineReady: (justNow) =>
    set((state) => ({ offlineReady: true, offlineNotice: state.offlineNotice || justNow })),
  dismissOfflineNotice: () => set({ offlineNotice: false }),
  lockNow: null,
  setLockNow: (lock) => set({ lockNow: lock }),
}));
