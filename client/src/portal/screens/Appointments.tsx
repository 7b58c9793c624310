import { useTranslation } from 'react-i18next';
import type { Appointment } from '../model/api';
import { useAnswer } from '../model/answers';
import { useSession } from '../model/state';
import { AppointmentCard } from '../parts/AppointmentCard';
import { Nothing, Screen } from '../parts/Screen';

/** One list of appointments under its heading, in the order given, or the sentence for none. */
function AppointmentList({
  id,
  heading,
  none,
  appointments,
}: {
  id: string;
  heading: string;
  none: string;
  appointments: Appointment[];
}) {
  return (
    <section aria-labelledby={id} className="space-y-3">
      <h2 id={id} className="text-xl font-semibold">
        {heading}
      </h2>
      {appointments.length === 0 && <Nothing>{none}</Nothing>}
      {appointments.map((appointment) => (
        <AppointmentCard
          key={appointment.appointment_id}
          appointment={appointment}
          headingLevel="h3"
        />
      ))}
    </section>
  );
}

const startsAt = (appointment: Appointment) => Date.parse(appointment.starts_at);

/** Upcoming appointments (soonest first, with the answers), then past ones (newest first). */
export function AppointmentsScreen() {
  const { t } = useTranslation('portal');
  const session = useSession();
  const view = useAnswer('appointments', session);
  return (
    <Screen title={t('appointments.title')} view={view}>
      {({ upcoming, past }) => (
        <div className="space-y-6">
          <AppointmentList
            id="upcoming"
            heading={t('appointments.comingUp')}
            none={t('appointments.noneComingUp')}
            appointments={[...upcoming].sort((a, b) => startsAt(a) - startsAt(b))}
          />
          <AppointmentList
            id="past"
            heading={t('appointments.past')}
            none={t('appointments.nonePast')}
            appointments={[...past].sort((a, b) => startsAt(b) - startsAt(a))}
          />
        </div>
      )}
    </Screen>
  );
}
