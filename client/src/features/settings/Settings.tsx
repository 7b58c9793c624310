import { mayIssue } from '@mymedic/shared';
import { useClinic } from '../../app/clinic';
import { useOrganisation } from '../../app/reference';
import { Devices } from './Devices';
import { Locations } from './Locations';
import { OrganisationSettings } from './OrganisationSettings';
import { ReminderSettingsForm } from './ReminderSettingsForm';
import { SkippedSetupSteps } from './SetupStatus';
import { Staff } from './Staff';

/** The admin's screen: the organisation's settings, its locations, its staff and devices. */
export default function Settings() {
  const { actor } = useClinic();
  const organisation = useOrganisation();
  if (!mayIssue(actor.roles, 'ChangeHospitalSettings'))
    return <p role="alert">Only an admin manages the organisation.</p>;
  if (!organisation) return <p>Loading…</p>;
  return (
    <section aria-labelledby="settings-title" className="space-y-4">
      <h1 id="settings-title" className="text-2xl font-semibold">
        Organisation
      </h1>
      <SkippedSetupSteps organisation={organisation} />
      <OrganisationSettings organisation={organisation} />
      <ReminderSettingsForm organisation={organisation} />
      <Locations organisation={organisation} />
      <Staff />
      <Devices />
    </section>
  );
}
