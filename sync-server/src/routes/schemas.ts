import { z } from 'zod';
import {
  emailAddress,
  passwordSchema,
  pushRequestSchema,
  requiredText,
  roleList,
  withPasswordRules,
} from '@mymedic/shared';

/**
 * A colleague with a password and `roles` (one or more). Apps from before people held
 * several roles send one `role`, taken as a list of one.
 */
export const staffAccountSchema = z.preprocess(
  (input) => {
    if (typeof input !== 'object' || input === null || !('role' in input) || 'roles' in input)
      return input;
    const { role, ...rest } = input;
    return { ...rest, roles: [role] };
  },
  withPasswordRules(
    z.strictObject({
      email: emailAddress,
      full_name: requiredText('Full name'),
      roles: roleList,
      password: passwordSchema,
    }),
  ),
);

const firstStorableInstant = Date.parse('0001-01-01T00:00:00Z');
const lastStorableInstant = Date.parse('9999-12-31T23:59:59.999Z');

/**
 * Whether PostgreSQL can store this ISO date-time and a pull give it back in the same
 * ISO form. PostgreSQL has no year 0 and refuses offsets past 15:59; an instant past
 * 9999 in UTC would come back with a six-digit year. Offsets are held to 14:00 either
 * way, the widest any time zone uses.
 */
export function isStorableDateTime(text: string) {
  const offset = /([+-])(\d{2}):(\d{2})$/.exec(text);
  const offsetMinutes = offset ? Number(offset[2]) * 60 + Number(offset[3]) : 0;
  const instant = Date.parse(text);
  return (
    Number(text.slice(0, 4)) >= 1 &&
    offsetMinutes <= 14 * 60 &&
    instant >= firstStorableInstant &&
    instant <= lastStorableInstant
  );
}

/** The push contract, with device clocks the event store can hold. */
export const storablePushRequestSchema = pushRequestSchema.superRefine((push, context) => {
  push.commands.forEach((command, index) => {
    if (!isStorableDateTime(command.issued_at)) {
      context.addIssue({
        code: 'custom',
        path: ['commands', index, 'issued_at'],
        message: 'Must be a date and time between the years 1 and 9999, in a real time zone',
      });
    }
  });
});
