import { format } from 'date-fns';
import { formText, TextField } from '../../ui/Field';

/**
 * Date, time and (when `duration` is given) length of an appointment, as booking,
 * moving and settling a clash ask for them. `labelWord` starts the date and time labels
 * ("New date"); `idSuffix` keeps ids apart where several forms share a page.
 */
export function SlotFields({
  at,
  timeAt = at,
  labelWord,
  idSuffix,
  duration,
  dateError,
  durationError,
}: {
  at: Date;
  /** When the time shown is not `at`'s own (settling a clash offers the end of it). */
  timeAt?: Date;
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
        defaultValue={format(at, 'yyyy-MM-dd')}
        error={dateError}
      />
      <TextField
        label={label('Time')}
        name="time"
        id={id('time')}
        type="time"
        step={300}
        defaultValue={format(timeAt, 'HH:mm')}
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

/** The start the slot fields give, or null when the date or the time is missing or wrong. */
export function slotStart(data: FormData): Date | null {
  const date = formText(data, 'date');
  const time = formText(data, 'time');
  const startsAt = new Date(`${date}T${time}`);
  return date && time && !Number.isNaN(startsAt.getTime()) ? startsAt : null;
}
