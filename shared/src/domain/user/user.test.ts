import { describe, expect, it } from 'vitest';
import { decideCommand, foldEvents, upcastEvent } from '../registry';
import { mayIssue } from '../../permissions';
import { adminAsha, given, janeDoctor } from '../../../test/given';
import type { UserEvent } from './aggregate';

const amaraCreated: UserEvent = {
  type: 'UserCreated',
  data: { email: 'amara@hillside.example', full_name: 'Amara Okafor', roles: ['nurse'] },
};

describe('user', () => {
  it('creates a user with a normalised email', () => {
    given('user')
      .when(
        'CreateUser',
        { email: ' Amara@Hillside.example ', full_name: 'Amara Okafor', roles: ['nurse'] },
        {
          actor: adminAsha,
        },
      )
      .then([amaraCreated]);
  });

  it('refuses a bad email, an unknown role, a second creation and a non-admin', () => {
    given('user')
      .when(
        'CreateUser',
        { email: 'not-an-email', full_name: 'A', role: 'nurse' },
        { actor: adminAsha },
      )
      .thenThrows('validation', /Email address is not valid/);
    given('user')
      .when(
        'CreateUser',
        { email: 'a@b.example', full_name: 'A', role: 'surgeon' },
        { actor: adminAsha },
      )
      .thenThrows('validation');
    given('user', [amaraCreated])
      .when('CreateUser', amaraCreated.data, { actor: adminAsha })
      .thenThrows('illegal_state');
    given('user')
      .when('CreateUser', amaraCreated.data, { actor: janeDoctor })
      .thenThrows('forbidden');
  });

  it("takes an older device's single role as a list of one", () => {
    given('user')
      .when(
        'CreateUser',
        { email: 'amara@hillside.example', full_name: 'Amara Okafor', role: 'nurse' },
        { actor: adminAsha },
      )
      .then([amaraCreated]);
  });

  it('gives a person several roles, each once, in role order', () => {
    given('user')
      .when(
        'CreateUser',
        { email: 'grace@hillside.example', full_name: 'Grace Okello', roles: ['doctor', 'admin'] },
        { actor: adminAsha },
      )
      .then([
        {
          type: 'UserCreated',
          data: {
            email: 'grace@hillside.example',
            full_name: 'Grace Okello',
            roles: ['admin', 'doctor'],
          },
        },
      ]);
    for (const roles of [[], ['doctor', 'doctor'], ['surgeon']]) {
      given('user', [amaraCreated])
        .when('ChangeUserRoles', { roles }, { actor: adminAsha })
        .thenThrows('validation');
    }
  });

  it('changes roles, and changing to the same roles records nothing', () => {
    given('user', [amaraCreated])
      .when('ChangeUserRoles', { roles: ['nurse', 'receptionist'] }, { actor: adminAsha })
      .then([{ type: 'UserRoleChanged', data: { roles: ['nurse', 'receptionist'] } }]);
    given('user', [amaraCreated])
      .when('ChangeUserRoles', { roles: ['nurse'] }, { actor: adminAsha })
      .then([]);
    // The one-role command of older devices still works: the roles become that one.
    given('user', [amaraCreated])
      .when('ChangeUserRole', { role: 'doctor' }, { actor: adminAsha })
      .then([{ type: 'UserRoleChanged', data: { roles: ['doctor'] } }]);
    given('user', [amaraCreated])
      .when('ChangeUserRole', { role: 'nurse' }, { actor: adminAsha })
      .then([]);
  });

  it('reads events of schema version 1 as lists of one role', () => {
    expect(
      upcastEvent('UserCreated', 1, { email: 'a@b.example', full_name: 'A', role: 'nurse' }),
    ).toEqual({
      type: 'UserCreated',
      data: { email: 'a@b.example', full_name: 'A', roles: ['nurse'] },
    });
    expect(upcastEvent('UserRoleChanged', 1, { role: 'doctor' })).toEqual({
      type: 'UserRoleChanged',
      data: { roles: ['doctor'] },
    });
    expect(() => upcastEvent('UserRoleChanged', 1, { role: 'surgeon' })).toThrow(/Role|role/);
    expect(() => upcastEvent('UserRoleChanged', 2, { roles: [] })).toThrow();
    const state = foldEvents('user', [
      {
        type: 'UserCreated',
        schema_version: 1,
        data: { email: 'a@b.example', full_name: 'A', role: 'nurse' },
      },
      { type: 'UserRoleChanged', schema_version: 1, data: { role: 'doctor' } },
      { type: 'UserRoleChanged', schema_version: 2, data: { roles: ['admin', 'doctor'] } },
    ]);
    expect(state).toMatchObject({ roles: ['admin', 'doctor'], active: true });
  });

  it('lets an admin who is also a doctor sign notes, and neither role alone do both', () => {
    const founder = { user_id: adminAsha.user_id, roles: ['admin', 'doctor'] as const };
    expect(mayIssue(founder.roles, 'SignNote')).toBe(true);
    expect(mayIssue(founder.roles, 'CreateUser')).toBe(true);
    expect(mayIssue(['admin'], 'SignNote')).toBe(false);
    expect(mayIssue(['doctor'], 'CreateUser')).toBe(false);
    expect(mayIssue([], 'RegisterPatient')).toBe(false);
    expect(mayIssue(['system'], 'RegisterHospital')).toBe(true);
    given('user').when('CreateUser', amaraCreated.data, { actor: founder }).then([amaraCreated]);
    expect(() =>
      decideCommand(
        { type: 'CreateUser', aggregate_type: 'user', payload: amaraCreated.data },
        foldEvents('user', []),
        {
          hospital_id: adminAsha.user_id,
          aggregate_id: janeDoctor.user_id,
          actor: { user_id: janeDoctor.user_id, roles: ['doctor', 'nurse'] },
          issued_at: '2026-11-30T10:00:00Z',
        },
      ),
    ).toThrow(/A doctor and nurse may not CreateUser/);
  });

  it('does not let admins demote or deactivate themselves', () => {
    given('user', [amaraCreated])
      .when(
        'ChangeUserRoles',
        { roles: ['admin', 'nurse'] },
        { actor: adminAsha, aggregate_id: adminAsha.user_id },
      )
      .thenThrows('forbidden');
    given('user', [amaraCreated])
      .when(
        'DeactivateUser',
        { reason: 'Left' },
        { actor: adminAsha, aggregate_id: adminAsha.user_id },
      )
      .thenThrows('forbidden');
  });

  it('deactivates once', () => {
    given('user', [amaraCreated])
      .when('DeactivateUser', { reason: 'Moved to another district' }, { actor: adminAsha })
      .then([{ type: 'UserDeactivated', data: { reason: 'Moved to another district' } }]);
    given('user', [amaraCreated, { type: 'UserDeactivated', data: { reason: 'Left' } }])
      .when('DeactivateUser', { reason: 'Again' }, { actor: adminAsha })
      .thenThrows('illegal_state');
    given('user')
      .when('DeactivateUser', { reason: 'x' }, { actor: adminAsha })
      .thenThrows('not_found');
  });

  it('lets a person choose their own language, once per change, and nobody else', () => {
    const amara = { user_id: '0190a0b0-0000-7000-8000-0000000000bb', roles: ['nurse'] as const };
    given('user', [amaraCreated])
      .when('ChooseLanguage', { language: 'sw' }, { actor: amara })
      .then([{ type: 'UserLanguageChosen', data: { language: 'sw' } }]);
    given('user', [amaraCreated, { type: 'UserLanguageChosen', data: { language: 'sw' } }])
      .when('ChooseLanguage', { language: 'sw' }, { actor: amara })
      .then([]);
    given('user', [amaraCreated])
      .when('ChooseLanguage', { language: 'sw' }, { actor: adminAsha })
      .thenThrows('forbidden');
    given('user', [amaraCreated])
      .when('ChooseLanguage', { language: 'de' }, { actor: amara })
      .thenThrows('validation');
  });
});
