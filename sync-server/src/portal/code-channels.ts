import type { PortalCodeChannel } from '@mymedic/shared';
import type { PortalWhatsAppSettings } from '../portal-config';
import type { ReminderChannel } from '../reminders';
import { sendWhatsAppTemplate } from '../reminders/whatsapp';

/** One sign-in code on its way: to whom, the text, and the challenge it answers. */
export interface OutgoingCode {
  hospitalId: string;
  challengeId: string;
  /** An E.164 number or an email address. */
  to: string;
  code: string;
  clinicName: string;
}

/** A way to send a code: the reminder channels' providers, used for one message each. */
export interface CodeChannel {
  readonly name: PortalCodeChannel;
  send(code: OutgoingCode, signal: AbortSignal): Promise<void>;
}

export const codeText = (code: OutgoingCode) =>
  `${code.code} is your code for ${code.clinicName}'s patient portal. It expires in 10 minutes. ` +
  'Nobody from the clinic will ask you for it.';

/**
 * A reminder channel (email, SMS) carrying a code. Its message is shaped as a reminder's,
 * which names an appointment: a code has none, so its challenge stands in, and the
 * challenge is the message's identity (a provider that honours it sends it once).
 */
function throughReminderChannel(channel: ReminderChannel): CodeChannel {
  return {
    name: channel.name,
    async send(code, signal) {
      await channel.send(
        {
          hospitalId: code.hospitalId,
          appointmentId: code.challengeId,
          channel: channel.name,
          reminderKind: 'portal-code',
          to: code.to,
          subject: `Your code for ${code.clinicName}`,
          body: codeText(code),
          idempotencyKey: `portal-code.${code.challengeId}`,
        },
        signal,
      );
    },
  };
}

/**
 * WhatsApp lets a business write first only with a template Meta approved: the portal's
 * is an authentication template whose one parameter is the code.
 */
function whatsappChannel(settings: PortalWhatsAppSettings): CodeChannel {
  return {
    name: 'whatsapp',
    async send(code, signal) {
      await sendWhatsAppTemplate(
        settings,
        {
          to: code.to,
          template: settings.template,
          language: settings.language,
          parameters: [code.code],
          buttonPayloads: [],
        },
        signal,
      );
    },
  };
}

/** The channels this server can send codes on: the reminders' email and SMS, and WhatsApp. */
export function codeChannels(
  reminderChannels: readonly ReminderChannel[],
  whatsapp: PortalWhatsAppSettings | null,
): CodeChannel[] {
  return [
    ...reminderChannels
      .filter((channel) => channel.name === 'email' || channel.name === 'sms')
      .map(throughReminderChannel),
    ...(whatsapp ? [whatsappChannel(whatsapp)] : []),
  ];
}
