import { clinicCountry, displayPhone, type CountryCode } from '@mymedic/shared';
import { useLiveQuery } from 'dexie-react-hooks';
import type { OrganisationRow, StaffRow } from '../engine/db';
import i18next from 'i18next';
import { useClinic } from './clinic';

/** Everyone on the staff this device knows of, by id, for names on every screen. */
export function useStaff(): Map<string, StaffRow> {
  const { db } = useClinic();
  const staff = useLiveQuery(() => db.staff.toArray(), [db]);
  return new Map((staff ?? []).map((member) => [member.user_id, member]));
}

export function useDoctors(): StaffRow[] {
  const { db } = useClinic();
  return (
    useLiveQuery(
      () =>
        db.staff
          .where('roles')
          .equals('doctor')
          .filter((member) => member.active === 1)
          .sortBy('full_name'),
      [db],
    ) ?? []
  );
}

export function useOrganisation(): OrganisationRow | undefined {
  const { db } = useClinic();
  return useLiveQuery(() => db.organisation.toCollection().first(), [db]);
}

/**
 * The clinic's country, in which numbers typed without a country code are read and
 * numbers are shown as dialled there; null until the organisation has one.
 */
export function useClinicCountry(): CountryCode | null {
  return clinicCountry(useOrganisation()?.settings);
}

/** A recorded phone number as this clinic's staff read it (see `displayPhone`). */
export function usePhoneText(): (phone: string) => string {
  const country = useClinicCountry();
  return (phone) => displayPhone(phone, country);
}

/**
 * A colleague's name, or what stands for it. Shown on many screens, so its words are in
 * `common` (always loaded) and read in the language of the render that asks.
 */
export const staffName = (staff: Map<string, StaffRow>, userId: string | null | undefined) =>
  userId
    ? (staff.get(userId)?.full_name ?? i18next.t('common:someoneOnStaff'))
    : i18next.t('common:nobodyYet');
