import { useLiveQuery } from 'dexie-react-hooks';
import { useCallback, useEffect, useState } from 'react';
import {
  PortalApi,
  PortalError,
  type Answers,
  type AnswerName,
  type Appointment,
  type AppointmentAction,
  type Consent,
} from './api';
import { forgetSession, keepAnswer, keptAnswer, portalDb, type PortalSession } from './db';
import { usePortal } from './state';

/**
 * A refusal that means the token no longer works (ended, expired): the portal forgets
 * the session and what it loaded, and shows the sign-in with a word why.
 */
export async function endSessionIfRefused(error: unknown): Promise<void> {
  if (error instanceof PortalError && error.status === 401) {
    await forgetSession(portalDb);
    usePortal.getState().signedOut('sessionEnded');
  }
}

export interface AnswerView<Name extends AnswerName> {
  /** The last loaded answer (undefined while the database is read, null if never loaded). */
  data: Answers[Name] | null | undefined;
  loadedAt: string | null;
  loading: boolean;
  error: PortalError | null;
  reload: () => Promise<void>;
}

/**
 * One read of the portal: the kept answer at once (offline too), and a fresh load from
 * the server when the screen opens, when the phone comes back online, and on "Refresh".
 */
export function useAnswer<Name extends AnswerName>(
  name: Name,
  session: PortalSession,
): AnswerView<Name> {
  const patientId = session.patient.patient_id;
  const online = usePortal((state) => state.online);
  const kept = useLiveQuery(() => keptAnswer(name, patientId), [name, patientId]);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<PortalError | null>(null);
  const reload = useCallback(async () => {
    setLoading(true);
    try {
      const body = await new PortalApi(session.token).read(name);
      // Signed out while it came: what the phone forgot stays forgotten.
      if (usePortal.getState().session?.token !== session.token) return;
      await keepAnswer(name, patientId, body);
      setError(null);
    } catch (caught) {
      await endSessionIfRefused(caught);
      setError(
        caught instanceof PortalError
          ? caught
          : new PortalError(0, 'unexpected', 'Something went wrong'),
      );
    } finally {
      setLoading(false);
    }
  }, [name, patientId, session.token]);
  useEffect(() => {
    if (online) void reload();
  }, [online, reload]);
  return {
    data: kept === undefined ? undefined : (kept?.body ?? null),
    loadedAt: kept?.loaded_at ?? null,
    loading,
    error,
    reload,
  };
}

/** Puts the server's new copy of one appointment into the kept list. */
export function withAppointment(answer: Answers['appointments'], appointment: Appointment) {
  const replace = (list: Appointment[]) =>
    list.map((known) =>
      known.appointment_id === appointment.appointment_id ? appointment : known,
    );
  return { upcoming: replace(answer.upcoming), past: replace(answer.past) };
}

/**
 * The patient's answer to an appointment, sent to the clinic; the kept list shows the
 * outcome at once. A refusal is thrown for the screen to show.
 */
export async function answerAppointment(
  session: PortalSession,
  appointmentId: string,
  action: AppointmentAction,
  note: string,
): Promise<Appointment> {
  try {
    const appointment = await new PortalApi(session.token).answer(appointmentId, action, note);
    const kept = await keptAnswer('appointments', session.patient.patient_id);
    if (kept) {
      await keepAnswer(
        'appointments',
        session.patient.patient_id,
        withAppointment(kept.body, appointment),
        new Date(kept.loaded_at),
      );
    }
    return appointment;
  } catch (error) {
    await endSessionIfRefused(error);
    // Refused: the appointment changed at the clinic; show it as it is now.
    if (error instanceof PortalError && !error.unreachable && error.status !== 401) {
      await refreshAnswer('appointments', session).catch(() => undefined);
    }
    throw error;
  }
}

/** Loads one answer again and keeps it. */
async function refreshAnswer(name: AnswerName, session: PortalSession) {
  const body = await new PortalApi(session.token).read(name);
  await keepAnswer(name, session.patient.patient_id, body);
}

/** Grants or withdraws a consent; the kept "me" answer takes the new list. */
export async function changeConsent(
  session: PortalSession,
  change: { grant: string } | { withdraw: string },
): Promise<Consent[]> {
  try {
    const api = new PortalApi(session.token);
    const consents =
      'grant' in change
        ? await api.grantConsent(change.grant)
        : await api.withdrawConsent(change.withdraw);
    const kept = await keptAnswer('me', session.patient.patient_id);
    if (kept) {
      await keepAnswer(
        'me',
        session.patient.patient_id,
        { ...kept.body, consents },
        new Date(kept.loaded_at),
      );
    }
    return consents;
  } catch (error) {
    await endSessionIfRefused(error);
    throw error;
  }
}
