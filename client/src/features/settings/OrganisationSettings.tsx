import { clinicCountry, phoneCountries } from '@mymedic/shared';
import { useCommands } from '../../app/commands';
import type { OrganisationRow } from '../../engine/db';
import { formText, SelectField, TextField } from '../../ui/Field';
import { Form, FormFooter } from '../../ui/Form';
import { TimeZoneField } from '../../ui/TimeZoneField';
import { OpeningHoursFields, openingHoursOf } from './OpeningHours';

/** The settings that are a number, in the order the form shows them. */
const numberSettings: {
  name: 'idle_lock_minutes' | 'offline_unlock_days' | 'default_slot_minutes';
  label: string;
  hint?: string;
}[] = [
  { name: 'idle_lock_minutes', label: 'Lock tablets after (minutes idle)' },
  {
    name: 'offline_unlock_days',
    label: 'PIN unlock without the server (days)',
    hint: 'How long a PIN opens a tablet that cannot reach the server',
  },
  { name: 'default_slot_minutes', label: 'Default appointment length (minutes)' },
];

/** The organisation's name, time zone, lock and booking defaults, and opening hours. */
export function OrganisationSettings({ organisation }: { organisation: OrganisationRow }) {
  const { run, errors, message } = useCommands();
  const { settings } = organisation;

  async function submit(form: FormData) {
    await run(
      {
        type: 'ChangeHospitalSettings',
        aggregate_type: 'hospital',
        aggregate_id: organisation.hospital_id,
        payload: {
          changes: {
            name: formText(form, 'org-name'),
            timezone: formText(form, 'timezone'),
            ...(formText(form, 'country') ? { country: formText(form, 'country') } : {}),
            idle_lock_minutes: Number(formText(form, 'idle_lock_minutes')),
            offline_unlock_days: Number(formText(form, 'offline_unlock_days')),
            default_slot_minutes: Number(formText(form, 'default_slot_minutes')),
            opening_hours: openingHoursOf(form),
          },
        },
      },
      'Settings saved',
    );
  }

  return (
    <Form
      onSubmit={submit}
      label="Organisation settings"
      className="grid gap-4 rounded-xl bg-white p-6 shadow sm:grid-cols-2"
    >
      <h2 className="text-lg font-semibold sm:col-span-2">Organisation</h2>
      <TextField label="Name" name="org-name" defaultValue={settings.name} error={errors.name} />
      <TimeZoneField value={settings.timezone} error={errors.timezone} />
      <SelectField
        label="Country"
        name="country"
        defaultValue={clinicCountry(settings) ?? ''}
        error={errors.country}
        hint="Phone numbers typed without a country code are read as dialled here"
      >
        <option value="">Choose…</option>
        {phoneCountries().map(({ country, name }) => (
          <option key={country} value={country}>
            {name}
          </option>
        ))}
      </SelectField>
      {numberSettings.map(({ name, label, hint }) => (
        <TextField
          key={name}
          label={label}
          name={name}
          type="number"
          // Settings saved before offline unlock existed lack it: the server's default shows.
          defaultValue={settings[name] ?? 7}
          error={errors[name]}
          {...(hint ? { hint } : {})}
        />
      ))}
      <OpeningHoursFields hours={settings.opening_hours} className="sm:col-span-2" />
      <FormFooter submit="Save settings" message={message} error={errors.form} />
    </Form>
  );
}
