import { z } from 'zod';
import type { EventDefinition } from '../../kernel/decider';
import { roles, type Role } from '../../kernel/roles';
import { emailAddress, requiredText } from '../fields';

export const userCreatedSchema = z.object({
  email: emailAddress,
  full_name: requiredText('Full name'),
  role: z.enum(roles),
});
export const userRoleChangedSchema = z.object({ role: z.enum(roles) });
export const userDeactivatedSchema = z.object({ reason: requiredText('Reason', 500) });

export type UserEvent =
  | { type: 'UserCreated'; data: z.infer<typeof userCreatedSchema> }
  | { type: 'UserRoleChanged'; data: z.infer<typeof userRoleChangedSchema> }
  | { type: 'UserDeactivated'; data: z.infer<typeof userDeactivatedSchema> };

export interface UserState {
  exists: boolean;
  email: string | null;
  full_name: string | null;
  role: Role | null;
  active: boolean;
}

export const initialUserState: UserState = {
  exists: false,
  email: null,
  full_name: null,
  role: null,
  active: false,
};

export function evolveUser(state: UserState, event: UserEvent): UserState {
  switch (event.type) {
    case 'UserCreated':
      return { exists: true, ...event.data, active: true };
    case 'UserRoleChanged':
      return { ...state, role: event.data.role };
    case 'UserDeactivated':
      return { ...state, active: false };
  }
}

export const userEventDefinitions: EventDefinition[] = [
  { type: 'UserCreated', aggregateType: 'user', versions: [{ schema: userCreatedSchema }] },
  { type: 'UserRoleChanged', aggregateType: 'user', versions: [{ schema: userRoleChangedSchema }] },
  { type: 'UserDeactivated', aggregateType: 'user', versions: [{ schema: userDeactivatedSchema }] },
];
