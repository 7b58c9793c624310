import fc from 'fast-check';
import {
  authorizations,
  forwardedFor,
  hostileQuery,
  tenantIds,
  type Battleground,
  type HostileRequest,
} from './hostile-requests';

/** The REST API's reads: each path with the place an id goes, if any. */
const reads = [
  { route: 'GET /patients', path: () => '/patients' },
  { route: 'GET /patients/search', path: () => '/patients/search' },
  { route: 'GET /patients/:id', path: (id: string) => `/patients/${id}` },
  { route: 'GET /patients/:id/history', path: (id: string) => `/patients/${id}/history` },
  { route: 'GET /appointments', path: () => '/appointments' },
  { route: 'GET /visits', path: () => '/visits' },
  { route: 'GET /prescriptions/:id', path: (id: string) => `/prescriptions/${id}` },
] as const;
export type ReadRouteName = (typeof reads)[number]['route'];
export const readRouteNames = reads.map((read) => read.route);

const encode = (text: string) =>
  encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16)}`);

/**
 * Reads of the REST API with hostile ids (the other tenant's, ids in capitals, junk,
 * very long) and queries (the sync's hostile queries, and the reads' own keys with
 * values at and past their edges), under every kind of token.
 */
export const readRequests = (ground: Battleground): fc.Arbitrary<HostileRequest> => {
  const id = fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...tenantIds(ground), ground.a.patientId) },
    {
      weight: 1,
      arbitrary: fc.constantFrom(...tenantIds(ground)).map((text) => text.toUpperCase()),
    },
    {
      weight: 2,
      arbitrary: fc.constantFrom('new', '..', '%2e%2e', '0', 'x'.repeat(300), '%00', '%zz', '-1'),
    },
    { weight: 1, arbitrary: fc.string({ maxLength: 40 }).map(encode) },
  );
  const value = fc.oneof(
    fc.constantFrom(
      '-1',
      '0',
      '201',
      '1e3',
      'NaN',
      '2030-02-30',
      '2030-13-01',
      '0000-00-00',
      '9999-12-31',
      'yesterday',
      '',
      '%25',
      encode("' OR 1=1 --"),
      'a'.repeat(10_000),
      ground.b.hospitalId,
      ground.b.patientId,
      ground.b.adminId,
    ),
    fc.string({ maxLength: 30 }).map(encode),
  );
  const ownQuery = fc
    .array(
      fc.tuple(
        fc.constantFrom('limit', 'offset', 'q', 'date', 'doctor_id', 'location_id', 'hospital_id'),
        value,
      ),
      { minLength: 0, maxLength: 4 },
    )
    .map((pairs) => pairs.map(([key, given]) => `${key}=${given}`).join('&'));
  return fc
    .tuple(
      fc.constantFrom(...reads),
      id,
      fc.oneof({ weight: 3, arbitrary: ownQuery }, { weight: 1, arbitrary: hostileQuery(ground) }),
      authorizations(ground),
      forwardedFor,
    )
    .map(([read, given, query, auth, address]) => ({
      route: read.route,
      what: [auth.what, `${read.path(given).slice(0, 60)}?${query.slice(0, 60)}`]
        .filter(Boolean)
        .join('; '),
      method: 'GET' as const,
      path: `${read.path(given)}${query ? `?${query}` : ''}`,
      headers: {
        ...(auth.header === undefined ? {} : { authorization: auth.header }),
        accept: 'application/json',
        'x-forwarded-for': address,
      },
      ...(auth.refused ? { refusedToken: true } : {}),
    }));
};

/** What is wrong with a read that succeeded: a trace of the other tenant, or no JSON. */
export function judgeRead(text: string, ground: Battleground): string | undefined {
  try {
    JSON.parse(text);
  } catch {
    return 'a 200 that is not JSON';
  }
  const stranger = [ground.b.hospitalId, ground.b.patientId, ground.b.adminId].find((id) =>
    text.includes(id),
  );
  return stranger ? `showed ${stranger} of the other tenant` : undefined;
}
