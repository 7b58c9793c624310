import type { z } from 'zod';
import type { CommandContext, CommandDefinition, Decider } from '../../kernel/decider';
import { DomainError } from '../../kernel/errors';
import { parseOrThrow } from '../../kernel/validate';
import {
  evolveUser,
  initialUserState,
  userCreatedSchema,
  userDeactivatedSchema,
  userRoleChangedSchema,
  type UserEvent,
  type UserState,
} from './events';

export const createUserPayload = userCreatedSchema;
export const changeUserRolePayload = userRoleChangedSchema;
export const deactivateUserPayload = userDeactivatedSchema;

export type UserCommand =
  | { type: 'CreateUser'; payload: z.input<typeof createUserPayload> }
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

export function changeUserRole(
  payload: unknown,
  state: UserState,
  context: CommandContext,
): UserEvent[] {
  requireActiveUser(state);
  const { role } = parseOrThrow(changeUserRolePayload, payload, 'Role');
  if (context.actor.user_id === context.aggregate_id) {
    throw new DomainError('forbidden', 'You cannot change your own role');
  }
  if (role === state.role) return [];
  return [{ type: 'UserRoleChanged', data: { role } }];
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
  { type: 'ChangeUserRole', aggregateType: 'user', payload: changeUserRolePayload, creates: false },
  { type: 'DeactivateUser', aggregateType: 'user', payload: deactivateUserPayload, creates: false },
];
