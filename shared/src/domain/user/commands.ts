import { z } from 'zod';
import type { CommandContext, CommandDefinition, Decider } from '../../kernel/decider';
import { DomainError } from '../../kernel/errors';
import { parseOrThrow } from '../../kernel/validate';
import {
  evolveUser,
  initialUserState,
  roleList,
  userCreatedSchema,
  userDeactivatedSchema,
  userRoleChangedSchema,
  userRoleChangedV1Schema,
  type UserEvent,
  type UserState,
} from './events';

/**
 * CreateUser takes `roles`; a device from before people held several roles sends one
 * `role`, which is taken as a list of one.
 */
export const createUserPayload = z.preprocess((input) => {
  if (typeof input !== 'object' || input === null || !('role' in input) || 'roles' in input)
    return input;
  const { role, ...rest } = input;
  return { ...rest, roles: [role] };
}, userCreatedSchema);
export const changeUserRolesPayload = userRoleChangedSchema;
/** The one-role command of older devices: the person's roles become that one role. */
export const changeUserRolePayload = userRoleChangedV1Schema;
export const deactivateUserPayload = userDeactivatedSchema;

export type UserCommand =
  | { type: 'CreateUser'; payload: z.input<typeof createUserPayload> }
  | { type: 'ChangeUserRoles'; payload: z.input<typeof changeUserRolesPayload> }
  | { type: 'ChangeUserRole'; payload: z.input<typeof changeUserRolePayload> }
  | { type: 'DeactivateUser'; payload: z.input<typeof deactivateUserPayload> };

const requireActiveUser = (state: UserState) => {
  if (!state.exists) throw new DomainError('not_found', 'No such user');
  if (!state.active) throw new DomainError('illegal_state', 'The user is deactivated');
};

export function createUser(payload: unknown, state: UserState): UserEvent[] {
  if (state.exists) throw new DomainError('illegal_state', 'The user already exists');
  return [{ type: 'UserCreated', data: parseOrThrow(createUserPayload, payload, 'User') }];
}

function changeRoles(wanted: unknown, state: UserState, context: CommandContext): UserEvent[] {
  requireActiveUser(state);
  const roles = parseOrThrow(roleList, wanted, 'Roles');
  if (context.actor.user_id === context.aggregate_id) {
    throw new DomainError('forbidden', 'You cannot change your own roles');
  }
  if (roles.join() === state.roles.join()) return [];
  return [{ type: 'UserRoleChanged', data: { roles } }];
}

export function changeUserRoles(payload: unknown, state: UserState, context: CommandContext) {
  const { roles } = parseOrThrow(changeUserRolesPayload, payload, 'Roles');
  return changeRoles(roles, state, context);
}

export function changeUserRole(payload: unknown, state: UserState, context: CommandContext) {
  const { role } = parseOrThrow(changeUserRolePayload, payload, 'Role');
  return changeRoles([role], state, context);
}

export function deactivateUser(
  payload: unknown,
  state: UserState,
  context: CommandContext,
): UserEvent[] {
  requireActiveUser(state);
  if (context.actor.user_id === context.aggregate_id) {
    throw new DomainError('forbidden', 'You cannot deactivate yourself');
  }
  return [
    { type: 'UserDeactivated', data: parseOrThrow(deactivateUserPayload, payload, 'Deactivation') },
  ];
}

export const userDecider: Decider<UserState, UserCommand, UserEvent> = {
  aggregateType: 'user',
  policy: 'strict',
  initialState: initialUserState,
  evolve: evolveUser,
  decide(command, state, context) {
    switch (command.type) {
      case 'CreateUser':
        return createUser(command.payload, state);
      case 'ChangeUserRoles':
        return changeUserRoles(command.payload, state, context);
      case 'ChangeUserRole':
        return changeUserRole(command.payload, state, context);
      case 'DeactivateUser':
        return deactivateUser(command.payload, state, context);
      default: {
        const unknown: never = command;
        throw new DomainError(
          'validation',
          `Unknown command ${(unknown as { type: string }).type}`,
        );
      }
    }
  },
};

export const userCommandDefinitions: CommandDefinition[] = [
  { type: 'CreateUser', aggregateType: 'user', payload: createUserPayload, creates: true },
  {
    type: 'ChangeUserRoles',
    aggregateType: 'user',
    payload: changeUserRolesPayload,
    creates: false,
  },
  { type: 'ChangeUserRole', aggregateType: 'user', payload: changeUserRolePayload, creates: false },
  { type: 'DeactivateUser', aggregateType: 'user', payload: deactivateUserPayload, creates: false },
];
