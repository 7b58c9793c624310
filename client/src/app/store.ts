import { create } from 'zustand';
import type { SyncStatus } from '../engine/sync';

/** UI state only: the sync indicator and the update prompt. Data comes from Dexie. */
interface UiState {
  sync: SyncStatus;
  updateAvailable: (() => void) | null;
  setSync: (status: Partial<SyncStatus>) => void;
  setUpdateAvailable: (apply: (() => void) | null) => void;
}

export const useUiStore = create<UiState>((set) => ({
  sync: { state: 'idle', lastSyncAt: null, message: null },
  updateAvailable: null,
  setSync: (status) => set((state) => ({ sync: { ...state.sync, ...status } })),
  setUpdateAvailable: (apply) => set({ updateAvailable: apply }),
}));
