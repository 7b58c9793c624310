import { uuidv7 } from '@mymedic/shared';
import { useTranslation } from 'react-i18next';
import { useCommands } from '../../app/commands';
import type { OrganisationRow } from '../../engine/db';
import { buttonClass, Feedback, formText, TextField } from '../../ui/Field';
import { Form } from '../../ui/Form';
import { Panel } from '../../ui/Panel';

/** What the list of places and its form say: a hospital's departments, or locations. */
export interface LocationWords {
  form: string;
  name: string;
  address: string;
  add: string;
  added: string;
}

/**
 * The organisation's places and a form adding one, each added at once with its own
 * command: the organisation screen and the setup's step both show this.
 */
export function LocationsForm({
  organisation,
  words,
}: {
  organisation: OrganisationRow;
  words: LocationWords;
}) {
  const { run, errors, message } = useCommands();
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
      words.added,
    );
    if (added) form.reset();
  }
  return (
    <>
      <ul className="list-disc pl-6">
        {organisation.locations.map((location) => (
          <li key={location.location_id}>
            {location.name}
            {location.address ? `, ${location.address}` : ''}
          </li>
        ))}
      </ul>
      <Form onSubmit={add} label={words.form} className="grid gap-3 sm:grid-cols-3">
        <TextField label={words.name} name="location-name" error={errors.name} />
        <TextField label={words.address} name="location-address" error={errors.address} />
        <div className="self-end">
          <button type="submit" className={buttonClass}>
            {words.add}
          </button>
        </div>
      </Form>
      <Feedback message={message} error={errors.form} />
    </>
  );
}

/** Where the organisation sees patients, and a form to add one. */
export function Locations({ organisation }: { organisation: OrganisationRow }) {
  const { t } = useTranslation('settings');
  return (
    <Panel id="locations-title" title={t('locations.title')}>
      <LocationsForm
        organisation={organisation}
        words={{
          form: t('locations.form'),
          name: t('locations.name'),
          address: t('locations.address'),
          add: t('locations.add'),
          added: t('locations.added'),
        }}
      />
    </Panel>
  );
}
