import { z } from 'zod';
import { DomainError } from '../../kernel/errors';
import { isPhoneCountry } from '../fields';
import {
  hospitalSettingsSchema,
  locationAddedSchema,
  organizationKinds,
  type HospitalState,
} from './events';
import { phrase, refusal } from '../../refusals';

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
  message: phrase('organisation.chooseTimeZone'),
});

/** A country as a command sets it: one whose phone numbers are known. */
const countryField = hospitalSettingsSchema.shape.country.refine(
  (country) => country === undefined || isPhoneCountry(country),
  { message: phrase('field.countryFromList') },
);

export const registerHospitalPayload = z.object({
  kind: z.enum(organizationKinds, { message: phrase('organisation.chooseKind') }),
  name: hospitalSettingsSchema.shape.name,
  timezone: timeZoneField.default('UTC'),
  country: countryField,
  first_location_id: z.uuid(),
});
export const changeHospitalSettingsPayload = z.object({
  changes: hospitalSettingsSchema
    .extend({ timezone: timeZoneField, country: countryField })
    .partial()
    .refine((changes) => Object.keys(changes).length > 0, {
      message: phrase('field.nothingToChange'),
    }),
});
export const addLocationPayload = locationAddedSchema;

export const requireRegistered = (state: HospitalState) => {
  if (!state.registered) throw new DomainError('not_found', refusal('organisation.notRegistered'));
};
