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

/**
 * Who reads an event: a person and the roles they hold now (the server reads them from
 * the database on each pull), for the read rules of `shared/src/permissions.ts`.
 */
export interface Reader {
  user_id: string;
  roles: readonly Role[];
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

/** Who may issue a command, in the groups the command definitions name. */
export const everyone: readonly Role[] = ['admin', 'doctor', 'nurse', 'receptionist'];
export const clinicians: readonly Role[] = ['doctor', 'nurse'];
export const doctors: readonly Role[] = ['doctor'];
/** Doctors book their own follow-ups; nurses do not run the diary. */
export const frontDesk: readonly Role[] = ['admin', 'receptionist', 'doctor'];

/**
 * Whether a person holding these roles (or this one role) may do what `allowed` lists:
 * true when any of them may. The server itself ('system') may do anything.
 */
export function holdsAnyOf(
  held: Role | 'system' | readonly (Role | 'system')[],
  allowed: readonly Role[] | undefined,
): boolean {
  const list = typeof held === 'string' ? [held] : held;
  if (list.includes('system')) return true;
  return allowed !== undefined && list.some((role) => role !== 'system' && allowed.includes(role));
}
