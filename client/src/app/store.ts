import { create } from 'zustand';
import type { SyncStatus } from '../engine/sync';

/** UI state only: the sync indicator and the update prompt. Data comes from Dexie. */
interface UiState {
  sync: SyncStatus;
  updateAvailable: (() => void) | null;
  setSync: (status: Partial<SyncStatus>) => void;
  setUpdateAvailable: (apply: (() => void) | null) => void;
  /** Locks the app now (shared tablets); null until the lock is in place. */
  lockNow: (() => void) | null;
  setLockNow: (lock: (() => void) | null) => void;
}

export const useUiStore = create<UiState>((set) => ({
  sync: { state: 'idle', lastSyncAt: null, message: null, progress: null },
  updateAvailable: null,
  setSync: (status) => set((state) => ({ sync: { ...state.sync, ...status } })),
  setUpdateAvailable: (apply) => set({ updateAvailable: apply }),
  lockNow: null,
  setLockNow: (lock) => set({ lockNow: lock }),
}));
