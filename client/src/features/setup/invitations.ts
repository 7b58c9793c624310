import { roleList, type Role } from '@mymedic/shared';

/** What is wrong with a line of the list: not three parts, or a role nobody has. */
export type InvitationProblem = 'format' | 'roles';

/**
 * One line of a hospital's list: "Full name, email, role" (several roles joined by
 * "and" or "+"), or what is wrong with it.
 */
export function parseInvitation(
  line: string,
): { full_name: string; email: string; roles: Role[] } | InvitationProblem {
  const [name = '', email = '', roleText = ''] = line.split(',').map((part) => part.trim());
  if (!name || !email || !roleText) return 'format';
  const roles = roleList.safeParse(
    roleText
      .toLowerCase()
      .split(/\s*(?:\+|\band\b|;)\s*/)
      .filter(Boolean),
  );
  if (!roles.success) return 'roles';
  return { full_name: name, email, roles: roles.data };
}
