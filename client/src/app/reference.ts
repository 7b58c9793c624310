import { useLiveQuery } from 'dexie-react-hooks';
import type { OrganisationRow, StaffRow } from '../engine/db';
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

export const staffName = (staff: Map<string, StaffRow>, userId: string | null | undefined) =>
  userId ? (staff.get(userId)?.full_name ?? 'someone on the staff') : 'nobody yet';
