import {
  bookingOverrides,
  clinicDateOf,
  weekdayOf,
  type BookingOverride,
  type BookingOverrideKind,
} from '@mymedic/shared';
import type { TFunction } from 'i18next';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../app/useFormat';
import type { OrganisationRow } from '../../engine/db';

/** An unusual slot, with the day's weekday (0 Sunday) and opening hours to say why in words. */
export interface UnusualSlot extends BookingOverride {
  weekday: number;
  /** "08:00–12:00, 14:00–18:00" */
  hours: string;
}

/** What is unusual about booking this slot now (see bookingOverrides in shared). */
export function overridesFor(
  slot: { starts_at: string; duration_minutes: number },
  organisation: OrganisationRow | undefined,
  zone: string,
  now = Date.now(),
): UnusualSlot[] {
  const date = clinicDateOf(Date.parse(slot.starts_at), zone);
  const openingHours = organisation?.settings.opening_hours ?? [];
  const weekday = weekdayOf(date);
  const hours = openingHours
    .filter((open) => open.weekday === weekday)
    .map((open) => `${open.opens}–${open.closes}`)
    .join(', ');
  return bookingOverrides({ ...slot, date, openingHours, timeZone: zone, now }).map((override) => ({
    ...override,
    weekday,
    hours,
  }));
}

/** 4 January 2026 was a Sunday: the day `weekday` days after it is that weekday. */
const weekdayDate = (weekday: number) => new Date(Date.UTC(2026, 0, 4 + weekday));

/** Why a slot is unusual, in the person's language ("Closed on Sundays"). */
function reasonWords(unusual: UnusualSlot, t: TFunction<'appointments'>, locale: string) {
  switch (unusual.kind) {
    case 'in_the_past':
      return t('override.inThePast');
    case 'closed_day': {
      const name = new Intl.DateTimeFormat(locale, { weekday: 'long', timeZone: 'UTC' });
      return t('override.closedDay', { weekday: name.format(weekdayDate(unusual.weekday)) });
    }
    case 'outside_opening_hours':
      return t('override.outsideHours', { hours: unusual.hours });
  }
}

const sameKinds = (a: UnusualSlot[], b: UnusualSlot[]) =>
  a.map((override) => override.kind).join() === b.map((override) => override.kind).join();

/**
 * The explicit say-so before booking or moving to an unusual slot: the first try shows
 * what is unusual with a checkbox; only a later try with the box ticked, for the same
 * reasons, goes ahead, recording them on the event.
 */
export function useBookingOverride() {
  const [asked, setAsked] = useState<UnusualSlot[]>([]);
  const [confirmed, setConfirmed] = useState(false);
  return {
    asked,
    confirmed,
    setConfirmed,
    /** The overrides to record, or null while the person has still to confirm them. */
    check(found: UnusualSlot[]): BookingOverrideKind[] | null {
      if (found.length === 0) {
        setAsked([]);
        return [];
      }
      if (confirmed && sameKinds(asked, found)) return found.map((override) => override.kind);
      setAsked(found);
      setConfirmed(false);
      return null;
    },
  };
}

/** The reasons, and the checkbox that confirms them ("Book anyway: In the past"). */
export function BookingOverrideCheck({
  override,
  verb,
  id,
}: {
  override: ReturnType<typeof useBookingOverride>;
  verb: 'book' | 'move';
  id: string;
}) {
  const { t } = useTranslation('appointments');
  const { locale } = useFormat();
  if (override.asked.length === 0) return null;
  const reasons = override.asked.map((found) => reasonWords(found, t, locale)).join('; ');
  return (
    <div role="alert" className="rounded-lg bg-amber-50 p-3 text-amber-950 sm:col-span-2">
      <p className="font-medium">{t('override.unusual', { reasons })}</p>
      <div className="mt-2 flex min-h-11 items-center gap-3">
        <input
          id={id}
          type="checkbox"
          className="h-6 w-6 shrink-0"
          checked={override.confirmed}
          onChange={(event) => override.setConfirmed(event.target.checked)}
        />
        <label htmlFor={id}>{t(`override.${verb}Anyway`, { reasons })}</label>
      </div>
      {!override.confirmed && <p className="mt-1 text-sm">{t(`override.${verb}Again`)}</p>}
    </div>
  );
}
