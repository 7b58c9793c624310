import { z } from 'zod';

/**
 * The patient portal's settings (docs/portal.md): how long a portal session lasts, how
 * often a code may be asked for, and the WhatsApp template its codes go out with (the
 * number and its token are the reminders' own settings, reminder-config.ts). Read
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
  /** Absent unless PORTAL_WHATSAPP_TEMPLATE is set (with the number and its token). */
  whatsapp: PortalWhatsAppSettings | null;
}

/**
 * The portal's settings and the WhatsApp ones it shares with the reminders (the number,
 * its token and the API's address: reminder-config.ts reads and checks them).
 */
type Environment = z.output<z.ZodObject<typeof portalEnvironment>> & {
  WHATSAPP_API_URL: string;
  WHATSAPP_PHONE_NUMBER_ID?: string | undefined;
  WHATSAPP_ACCESS_TOKEN?: string | undefined;
};

/** The portal's settings, WhatsApp complete or absent, every problem named. */
export function readPortalSettings(env: Environment): PortalSettings {
  // Codes go by WhatsApp once the portal's template is named; the number and its token
  // are the reminders' (a clinic may send reminders by WhatsApp and codes by SMS).
  const template = env.PORTAL_WHATSAPP_TEMPLATE;
  if (template !== undefined) {
    const missing = (['WHATSAPP_PHONE_NUMBER_ID', 'WHATSAPP_ACCESS_TOKEN'] as const).filter(
      (setting) => env[setting] === undefined,
    );
    if (missing.length > 0)
      throw new Error(
        `Invalid configuration:\n${missing
          .map((setting) => `  ${setting}: required with PORTAL_WHATSAPP_TEMPLATE`)
          .join('\n')}`,
      );
  }
  return {
    sessionHours: env.PORTAL_SESSION_HOURS,
    resendSeconds: env.PORTAL_CODE_RESEND_SECONDS,
    codesPerContactPerHour: env.PORTAL_CODES_PER_CONTACT_PER_HOUR,
    codesPerPatientPerHour: env.PORTAL_CODES_PER_PATIENT_PER_HOUR,
    whatsapp:
      template !== undefined
        ? {
            apiUrl: env.WHATSAPP_API_URL,
            phoneNumberId: env.WHATSAPP_PHONE_NUMBER_ID!,
            accessToken: env.WHATSAPP_ACCESS_TOKEN!,
            template,
            language: env.PORTAL_WHATSAPP_LANGUAGE,
          }
        : null,
  };
}
