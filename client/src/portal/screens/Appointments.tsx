import { useAnswer } from '../model/answers';
import { useSession } from '../model/state';
import { AppointmentCard } from '../parts/AppointmentCard';
import { Nothing, Screen } from '../parts/Screen';

/** Upcoming appointments (soonest first, with the answers), then past ones (newest first). */
export function AppointmentsScreen() {
  const session = useSession();
  const view = useAnswer('appointments', session);
  return (
    <Screen title="Appointments" view={view}>
      {({ upcoming, past }) => (
        <div className="space-y-6">
          <section aria-labelledby="upcoming" className="space-y-3">
            <h2 id="upcoming" className="text-xl font-semibold">
              Coming up
            </h2>
            {upcoming.length === 0 && <Nothing>No appointments coming up.</Nothing>}
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
              Past
            </h2>
            {past.length === 0 && <Nothing>No past appointments.</Nothing>}
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
