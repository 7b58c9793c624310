import { clinicCountry, phoneCountries } from '@mymedic/shared';
import { useTranslation } from 'react-i18next';
import { useCommands } from '../../app/commands';
import { useFormat } from '../../app/useFormat';
import type { OrganisationRow } from '../../engine/db';
import { formText, SelectField, TextField } from '../../ui/Field';
import { Form, FormFooter } from '../../ui/Form';
import { TimeZoneField } from '../../ui/TimeZoneField';
import { OpeningHoursFields, openingHoursOf } from './OpeningHours';

/** The settings that are a number, in the order the form shows them, with their words' keys. */
const numberSettings: {
  name: 'idle_lock_minutes' | 'offline_unlock_days' | 'default_slot_minutes';
  label: string;
  hint?: string;
}[] = [
  { name: 'idle_lock_minutes', label: 'organisation.idleLock' },
  {
    name: 'offline_unlock_days',
    label: 'organisation.offlineUnlock',
    hint: 'organisation.offlineUnlockHint',
  },
  { name: 'default_slot_minutes', label: 'organisation.slotLength' },
];

/** Every country whose numbers are known, named and sorted in the person's language. */
function useCountries() {
  const { locale } = useFormat();
  const names = new Intl.DisplayNames([locale], { type: 'region' });
  return phoneCountries()
    .map(({ country }) => ({ country, name: names.of(country) ?? country }))
    .sort((left, right) => left.name.localeCompare(right.name, locale));
}

/** The organisation's name, time zone, lock and booking defaults, and opening hours. */
export function OrganisationSettings({ organisation }: { organisation: OrganisationRow }) {
  const { run, errors, message } = useCommands();
  const { t } = useTranslation('settings');
  const countries = useCountries();
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
      t('organisation.saved'),
    );
  }

  return (
    <Form
      onSubmit={submit}
      label={t('organisation.form')}
      className="grid gap-4 rounded-xl bg-white p-6 shadow sm:grid-cols-2"
    >
      <h2 className="text-lg font-semibold sm:col-span-2">{t('organisation.title')}</h2>
      <TextField
        label={t('organisation.name')}
        name="org-name"
        defaultValue={settings.name}
        error={errors.name}
      />
      <TimeZoneField value={settings.timezone} error={errors.timezone} />
      <SelectField
        label={t('organisation.country')}
        name="country"
        defaultValue={clinicCountry(settings) ?? ''}
        error={errors.country}
        hint={t('organisation.countryHint')}
      >
        <option value="">{t('organisation.choose')}</option>
        {countries.map(({ country, name }) => (
          <option key={country} value={country}>
            {name}
          </option>
        ))}
      </SelectField>
      {numberSettings.map(({ name, label, hint }) => (
        <TextField
          key={name}
          label={t(label)}
          name={name}
          type="number"
          // Settings saved before offline unlock existed lack it: the server's default shows.
          defaultValue={settings[name] ?? 7}
          error={errors[name]}
          {...(hint ? { hint: t(hint) } : {})}
        />
      ))}
      <OpeningHoursFields hours={settings.opening_hours} className="sm:col-span-2" />
      <FormFooter submit={t('organisation.save')} message={message} error={errors.form} />
    </Form>
  );
}
