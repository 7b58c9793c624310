import { useTranslation } from 'react-i18next';
import type { OrganisationRow } from '../../engine/db';
import { LocationsForm } from '../settings/Locations';

/**
 * The setup's locations step: where the organisation sees patients (a hospital's
 * departments), each added at once with the organisation screen's command.
 */
export function SetupLocations({ organisation }: { organisation: OrganisationRow }) {
  const { t } = useTranslation('setup');
  // A hospital's places are its departments; every other organisation's, its locations.
  const words = organisation.kind === 'hospital' ? 'locations.hospital' : 'locations.other';
  return (
    <div className="space-y-3">
      <p className="text-sm text-slate-700">{t(`${words}.explained`)}</p>
      <h2 className="font-medium">{t(`${words}.soFar`)}</h2>
      <LocationsForm
        organisation={organisation}
        words={{
          form: t(`${words}.form`),
          name: t(`${words}.name`),
          address: t('locations.address'),
          add: t(`${words}.add`),
          added: t(`${words}.added`),
        }}
      />
    </div>
  );
}
