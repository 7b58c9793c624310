import { uuidv7 } from '@mymedic/shared';
import { useTranslation } from 'react-i18next';
import { useCommands } from '../../app/commands';
import type { OrganisationRow } from '../../engine/db';
import { buttonClass, Feedback, formText, TextField } from '../../ui/Field';
import { Form } from '../../ui/Form';
import { Panel } from '../../ui/Panel';

/** Where the organisation sees patients, and a form to add one. */
export function Locations({ organisation }: { organisation: OrganisationRow }) {
  const { run, errors, message } = useCommands();
  const { t } = useTranslation('settings');
  async function submit(data: FormData, form: HTMLFormElement) {
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
      t('locations.added'),
    );
    if (added) form.reset();
  }
  return (
    <Panel id="locations-title" title={t('locations.title')}>
      <ul className="list-disc pl-6">
        {organisation.locations.map((location) => (
          <li key={location.location_id}>
            {location.name}
            {location.address ? `, ${location.address}` : ''}
          </li>
        ))}
      </ul>
      <Form onSubmit={submit} label={t('locations.form')} className="grid gap-3 sm:grid-cols-3">
        <TextField label={t('locations.name')} name="location-name" error={errors.name} />
        <TextField label={t('locations.address')} name="location-address" error={errors.address} />
        <div className="self-end">
          <button type="submit" className={buttonClass}>
            {t('locations.add')}
          </button>
        </div>
      </Form>
      <Feedback message={message} error={errors.form} />
    </Panel>
  );
}
