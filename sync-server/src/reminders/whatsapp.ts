import { z } from 'zod';
import type { WhatsAppChannelSettings } from '../reminder-config';
import { ChannelError, type OutgoingReminder, type ReminderChannel } from './channel';
import { replyButtons, replyPayload } from './reply-payloads';

/** How to reach the WhatsApp Business Cloud API for one clinic's number. */
export interface WhatsAppSettings {
  /** The Graph API base with its version, e.g. https://graph.facebook.com/v21.0. */
  apiUrl: string;
  phoneNumberId: string;
  accessToken: string;
}

/**
 * One template message: WhatsApp lets a business open a conversation only with a
 * template Meta has approved, so the text is the approved template's, filled with
 * `parameters` in order ({{1}}, {{2}}, ...), and each quick-reply button carries back
 * the payload given here when the patient taps it.
 */
export interface WhatsAppTemplateMessage {
  /** The patient's number in international form; only its digits are sent. */
  to: string;
  template: string;
  language: string;
  parameters: string[];
  buttonPayloads: string[];
}

/** The channels' classified failure (retryable or not), with the provider's HTTP status. */
export class WhatsAppError extends ChannelError {
  constructor(
    message: string,
    retryable: boolean,
    readonly status?: number,
  ) {
    super(message, retryable);
    this.name = 'WhatsAppError';
  }
}

const sentAnswer = z.object({
  messages: z.array(z.object({ id: z.string().min(1).max(200) })).min(1),
});
const errorAnswer = z.object({
  error: z.object({ message: z.string().optional(), code: z.number().optional() }).passthrough(),
});

/** Graph API error codes that mean "later": rate limits and the service being busy. */
const retryableCodes = new Set([1, 2, 4, 80007, 130429, 131000, 131016, 131048, 131056, 133004]);

export function templateRequestBody(message: WhatsAppTemplateMessage) {
  return {
    messaging_product: 'whatsapp',
    recipient_type: 'individual',
    to: message.to.replace(/\D/g, ''),
    type: 'template',
    template: {
      name: message.template,
      language: { code: message.language },
      components: [
        {
          type: 'body',
          parameters: message.parameters.map((text) => ({ type: 'text', text })),
        },
        ...message.buttonPayloads.map((payload, index) => ({
          type: 'button',
          sub_type: 'quick_reply',
          index: String(index),
          parameters: [{ type: 'payload', payload }],
        })),
      ],
    },
  };
}

/**
 * Sends one template message and answers the provider's message id (`wamid.…`), which
 * the delivery-status webhook later names. Network failures, timeouts (the signal),
 * 5xx and rate limits are retryable; any other refusal (a number not on WhatsApp, a
 * template not approved) is not.
 */
export async function sendWhatsAppTemplate(
  settings: WhatsAppSettings,
  message: WhatsAppTemplateMessage,
  signal: AbortSignal,
): Promise<{ providerMessageId: string }> {
  let response: Response;
  try {
    response = await fetch(
      `${settings.apiUrl.replace(/\/$/, '')}/${settings.phoneNumberId}/messages`,
      {
        method: 'POST',
        headers: {
          authorization: `Bearer ${settings.accessToken}`,
          'content-type': 'application/json',
        },
        body: JSON.stringify(templateRequestBody(message)),
        signal,
      },
    );
  } catch (error) {
    throw new WhatsAppError(`WhatsApp could not be reached: ${(error as Error).message}`, true);
  }
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    body = undefined;
  }
  if (response.ok) {
    const sent = sentAnswer.safeParse(body);
    if (sent.success) return { providerMessageId: sent.data.messages[0]!.id };
    // Accepted, but with no message id to follow: sending again could reach the
    // patient twice, so this is not retried.
    throw new WhatsAppError(
      'WhatsApp accepted the message without a message id',
      false,
      response.status,
    );
  }
  const refusal = errorAnswer.safeParse(body);
  const code = refusal.success ? refusal.data.error.code : undefined;
  const reason = refusal.success
    ? (refusal.data.error.message ?? 'no reason given')
    : `HTTP ${response.status}`;
  const retryable =
    response.status >= 500 ||
    response.status === 429 ||
    (code !== undefined && retryableCodes.has(code));
  throw new WhatsAppError(`WhatsApp refused the message: ${reason}`, retryable, response.status);
}

/**
 * WhatsApp as a reminder channel (docs/reminders.md, "WhatsApp"): the organisation's
 * approved template for the reminder's language, its variables filled in the template's
 * order, and, when the template has them, the Confirm and Cancel buttons with payloads
 * signed for this appointment. A reminder planned without an approved template cannot
 * be sent, and is not retried.
 */
export function whatsAppChannel(settings: WhatsAppChannelSettings): ReminderChannel {
  return {
    name: 'whatsapp',
    send(message: OutgoingReminder, signal: AbortSignal) {
      const template = message.whatsapp;
      const values = message.values;
      if (!template || !values)
        return Promise.reject(
          new WhatsAppError('No approved WhatsApp template was set for this reminder', false),
        );
      return sendWhatsAppTemplate(
        settings,
        {
          to: message.to,
          template: template.name,
          language: template.language_code,
          parameters: template.parameters.map((placeholder) => values[placeholder]),
          buttonPayloads: template.reply_buttons
            ? replyButtons.map((kind) =>
                replyPayload(settings.appSecret, message.hospitalId, message.appointmentId, kind),
              )
            : [],
        },
        signal,
      );
    },
  };
}
