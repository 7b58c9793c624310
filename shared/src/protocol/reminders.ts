import { z } from 'zod';
import { reminderChannels } from '../domain/hospital/reminders';

/** The reminder channels this server can send on (those whose settings it has). */
export const reminderChannelsResponseSchema = z.object({
  available: z.array(z.enum(reminderChannels)),
});
export type ReminderChannelsResponse = z.infer<typeof reminderChannelsResponseSchema>;
