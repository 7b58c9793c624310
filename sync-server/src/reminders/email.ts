import { createTransport } from 'nodemailer';
import type { SmtpSettings } from '../reminder-config';
import { ChannelError, abortedError, type OutgoingReminder, type ReminderChannel } from './channel';

/** Codes of a failed connection or a dropped line: the server may do better later. */
const networkCodes = new Set([
  'ECONNECTION',
  'ETIMEDOUT',
  'ESOCKET',
  'EDNS',
  'ECONNRESET',
  'EPROTOCOL',
]);

/**
 * Email over SMTP with nodemailer (docs/reminders.md, "Email"). The message id is ours,
 * the same on every try (from the reminder's identity), so a copy sent twice is
 * recognisable as one. 4xx answers and network failures are tried again; 5xx are final.
 */
export function smtpChannel(settings: SmtpSettings): ReminderChannel {
  const transport = createTransport({
    host: settings.host,
    port: settings.port,
    secure: settings.secure,
    ...(settings.user ? { auth: { user: settings.user, pass: settings.password ?? '' } } : {}),
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
    ...(settings.allowSelfSigned ? { tls: { rejectUnauthorized: false } } : {}),
  });
  return {
    name: 'email',
    async send(message: OutgoingReminder, signal: AbortSignal) {
      if (signal.aborted) throw abortedError(signal);
      const messageId = `<reminder.${message.idempotencyKey}@mymedic.invalid>`;
      const sending = transport.sendMail({
        from: settings.from,
        to: message.to,
        subject: message.subject ?? '',
        text: message.body,
        messageId,
      });
      let onAbort: (() => void) | undefined;
      const aborted = new Promise<never>((_resolve, reject) => {
        onAbort = () => reject(abortedError(signal));
        signal.addEventListener('abort', onAbort, { once: true });
      });
      try {
        const info = await Promise.race([sending, aborted]);
        return { providerMessageId: info.messageId || messageId };
      } catch (error) {
        throw classify(error);
      } finally {
        signal.removeEventListener('abort', onAbort!);
        sending.catch(() => undefined);
      }
    },
  };
}

function classify(error: unknown): ChannelError {
  if (error instanceof ChannelError) return error;
  const failure = error as { responseCode?: number; code?: string; message?: string };
  const reason = failure.message ?? String(error);
  if (typeof failure.responseCode === 'number')
    return new ChannelError(`The mail server refused it: ${reason}`, failure.responseCode < 500);
  return new ChannelError(
    `The mail server could not be reached: ${reason}`,
    failure.code === undefined || networkCodes.has(failure.code),
  );
}
