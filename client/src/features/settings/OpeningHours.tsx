import type { HospitalSettings } from '@mymedic/shared';
import { formText, TextField } from '../../ui/Field';

const weekdays = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

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
  return (
    <fieldset className={className}>
      <legend className="mb-2 font-medium">Opening hours</legend>
      <div className="space-y-2">
        {weekdays.map((day, weekday) => {
          const open = hours.find((slot) => slot.weekday === weekday);
          return (
            // A day not ticked is closed: its times are dimmed, not taken.
            <div key={day} className="group flex flex-wrap items-end gap-3">
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
                    label={`${day} ${edge}`}
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
