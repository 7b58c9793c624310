import fc from 'fast-check';
import {
  forgedTokens,
  forwardedFor,
  hostileQuery,
  staleAuthorizations,
  tenantIds,
  type Authorization,
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
  { route: 'GET /users', path: () => '/users' },
  { route: 'GET /prescriptions/:id', path: (id: string) => `/prescriptions/${id}` },
  { route: 'GET /fhir/Patient/:id', path: (id: string) => `/fhir/Patient/${id}` },
  { route: 'GET /fhir/Patient', path: () => '/fhir/Patient' },
  {
    route: 'GET /fhir/Patient/:id/$everything',
    path: (id: string) => `/fhir/Patient/${id}/$everything`,
  },
] as const;
export type ReadRouteName = (typeof reads)[number]['route'];
export const readRouteNames = reads.map((read) => read.route);

const encode = (text: string) =>
  encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16)}`);

interface Reader extends Authorization {
  readsClinical: boolean;
}

/**
 * Who reads: the front desk (the admin, and a doctor since made receptionist, whose
 * token still says doctor) must get no clinical content; clinicians may; forged and
 * old tokens get nothing.
 */
const readers = (ground: Battleground): fc.Arbitrary<Reader> => {
  const as = (what: string, token: string, readsClinical: boolean): Reader => ({
    what,
    header: `Bearer ${token}`,
    refused: false,
    readsClinical,
  });
  return fc.oneof(
    { weight: 3, arbitrary: fc.constant(as('', ground.a.adminToken, false)) },
    { weight: 2, arbitrary: fc.constant(as('as a doctor', ground.a.doctorToken, true)) },
    { weight: 1, arbitrary: fc.constant(as('as a nurse', ground.a.nurseToken, true)) },
    {
      weight: 2,
      arbitrary: fc.constant(
        as('as a doctor since made receptionist', ground.a.demotedDoctorToken, false),
      ),
    },
    {
      weight: 1,
      arbitrary: fc
        .constantFrom(...forgedTokens(ground), ...staleAuthorizations(ground))
        .map((auth) => ({ ...auth, readsClinical: false })),
    },
  );
};

/** Dates at and past their edges, with time zones and in forms near a date. */
const edgeDates = [
  '0000-01-01',
  '0001-01-01',
  '1969-12-31',
  '9999-12-31',
  '10000-01-01',
  '2024-02-29',
  '2023-02-29',
  '2030-02-30',
  '2030-04-31',
  '2030-00-10',
  '2030-1-5',
  '2030-01-01T00:00:00Z',
  '2030-01-01T00:00:00%2B03:00',
  '2030-01-01%2B03:00',
  '2030-01-01-05:00',
  '2030-01-01Z',
  '%2B002030-01-01',
  '20300101',
];

/** Limits, offsets and counts at and past their bounds. */
const limits = [
  '-1',
  '0',
  '-0',
  '1.5',
  '1e1',
  '51',
  '201',
  '1000001',
  '99999999999999999999',
  'NaN',
  'ten',
  '',
];

/** Searches past their bound: 10 kB as they are, in UTF-8, and as many words. */
const longSearches = [
  'a'.repeat(10_000),
  encode('é'.repeat(2_500)),
  encode('Jane '.repeat(2_000)),
  encode(' '.repeat(101)),
];

/**
 * Reads of the REST API and of FHIR with hostile ids (the other tenant's, ids in
 * capitals, junk, very long) and queries (the sync's hostile queries, and the reads'
 * own keys with values at and past their edges), by clinicians, the front desk and
 * tokens to refuse.
 */
export const readRequests = (ground: Battleground): fc.Arbitrary<HostileRequest> => {
  const id = fc.oneof(
    {
      weight: 4,
      arbitrary: fc.constantFrom(...tenantIds(ground), ground.a.patientId),
    },
    // The records with clinical content, which the front desk must not be sent.
    {
      weight: 3,
      arbitrary: fc.constantFrom(ground.a.clinicalPatientId, ground.a.prescriptionId),
    },
    {
      weight: 1,
      arbitrary: fc.constantFrom(...tenantIds(ground)).map((text) => text.toUpperCase()),
    },
    {
      weight: 2,
      arbitrary: fc.constantFrom(
        'new',
        '..',
        '%2e%2e',
        '0',
        '123',
        'x'.repeat(300),
        '%00',
        '%zz',
        '-1',
        'Patient',
        '$everything',
        `urn:uuid:${ground.a.patientId}`,
        `${ground.a.patientId}%20`,
        ground.a.patientId.replaceAll('-', ''),
        `${ground.a.patientId}/_history/1`,
        'a'.repeat(64),
      ),
    },
    { weight: 1, arbitrary: fc.string({ maxLength: 40 }).map(encode) },
  );
  const value = fc.oneof(
    fc.constantFrom(
      '-1',
      '0',
      '201',
      '1e3',
      '1.5',
      '-0',
      '0x10',
      '99999999999999999999',
      '9007199254740993',
      'NaN',
      'Infinity',
      ...edgeDates,
      '2030-13-01',
      '0000-00-00',
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
        fc.constantFrom(
          'limit',
          'offset',
          'q',
          'date',
          'doctor_id',
          'location_id',
          'hospital_id',
          'name',
          '_count',
          'role',
        ),
        value,
      ),
      { minLength: 0, maxLength: 4 },
    )
    .map((pairs) => pairs.map(([key, given]) => `${key}=${given}`).join('&'));
  const edges = fc.oneof(
    fc
      .tuple(fc.constantFrom('q', 'name'), fc.constantFrom(...longSearches))
      .map(([key, search]) => `${key}=${search}`),
    fc
      .tuple(fc.constantFrom('limit', 'offset', '_count'), fc.constantFrom(...limits))
      .map(([key, given]) => `${key}=${given}&q=Jane&name=Jane`),
    fc.constantFrom(...edgeDates).map((date) => `date=${date}`),
  );
  return fc
    .tuple(
      fc.constantFrom(...reads),
      id,
      fc.oneof(
        { weight: 3, arbitrary: ownQuery },
        { weight: 2, arbitrary: edges },
        { weight: 1, arbitrary: hostileQuery(ground) },
      ),
      readers(ground),
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
      // Prescriptions are for clinicians: the front desk is refused, whatever its token says.
      ...(auth.refused || (read.route === 'GET /prescriptions/:id' && !auth.readsClinical)
        ? { refusedToken: true }
        : {}),
      readsClinical: auth.readsClinical,
    }));
};

/** FHIR resources of clinical content, which the front desk is never sent. */
const clinicalResources = new Set([
  'AllergyIntolerance',
  'Condition',
  'Observation',
  'MedicationRequest',
  'DocumentReference',
]);

/** The clinical content a front-desk reader found in an answer, if any. */
function clinicalIn(route: string, json: unknown): string | undefined {
  const answer = json as Record<string, unknown>;
  switch (route) {
    case 'GET /patients/:id':
      return 'allergies' in answer ? 'allergies' : undefined;
    case 'GET /patients/:id/history': {
      const shown = ['vitals', 'prescriptions', 'notes'].find((key) => key in answer);
      if (shown) return shown;
      const documents = (answer.documents ?? []) as { category?: string }[];
      return documents.some((document) => document.category === 'lab_report')
        ? 'a lab report'
        : undefined;
    }
    case 'GET /fhir/Patient/:id/$everything': {
      const entries = (answer.entry ?? []) as { resource?: Record<string, unknown> }[];
      for (const { resource } of entries) {
        if (clinicalResources.has(String(resource?.resourceType)))
          return String(resource?.resourceType);
        if (
          resource?.resourceType === 'Encounter' &&
          ('diagnosis' in resource || 'reasonCode' in resource)
        )
          return 'an Encounter with its findings';
      }
      return undefined;
    }
    default:
      return undefined;
  }
}

/**
 * What is wrong with a read that succeeded: no JSON, a trace of the other tenant, or
 * clinical content sent to the front desk.
 */
export function judgeRead(
  request: HostileRequest,
  text: string,
  ground: Battleground,
): string | undefined {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return 'a 200 that is not JSON';
  }
  const stranger = [ground.b.hospitalId, ground.b.patientId, ground.b.adminId].find((id) =>
    text.includes(id),
  );
  if (stranger) return `showed ${stranger} of the other tenant`;
  const clinical = request.readsClinical ? undefined : clinicalIn(request.route, json);
  return clinical ? `showed ${clinical} to the front desk` : undefined;
}
