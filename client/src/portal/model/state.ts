import { create } from 'zustand';
import type { AppointmentAction, Clinic } from './api';
import type { PortalSession } from './db';

/**
 * The portal's screen state: who is signed in, the clinic, and whether the phone is
 * online. The answers themselves come from the portal's database (db.ts).
 */
/**
 * What came of the patient's last answer to an appointment, shown on its card (in
 * words of the language shown then, so kept as what happened, not as words).
 */
export type Outcome =
  { tone: 'done'; action: AppointmentAction } | { tone: 'refused'; error: unknown };

/** Why the sign-in shows after the portal signed the patient out (locales: `notice.*`). */
export type Notice = 'signedOut' | 'sessionEnded';

interface PortalState {
  clinic: Clinic | null;
  session: PortalSession | null;
  online: boolean;
  /** Said on the sign-in screen after the portal signed the patient out by itself. */
  notice: Notice | null;
  /** Applies a new version of the app waiting in the service worker; null when none waits. */
  updateReady: (() => void) | null;
  setUpdateReady: (apply: (() => void) | null) => void;
  /**
   * By appointment id: kept apart from the card, so the words stay when the refreshed
   * list moves the appointment (a refusal shows it cancelled, among the past ones).
   */
  outcomes: Record<string, Outcome>;
  setOutcome: (appointmentId: string, outcome: Outcome | null) => void;
  setClinic: (clinic: Clinic | null) => void;
  signedIn: (session: PortalSession) => void;
  signedOut: (notice?: Notice) => void;
  setOnline: (online: boolean) => void;
}

export const usePortal = create<PortalState>((set) => ({
  clinic: null,
  session: null,
  online: typeof navigator === 'undefined' ? true : navigator.onLine,
  notice: null,
  updateReady: null,
  setUpdateReady: (apply) => set({ updateReady: apply }),
  outcomes: {},
  setOutcome: (appointmentId, outcome) =>
    set((state) => {
      const outcomes = { ...state.outcomes };
      if (outcome) outcomes[appointmentId] = outcome;
      else delete outcomes[appointmentId];
      return { outcomes };
    }),
  setClinic: (clinic) => set({ clinic }),
  signedIn: (session) => set({ session, notice: null }),
  signedOut: (notice) => set({ session: null, notice: notice ?? null, outcomes: {} }),
  setOnline: (online) => set({ online }),
}));

/** The session of a screen that only shows when signed in. */
export function useSession(): PortalSession {
  const session = usePortal((state) => state.session);
  if (!session) throw new Error('The portal screens need a session');
  return session;
}
