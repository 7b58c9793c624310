import { z } from 'zod';
import { passwordSchema } from './auth';
import { lowerCaseUuid } from './sync';
import { phrase } from '../refusals';
import { roles } from '../kernel/roles';

/**
 * A person changes their own password: the current one proves it is them (a stolen
 * access token alone cannot), the new one follows the sign-up rules.
 */
export const passwordChangeRequestSchema = z.strictObject({
  current_password: z
    .string({ message: phrase('password.currentRequired') })
    .min(1, { message: phrase('password.currentRequired') })
    .max(200),
  new_password: passwordSchema,
});
export type PasswordChangeRequest = z.infer<typeof passwordChangeRequestSchema>;

export const passwordChangeResponseSchema = z.object({
  /** The person's other sessions (other devices, other tabs signed in apart) now ended. */
  sessions_ended: z.number().int().min(0),
});

export const colleagueParamsSchema = z.strictObject({ user_id: lowerCaseUuid });

/**
 * An admin's reset of a colleague's password: a temporary password, shown once to the
 * admin and stored only hashed, which the colleague must replace at their next sign-in.
 */
export const passwordResetResponseSchema = z.object({
  user_id: z.uuid(),
  temporary_password: z.string(),
  sessions_ended: z.number().int().min(0),
});
export type PasswordResetResponse = z.infer<typeof passwordResetResponseSchema>;

/** `GET /users?role`: the organisation's staff, or those holding one role. */
export const staffQuerySchema = z.strictObject({ role: z.enum(roles).optional() });

/** A member of staff as a colleague sees them: no email, no sign-in details. */
export const staffMemberSchema = z.object({
  user_id: z.uuid(),
  full_name: z.string(),
  roles: z.array(z.enum(roles)),
  active: z.boolean(),
});
export type StaffMember = z.infer<typeof staffMemberSchema>;

export const staffListResponseSchema = z.object({ users: z.array(staffMemberSchema) });
