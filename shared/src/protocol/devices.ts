import { z } from 'zod';
import { deviceIdSchema } from './auth';

/** A device of the organisation, as its sessions know it. */
export const knownDeviceSchema = z.object({
  device_id: z.string(),
  people: z.array(z.object({ user_id: z.uuid(), full_name: z.string() })),
  last_signed_in_at: z.string(),
  /** Sessions of the device still signed in. */
  live_sessions: z.number().int().min(0),
  revoked_at: z.string().nullable(),
});
export type KnownDevice = z.infer<typeof knownDeviceSchema>;

export const deviceListResponseSchema = z.object({
  devices: z.array(knownDeviceSchema),
  /** The device asking. */
  this_device: z.string(),
});
export type DeviceListResponse = z.infer<typeof deviceListResponseSchema>;

export const deviceParamsSchema = z.strictObject({ device_id: deviceIdSchema });

export const deviceRevokedResponseSchema = z.object({
  device_id: z.string(),
  sessions_ended: z.number().int().min(0),
});
export type DeviceRevokedResponse = z.infer<typeof deviceRevokedResponseSchema>;
