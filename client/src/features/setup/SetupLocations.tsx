import { uuidv7 } from '@mymedic/shared';
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
  const word = organisation.kind === 'hospital' ? 'Department' : 'Location';
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
      `${word} added`,
    );
    if (added) form.reset();
  }
  return (
    <div className="space-y-3">
      <p className="text-sm text-slate-700">
        {organisation.kind === 'hospital'
          ? 'Each department books and sees patients on its own: outpatients, maternity, the laboratory.'
          : 'Each place where you see patients, if more than one.'}
      </p>
      <h2 className="font-medium">{word}s so far</h2>
      <ul className="list-disc pl-6">
        {organisation.locations.map((location) => (
          <li key={location.location_id}>
            {location.name}
            {location.address ? `, ${location.address}` : ''}
          </li>
        ))}
      </ul>
      <Form
        onSubmit={add}
        label={`Add a ${word.toLowerCase()}`}
        className="grid gap-3 sm:grid-cols-3"
      >
        <TextField label={`${word} name`} name="location-name" error={errors.name} />
        <TextField label="Address (optional)" name="location-address" error={errors.address} />
        <div className="self-end">
          <button type="submit" className={buttonClass}>
            Add {word.toLowerCase()}
          </button>
        </div>
      </Form>
      <Feedback message={message} error={errors.form} />
    </div>
  );
}
