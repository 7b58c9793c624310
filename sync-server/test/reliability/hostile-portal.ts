import fc from 'fast-check';
import { uuidv7 } from '@mymedic/shared';
import {
  dropField,
  invalidField,
  invalidFor,
  jsonRoute,
  setField,
  tenantIds,
  unknownKey,
  type Authorization,
  type Battleground,
} from './hostile-requests';
import { notAString, unstorableText } from './hostile-values';

/**
 * The patient portal's routes that take a body (docs/portal.md). This server has no
 * channel to send a code on, so even a sign-in that would be taken is refused (422): every
 * request here must be a 4xx, and none may store a challenge, a session or an event.
 */
export function portalSignInRequests(ground: Battleground) {
  const contacts = fc.oneof(
    notAString,
    fc.constantFrom('', '12', 'x'.repeat(255), 'not a contact', '+', '0712 345 678 9012 345', '@'),
    unstorableText,
  );
  const start = jsonRoute({
    route: 'POST /portal/api/sign-in/start',
    path: '/portal/api/sign-in/start',
    valid: () => ({ hospital_id: ground.a.hospitalId, contact: '0712 345678' }),
    breakers: fc.oneof(
      invalidField(['hospital_id'], invalidFor.uuid),
      invalidField(['contact'], contacts),
      fc.constantFrom(['hospital_id'], ['contact']).map(dropField),
      unknownKey([], tenantIds(ground)),
    ),
    // Well-formed, of a clinic here or not: no channel takes them.
    special: fc
      .constantFrom(ground.a.hospitalId, ground.b.hospitalId, uuidv7())
      .map((hospitalId) => ({
        what: 'a contact no channel here takes',
        body: { hospital_id: hospitalId, contact: 'amina@example.org' },
      })),
  });
  const verify = jsonRoute({
    route: 'POST /portal/api/sign-in/verify',
    path: '/portal/api/sign-in/verify',
    valid: () => ({ challenge_id: uuidv7(), code: '123456' }),
    breakers: fc.oneof(
      invalidField(['challenge_id'], invalidFor.uuid),
      invalidField(
        ['code'],
        fc.oneof(
          notAString,
          fc.constantFrom('', '12345', '1234567', 'abcdef', '12 34 56', '١٢٣٤٥٦'),
        ),
      ),
      fc.constantFrom(['challenge_id'], ['code']).map(dropField),
      unknownKey([], tenantIds(ground)),
    ),
    // Well-formed codes of challenges never made: closed, 401.
    special: fc
      .constantFrom('000000', '123456', '999999')
      .map((code) => ({ what: 'a challenge never made', body: { challenge_id: uuidv7(), code } })),
  });
  return fc.oneof(start, verify);
}

/**
 * A signed-in patient's answers and consents with bodies the portal must refuse, and with
 * tokens it must refuse whatever the body: a staff token, one forged with the staff
 * secret, and a portal token of a session since signed out.
 */
export function portalAnswerRequests(ground: Battleground) {
  const own: Authorization = {
    what: '',
    header: `Bearer ${ground.a.portalToken}`,
    refused: false,
  };
  const authorization = fc.oneof(
    { weight: 4, arbitrary: fc.constant(own) },
    {
      weight: 1,
      arbitrary: fc.constantFrom<Authorization>(
        { what: 'a staff token', header: `Bearer ${ground.a.adminToken}`, refused: true },
        {
          what: 'a portal token signed out',
          header: `Bearer ${ground.a.signedOutPortalToken}`,
          refused: true,
        },
        { what: 'no token', header: undefined, refused: true },
      ),
    },
  );
  const text = (max: number) => fc.oneof(notAString, fc.constantFrom('a'.repeat(max + 1)));
  const cancel = jsonRoute({
    route: 'POST /portal/api/appointments/:id/cancel',
    path: `/portal/api/appointments/${ground.a.portalAppointmentId}/cancel`,
    valid: () => ({ reason: 'Feeling better' }),
    breakers: fc.oneof(
      invalidField(['reason'], text(500)),
      unknownKey([], tenantIds(ground)),
      fc.constant(setField(['via'], 'phone')),
    ),
    authorization,
  });
  const consent = jsonRoute({
    route: 'POST /portal/api/consents',
    path: '/portal/api/consents',
    valid: () => ({ type: 'research' }),
    breakers: fc.oneof(
      invalidField(['type'], invalidFor.oneOf(['everything', 'Research', 'research ', ''])),
      fc.constant(dropField(['type'])),
      unknownKey([], tenantIds(ground)),
    ),
    authorization,
  });
  return fc.oneof(cancel, consent);
}
