import { z } from 'zod';
import { requiredText } from '../fields';

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

const templateText = (label: string, max: number) =>
  requiredText(label, max).superRefine((text, context) => {
    const unknown = unknownPlaceholders(text);
    if (unknown.length === 0) return;
    context.addIssue({
      code: 'custom',
      message: `Unknown placeholder ${unknown.map((name) => `{${name}}`).join(', ')}: use ${templatePlaceholders
        .map((name) => `{${name}}`)
        .join(', ')}`,
    });
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
    message: "Use the approved template's name: lower-case letters, digits and _",
  }),
  language_code: z.string().regex(/^[a-z]{2,3}(_[A-Z]{2})?$/, {
    message: "Use WhatsApp's language code, such as en, en_US or sw",
  }),
  parameters: z
    .array(
      z.enum(templatePlaceholders, {
        message: `A variable must be one of ${templatePlaceholders.join(', ')}`,
      }),
    )
    .max(10, { message: 'At most 10 variables' }),
  reply_buttons: z.boolean().optional().default(true),
});
export type WhatsAppTemplate = z.output<typeof whatsAppTemplateSchema>;

export const reminderTemplateSchema = z.object({
  channel: z.enum(reminderChannels, { message: 'Choose WhatsApp, SMS or email' }),
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

const clockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, { message: 'Use HH:MM' });

/** Up to two weeks before; at least five minutes. */
const offsetMinutes = z
  .number({ message: 'A reminder time must be a number of minutes' })
  .int({ message: 'A reminder time must be whole minutes' })
  .min(5, { message: 'A reminder must go at least 5 minutes before' })
  .max(14 * 24 * 60, { message: 'A reminder must go at most 14 days before' });

export const reminderSettingsSchema = z
  .object({
    channels: z.array(z.enum(reminderChannels, { message: 'Choose WhatsApp, SMS or email' })),
    /** How long before an appointment each reminder goes: one kind of reminder each. */
    offsets_minutes: z
      .array(offsetMinutes)
      .min(1, { message: 'Give at least one reminder time' })
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
      .regex(/^[1-9]\d{0,2}$/, { message: 'Country code must be 1 to 3 digits, without +' })
      .nullable()
      .optional()
      .default(null),
  })
  .superRefine((settings, context) => {
    const issue = (path: (string | number)[], message: string) =>
      context.addIssue({ code: 'custom', path, message });
    if (new Set(settings.channels).size !== settings.channels.length)
      issue(['channels'], 'A channel is listed twice');
    if (new Set(settings.offsets_minutes).size !== settings.offsets_minutes.length)
      issue(['offsets_minutes'], 'A reminder time is listed twice');
    if (settings.quiet_hours && settings.quiet_hours.starts === settings.quiet_hours.ends)
      issue(['quiet_hours', 'ends'], 'Quiet hours must end at another time than they start');
    const seen = new Set<string>();
    settings.templates.forEach((template, index) => {
      const key = `${template.channel}/${template.language.toLowerCase()}`;
      if (seen.has(key))
        issue(
          ['templates', index, 'language'],
          `Two ${channelLabels[template.channel]} templates in ${template.language}`,
        );
      seen.add(key);
      if (template.channel === 'email' && !template.subject)
        issue(['templates', index, 'subject'], 'An email template needs a subject');
    });
    for (const channel of settings.channels) {
      if (!findTemplate(settings.templates, channel, settings.fallback_language))
        issue(
          ['templates'],
          `No ${channelLabels[channel]} template in ${settings.fallback_language}, the fallback language`,
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
      ? [
          {
            path: `templates.${index}.whatsapp`,
            message: "A WhatsApp template needs the approved template's name and language code",
          },
        ]
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
