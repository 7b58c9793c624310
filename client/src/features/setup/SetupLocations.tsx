import { uuidv7 } from '@mymedic/shared';
import { useTranslation } from 'react-i18next';
import { useCommands } from '../../app/commands';
import type { OrganisationRow } from '../../engine/db';
import { buttonClass, Feedback, formText, TextField } from '../../ui/Field';
import { Form } from '../../ui/Form';

/**
 * The setup's locations step: where the organisation sees patients (a hospital's
 * departments), each added at once with the organisation screen's command.
 */
export function SetupLocations({ organisation }: { organisation: OrganisationRow }) {
  const { run, errors, message } = useCommands();
  const { t } = useTranslation('setup');
  // A hospital's places are its departments; every other organisation's, its locations.
  const words = organisation.kind === 'hospital' ? 'locations.hospital' : 'locations.other';
  async function add(data: FormData, form: HTMLFormElement) {
    const address = formText(data, 'location-address').trim();
    const added = await run(
      {
        type: 'AddLocation',
        aggregate_type: 'hospital',
        aggregate_id: organisation.hospital_id,
        payload: {
          location_id: uuidv7(),
          name: formText(data, 'location-name'),
          address: address || null,
        },
      },
      t(`${words}.added`),
    );
    if (added) form.reset();
  }
  return (
    <div className="space-y-3">
      <p className="text-sm text-slate-700">{t(`${words}.explained`)}</p>
      <h2 className="font-medium">{t(`${words}.soFar`)}</h2>
      <ul className="list-disc pl-6">
        {organisation.locations.map((location) => (
          <li key={location.location_id}>
            {location.name}
            {location.address ? `, ${location.address}` : ''}
          </li>
        ))}
      </ul>
      <Form onSubmit={add} label={t(`${words}.form`)} className="grid gap-3 sm:grid-cols-3">
        <TextField label={t(`${words}.name`)} name="location-name" error={errors.name} />
        <TextField label={t('locations.address')} name="location-address" error={errors.address} />
        <div className="self-end">
          <button type="submit" className={buttonClass}>
            {t(`${words}.add`)}
          </button>
        </div>
      </Form>
      <Feedback message={message} error={errors.form} />
    </div>
  );
}
