import { useTranslation } from 'react-i18next';
import { formatsFor, type Formats } from '../../i18n/format';
import type { Clinic } from './api';
import { usePortal } from './state';

/**
 * Times as the portal writes them: in the patient's language as spoken in the clinic's
 * country, on the clinic's clock (an appointment at 09:30 in Nairobi reads 09:30 on a
 * phone set to another zone). Beyond the app's formats, the long forms a patient reads
 * an appointment or a document by.
 */
export interface PortalFormats extends Formats {
  /** "Tuesday 8 December 2026 at 09:30": when an appointment is. */
  when(at: string | number | Date): string;
  /** "8 December 2026" */
  longDate(at: string | number | Date): string;
  /** "8 Dec": the ends of a chart's time axis. */
  dayMonth(at: string | number | Date): string;
  /** "8 Dec, 09:30": when the patient answered, when a page was loaded. */
  dayMonthTime(at: string | number | Date): string;
}

/** The phone's own zone: the best guess for a clinic that has not said its own yet. */
const deviceZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone;

const cache = new Map<string, PortalFormats>();

export function portalFormats(
  language: string,
  clinic: Pick<Clinic, 'timezone' | 'country'> | null,
): PortalFormats {
  const base = formatsFor(language, clinic?.timezone ?? deviceZone(), clinic?.country);
  const key = `${base.locale}|${base.timeZone}`;
  const known = cache.get(key);
  if (known) return known;
  const clock = { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' } as const;
  const dayMonth = { day: 'numeric', month: 'short' } as const;
  const formatter = (options: Intl.DateTimeFormatOptions) => {
    const format = new Intl.DateTimeFormat(base.locale, { ...options, timeZone: base.timeZone });
    return (at: string | number | Date) => format.format(at instanceof Date ? at : new Date(at));
  };
  const formats: PortalFormats = {
    ...base,
    when: formatter({ weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', ...clock }),
    longDate: formatter({ day: 'numeric', month: 'long', year: 'numeric' }),
    dayMonth: formatter(dayMonth),
    dayMonthTime: formatter({ ...dayMonth, ...clock }),
  };
  cache.set(key, formats);
  return formats;
}

/** The portal's formats for the language shown and the clinic signed in to (or opened). */
export function usePortalFormat(): PortalFormats {
  const { i18n } = useTranslation();
  const clinic = usePortal((state) => state.clinic);
  return portalFormats(i18n.language, clinic);
}
