import { lazy, Suspense, useEffect, useState } from 'react';
import { BrowserRouter, Route, Routes } from 'react-router';
import { useTranslation } from 'react-i18next';
import { mayIssue, rolesOf } from '@mymedic/shared';
import { ClinicProvider } from './app/clinic';
import { LockGate } from './app/LockGate';
import { LockScreen } from './app/LockScreen';
import { revokedMessage } from './app/revoked';
import { SignInAgain } from './app/SignInAgain';
import { hasPin, lockedPeople, resumeVault, touchActivity } from './engine/lock';
import { SignIn, SignUp } from './features/auth/AuthScreens';
import { clearSession, loadSession, type StoredSession } from './engine/session';
import { Layout } from './app/Layout';
import { MessagesLink, NotificationBell } from './features/notifications/HeaderAlerts';

const Dashboard = lazy(() => import('./features/dashboard/Dashboard'));
const PatientList = lazy(() => import('./features/patients/PatientList'));
const RegisterPatient = lazy(() => import('./features/patients/RegisterPatient'));
const PatientPage = lazy(() => import('./features/patients/PatientPage'));
const Conflicts = lazy(() => import('./features/conflicts/Conflicts'));
const Calendar = lazy(() => import('./features/appointments/Calendar'));
const Settings = lazy(() => import('./features/settings/Settings'));
const VisitPage = lazy(() => import('./features/visits/VisitPage'));
const PrescriptionPrint = lazy(() => import('./features/clinical/PrescriptionPrint'));
const VisitSummaryPrint = lazy(() => import('./features/visits/VisitSummaryPrint'));
const Reports = lazy(() => import('./features/reports/Reports'));
const Messages = lazy(() => import('./features/messages/Messages'));
const Notifications = lazy(() => import('./features/notifications/Notifications'));
const Setup = lazy(() => import('./features/setup/Setup'));
const Account = lazy(() => import('./features/account/Account'));

type Screen =
  | { kind: 'starting' }
  | { kind: 'open'; session: StoredSession; offline: boolean }
  | { kind: 'locked'; hospitalId: string }
  | { kind: 'signed_out'; notice?: string };

/**
 * Where the device starts: someone without a PIN who is still signed in comes back in
 * (with their drafts); anyone with a PIN starts locked, as their key was only ever in
 * memory; otherwise the sign-in.
 */
async function startingScreen(): Promise<Screen> {
  const clear = loadSession();
  if (clear) {
    const userId = clear.session.user.user_id;
    if (!hasPin(userId)) {
      if (clear.vault) await resumeVault(userId, clear.vault);
      return { kind: 'open', session: clear.session, offline: false };
    }
    // From before tokens were kept sealed: a PIN holder's tokens never stay in clear.
    clearSession();
  }
  return lockedOrSignedOut();
}

function lockedOrSignedOut(): Screen {
  const last = lockedPeople().at(-1);
  return last ? { kind: 'locked', hospitalId: last.user.hospital_id } : { kind: 'signed_out' };
}

/**
 * A device whose person records diagnoses fetches the full ICD-10-CM list when idle, so
 * it is on the device before the next time the internet goes. Its code loads apart.
 */
function FullIcd10ListForDiagnosers({ session }: { session: StoredSession }) {
  const diagnoses = mayIssue(rolesOf(session.user), 'RecordDiagnosis');
  useEffect(() => {
    if (diagnoses)
      void import('./features/clinical/icd10/catalogue').then((list) => list.warmIcd10List());
  }, [diagnoses]);
  return null;
}

export function App() {
  const { t } = useTranslation();
  const [screen, setScreen] = useState<Screen>({ kind: 'starting' });
  useEffect(() => {
    void startingScreen().then(setScreen);
  }, []);
  const open = (session: StoredSession, offline = false) =>
    setScreen({ kind: 'open', session, offline });

  if (screen.kind === 'starting') return <p className="p-4">{t('opening')}</p>;
  if (screen.kind === 'locked') {
    return (
      <LockScreen
        hospitalId={screen.hospitalId}
        onUnlocked={(session, offline) => {
          touchActivity();
          open(session, offline);
        }}
        onFullSignIn={() => setScreen({ kind: 'signed_out' })}
      />
    );
  }
  if (screen.kind === 'signed_out') {
    const unlockInstead =
      lockedPeople().length > 0 ? () => setScreen(lockedOrSignedOut()) : undefined;
    return (
      <BrowserRouter>
        <Routes>
          <Route path="/signup" element={<SignUp onSignedIn={(session) => open(session)} />} />
          <Route
            path="*"
            element={
              <SignIn
                onSignedIn={(session) => open(session)}
                onUnlockInstead={unlockInstead}
                notice={screen.notice}
              />
            }
          />
        </Routes>
      </BrowserRouter>
    );
  }
  const { session, offline } = screen;
  return (
    <>
      <FullIcd10ListForDiagnosers session={session} />
      <BrowserRouter>
        <ClinicProvider
          key={session.user.user_id}
          session={session}
          offline={offline}
          onSignedOut={() => setScreen(lockedOrSignedOut())}
          onRevoked={() => setScreen({ kind: 'signed_out', notice: revokedMessage })}
        >
          <SignInAgain onRenewed={(renewed) => open(renewed)} />
          <LockGate
            onLocked={() => setScreen({ kind: 'locked', hospitalId: session.user.hospital_id })}
          >
            <Suspense fallback={<p className="p-4">{t('loading')}</p>}>
              <Routes>
                <Route path="prescriptions/:prescriptionId/print" element={<PrescriptionPrint />} />
                <Route path="visits/:visitId/summary" element={<VisitSummaryPrint />} />
                <Route
                  element={<Layout messages={<MessagesLink />} alerts={<NotificationBell />} />}
                >
                  <Route index element={<Dashboard />} />
                  <Route path="patients" element={<PatientList />} />
                  <Route path="patients/new" element={<RegisterPatient />} />
                  <Route path="patients/:patientId" element={<PatientPage />} />
                  <Route path="conflicts" element={<Conflicts />} />
                  <Route path="calendar" element={<Calendar />} />
                  <Route path="organisation" element={<Settings />} />
                  <Route path="setup" element={<Setup />} />
                  <Route path="setup/:step" element={<Setup />} />
                  <Route path="account" element={<Account />} />
                  <Route path="visits/:visitId" element={<VisitPage />} />
                  <Route path="messages" element={<Messages />} />
                  <Route path="messages/:kind" element={<Messages />} />
                  <Route path="messages/:kind/:id" element={<Messages />} />
                  <Route path="notifications" element={<Notifications />} />
                  <Route path="reports" element={<Reports />} />
                  <Route path="*" element={<Dashboard />} />
                </Route>
              </Routes>
            </Suspense>
          </LockGate>
        </ClinicProvider>
      </BrowserRouter>
    </>
  );
}
