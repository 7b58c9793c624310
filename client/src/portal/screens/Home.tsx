import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useAnswer } from '../model/answers';
import { useSession } from '../model/state';
import { nextAppointment } from '../model/words';
import { AppointmentCard } from '../parts/AppointmentCard';
import { Nothing, Screen } from '../parts/Screen';

/** The shortcuts under the next appointment; `label` is the key of its words. */
const shortcuts = [
  { to: '/appointments', label: 'home.allAppointments' },
  { to: '/visits', label: 'home.pastVisits' },
  { to: '/prescriptions', label: 'nav.prescriptions' },
  { to: '/vitals', label: 'nav.vitals' },
  { to: '/documents', label: 'nav.documents' },
  { to: '/consents', label: 'nav.consents' },
] as const;

/** Home: the next appointment first, with the answers the patient may give. */
export function Home() {
  const { t } = useTranslation('portal');
  const session = useSession();
  const view = useAnswer('appointments', session);
  const firstName = session.patient.full_name.trim().split(/\s+/)[0];
  return (
    <Screen
      title={firstName ? t('home.hello', { name: firstName }) : t('home.helloNoName')}
      view={view}
    >
      {(appointments) => {
        const next = nextAppointment(appointments.upcoming);
        return (
          <div className="space-y-6">
            <section aria-labelledby="next-appointment" className="space-y-2">
              <h2 id="next-appointment" className="text-lg font-semibold text-slate-800">
                {t('home.next')}
              </h2>
              {next ? (
                <AppointmentCard appointment={next} headingLevel="h3" />
              ) : (
                <Nothing>{t('home.noNext')}</Nothing>
              )}
            </section>
            <nav aria-label={t('home.shortcuts')} className="no-print">
              <ul className="grid grid-cols-1 gap-2 sm:grid-cols-2">
                {shortcuts.map((shortcut) => (
                  <li key={shortcut.to}>
                    <Link
                      to={shortcut.to}
                      className="flex min-h-14 items-center rounded-xl bg-white px-4 text-lg font-medium text-teal-900 shadow hover:bg-teal-50"
                    >
                      {t(shortcut.label)}
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
