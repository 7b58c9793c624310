import { mayIssue } from '@mymedic/shared';
import { useTranslation } from 'react-i18next';
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
  const { t } = useTranslation('settings');
  if (!mayIssue(actor.roles, 'ChangeHospitalSettings')) return <p role="alert">{t('onlyAdmin')}</p>;
  if (!organisation) return <p>{t('common:loading')}</p>;
  return (
    <section aria-labelledby="settings-title" className="space-y-4">
      <h1 id="settings-title" className="text-2xl font-semibold">
        {t('title')}
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
