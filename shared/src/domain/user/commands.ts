import { z } from 'zod';
import type { CommandContext } from '../../kernel/decider';
import { DomainError } from '../../kernel/errors';
import { parseOrThrow } from '../../kernel/validate';
import {
  roleList,
  userCreatedSchema,
  userDeactivatedSchema,
  userLanguageChosenSchema,
  userRoleChangedSchema,
  userRoleChangedV1Schema,
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
export const chooseLanguagePayload = userLanguageChosenSchema;

export const requireActiveUser = (state: UserState) => {
  if (!state.exists) throw new DomainError('not_found', 'No such user');
  if (!state.active) throw new DomainError('illegal_state', 'The user is deactivated');
};

/** The roles a person is to hold from now on; nothing when they already hold them. */
export function changeRoles(wanted: unknown, state: UserState, context: CommandContext) {
  requireActiveUser(state);
  const roles = parseOrThrow(roleList, wanted, 'Roles');
  if (context.actor.user_id === context.aggregate_id) {
    throw new DomainError('forbidden', 'You cannot change your own roles');
  }
  if (roles.join() === state.roles.join()) return [];
  return [{ type: 'UserRoleChanged' as const, data: { roles } }];
}

/** A person chooses their own language; nobody chooses it for them. */
export function chooseLanguage(
  language: UserState['language'],
  state: UserState,
  context: CommandContext,
) {
  requireActiveUser(state);
  if (context.actor.user_id !== context.aggregate_id) {
    throw new DomainError('forbidden', 'Only the person themselves chooses their language');
  }
  if (language === state.language) return [];
  return [{ type: 'UserLanguageChosen' as const, data: { language: language! } }];
}
