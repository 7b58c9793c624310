import type { ReminderChannelName, TemplatePlaceholder, WhatsAppTemplate } from '@mymedic/shared';

/**
 * One reminder as a channel sends it: the address, the filled template, its identity,
 * and for a channel that sends a provider's template (WhatsApp) the template, its
 * language and each placeholder's value.
 */
export interface OutgoingReminder {
  hospitalId: string;
  appointmentId: string;
  channel: ReminderChannelName;
  reminderKind: string;
  /** An E.164 number (+ and digits) or an email address. */
  to: string;
  /** The email's subject; null on other channels. */
  subject: string | null;
  body: string;
  /** The template's language, as the organisation named it; null on rows planned before. */
  language: string | null;
  /** Each placeholder's value for this appointment; null on rows planned before. */
  values: Record<TemplatePlaceholder, string> | null;
  /** WhatsApp's approved template for this language; null on other channels. */
  whatsapp: WhatsAppTemplate | null;
  /**
   * The same on every try of this reminder (hospital, appointment, channel, kind): a
   * provider that honours it sends a retried or re-claimed reminder once.
   */
  idempotencyKey: string;
}

/**
 * A way of reaching a patient (docs/reminders.md, "Channels"). `send` hands the message
 * to the provider and answers the provider's id for it, or throws a `ChannelError`
 * saying whether trying again may help. It must stop when `signal` aborts (the send
 * timeout); an abort is a retryable failure. Anything else it throws counts as
 * retryable too: the sender cannot tell what happened.
 */
export interface ReminderChannel {
  readonly name: ReminderChannelName;
  send(message: OutgoingReminder, signal: AbortSignal): Promise<{ providerMessageId: string }>;
}

/** A failed send, classified: retryable (timeout, 5xx, 429, network) or not (refused). */
export class ChannelError extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
  ) {
    super(message);
    this.name = 'ChannelError';
  }
}

export const isRetryable = (error: unknown) => !(error instanceof ChannelError) || error.retryable;

/** The reason a send stopped when its signal aborted. */
export const abortedError = (signal: AbortSignal) =>
  new ChannelError(
    signal.reason instanceof Error && signal.reason.name === 'TimeoutError'
      ? 'The provider did not answer in time'
      : 'The send was stopped',
    true,
  );
