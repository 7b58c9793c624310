import { lazy, Suspense, useState } from 'react';
import { BrowserRouter, Route, Routes } from 'react-router';
import { ClinicProvider } from './app/clinic';
import { LockGate } from './app/LockGate';
import { SignIn, SignUp } from './features/auth/AuthScreens';
import { loadSession, type StoredSession } from './engine/session';
import { Layout } from './ui/Layout';

const Dashboard = lazy(() => import('./features/dashboard/Dashboard'));
const PatientList = lazy(() => import('./features/patients/PatientList'));
const RegisterPatient = lazy(() => import('./features/patients/RegisterPatient'));
const PatientPage = lazy(() => import('./features/patients/PatientPage'));
const Conflicts = lazy(() => import('./features/conflicts/Conflicts'));
const Calendar = lazy(() => import('./features/appointments/Calendar'));
const Settings = lazy(() => import('./features/settings/Settings'));
const VisitPage = lazy(() => import('./features/visits/VisitPage'));
const PrescriptionPrint = lazy(() => import('./features/clinical/PrescriptionPrint'));

export function App() {
  const [session, setSession] = useState<StoredSession | null>(loadSession);
  if (!session) {
    return (
      <BrowserRouter>
        <Routes>
          <Route path="/signup" element={<SignUp onSignedIn={setSession} />} />
          <Route path="*" element={<SignIn onSignedIn={setSession} />} />
        </Routes>
      </BrowserRouter>
    );
  }
  return (
    <BrowserRouter>
      <ClinicProvider
        key={session.user.user_id}
        session={session}
        onSignedOut={() => setSession(null)}
      >
        <LockGate onSwitch={setSession} onFullSignIn={() => setSession(null)}>
          <Suspense fallback={<p className="p-4">Loading…</p>}>
            <Routes>
              <Route path="prescriptions/:prescriptionId/print" element={<PrescriptionPrint />} />
              <Route element={<Layout />}>
                <Route index element={<Dashboard />} />
                <Route path="patients" element={<PatientList />} />
                <Route path="patients/new" element={<RegisterPatient />} />
                <Route path="patients/:patientId" element={<PatientPage />} />
                <Route path="conflicts" element={<Conflicts />} />
                <Route path="calendar" element={<Calendar />} />
                <Route path="organisation" element={<Settings />} />
                <Route path="visits/:visitId" element={<VisitPage />} />
                <Route path="*" element={<Dashboard />} />
              </Route>
            </Routes>
          </Suspense>
        </LockGate>
      </ClinicProvider>
    </BrowserRouter>
  );
}
