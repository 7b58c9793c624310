import { z } from 'zod';

/**
 * The patient portal's settings (docs/portal.md): how long a portal session lasts, how
 * often a code may be asked for, and the WhatsApp template its codes go out with. Read
 * from the environment by config.ts (the one reader of process.env).
 */
export const portalEnvironment = {
  PORTAL_SESSION_HOURS: z.coerce
    .number({ message: 'PORTAL_SESSION_HOURS must be a number of hours' })
    .int({ message: 'PORTAL_SESSION_HOURS must be whole hours' })
    .min(1, { message: 'PORTAL_SESSION_HOURS must be 1 to 72 hours' })
    .max(72, { message: 'PORTAL_SESSION_HOURS must be 1 to 72 hours' })
    .default(12),
  PORTAL_CODE_RESEND_SECONDS: z.coerce
    .number({ message: 'PORTAL_CODE_RESEND_SECONDS must be a number of seconds' })
    .int({ message: 'PORTAL_CODE_RESEND_SECONDS must be whole seconds' })
    .min(0, { message: 'PORTAL_CODE_RESEND_SECONDS must be 0 to 3600' })
    .max(3600, { message: 'PORTAL_CODE_RESEND_SECONDS must be 0 to 3600' })
    .default(60),
  PORTAL_CODES_PER_CONTACT_PER_HOUR: z.coerce
    .number({ message: 'PORTAL_CODES_PER_CONTACT_PER_HOUR must be a number' })
    .int({ message: 'PORTAL_CODES_PER_CONTACT_PER_HOUR must be a whole number' })
    .min(1, { message: 'PORTAL_CODES_PER_CONTACT_PER_HOUR must be 1 to 100' })
    .max(100, { message: 'PORTAL_CODES_PER_CONTACT_PER_HOUR must be 1 to 100' })
    .default(5),
  PORTAL_CODES_PER_PATIENT_PER_HOUR: z.coerce
    .number({ message: 'PORTAL_CODES_PER_PATIENT_PER_HOUR must be a number' })
    .int({ message: 'PORTAL_CODES_PER_PATIENT_PER_HOUR must be a whole number' })
    .min(1, { message: 'PORTAL_CODES_PER_PATIENT_PER_HOUR must be 1 to 100' })
    .max(100, { message: 'PORTAL_CODES_PER_PATIENT_PER_HOUR must be 1 to 100' })
    .default(10),
  WHATSAPP_API_URL: z
    .url({ protocol: /^https?$/, message: 'WHATSAPP_API_URL must be an http(s) URL' })
    .default('https://graph.facebook.com/v21.0'),
  WHATSAPP_PHONE_NUMBER_ID: z.string().optional(),
  WHATSAPP_ACCESS_TOKEN: z.string().optional(),
  PORTAL_WHATSAPP_TEMPLATE: z
    .string()
    .regex(/^[a-z0-9_]{1,512}$/, {
      message: 'PORTAL_WHATSAPP_TEMPLATE must be a template name (a-z, 0-9, _)',
    })
    .optional(),
  PORTAL_WHATSAPP_LANGUAGE: z
    .string()
    .regex(/^[a-z]{2,3}(_[A-Z]{2})?$/, {
      message: 'PORTAL_WHATSAPP_LANGUAGE must be a language code such as en or en_US',
    })
    .default('en'),
};

/** WhatsApp for sign-in codes: an approved template whose one parameter is the code. */
export interface PortalWhatsAppSettings {
  apiUrl: string;
  phoneNumberId: string;
  accessToken: string;
  template: string;
  language: string;
}

export interface PortalSettings {
  /** A portal session (its token) lasts this long. */
  sessionHours: number;
  /** The least time between two codes to one contact. */
  resendSeconds: number;
  codesPerContactPerHour: number;
  codesPerPatientPerHour: number;
  /** Absent unless WHATSAPP_PHONE_NUMBER_ID, WHATSAPP_ACCESS_TOKEN and the template are set. */
  whatsapp: PortalWhatsAppSettings | null;
}

type Environment = z.output<z.ZodObject<typeof portalEnvironment>>;

/** The portal's settings, WhatsApp complete or absent, every problem named. */
export function readPortalSettings(env: Environment): PortalSettings {
  const whatsappSettings = [
    'WHATSAPP_PHONE_NUMBER_ID',
    'WHATSAPP_ACCESS_TOKEN',
    'PORTAL_WHATSAPP_TEMPLATE',
  ] as const;
  const given = whatsappSettings.filter((setting) => env[setting] !== undefined);
  if (given.length > 0 && given.length < whatsappSettings.length) {
    const missing = whatsappSettings.filter((setting) => env[setting] === undefined);
    throw new Error(
      `Invalid configuration:\n${missing
        .map((setting) => `  ${setting}: required with ${given.join(', ')}`)
        .join('\n')}`,
    );
  }
  return {
    sessionHours: env.PORTAL_SESSION_HOURS,
    resendSeconds: env.PORTAL_CODE_RESEND_SECONDS,
    codesPerContactPerHour: env.PORTAL_CODES_PER_CONTACT_PER_HOUR,
    codesPerPatientPerHour: env.PORTAL_CODES_PER_PATIENT_PER_HOUR,
    whatsapp:
      given.length === whatsappSettings.length
        ? {
            apiUrl: env.WHATSAPP_API_URL,
            phoneNumberId: env.WHATSAPP_PHONE_NUMBER_ID!,
            accessToken: env.WHATSAPP_ACCESS_TOKEN!,
            template: env.PORTAL_WHATSAPP_TEMPLATE!,
            language: env.PORTAL_WHATSAPP_LANGUAGE,
          }
        : null,
  };
}
