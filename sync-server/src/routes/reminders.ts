import { reminderChannelsResponseSchema, type ReminderChannelName } from '@mymedic/shared';
import { authenticate } from '../plugins/authenticate';
import { refusals, type ContractRoutes } from '../plugins/contract';

export interface ReminderRouteOptions {
  /** The channels this server has settings for. */
  available: ReadonlySet<ReminderChannelName>;
}

/**
 * Which reminder channels this server can send on, for the settings screen: a channel
 * the organisation chooses but the server lacks sends nothing (docs/reminders.md).
 */
export const reminderRoutes: ContractRoutes<ReminderRouteOptions> = (app, { available }, done) => {
  app.get(
    '/reminders/channels',
    {
      preValidation: authenticate,
      schema: { response: { 200: reminderChannelsResponseSchema, ...refusals } },
    },
    () => ({ available: [...available].sort() }),
  );
  done();
};
