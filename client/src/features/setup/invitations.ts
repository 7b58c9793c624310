import { roleList, type Role } from '@mymedic/shared';
import type { Language } from '../../i18n/i18n';

/** What is wrong with a line of the list: not three parts, or a role nobody has. */
export type InvitationProblem = 'format' | 'roles';

/**
 * The words for each role a person may type in their language, without accents and in
 * lower case; the first is the one the app shows (`common:roles`). English's are
 * understood in every language: a list is often pasted from an English spreadsheet.
 */
const roleWords: Record<Language, Record<Role, string[]>> = {
  en: {
    admin: ['admin', 'administrator'],
    doctor: ['doctor'],
    nurse: ['nurse'],
    receptionist: ['receptionist', 'reception'],
  },
  fr: {
    admin: ['administrateur', 'administratrice'],
    doctor: ['medecin', 'docteur'],
    nurse: ['infirmier·ere', 'infirmier', 'infirmiere'],
    receptionist: ['accueil', 'receptionniste'],
  },
  es: {
    admin: ['administrador', 'administradora'],
    doctor: ['medico', 'medica', 'doctora'],
    nurse: ['enfermeria', 'enfermero', 'enfermera'],
    receptionist: ['recepcion', 'recepcionista'],
  },
  sw: {
    admin: ['msimamizi'],
    doctor: ['daktari'],
    nurse: ['muuguzi', 'nesi'],
    receptionist: ['mapokezi', 'mpokezi', 'mpokeaji'],
  },
};

/** The word that joins several roles ("doctor and admin"), besides "+" and ";". */
const joiners: Record<Language, string[]> = {
  en: ['and'],
  fr: ['et'],
  es: ['y', 'e'],
  sw: ['na'],
};

const plain = (text: string) => text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();

/**
 * One line of a hospital's list: "Full name, email, role" (several roles joined by
 * "and" in the person's language, or "+"), or what is wrong with it. Role words are
 * read in `language` and in English.
 */
export function parseInvitation(
  line: string,
  language: Language = 'en',
): { full_name: string; email: string; roles: Role[] } | InvitationProblem {
  const [name = '', email = '', roleText = ''] = line.split(',').map((part) => part.trim());
  if (!name || !email || !roleText) return 'format';
  const words = new Map<string, Role>();
  for (const spoken of new Set<Language>(['en', language])) {
    for (const [role, said] of Object.entries(roleWords[spoken]) as [Role, string[]][]) {
      for (const word of said) words.set(word, role);
    }
  }
  const join = [...new Set([...joiners.en, ...joiners[language]])].join('|');
  const said = plain(roleText)
    .split(new RegExp(`\\s*(?:\\+|;|(?<![\\p{L}·])(?:${join})(?![\\p{L}·]))\\s*`, 'u'))
    .filter(Boolean);
  const roles = roleList.safeParse([...new Set(said.map((word) => words.get(word) ?? word))]);
  if (!roles.success) return 'roles';
  return { full_name: name, email, roles: roles.data };
}
