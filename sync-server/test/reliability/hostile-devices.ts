import fc from 'fast-check';
import { uuidv7 } from '@mymedic/shared';
import {
  authorizations,
  forwardedFor,
  type Battleground,
  type HostileRequest,
} from './hostile-requests';

/**
 * Device ids no revocation may take: the admin's own device (400), one nobody signed
 * in on (404), and text that is no device id at all, encoded as a path segment.
 */
const deviceIds = (ground: Battleground) =>
  fc.oneof(
    fc.constant(ground.a.deviceId),
    fc.constant(null).map(() => `tablet-${uuidv7()}`),
    fc.constantFrom(
      'server',
      'SYSTEM',
      'short',
      '..',
      '../users',
      '%00',
      'd'.repeat(101),
      'tablet\u0000x',
      'tâblet-ünïcode',
      ground.b.hospitalId,
      '__proto__',
    ),
  );

/**
 * Revoking devices and listing them, with every kind of token: only tenant A's admin
 * may, never their own device, never one of another organisation or none at all.
 */
export function deviceRequests(ground: Battleground): fc.Arbitrary<HostileRequest> {
  const nurse = {
    what: "a nurse's token",
    header: `Bearer ${ground.a.nurseToken}`,
    refused: true,
  };
  const authorization = fc.oneof(
    { weight: 4, arbitrary: authorizations(ground) },
    { weight: 1, arbitrary: fc.constant(nurse) },
  );
  const revoke = fc
    .tuple(authorization, deviceIds(ground), forwardedFor)
    .map(([auth, deviceId, address]) => ({
      route: 'POST /devices/:id/revoke' as const,
      what: [auth.what, `device ${deviceId.slice(0, 40)}`].filter(Boolean).join('; '),
      method: 'POST' as const,
      path: `/devices/${encodeURIComponent(deviceId)}/revoke`,
      headers: {
        ...(auth.header === undefined ? {} : { authorization: auth.header }),
        'content-type': 'application/json',
        'x-forwarded-for': address,
      },
      body: () => '{}',
      ...(auth.refused ? { refusedToken: true } : {}),
    }));
  const list = fc.tuple(authorization, forwardedFor).map(([auth, address]) => ({
    route: 'GET /devices' as const,
    what: auth.what,
    method: 'GET' as const,
    path: '/devices',
    headers: {
      ...(auth.header === undefined ? {} : { authorization: auth.header }),
      'x-forwarded-for': address,
    },
    ...(auth.refused ? { refusedToken: true } : {}),
  }));
  return fc.oneof({ weight: 3, arbitrary: revoke }, { weight: 1, arbitrary: list });
}
