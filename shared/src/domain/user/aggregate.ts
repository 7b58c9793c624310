import {
  defineAggregate,
  mustNotExist,
  type CommandsOf,
  type EventsOf,
} from '../../kernel/aggregate';
import { DomainError } from '../../kernel/errors';
import {
  changeRoles,
  changeUserRolePayload,
  changeUserRolesPayload,
  chooseLanguage,
  chooseLanguagePayload,
  createUserPayload,
  deactivateUserPayload,
  requireActiveUser,
} from './commands';
import {
  initialUserState,
  userCreatedSchema,
  userCreatedV1Schema,
  userDeactivatedSchema,
  userLanguageChosenSchema,
  userRoleChangedSchema,
  userRoleChangedV1Schema,
} from './events';
import { refusal } from '../../refusals';

/** v1 `{role}` becomes v2 `{roles: [role]}`; the rest of the payload is kept. */
const oneRoleToList = (data: unknown) => {
  if (typeof data !== 'object' || data === null || !('role' in data)) return data;
  const { role: only, ...rest } = data;
  return { ...rest, roles: [only] };
};

export const userAggregate = defineAggregate('user', 'strict', initialUserState).with({
  events: {
    UserCreated: {
      schema: userCreatedSchema,
      earlier: [{ schema: userCreatedV1Schema, upcast: oneRoleToList }],
      evolve: (_state, user) => ({ exists: true, ...user, active: true, language: null }),
    },
    UserRoleChanged: {
      schema: userRoleChangedSchema,
      earlier: [{ schema: userRoleChangedV1Schema, upcast: oneRoleToList }],
      evolve: (state, { roles }) => ({ ...state, roles }),
    },
    UserDeactivated: {
      schema: userDeactivatedSchema,
      evolve: (state) => ({ ...state, active: false }),
    },
    UserLanguageChosen: {
      schema: userLanguageChosenSchema,
      evolve: (state, { language }) => ({ ...state, language }),
    },
  },
  commands: {
    CreateUser: {
      payload: createUserPayload,
      label: 'User',
      creates: true,
      issuedBy: ['admin'],
      // A user without credentials could never sign in: the account route stores both.
      onlyThrough: 'POST /users',
      requires: mustNotExist(refusal('user.alreadyExists')),
      decide: (user) => [{ type: 'UserCreated', data: user }],
    },
    ChangeUserRoles: {
      payload: changeUserRolesPayload,
      label: 'Roles',
      issuedBy: ['admin'],
      decide: ({ roles }, state, context) => changeRoles(roles, state, context),
    },
    ChangeUserRole: {
      payload: changeUserRolePayload,
      label: 'Role',
      issuedBy: ['admin'],
      decide: ({ role }, state, context) => changeRoles([role], state, context),
    },
    DeactivateUser: {
      payload: deactivateUserPayload,
      label: 'Deactivation',
      issuedBy: ['admin'],
      requires(state, context) {
        requireActiveUser(state);
        if (context.actor.user_id === context.aggregate_id) {
          throw new DomainError('forbidden', refusal('user.notYourself'));
        }
      },
      decide: (deactivation) => [{ type: 'UserDeactivated', data: deactivation }],
    },
    ChooseLanguage: {
      payload: chooseLanguagePayload,
      label: 'Language',
      issuedBy: ['admin', 'doctor', 'nurse', 'receptionist'],
      decide: ({ language }, state, context) => chooseLanguage(language, state, context),
    },
  },
});

export type UserEvent = EventsOf<typeof userAggregate>;
export type UserCommand = CommandsOf<typeof userAggregate>;
