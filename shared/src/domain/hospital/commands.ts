import { z } from 'zod';
import { DomainError } from '../../kernel/errors';
import {
  hospitalSettingsSchema,
  locationAddedSchema,
  organizationKinds,
  type HospitalState,
} from './events';

export const registerHospitalPayload = z.object({
  kind: z.enum(organizationKinds, { message: 'Choose independent doctor, clinic or hospital' }),
  name: hospitalSettingsSchema.shape.name,
  timezone: hospitalSettingsSchema.shape.timezone.default('UTC'),
  first_location_id: z.uuid(),
});
export const changeHospitalSettingsPayload = z.object({
  changes: hospitalSettingsSchema
    .partial()
    .refine((changes) => Object.keys(changes).length > 0, { message: 'Nothing to change' }),
});
export const addLocationPayload = locationAddedSchema;

export const requireRegistered = (state: HospitalState) => {
  if (!state.registered) throw new DomainError('not_found', 'The organisation is not registered');
};
