import { z } from 'zod';
import { organizationKinds } from '../domain/hospital/events';
import { emailAddress, requiredText } from '../domain/fields';
import { roles } from '../kernel/roles';
import { maxPasswordLength, minPasswordLength, passwordRuleProblem } from './password';

export const passwordSchema = z
  .string({ message: 'Password is required' })
  .min(minPasswordLength, { message: `Password must be at least ${minPasswordLength} characters` })
  .max(maxPasswordLength, { message: `Password must be at most ${maxPasswordLength} characters` });

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
    const problem = passwordRuleProblem(value.password, value.email);
    if (problem) context.addIssue({ code: 'custom', path: ['password'], message: problem });
  });
}

export const loginRequestSchema = z.strictObject({
  email: emailAddress,
  password: z.string().min(1).max(200),
  device_id: z.string().min(1).max(100).optional(),
});

export const refreshRequestSchema = z.strictObject({
  refresh_token: z.string().min(20).max(200),
});

export const logoutRequestSchema = refreshRequestSchema;

export const signupRequestSchema = z.strictObject({
  organization: z.strictObject({
    kind: z.enum(organizationKinds, { message: 'Choose independent doctor, clinic or hospital' }),
    name: requiredText('Organisation name'),
  }),
  admin: withPasswordRules(
    z.strictObject({
      full_name: requiredText('Full name'),
      email: emailAddress,
      password: passwordSchema,
    }),
  ),
});
export type SignupRequest = z.infer<typeof signupRequestSchema>;

export const sessionUserSchema = z.object({
  user_id: z.uuid(),
  hospital_id: z.uuid(),
  email: z.string(),
  full_name: z.string(),
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
  status: z.enum(['healthy', 'unhealthy']),
  timestamp: z.string(),
  uptime: z.number(),
  database: z.enum(['connected', 'disconnected']),
  version: z.string(),
});
