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
import { refusal } from '../../refusals';

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
  if (!state.exists) throw new DomainError('not_found', refusal('user.notFound'));
  if (!state.active) throw new DomainError('illegal_state', refusal('user.deactivated'));
};

/** The roles a person is to hold from now on; nothing when they already hold them. */
export function changeRoles(wanted: unknown, state: UserState, context: CommandContext) {
  requireActiveUser(state);
  const roles = parseOrThrow(roleList, wanted, 'Roles');
  if (context.actor.user_id === context.aggregate_id) {
    throw new DomainError('forbidden', refusal('user.notOwnRoles'));
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
    throw new DomainError('forbidden', refusal('user.languageIsOwn'));
  }
  if (language === state.language) return [];
  return [{ type: 'UserLanguageChosen' as const, data: { language: language! } }];
}
