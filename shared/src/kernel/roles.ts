export const roles = ['admin', 'doctor', 'nurse', 'receptionist'] as const;
export type Role = (typeof roles)[number];

/**
 * Who issues a command: a signed-in person with one or more roles (an independent
 * doctor is admin and doctor), or the server itself (sign-up, invitations).
 */
export interface Actor {
  user_id: string;
  roles: readonly (Role | 'system')[];
}

/** A person's roles in the one order every screen and event uses (admin first). */
export const inRoleOrder = (held: Iterable<Role>): Role[] => {
  const set = new Set(held);
  return roles.filter((role) => set.has(role));
};

/** The roles of a session user or staff row written before people held several roles. */
export const rolesOf = (person: {
  roles?: readonly Role[] | undefined;
  role?: Role | undefined;
}) =>
  person.roles && person.roles.length > 0 ? [...person.roles] : person.role ? [person.role] : [];
