import { z } from 'zod';
import { organizationKinds } from '../domain/hospital/events';
import { emailAddress, isPhoneCountry, requiredText } from '../domain/fields';
import { roles } from '../kernel/roles';
import { roleList } from '../domain/user/events';
import { maxPasswordLength, minPasswordLength, passwordRuleRefusal } from './password';
import { phrase, refusalIssue } from '../refusals';

export { fullSignInAfterHours } from './signInHours';

export const passwordSchema = z
  .string({ message: phrase('password.required') })
  .min(minPasswordLength, { message: phrase('password.tooShort', { min: minPasswordLength }) })
  .max(maxPasswordLength, { message: phrase('password.tooLong', { max: maxPasswordLength }) });

/**
 * Adds the rules of a chosen password to an object schema holding `email` and `password`:
 * a problem is an issue at `password`, as any other field's.
 */
export function withPasswordRules<Schema extends z.ZodType<{ email: string; password: string }>>(
  schema: Schema,
) {
  return schema.superRefine((value, context) => {
    // The length was refused by the field itself; the other rules need a long enough one.
    if (value.password.length < minPasswordLength) return;
    const problem = passwordRuleRefusal(value.password, value.email);
    if (problem) context.addIssue(refusalIssue(['password'], problem));
  });
}

/**
 * Ids the server writes itself, or that name no device: never a device's, in any case
 * (the pattern's minimum length keeps them out too; the list says why).
 */
export const reservedDeviceIds = ['server', 'system'] as const;

/**
 * A device's id, bound into every access token of its sessions: 8 to 100 letters,
 * digits and `._:-` (the app makes `web-<uuid>`), and none of the reserved ones.
 */
export const deviceIdSchema = z
  .string({ message: 'device_id is required' })
  .regex(/^[A-Za-z0-9._:-]{8,100}$/, {
    message: 'Must be 8 to 100 letters, digits, dots, colons, dashes or underscores',
    abort: true,
  })
  .refine((id) => !(reservedDeviceIds as readonly string[]).includes(id.toLowerCase()), {
    message: 'This device id is reserved',
  });

/**
 * A tablet names itself; an integration signing in with a script may leave the device
 * out, and gets a device of its own for that session (`api-<uuid>`).
 */
export const loginRequestSchema = z.strictObject({
  email: emailAddress,
  password: z.string().min(1).max(200),
  device_id: deviceIdSchema.optional(),
  /**
   * A new password chosen at this sign-in, which replaces `password`: required after an
   * admin's reset (the sign-in is refused `password_change_required` without it).
   */
  new_password: passwordSchema.optional(),
});

/**
 * The device comes from the session being refreshed; one given here must be the
 * session's own.
 */
export const refreshRequestSchema = z.strictObject({
  refresh_token: z.string().min(20).max(200),
  device_id: deviceIdSchema.optional(),
});

export const logoutRequestSchema = z.strictObject({
  refresh_token: z.string().min(20).max(200),
});

export const signupRequestSchema = z.strictObject({
  organization: z.strictObject({
    kind: z.enum(organizationKinds, { message: phrase('organisation.chooseKind') }),
    name: requiredText('Organisation name'),
    /** Where it is (ISO 3166, such as KE): how phone numbers typed there are read. */
    country: z
      .string()
      .refine(isPhoneCountry, { message: phrase('field.countryFromList') })
      .optional(),
  }),
  admin: withPasswordRules(
    z.strictObject({
      full_name: requiredText('Full name'),
      email: emailAddress,
      password: passwordSchema,
      /**
       * A clinic's or hospital's founder who also sees patients there (an independent
       * doctor always does): admin and doctor.
       */
      also_doctor: z.boolean().optional(),
    }),
  ),
  device_id: deviceIdSchema,
});
export type SignupRequest = z.infer<typeof signupRequestSchema>;

/**
 * A colleague with a password and `roles` (one or more), added by an admin. Apps from
 * before people held several roles send one `role`, taken as a list of one.
 */
export const staffAccountRequestSchema = z.preprocess(
  (input) => {
    if (typeof input !== 'object' || input === null || !('role' in input) || 'roles' in input)
      return input;
    const { role, ...rest } = input;
    return { ...rest, roles: [role] };
  },
  z
    .strictObject({
      email: emailAddress,
      full_name: requiredText('Full name'),
      roles: roleList,
      /**
       * The first password, which the colleague then keeps. Left out, the server makes a
       * temporary one, answered once, that the colleague must replace at the first sign-in.
       */
      password: passwordSchema.optional(),
    })
    .superRefine((value, context) => {
      if (value.password === undefined || value.password.length < minPasswordLength) return;
      const problem = passwordRuleRefusal(value.password, value.email);
      if (problem) context.addIssue(refusalIssue(['password'], problem));
    }),
);

export const staffAccountResponseSchema = z.object({
  user_id: z.uuid(),
  /** Only when no password was given: shown once to the admin, never stored in clear. */
  temporary_password: z.string().optional(),
});

export const sessionUserSchema = z.object({
  user_id: z.uuid(),
  hospital_id: z.uuid(),
  email: z.string(),
  full_name: z.string(),
  /** Every role the person holds, in role order (admin first). */
  roles: z.array(z.enum(roles)).min(1),
  /** The first of `roles`, for devices from before people held several roles. */
  role: z.enum(roles),
});
export type SessionUser = z.infer<typeof sessionUserSchema>;

export const sessionResponseSchema = z.object({
  token: z.string(),
  refresh_token: z.string(),
  expires_in: z.number().int(),
  user: sessionUserSchema,
});
export type SessionResponse = z.infer<typeof sessionResponseSchema>;

export const healthResponseSchema = z.object({
  /** degraded: a read model has stopped at an event it could not apply. */
  status: z.enum(['healthy', 'degraded', 'unhealthy']),
  timestamp: z.string(),
  uptime: z.number(),
  database: z.enum(['connected', 'disconnected']),
  version: z.string(),
  /** Each read model kept behind the log, as it stands in its furthest-behind hospital. */
  projections: z
    .record(
      z.string(),
      z.object({
        status: z.enum(['live', 'rebuilding', 'failed']),
        events_behind: z.number(),
        seconds_behind: z.number(),
        failed_hospitals: z.number(),
      }),
    )
    .optional(),
});
