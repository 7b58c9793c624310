import { z } from 'zod';
import { createUserPayload, passwordSchema } from '@mymedic/shared';

export const staffAccountSchema = z.strictObject({
  ...createUserPayload.shape,
  password: passwordSchema,
});
