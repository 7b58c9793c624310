import type { SmsGatewaySettings } from '../reminder-config';
import { ChannelError, abortedError, type OutgoingReminder, type ReminderChannel } from './channel';

/**
 * SMS through an HTTP gateway (docs/reminders.md, "SMS gateway"): one POST of JSON per
 * message to SMS_GATEWAY_URL with the bearer token, answered 2xx with the gateway's id
 * for the message. 5xx and 429 are tried again; any other refusal is final.
 */
export function smsGatewayChannel(settings: SmsGatewaySettings): ReminderChannel {
  return {
    name: 'sms',
    async send(message: OutgoingReminder, signal: AbortSignal) {
      let response: Response;
      try {
        response = await fetch(settings.url, {
          method: 'POST',
          signal,
          headers: {
            'content-type': 'application/json',
            authorization: `Bearer ${settings.token}`,
            'idempotency-key': message.idempotencyKey,
          },
          body: JSON.stringify({
            to: message.to,
            text: message.body,
            ...(settings.senderId ? { from: settings.senderId } : {}),
            reference: message.idempotencyKey,
          }),
        });
      } catch (error) {
        if (signal.aborted) throw abortedError(signal);
        throw new ChannelError(
          `The SMS gateway could not be reached: ${(error as Error).message}`,
          true,
        );
      }
      const text = await response.text().catch((error: unknown) => {
        if (signal.aborted) throw abortedError(signal);
        throw new ChannelError(
          `The SMS gateway's answer broke off: ${(error as Error).message}`,
          true,
        );
      });
      if (!response.ok) {
        const retryable = response.status >= 500 || response.status === 429;
        throw new ChannelError(
          `The SMS gateway answered ${response.status}: ${text.slice(0, 200)}`,
          retryable,
        );
      }
      const id = providerIdOf(text);
      // Accepted, so most likely sent: trying again could send it twice.
      if (!id) throw new ChannelError('The SMS gateway accepted the message without an id', false);
      return { providerMessageId: id };
    },
  };
}

function providerIdOf(text: string): string | null {
  try {
    const body = JSON.parse(text) as { id?: unknown; message_id?: unknown };
    const id = body.id ?? body.message_id;
    return typeof id === 'string' && id.length > 0
      ? id
      : typeof id === 'number'
        ? String(id)
        : null;
  } catch {
    return null;
  }
}
