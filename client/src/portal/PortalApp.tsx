import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { BrowserRouter, Route, Routes } from 'react-router';
import { LanguagePicker } from '../ui/LanguagePicker';
import { PortalApi, PortalError, type Clinic } from './model/api';
import { loadSession, rememberClinic, rememberedClinic } from './model/db';
import { usePortal } from './model/state';
import { problemWords, type PortalT } from './model/words';
import { Shell } from './Shell';
import { SignIn } from './screens/SignIn';
import { Home } from './screens/Home';
import { AppointmentsScreen } from './screens/Appointments';
import { VisitsScreen } from './screens/Visits';
import { PrescriptionsScreen } from './screens/Prescriptions';
import { VitalsScreen } from './screens/Vitals';
import { DocumentsScreen } from './screens/Documents';
import { ConsentsScreen } from './screens/Consents';

/** Why the portal cannot open its sign-in: said in words on the screen. */
type StartProblem =
  { kind: 'unreachable' | 'unknownClinic' | 'noLink' } | { kind: 'failed'; error: unknown };

/**
 * The clinic this portal is for: `?clinic=<hospital_id>` in the link the clinic gave,
 * else the one this phone used last, else the server's only clinic. Offline, the one
 * used last.
 */
async function findClinic(): Promise<Clinic | StartProblem> {
  const asked = new URLSearchParams(window.location.search).get('clinic');
  const remembered = await rememberedClinic();
  try {
    const clinic = await new PortalApi().clinic(asked ?? remembered?.hospital_id ?? null);
    await rememberClinic(clinic);
    return clinic;
  } catch (error) {
    if (error instanceof PortalError && error.unreachable && remembered) {
      if (!asked || asked === remembered.hospital_id) return remembered;
    }
    if (error instanceof PortalError && error.unreachable) return { kind: 'unreachable' };
    if (error instanceof PortalError && error.status === 404)
      return { kind: asked ? 'unknownClinic' : 'noLink' };
    return { kind: 'failed', error };
  }
}

function startProblemWords(problem: StartProblem, t: PortalT): string {
  if (problem.kind !== 'failed') return t(`start.${problem.kind}`);
  return problem.error instanceof PortalError ? problemWords(problem.error, t) : t('start.failed');
}

function useOnlineStatus() {
  const setOnline = usePortal((state) => state.setOnline);
  useEffect(() => {
    const online = () => setOnline(true);
    const offline = () => setOnline(false);
    window.addEventListener('online', online);
    window.addEventListener('offline', offline);
    return () => {
      window.removeEventListener('online', online);
      window.removeEventListener('offline', offline);
    };
  }, [setOnline]);
}

export function PortalApp() {
  const { t } = useTranslation('portal');
  const [problem, setProblem] = useState<StartProblem | null>(null);
  const [started, setStarted] = useState(false);
  const { clinic, session, setClinic, signedIn } = usePortal();
  useOnlineStatus();
  useEffect(() => {
    void (async () => {
      const kept = await loadSession();
      if (kept) {
        // Signed in already: the clinic is the session's, online or not.
        setClinic(kept.clinic);
        signedIn(kept);
      } else {
        const found = await findClinic();
        if ('kind' in found) setProblem(found);
        else setClinic(found);
      }
      setStarted(true);
    })();
  }, [setClinic, signedIn]);

  if (!started) return <p className="p-4 text-lg">{t('common:opening')}</p>;
  if (!session) {
    if (!clinic) {
      return (
        <main className="mx-auto max-w-md p-4">
          <LanguagePicker className="mb-3 justify-end" />
          <h1 className="mb-3 text-2xl font-semibold text-teal-900">{t('appTitle')}</h1>
          <p role="alert" className="rounded-lg bg-amber-50 p-4 text-lg text-amber-950">
            {problem && startProblemWords(problem, t)}
          </p>
        </main>
      );
    }
    return <SignIn clinic={clinic} />;
  }
  return (
    <BrowserRouter basename="/portal">
      <Routes>
        <Route element={<Shell />}>
          <Route index element={<Home />} />
          <Route path="appointments" element={<AppointmentsScreen />} />
          <Route path="visits" element={<VisitsScreen />} />
          <Route path="prescriptions" element={<PrescriptionsScreen />} />
          <Route path="vitals" element={<VitalsScreen />} />
          <Route path="documents" element={<DocumentsScreen />} />
          <Route path="consents" element={<ConsentsScreen />} />
          <Route path="*" element={<Home />} />
        </Route>
      </Routes>
    </BrowserRouter>
  );
}
