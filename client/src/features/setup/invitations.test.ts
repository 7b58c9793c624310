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

  it('says what is wrong with a line it cannot read', () => {
    expect(parseInvitation('Grace Otieno grace@example.org nurse')).toBe('format');
    expect(parseInvitation('Grace Otieno, grace@example.org, surgeon')).toBe('roles');
  });
});
