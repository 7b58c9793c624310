import { describe, it } from 'vitest';
import { adminAsha, given, janeDoctor } from '../../testing';
import type { UserEvent } from './events';

const amaraCreated: UserEvent = {
  type: 'UserCreated',
  data: { email: 'amara@hillside.example', full_name: 'Amara Okafor', role: 'nurse' },
};

describe('user', () => {
  it('creates a user with a normalised email', () => {
    given('user')
      .when(
        'CreateUser',
        { email: ' Amara@Hillside.example ', full_name: 'Amara Okafor', role: 'nurse' },
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

  it('changes a role, and changing to the same role records nothing', () => {
    given('user', [amaraCreated])
      .when('ChangeUserRole', { role: 'doctor' }, { actor: adminAsha })
      .then([{ type: 'UserRoleChanged', data: { role: 'doctor' } }]);
    given('user', [amaraCreated])
      .when('ChangeUserRole', { role: 'nurse' }, { actor: adminAsha })
      .then([]);
  });

  it('does not let admins demote or deactivate themselves', () => {
    given('user', [amaraCreated])
      .when(
        'ChangeUserRole',
        { role: 'nurse' },
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
});
