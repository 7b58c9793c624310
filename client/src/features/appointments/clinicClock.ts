import {
  clinicDateOf,
  clockMinutes,
  clockText,
  knownZone,
  wallTime,
  zonedInstant,
  type ClinicDate,
} from '@mymedic/shared';
import { useOrganisation } from '../../app/reference';

/**
 * The calendar reads days and times on the clinic's clock, whatever the tablet's own
 * zone. A day is kept as a local-midnight Date whose year, month and day are the
 * clinic's date, so date-fns can step it (Intl names it: useDayWords).
 */

/** The clinic's time zone (UTC until the organisation is on the device, or if unknown). */
export function useClinicZone(): string {
  return knownZone(useOrganisation()?.settings.timezone);
}

/** The clinic's date that a calendar day stands for. */
export const clinicDate = (day: Date): ClinicDate => ({
  year: day.getFullYear(),
  month: day.getMonth() + 1,
  day: day.getDate(),
});

/** The calendar day of a clinic date. */
export const calendarDay = (date: ClinicDate): Date =>
  new Date(date.year, date.month - 1, date.day);

/** The calendar day of an instant (milliseconds) in the clinic. */
export const dayAt = (instant: number, zone: string): Date =>
  calendarDay(clinicDateOf(instant, zone));

/** The instant of a clock time ("HH:MM" or minutes) on a calendar day, in the clinic. */
export const instantOn = (day: Date, time: string | number, zone: string): number =>
  zonedInstant(clinicDate(day), typeof time === 'number' ? time : clockMinutes(time), zone);

/** "09:15" on the clinic's clock. */
export const clockAt = (iso: string | number, zone: string): string =>
  clockText(wallTime(typeof iso === 'number' ? iso : Date.parse(iso), zone).minutes);

/** Minutes since the clinic's midnight. */
export const minutesAt = (iso: string, zone: string): number =>
  wallTime(Date.parse(iso), zone).minutes;
