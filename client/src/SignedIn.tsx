import { lazy, Suspense, useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { BrowserRouter, Route, Routes } from 'react-router';
import { mayIssue, rolesOf } from '@mymedic/shared';
import type { StoredSession } from './engine/session';
import { MessagesLink, NotificationBell } from './features/notifications/HeaderAlerts';
import { ClinicProvider } from './app/clinic';
import { Layout } from './app/Layout';
import { LockGate } from './app/LockGate';
import { revokedMessage } from './app/revoked';
import { SignInAgain } from './app/SignInAgain';

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

/**
 * The app of a signed-in person: their clinic's records, sync and screens. It loads
 * apart from the sign-in page (App.tsx), which needs none of it: a first visit downloads
 * only the sign-in, and the service worker then precaches this too for offline use.
 */
export default function SignedIn({
  session,
  offline,
  onSignedOut,
  onRevoked,
  onRenewed,
  onLocked,
}: {
  session: StoredSession;
  offline: boolean;
  onSignedOut: () => void;
  /** The device was revoked and wiped; `notice` says so on the sign-in. */
  onRevoked: (notice: string) => void;
  onRenewed: (session: StoredSession) => void;
  onLocked: () => void;
}) {
  const { t } = useTranslation();
  return (
    <>
      <FullIcd10ListForDiagnosers session={session} />
      <BrowserRouter>
        <ClinicProvider
          key={session.user.user_id}
          session={session}
          offline={offline}
          onSignedOut={onSignedOut}
          onRevoked={() => onRevoked(revokedMessage())}
        >
          <SignInAgain onRenewed={onRenewed} />
          <LockGate onLocked={onLocked}>
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
