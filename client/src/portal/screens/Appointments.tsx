import { useTranslation } from 'react-i18next';
import { useAnswer } from '../model/answers';
import { useSession } from '../model/state';
import { AppointmentCard } from '../parts/AppointmentCard';
import { Nothing, Screen } from '../parts/Screen';

/** Upcoming appointments (soonest first, with the answers), then past ones (newest first). */
export function AppointmentsScreen() {
  const { t } = useTranslation('portal');
  const session = useSession();
  const view = useAnswer('appointments', session);
  return (
    <Screen title={t('appointments.title')} view={view}>
      {({ upcoming, past }) => (
        <div className="space-y-6">
          <section aria-labelledby="upcoming" className="space-y-3">
            <h2 id="upcoming" className="text-xl font-semibold">
              {t('appointments.comingUp')}
            </h2>
            {upcoming.length === 0 && <Nothing>{t('appointments.noneComingUp')}</Nothing>}
            {[...upcoming]
              .sort((a, b) => Date.parse(a.starts_at) - Date.parse(b.starts_at))
              .map((appointment) => (
                <AppointmentCard
                  key={appointment.appointment_id}
                  appointment={appointment}
                  headingLevel="h3"
                />
              ))}
          </section>
          <section aria-labelledby="past" className="space-y-3">
            <h2 id="past" className="text-xl font-semibold">
              {t('appointments.past')}
            </h2>
            {past.length === 0 && <Nothing>{t('appointments.nonePast')}</Nothing>}
            {[...past]
              .sort((a, b) => Date.parse(b.starts_at) - Date.parse(a.starts_at))
              .map((appointment) => (
                <AppointmentCard
                  key={appointment.appointment_id}
                  appointment={appointment}
                  headingLevel="h3"
                />
              ))}
          </section>
        </div>
      )}
    </Screen>
  );
}
