import type { ReminderChannelName } from '@mymedic/shared';
import type { ReminderSettings } from '../reminder-config';
import type { ReminderChannel } from './channel';
import { smtpChannel } from './email';
import { smsGatewayChannel } from './sms';
import { whatsAppChannel } from './whatsapp';

export { reminderScheduler } from './scheduler';
export { ReminderSender, type SenderCount, type SenderOptions, type SenderStats } from './sender';
export type { ReminderChannel, OutgoingReminder } from './channel';
export { ChannelError } from './channel';

/** The channels this server can send on: those whose settings are present. */
export function configuredChannels(settings: ReminderSettings): ReminderChannel[] {
  return [
    ...(settings.smtp ? [smtpChannel(settings.smtp)] : []),
    ...(settings.sms ? [smsGatewayChannel(settings.sms)] : []),
    ...(settings.whatsapp ? [whatsAppChannel(settings.whatsapp)] : []),
  ];
}

export const channelNames = (channels: readonly ReminderChannel[]) =>
  new Set<ReminderChannelName>(channels.map((channel) => channel.name));
