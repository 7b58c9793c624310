import { describe, expect, it } from 'vitest';
import { parseInvitation } from './invitations';

describe("a hospital's list of staff to invite", () => {
  it('reads a name, an email and one or more roles a line', () => {
    expect(parseInvitation('Grace Otieno, grace@example.org, nurse')).toEqual({
      full_name: 'Grace Otieno',
      email: 'grace@example.org',
      roles: ['nurse'],
    });
    expect(parseInvitation('Omari Kiprono, omari@example.org, Doctor and admin')).toMatchObject({
      roles: ['admin', 'doctor'],
    });
  });

  it('reads the roles in the language of the person who types the list, and in English', () => {
    expect(parseInvitation('Awa Diop, awa@example.org, Infirmière', 'fr')).toMatchObject({
      roles: ['nurse'],
    });
    expect(
      parseInvitation('Awa Diop, awa@example.org, médecin et administrateur', 'fr'),
    ).toMatchObject({ roles: ['admin', 'doctor'] });
    expect(
      parseInvitation('Luis Pérez, luis@example.org, Médico y administrador', 'es'),
    ).toMatchObject({ roles: ['admin', 'doctor'] });
    expect(parseInvitation('Rosa Lema, rosa@example.org, recepcionista', 'es')).toMatchObject({
      roles: ['receptionist'],
    });
    expect(
      parseInvitation('Baraka Mwita, baraka@example.org, daktari na msimamizi', 'sw'),
    ).toMatchObject({ roles: ['admin', 'doctor'] });
    expect(
      parseInvitation('Baraka Mwita, baraka@example.org, muuguzi + nurse', 'sw'),
    ).toMatchObject({
      roles: ['nurse'],
    });
    expect(parseInvitation('Baraka Mwita, baraka@example.org, doctor', 'sw')).toMatchObject({
      roles: ['doctor'],
    });
  });

  it("keeps each language's words to that language", () => {
    expect(parseInvitation('Awa Diop, awa@example.org, daktari', 'fr')).toBe('roles');
    expect(parseInvitation('Awa Diop, awa@example.org, médecin', 'en')).toBe('roles');
  });

  it('says what is wrong with a line it cannot read', () => {
    expect(parseInvitation('Grace Otieno grace@example.org nurse')).toBe('format');
    expect(parseInvitation('Grace Otieno, grace@example.org, surgeon')).toBe('roles');
    expect(parseInvitation('Grace Otieno, grace@example.org, nurse and')).toMatchObject({
      roles: ['nurse'],
    });
  });
});
