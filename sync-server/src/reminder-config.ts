import { z } from 'zod';

/**
 * The settings of appointment reminders (docs/reminders.md): the sender's and each
 * channel's, read from the environment by config.ts (the one reader of process.env).
 */
export const reminderEnvironment = {
  RUN_REMINDER_SENDER: z
    .enum(['true', 'false'], { message: 'RUN_REMINDER_SENDER must be true or false' })
    .default('true')
    .transform((value) => value === 'true'),
  REMINDER_SEND_TIMEOUT_SECONDS: z.coerce
    .number({ message: 'REMINDER_SEND_TIMEOUT_SECONDS must be a number of seconds' })
    .min(1, { message: 'REMINDER_SEND_TIMEOUT_SECONDS must be 1 to 120 seconds' })
    .max(120, { message: 'REMINDER_SEND_TIMEOUT_SECONDS must be 1 to 120 seconds' })
    .default(20),
  REMINDER_MAX_ATTEMPTS: z.coerce
    .number({ message: 'REMINDER_MAX_ATTEMPTS must be a number' })
    .int()
    .min(1, { message: 'REMINDER_MAX_ATTEMPTS must be 1 to 20' })
    .max(20, { message: 'REMINDER_MAX_ATTEMPTS must be 1 to 20' })
    .default(5),
  REMINDER_SENDER_INTERVAL_SECONDS: z.coerce
    .number({ message: 'REMINDER_SENDER_INTERVAL_SECONDS must be a number of seconds' })
    .min(0.1, { message: 'REMINDER_SENDER_INTERVAL_SECONDS must be 0.1 to 3600 seconds' })
    .max(3600, { message: 'REMINDER_SENDER_INTERVAL_SECONDS must be 0.1 to 3600 seconds' })
    .default(5),
  // Test mode only (NODE_ENV=test; refused otherwise): the fault suite runs real server
  // processes whose sender must see appointments as due without waiting a day, and
  // whose dead claims must come back within seconds rather than after 30.
  REMINDER_TEST_CLOCK_OFFSET_SECONDS: z.coerce
    .number({ message: 'REMINDER_TEST_CLOCK_OFFSET_SECONDS must be a number of seconds' })
    .optional(),
  REMINDER_TEST_LEASE_MARGIN_SECONDS: z.coerce
    .number({ message: 'REMINDER_TEST_LEASE_MARGIN_SECONDS must be a number of seconds' })
    .min(0.1, { message: 'REMINDER_TEST_LEASE_MARGIN_SECONDS must be at least 0.1' })
    .optional(),
  REMINDER_RETRY_BASE_SECONDS: z.coerce
    .number({ message: 'REMINDER_RETRY_BASE_SECONDS must be a number of seconds' })
    .min(1, { message: 'REMINDER_RETRY_BASE_SECONDS must be at least 1' })
    .default(60),
  SMTP_HOST: z.string().optional(),
  SMTP_PORT: z.coerce
    .number({ message: 'SMTP_PORT must be a port number' })
    .int({ message: 'SMTP_PORT must be a port number' })
    .min(1, { message: 'SMTP_PORT must be a port number' })
    .max(65535, { message: 'SMTP_PORT must be a port number' })
    .optional(),
  SMTP_SECURE: z
    .enum(['true', 'false'], { message: 'SMTP_SECURE must be true or false' })
    .optional()
    .transform((value) => (value === undefined ? undefined : value === 'true')),
  SMTP_USER: z.string().optional(),
  SMTP_PASSWORD: z.string().optional(),
  SMTP_FROM: z.email({ message: 'SMTP_FROM must be an email address' }).optional(),
  SMS_GATEWAY_URL: z
    .url({ protocol: /^https?$/, message: 'SMS_GATEWAY_URL must be an http(s) URL' })
    .optional(),
  SMS_GATEWAY_TOKEN: z.string().optional(),
  SMS_SENDER_ID: z
    .string()
    .max(20, { message: 'SMS_SENDER_ID must be at most 20 characters' })
    .optional(),
  WHATSAPP_API_URL: z
    .url({ protocol: /^https?$/, message: 'WHATSAPP_API_URL must be an http(s) URL' })
    .default('https://graph.facebook.com/v21.0'),
  WHATSAPP_PHONE_NUMBER_ID: z
    .string()
    .regex(/^\d{1,30}$/, {
      message: "WHATSAPP_PHONE_NUMBER_ID must be the number's id from Meta (digits)",
    })
    .optional(),
  WHATSAPP_ACCESS_TOKEN: z.string().optional(),
  WHATSAPP_APP_SECRET: z
    .string()
    .min(16, { message: "WHATSAPP_APP_SECRET must be the app's secret (at least 16 characters)" })
    .optional(),
  WHATSAPP_VERIFY_TOKEN: z
    .string()
    .regex(/^[\w.~-]{16,200}$/, {
      message: 'WHATSAPP_VERIFY_TOKEN must be 16 to 200 letters, digits, _ . ~ or -',
    })
    .optional(),
};

/** Email reminders over SMTP; absent when SMTP_HOST is not set. */
export interface SmtpSettings {
  host: string;
  port: number;
  /** TLS from the start (port 465); otherwise STARTTLS when the server offers it. */
  secure: boolean;
  user: string | null;
  password: string | null;
  from: string;
  /** Tests only: accept the in-process server's own certificate. */
  allowSelfSigned?: boolean;
}

/** SMS reminders through an HTTP gateway; absent when SMS_GATEWAY_URL is not set. */
export interface SmsGatewaySettings {
  url: string;
  token: string;
  senderId: string | null;
}

/** WhatsApp reminders through the Cloud API, and its webhook; absent when not set up. */
export interface WhatsAppChannelSettings {
  /** The Graph API base with its version, e.g. https://graph.facebook.com/v21.0. */
  apiUrl: string;
  phoneNumberId: string;
  accessToken: string;
  /** Signs the webhook's bodies (X-Hub-Signature-256) and keys our reply buttons' payloads. */
  appSecret: string;
  /** What the clinic typed in Meta's dashboard for the subscription handshake. */
  verifyToken: string;
}

export interface ReminderSettings {
  /** Send due reminders from this process (several processes may: rows are claimed). */
  runSender: boolean;
  sendTimeoutMs: number;
  maxAttempts: number;
  /** The first retry's delay; each next one doubles, with jitter. */
  retryBaseMs: number;
  /** How often the sender looks for due reminders. */
  intervalMs: number;
  /**
   * What a claim's lease adds to twice the send timeout (30 s). Shorter only in test
   * mode (REMINDER_TEST_LEASE_MARGIN_SECONDS), where dead claims must come back fast.
   */
  leaseMarginMs: number;
  /**
   * Test mode only: the sender's clock runs this far ahead of the server's, so a real
   * server process sends reminders of appointments booked a day ahead (the fault suite).
   */
  senderClockOffsetMs: number;
  smtp: SmtpSettings | null;
  sms: SmsGatewaySettings | null;
  whatsapp: WhatsAppChannelSettings | null;
}

const whatsAppSettings = [
  'WHATSAPP_PHONE_NUMBER_ID',
  'WHATSAPP_ACCESS_TOKEN',
  'WHATSAPP_APP_SECRET',
  'WHATSAPP_VERIFY_TOKEN',
] as const;

type Environment = z.output<z.ZodObject<typeof reminderEnvironment>>;

/** The reminder channels' settings, each complete or absent, every problem named. */
export function readReminderSettings(
  env: Environment,
  environment: 'development' | 'production' | 'test',
): ReminderSettings {
  const problems: string[] = [];
  for (const setting of [
    'REMINDER_TEST_CLOCK_OFFSET_SECONDS',
    'REMINDER_TEST_LEASE_MARGIN_SECONDS',
  ] as const)
    if (env[setting] !== undefined && environment !== 'test')
      problems.push(`  ${setting}: only honoured with NODE_ENV=test`);
  const needs = (setting: string, value: unknown, wanted: string) => {
    if (!value) problems.push(`  ${setting}: required with ${wanted}`);
  };
  if (env.SMTP_HOST) needs('SMTP_FROM', env.SMTP_FROM, 'SMTP_HOST (the sender of reminder emails)');
  else
    for (const setting of ['SMTP_PORT', 'SMTP_USER', 'SMTP_PASSWORD', 'SMTP_FROM'] as const)
      if (env[setting] !== undefined) problems.push(`  SMTP_HOST: required with ${setting}`);
  if (env.SMTP_USER) needs('SMTP_PASSWORD', env.SMTP_PASSWORD, 'SMTP_USER');
  if (env.SMTP_PASSWORD) needs('SMTP_USER', env.SMTP_USER, 'SMTP_PASSWORD');
  if (env.SMS_GATEWAY_URL) needs('SMS_GATEWAY_TOKEN', env.SMS_GATEWAY_TOKEN, 'SMS_GATEWAY_URL');
  else if (env.SMS_GATEWAY_TOKEN)
    problems.push('  SMS_GATEWAY_URL: required with SMS_GATEWAY_TOKEN');
  // WhatsApp needs all four: sending without the webhook's secrets would leave its
  // statuses and the patients' replies unheard.
  const whatsAppGiven = whatsAppSettings.filter((setting) => env[setting]);
  if (whatsAppGiven.length > 0)
    for (const setting of whatsAppSettings)
      if (!env[setting]) problems.push(`  ${setting}: required with ${whatsAppGiven[0]}`);
  if (problems.length > 0) throw new Error(`Invalid configuration:\n${problems.join('\n')}`);
  const port = env.SMTP_PORT ?? 587;
  return {
    runSender: env.RUN_REMINDER_SENDER,
    sendTimeoutMs: env.REMINDER_SEND_TIMEOUT_SECONDS * 1000,
    maxAttempts: env.REMINDER_MAX_ATTEMPTS,
    retryBaseMs: env.REMINDER_RETRY_BASE_SECONDS * 1000,
    intervalMs: env.REMINDER_SENDER_INTERVAL_SECONDS * 1000,
    leaseMarginMs: (env.REMINDER_TEST_LEASE_MARGIN_SECONDS ?? 30) * 1000,
    senderClockOffsetMs: (env.REMINDER_TEST_CLOCK_OFFSET_SECONDS ?? 0) * 1000,
    smtp: env.SMTP_HOST
      ? {
          host: env.SMTP_HOST,
          port,
          secure: env.SMTP_SECURE ?? port === 465,
          user: env.SMTP_USER ?? null,
          password: env.SMTP_PASSWORD ?? null,
          from: env.SMTP_FROM!,
        }
      : null,
    sms: env.SMS_GATEWAY_URL
      ? {
          url: env.SMS_GATEWAY_URL,
          token: env.SMS_GATEWAY_TOKEN!,
          senderId: env.SMS_SENDER_ID ?? null,
        }
      : null,
    whatsapp:
      whatsAppGiven.length > 0
        ? {
            apiUrl: env.WHATSAPP_API_URL,
            phoneNumberId: env.WHATSAPP_PHONE_NUMBER_ID!,
            accessToken: env.WHATSAPP_ACCESS_TOKEN!,
            appSecret: env.WHATSAPP_APP_SECRET!,
            verifyToken: env.WHATSAPP_VERIFY_TOKEN!,
          }
        : null,
  };
}
