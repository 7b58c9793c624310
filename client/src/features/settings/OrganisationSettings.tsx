import { clinicCountry, phoneCountries } from '@mymedic/shared';
import { useCommands } from '../../app/commands';
import type { OrganisationRow } from '../../engine/db';
import { formText, SelectField, TextField } from '../../ui/Field';
import { Form, FormFooter } from '../../ui/Form';

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

const weekdays = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

/** The organisation's name, time zone, lock and booking defaults, and opening hours. */
export function OrganisationSettings({ organisation }: { organisation: OrganisationRow }) {
  const { run, errors, message } = useCommands();
  const { settings } = organisation;

  async function submit(form: FormData) {
    const opening_hours = weekdays.flatMap((_, weekday) =>
      form.get(`open-${weekday}`) === 'on'
        ? [
            {
              weekday,
              opens: formText(form, `opens-${weekday}`),
              closes: formText(form, `closes-${weekday}`),
            },
          ]
        : [],
    );
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
            opening_hours,
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
      <TextField
        label="Time zone"
        name="timezone"
        defaultValue={settings.timezone}
        error={errors.timezone}
        hint="For example Africa/Nairobi"
      />
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
      <fieldset className="sm:col-span-2">
        <legend className="mb-2 font-medium">Opening hours</legend>
        <div className="space-y-2">
          {weekdays.map((day, weekday) => {
            const hours = settings.opening_hours.find((slot) => slot.weekday === weekday);
            return (
              <div key={day} className="flex flex-wrap items-end gap-3">
                <label className="flex min-h-11 w-36 items-center gap-2">
                  <input
                    type="checkbox"
                    name={`open-${weekday}`}
                    defaultChecked={Boolean(hours)}
                    className="h-5 w-5"
                  />
                  {day}
                </label>
                {(['opens', 'closes'] as const).map((edge) => (
                  <TextField
                    key={edge}
                    label={`${day} ${edge}`}
                    name={`${edge}-${weekday}`}
                    type="time"
                    defaultValue={hours?.[edge] ?? (edge === 'opens' ? '09:00' : '17:00')}
                  />
                ))}
              </div>
            );
          })}
        </div>
      </fieldset>
      <FormFooter submit="Save settings" message={message} error={errors.form} />
    </Form>
  );
}
