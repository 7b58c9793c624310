import type { HospitalSettings } from '@mymedic/shared';
import { useTranslation } from 'react-i18next';
import { formText, TextField } from '../../ui/Field';

/** The days of the week from Sunday, as the settings number them (0 to 6). */
const weekdays = [
  'sunday',
  'monday',
  'tuesday',
  'wednesday',
  'thursday',
  'friday',
  'saturday',
] as const;

/** The opening hours a form's weekday rows say: the days ticked, with their times. */
export function openingHoursOf(form: FormData): HospitalSettings['opening_hours'] {
  return weekdays.flatMap((_, weekday) =>
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
}

/** One row a weekday: open or not, and from when to when. */
export function OpeningHoursFields({
  hours,
  className,
}: {
  hours: HospitalSettings['opening_hours'];
  className?: string;
}) {
  const { t } = useTranslation('settings');
  return (
    <fieldset className={className}>
      <legend className="mb-2 font-medium">{t('hours.title')}</legend>
      <div className="space-y-2">
        {weekdays.map((dayKey, weekday) => {
          const day = t(`hours.days.${dayKey}`);
          const open = hours.find((slot) => slot.weekday === weekday);
          return (
            // A day not ticked is closed: its times are dimmed, not taken.
            <div key={dayKey} className="group flex flex-wrap items-end gap-3">
              <label className="flex min-h-11 w-36 items-center gap-2">
                <input
                  type="checkbox"
                  name={`open-${weekday}`}
                  defaultChecked={Boolean(open)}
                  className="h-5 w-5"
                />
                {day}
              </label>
              <div className="flex flex-wrap gap-3 opacity-60 group-has-[:checked]:opacity-100">
                {(['opens', 'closes'] as const).map((edge) => (
                  <TextField
                    key={edge}
                    label={t(`hours.${edge}`, { day })}
                    name={`${edge}-${weekday}`}
                    type="time"
                    defaultValue={open?.[edge] ?? (edge === 'opens' ? '09:00' : '17:00')}
                  />
                ))}
              </div>
            </div>
          );
        })}
      </div>
    </fieldset>
  );
}
