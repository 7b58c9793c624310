import { useTranslation } from 'react-i18next';
import { SelectField } from './Field';

/** The device's own time zone, as the browser knows it. */
export const deviceTimeZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone;

/**
 * Every time zone the browser knows, by region (Africa/Nairobi), with `current` kept in
 * the list even when the browser lists it under another name (UTC).
 */
function timeZones(current: string): string[] {
  const known =
    typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
  return known.includes(current) ? known : [current, ...known];
}

/** A time zone chosen from the list, never typed. */
export function TimeZoneField({
  value,
  onChange,
  error,
  name = 'timezone',
}: {
  value?: string;
  onChange?: (zone: string) => void;
  error?: string | undefined;
  name?: string;
}) {
  const { t } = useTranslation();
  const current = value ?? deviceTimeZone();
  return (
    <SelectField
      label={t('timeZone')}
      name={name}
      error={error}
      {...(onChange
        ? { value: current, onChange: (event) => onChange(event.target.value) }
        : { defaultValue: current })}
    >
      {timeZones(current).map((zone) => (
        <option key={zone} value={zone}>
          {zone.replaceAll('_', ' ')}
        </option>
      ))}
    </SelectField>
  );
}
