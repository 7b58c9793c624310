import { z } from 'zod';
import { DomainError } from '../../kernel/errors';
import {
  hospitalSettingsSchema,
  locationAddedSchema,
  organizationKinds,
  type HospitalState,
} from './events';

/** Whether the zone is one the time zone database knows (Africa/Nairobi, UTC). */
export function isKnownTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/**
 * A time zone as a command sets it: a name of the time zone database. Stored events keep
 * the looser text they always had, so an organisation set up before stays readable.
 */
const timeZoneField = hospitalSettingsSchema.shape.timezone.refine(isKnownTimeZone, {
  message: 'Choose a time zone such as Africa/Nairobi',
});

export const registerHospitalPayload = z.object({
  kind: z.enum(organizationKinds, { message: 'Choose independent doctor, clinic or hospital' }),
  name: hospitalSettingsSchema.shape.name,
  timezone: timeZoneField.default('UTC'),
  first_location_id: z.uuid(),
});
export const changeHospitalSettingsPayload = z.object({
  changes: hospitalSettingsSchema
    .extend({ timezone: timeZoneField })
    .partial()
    .refine((changes) => Object.keys(changes).length > 0, { message: 'Nothing to change' }),
});
export const addLocationPayload = locationAddedSchema;

export const requireRegistered = (state: HospitalState) => {
  if (!state.registered) throw new DomainError('not_found', 'The organisation is not registered');
};
