import { z } from 'zod';
import { inRoleOrder, roles, type Role } from '../../kernel/roles';
import { emailAddress, requiredText } from '../fields';
import { phrase } from '../../refusals';

const role = z.enum(roles, { message: phrase('user.chooseRole') });

/** One or more roles, each once, kept in the one role order (admin, doctor, ...). */
export const roleList = z
  .array(role)
  .min(1, { message: phrase('user.atLeastOneRole') })
  .max(roles.length)
  .refine((list) => new Set(list).size === list.length, { message: phrase('user.eachRoleOnce') })
  .transform((list) => inRoleOrder(list));

/** Schema version 1: one role per person. Kept to read the events written then. */
export const userCreatedV1Schema = z.object({
  email: emailAddress,
  full_name: requiredText('Full name'),
  role,
});
export const userRoleChangedV1Schema = z.object({ role });

/** Schema version 2: a person may hold several roles (admin and doctor). */
export const userCreatedSchema = z.object({
  email: emailAddress,
  full_name: requiredText('Full name'),
  roles: roleList,
});
export const userRoleChangedSchema = z.object({ roles: roleList });
export const userDeactivatedSchema = z.object({ reason: requiredText('Reason', 500) });

/** The languages the app speaks (its screens' strings); a person's choice follows them. */
export const appLanguages = ['en', 'fr', 'es', 'sw'] as const;
export const userLanguageChosenSchema = z.object({
  language: z.enum(appLanguages, { message: phrase('user.chooseLanguage') }),
});

export interface UserState {
  exists: boolean;
  email: string | null;
  full_name: string | null;
  roles: Role[];
  active: boolean;
  /** The language the person chose for the app; null until they choose. */
  language: (typeof appLanguages)[number] | null;
}

export const initialUserState: UserState = {
  exists: false,
  email: null,
  full_name: null,
  roles: [],
  active: false,
  language: null,
};
