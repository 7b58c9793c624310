import { Link } from 'react-router';
import { useAnswer } from '../model/answers';
import { useSession } from '../model/state';
import { nextAppointment } from '../model/words';
import { AppointmentCard } from '../parts/AppointmentCard';
import { Nothing, Screen } from '../parts/Screen';

const shortcuts = [
  { to: '/appointments', label: 'All appointments' },
  { to: '/visits', label: 'Past visits' },
  { to: '/prescriptions', label: 'Prescriptions' },
  { to: '/vitals', label: 'Measurements' },
  { to: '/documents', label: 'Documents' },
  { to: '/consents', label: 'Consents' },
];

/** Home: the next appointment first, with the answers the patient may give. */
export function Home() {
  const session = useSession();
  const view = useAnswer('appointments', session);
  const firstName = session.patient.full_name.trim().split(/\s+/)[0];
  return (
    <Screen title={firstName ? `Hello, ${firstName}` : 'Hello'} view={view}>
      {(appointments) => {
        const next = nextAppointment(appointments.upcoming);
        return (
          <div className="space-y-6">
            <section aria-labelledby="next-appointment" className="space-y-2">
              <h2 id="next-appointment" className="text-lg font-semibold text-slate-800">
                Your next appointment
              </h2>
              {next ? (
                <AppointmentCard appointment={next} headingLevel="h3" />
              ) : (
                <Nothing>You have no appointment booked. Call the clinic to book one.</Nothing>
              )}
            </section>
            <nav aria-label="Shortcuts" className="no-print">
              <ul className="grid grid-cols-1 gap-2 sm:grid-cols-2">
                {shortcuts.map((shortcut) => (
                  <li key={shortcut.to}>
                    <Link
                      to={shortcut.to}
                      className="flex min-h-14 items-center rounded-xl bg-white px-4 text-lg font-medium text-teal-900 shadow hover:bg-teal-50"
                    >
                      {shortcut.label}
                    </Link>
                  </li>
                ))}
              </ul>
            </nav>
          </div>
        );
      }}
    </Screen>
  );
}
