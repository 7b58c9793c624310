import { clinicDateOf, clockMinutes, clinicDateText, zonedInstant } from '@mymedic/shared';
import { useTranslation } from 'react-i18next';
import { formText, TextField } from '../../ui/Field';
import { clockAt } from './clinicClock';

/**
 * Date, time and (when `duration` is given) length of an appointment, as booking,
 * moving and settling a clash ask for them. `isNew` names the date and time as new ones
 * ("New date"); `idSuffix` keeps ids apart where several forms share a page. Date and time
 * are the clinic's (`zone`), whatever the tablet's own zone.
 */
export function SlotFields({
  at,
  timeAt = at,
  zone,
  isNew = false,
  idSuffix,
  duration,
  dateError,
  durationError,
}: {
  at: Date;
  /** When the time shown is not `at`'s own (settling a clash offers the end of it). */
  timeAt?: Date;
  zone: string;
  isNew?: boolean;
  idSuffix?: string;
  duration?: { minutes: number; key?: number | undefined };
  dateError?: string | undefined;
  durationError?: string | undefined;
}) {
  const { t } = useTranslation('appointments');
  const id = (name: string) => (idSuffix ? `${name}-${idSuffix}` : undefined);
  const label = (field: 'date' | 'time') => t(`slot.${isNew ? 'new' : 'plain'}.${field}`);
  return (
    <>
      <TextField
        label={label('date')}
        name="date"
        id={id('date')}
        type="date"
        defaultValue={clinicDateText(clinicDateOf(at.getTime(), zone))}
        error={dateError}
      />
      <TextField
        label={label('time')}
        name="time"
        id={id('time')}
        type="time"
        step={300}
        defaultValue={clockAt(timeAt.getTime(), zone)}
      />
      {duration && (
        <TextField
          label={t('slot.duration')}
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
