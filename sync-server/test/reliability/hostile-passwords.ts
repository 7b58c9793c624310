import fc from 'fast-check';
import { uuidv7 } from '@mymedic/shared';
import {
  authorizations,
  dropField,
  forwardedFor,
  invalidField,
  invalidFor,
  jsonRoute,
  tenantIds,
  unknownKey,
  type Battleground,
  type HostileRequest,
} from './hostile-requests';
import { notAString, unstorableText } from './hostile-values';

/**
 * Changing one's own password: every body is broken, or well formed with a current
 * password that is not the person's, so each one is refused and nothing is stored.
 */
export function passwordChangeRequests(ground: Battleground): fc.Arbitrary<HostileRequest> {
  const valid = () => ({
    current_password: 'not the password',
    new_password: 'a river in the hills 7',
  });
  const breakers = fc.oneof(
    invalidField(
      ['current_password'],
      fc.oneof(notAString, fc.constantFrom('', 'p'.repeat(201)), unstorableText),
    ),
    invalidField(['new_password'], invalidFor.password),
    fc.constantFrom(['current_password'], ['new_password']).map(dropField),
    unknownKey([], tenantIds(ground)),
  );
  return jsonRoute({
    route: 'POST /auth/password',
    path: '/auth/password',
    valid,
    breakers,
    authorization: authorizations(ground),
    // Well formed, with a wrong current password: 401 (or 429 once throttled).
    special: fc.constant({ what: 'a wrong current password', body: valid() }),
  });
}

/**
 * Ids no password reset may take: the admin's own (they change theirs with the current
 * one), another organisation's admin, nobody, and text that is no id at all.
 */
const colleagueIds = (ground: Battleground) =>
  fc.oneof(
    fc.constantFrom(ground.a.adminId, ground.b.adminId),
    fc.constant(null).map(() => uuidv7()),
    fc.constantFrom('not-an-id', '..', '%00', '__proto__', 'u'.repeat(200), ground.b.hospitalId),
  );

/**
 * An admin resetting a colleague's password, with every kind of token: a nurse's or a
 * demoted admin's is refused whatever the id; an admin's is refused for every id above.
 */
export function passwordResetRequests(ground: Battleground): fc.Arbitrary<HostileRequest> {
  const authorization = fc.oneof(
    { weight: 4, arbitrary: authorizations(ground) },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        { what: "a nurse's token", header: `Bearer ${ground.a.nurseToken}`, refused: true },
        {
          what: 'token of an admin since made receptionist',
          header: `Bearer ${ground.a.demotedAdminToken}`,
          refused: true,
        },
      ),
    },
  );
  return fc
    .tuple(authorization, colleagueIds(ground), forwardedFor)
    .map(([auth, userId, address]) => ({
      route: 'POST /users/:id/password-reset' as const,
      what: [auth.what, `user ${userId.slice(0, 40)}`].filter(Boolean).join('; '),
      method: 'POST' as const,
      path: `/users/${encodeURIComponent(userId)}/password-reset`,
      headers: {
        ...(auth.header === undefined ? {} : { authorization: auth.header }),
        'content-type': 'application/json',
        'x-forwarded-for': address,
      },
      body: () => '{}',
      ...(auth.refused ? { refusedToken: true } : {}),
    }));
}
