import { z } from 'zod';
import { requiredText } from '../fields';
import { phrase, refusal, refusalIssue, type FieldLabel, type Refusal } from '../../refusals';
import { issueAt } from '../../kernel/validate';

/**
 * An organisation's appointment reminders (docs/reminders.md): the channels it sends
 * on, how long before an appointment, when not to send, and what each message says.
 * Checked by the shared decider, so a tablet and the server refuse the same settings.
 */

export const reminderChannels = ['whatsapp', 'sms', 'email'] as const;
export type ReminderChannelName = (typeof reminderChannels)[number];

export const channelLabels: Record<ReminderChannelName, string> = {
  whatsapp: 'WhatsApp',
  sms: 'SMS',
  email: 'email',
};

/** The consent a patient gives for reminders on each channel. */
export const reminderConsentOf = {
  whatsapp: 'whatsapp_reminders',
  sms: 'sms_reminders',
  email: 'email_reminders',
} as const satisfies Record<ReminderChannelName, string>;

/** What a template may say, filled per appointment (date and time in the clinic's zone). */
export const templatePlaceholders = [
  'patient',
  'doctor',
  'clinic',
  'date',
  'time',
  'location',
] as const;
export type TemplatePlaceholder = (typeof templatePlaceholders)[number];

const placeholderPattern = /\{([^{}]*)\}/g;

/** The placeholders of a template that are not known, in the order written, once each. */
export function unknownPlaceholders(text: string): string[] {
  const known = new Set<string>(templatePlaceholders);
  const found = [...text.matchAll(placeholderPattern)].map((match) => match[1]!);
  return [...new Set(found.filter((name) => !known.has(name)))];
}

/** A template with its placeholders filled; none is left unknown once saved. */
export const fillTemplate = (text: string, values: Record<TemplatePlaceholder, string>) =>
  text.replace(placeholderPattern, (whole, name: string) =>
    name in values ? values[name as TemplatePlaceholder] : whole,
  );

const templateText = (label: FieldLabel, max: number) =>
  requiredText(label, max).superRefine((text, context) => {
    const unknown = unknownPlaceholders(text);
    if (unknown.length === 0) return;
    const braced = (names: readonly string[]) => names.map((name) => `{${name}}`).join(', ');
    context.addIssue(
      refusalIssue(
        [],
        refusal('reminder.unknownPlaceholder', {
          unknown: braced(unknown),
          known: braced(templatePlaceholders),
        }),
      ),
    );
  });

/**
 * The WhatsApp template Meta approved for one language (docs/reminders.md, "WhatsApp"):
 * WhatsApp opens a conversation only with such a template, so what goes is its name,
 * its language code and the values of its variables {{1}}, {{2}}... in order, each one
 * of our placeholders. With `reply_buttons` the template has two quick-reply buttons,
 * Confirm first and Cancel second, whose taps come back to the server.
 */
export const whatsAppTemplateSchema = z.object({
  name: z.string().regex(/^[a-z0-9_]{1,512}$/, {
    message: phrase('reminder.templateName'),
  }),
  language_code: z.string().regex(/^[a-z]{2,3}(_[A-Z]{2})?$/, {
    message: phrase('reminder.languageCode'),
  }),
  parameters: z
    .array(
      z.enum(templatePlaceholders, {
        message: phrase('reminder.variable', { known: templatePlaceholders.join(', ') }),
      }),
    )
    .max(10, { message: phrase('reminder.atMostTenVariables') }),
  reply_buttons: z.boolean().optional().default(true),
});
export type WhatsAppTemplate = z.output<typeof whatsAppTemplateSchema>;

export const reminderTemplateSchema = z.object({
  channel: z.enum(reminderChannels, { message: phrase('reminder.chooseChannel') }),
  /** Matched against the patient's preferred language, ignoring case. */
  language: requiredText('Language', 40),
  /** The email's subject line; other channels have none. */
  subject: templateText('Subject', 200).nullable().optional().default(null),
  /** The message; on WhatsApp, the approved template's text, kept as what was sent. */
  body: templateText('Message', 1000),
  /** WhatsApp's approved template; required on WhatsApp, absent elsewhere. */
  whatsapp: whatsAppTemplateSchema.nullable().optional().default(null),
});
export type ReminderTemplate = z.output<typeof reminderTemplateSchema>;

const clockTime = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, { message: phrase('field.clockTime') });

/** Up to two weeks before; at least five minutes. */
const offsetMinutes = z
  .number({ message: phrase('reminder.minutesNumber') })
  .int({ message: phrase('reminder.wholeMinutes') })
  .min(5, { message: phrase('reminder.atLeastFiveMinutes') })
  .max(14 * 24 * 60, { message: phrase('reminder.atMostFourteenDays') });

export const reminderSettingsSchema = z
  .object({
    channels: z.array(z.enum(reminderChannels, { message: phrase('reminder.chooseChannel') })),
    /** How long before an appointment each reminder goes: one kind of reminder each. */
    offsets_minutes: z
      .array(offsetMinutes)
      .min(1, { message: phrase('reminder.atLeastOneTime') })
      .max(4),
    /** No message goes between these times, in the clinic's time zone (may span midnight). */
    quiet_hours: z.object({ starts: clockTime, ends: clockTime }).nullable(),
    templates: z.array(reminderTemplateSchema).max(60),
    /** The template language used when the patient's preferred one has none. */
    fallback_language: requiredText('Fallback language', 40),
    /**
     * The country calling code (digits, no +) put before a phone number written as
     * dialled in the country, so that SMS and WhatsApp reach it; absent: only numbers
     * written with + get text messages.
     */
    country_calling_code: z
      .string()
      .regex(/^[1-9]\d{0,2}$/, { message: phrase('reminder.callingCode') })
      .nullable()
      .optional()
      .default(null),
  })
  .superRefine((settings, context) => {
    const issue = (path: (string | number)[], said: Refusal) =>
      context.addIssue(refusalIssue(path, said));
    if (new Set(settings.channels).size !== settings.channels.length)
      issue(['channels'], refusal('reminder.channelTwice'));
    if (new Set(settings.offsets_minutes).size !== settings.offsets_minutes.length)
      issue(['offsets_minutes'], refusal('reminder.timeTwice'));
    if (settings.quiet_hours && settings.quiet_hours.starts === settings.quiet_hours.ends)
      issue(['quiet_hours', 'ends'], refusal('reminder.quietHoursEnd'));
    const seen = new Set<string>();
    settings.templates.forEach((template, index) => {
      const key = `${template.channel}/${template.language.toLowerCase()}`;
      if (seen.has(key))
        issue(
          ['templates', index, 'language'],
          refusal('reminder.twoTemplates', {
            channel: channelLabels[template.channel],
            language: template.language,
          }),
        );
      seen.add(key);
      if (template.channel === 'email' && !template.subject)
        issue(['templates', index, 'subject'], refusal('reminder.emailSubject'));
    });
    for (const channel of settings.channels) {
      if (!findTemplate(settings.templates, channel, settings.fallback_language))
        issue(
          ['templates'],
          refusal('reminder.noFallbackTemplate', {
            channel: channelLabels[channel],
            language: settings.fallback_language,
          }),
        );
    }
  });
export type ReminderSettings = z.output<typeof reminderSettingsSchema>;

function findTemplate(
  templates: readonly ReminderTemplate[],
  channel: ReminderChannelName,
  language: string,
) {
  const wanted = language.trim().toLowerCase();
  return templates.find(
    (template) => template.channel === channel && template.language.toLowerCase() === wanted,
  );
}

/**
 * The WhatsApp templates saved without Meta's approved template (name and language
 * code), as refusal issues. Checked when settings are saved, not in the events' schema:
 * settings stored before WhatsApp could send stay readable (and send nothing on it).
 */
export function missingWhatsAppTemplates(settings: ReminderSettings) {
  return settings.templates.flatMap((template, index) =>
    template.channel === 'whatsapp' && !template.whatsapp
      ? [issueAt(`templates.${index}.whatsapp`, refusal('reminder.whatsAppTemplate'))]
      : [],
  );
}

/** The template for a patient: in their language if there is one, else the fallback's. */
export function templateFor(
  settings: ReminderSettings,
  channel: ReminderChannelName,
  preferredLanguage: string | null,
): ReminderTemplate | undefined {
  return (
    (preferredLanguage
      ? findTemplate(settings.templates, channel, preferredLanguage)
      : undefined) ?? findTemplate(settings.templates, channel, settings.fallback_language)
  );
}

/** The name a reminder kind goes by: its offset, "24h" or "90m". */
export const reminderKindOf = (offsetMinutes: number) =>
  offsetMinutes % 60 === 0 ? `${offsetMinutes / 60}h` : `${offsetMinutes}m`;

/** "24 h", "1 h 30 min", "45 min": how long before, for people. */
export function describeOffset(offsetMinutes: number): string {
  const hours = Math.floor(offsetMinutes / 60);
  const minutes = offsetMinutes % 60;
  if (hours === 0) return `${minutes} min`;
  return minutes === 0 ? `${hours} h` : `${hours} h ${minutes} min`;
}
