export const roles = ['admin', 'doctor', 'nurse', 'receptionist'] as const;
export type Role = (typeof roles)[number];

/** Who issues a command: a signed-in person, or the server itself (sign-up, invitations). */
export interface Actor {
  user_id: string;
  role: Role | 'system';
}
