import { clinicDateOf, clockMinutes, clinicDateText, zonedInstant } from '@mymedic/shared';
import { formText, TextField } from '../../ui/Field';
import { clockAt } from './clinicClock';

/**
 * Date, time and (when `duration` is given) length of an appointment, as booking,
 * moving and settling a clash ask for them. `labelWord` starts the date and time labels
 * ("New date"); `idSuffix` keeps ids apart where several forms share a page. Date and time
 * are the clinic's (`zone`), whatever the tablet's own zone.
 */
export function SlotFields({
  at,
  timeAt = at,
  zone,
  labelWord,
  idSuffix,
  duration,
  dateError,
  durationError,
}: {
  at: Date;
  /** When the time shown is not `at`'s own (settling a clash offers the end of it). */
  timeAt?: Date;
  zone: string;
  labelWord?: 'New';
  idSuffix?: string;
  duration?: { minutes: number; key?: number | undefined };
  dateError?: string | undefined;
  durationError?: string | undefined;
}) {
  const id = (name: string) => (idSuffix ? `${name}-${idSuffix}` : undefined);
  const label = (word: string) => (labelWord ? `${labelWord} ${word.toLowerCase()}` : word);
  return (
    <>
      <TextField
        label={label('Date')}
        name="date"
        id={id('date')}
        type="date"
        defaultValue={clinicDateText(clinicDateOf(at.getTime(), zone))}
        error={dateError}
      />
      <TextField
        label={label('Time')}
        name="time"
        id={id('time')}
        type="time"
        step={300}
        defaultValue={clockAt(timeAt.getTime(), zone)}
      />
      {duration && (
        <TextField
          label="Duration in minutes"
          name="duration_minutes"
          id={id('duration')}
          type="number"
          inputMode="numeric"
          key={duration.key}
          defaultValue={duration.minutes}
          error={durationError}
        />
      )}
    </>
  );
}

/**
 * The start the slot fields give on the clinic's clock, or null when the date or the time
 * is missing or wrong.
 */
export function slotStart(data: FormData, zone: string): Date | null {
  const date = /^(\d{4})-(\d{2})-(\d{2})$/.exec(formText(data, 'date'));
  const time = formText(data, 'time');
  if (!date || !/^([01]\d|2[0-3]):[0-5]\d$/.test(time)) return null;
  const [, year, month, day] = date.map(Number);
  return new Date(
    zonedInstant({ year: year!, month: month!, day: day! }, clockMinutes(time), zone),
  );
}
