import { z } from 'zod';
import {
  countryOfCallingCode,
  optionalText,
  requiredText,
  uuidField,
  isPhoneCountry,
  type CountryCode,
} from '../fields';
import { reminderSettingsSchema } from './reminders';
import { phrase } from '../../refusals';

export const organizationKinds = ['independent', 'clinic', 'hospital'] as const;

export const openingHoursSchema = z
  .array(
    z.object({
      weekday: z.number().int().min(0).max(6),
      opens: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, { message: phrase('field.clockTime') }),
      closes: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, { message: phrase('field.clockTime') }),
    }),
  )
  .max(21);

/** The steps of the first-run setup after sign-up; which apply depends on the kind. */
export const setupSteps = ['practice', 'time_zone', 'hours', 'locations', 'staff'] as const;
export type SetupStep = (typeof setupSteps)[number];

/** Where the first-run setup stands: the steps saved, and those put off for later. */
export const setupProgressSchema = z.object({
  finished: z.array(z.enum(setupSteps)).max(setupSteps.length),
  skipped: z.array(z.enum(setupSteps)).max(setupSteps.length),
});
export type SetupProgress = z.infer<typeof setupProgressSchema>;

export const hospitalSettingsSchema = z.object({
  name: requiredText('Name'),
  timezone: requiredText('Time zone', 64),
  idle_lock_minutes: z.number().int().min(1).max(240),
  /**
   * How long a PIN keeps unlocking a tablet that cannot reach the server, counted from
   * the person's last online sign-in. Absent on organisations registered before it
   * existed: 7 days.
   */
  offline_unlock_days: z.number().int().min(1).max(30).optional(),
  default_slot_minutes: z.number().int().min(5).max(240),
  opening_hours: openingHoursSchema,
  /**
   * The country the clinic is in (ISO 3166, such as KE): phone numbers typed without a
   * country code are read as dialled there, and shown so. Absent on organisations set up
   * before it existed: their reminders' country calling code gives it (`clinicCountry`).
   */
  country: z
    .string()
    .regex(/^[A-Z]{2}$/, { message: phrase('organisation.countryShape') })
    .optional(),
  /** Appointment reminders; absent until an admin sets them up: none are sent. */
  reminders: reminderSettingsSchema.optional(),
  /** The first-run setup; absent on organisations registered before it existed. */
  setup: setupProgressSchema.optional(),
});
export type HospitalSettings = z.infer<typeof hospitalSettingsSchema>;

export const hospitalRegisteredSchema = z.object({
  kind: z.enum(organizationKinds),
  settings: hospitalSettingsSchema,
});
export const hospitalSettingsChangedSchema = z.object({
  changes: hospitalSettingsSchema.partial(),
});
export const locationAddedSchema = z.object({
  location_id: uuidField,
  name: requiredText('Location name'),
  address: optionalText('Address', 500),
});

/**
 * The country whose numbers the clinic's staff type: the one set, else the one its
 * reminders' country calling code belongs to (254: KE), else none (numbers must then be
 * written with + and their country code).
 */
export function clinicCountry(settings: HospitalSettings | null | undefined): CountryCode | null {
  if (settings?.country && isPhoneCountry(settings.country)) return settings.country;
  return countryOfCallingCode(settings?.reminders?.country_calling_code);
}

export interface Location {
  location_id: string;
  name: string;
  address: string | null;
}

export interface HospitalState {
  registered: boolean;
  kind: (typeof organizationKinds)[number] | null;
  settings: HospitalSettings | null;
  locations: Location[];
}

export const initialHospitalState: HospitalState = {
  registered: false,
  kind: null,
  settings: null,
  locations: [],
};
