import {
  clinicCountry,
  foldEvents,
  refusal,
  type HospitalState,
  type PortalClinic,
} from '@mymedic/shared';
import type { Sql } from '../db/database';
import { HttpError } from '../errors';

/**
 * The clinic as its own stream has it (a handful of events): its name, its locations
 * and the country its phone numbers are dialled in. The portal's role reads this
 * stream and no other event. Null for a hospital this server does not hold.
 */
export async function readClinic(sql: Sql, hospitalId: string): Promise<HospitalState | null> {
  const { rows } = await sql.query<{ type: string; schema_version: number; data: unknown }>(
    `SELECT type, schema_version, data FROM event_store
      WHERE hospital_id = $1 AND aggregate_type = 'hospital' ORDER BY version`,
    [hospitalId],
  );
  if (rows.length === 0) return null;
  const clinic = foldEvents('hospital', rows);
  return clinic.registered ? clinic : null;
}

export const clinicName = (clinic: HospitalState) => clinic.settings?.name ?? 'the clinic';

/** The clinic as the portal shows it: its name, and its clock and country for times. */
export const portalClinicOf = (hospitalId: string, clinic: HospitalState): PortalClinic => ({
  hospital_id: hospitalId,
  name: clinicName(clinic),
  timezone: clinic.settings?.timezone ?? 'UTC',
  country: clinicCountry(clinic.settings),
});

/** The clinic, or a 404 for a hospital this server does not hold. */
export async function requireClinic(sql: Sql, hospitalId: string): Promise<HospitalState> {
  const clinic = await readClinic(sql, hospitalId);
  if (!clinic) throw new HttpError(404, 'not_found', refusal('portal.noSuchClinic'));
  return clinic;
}
