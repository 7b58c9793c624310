import fc from 'fast-check';
import type { AggregateType } from '@mymedic/shared';
import { forgedAuthorizations } from './forged-tokens';
import {
  breakJsonText,
  hostileKey,
  hostileValue,
  notAString,
  notJsonBody,
  overLimitAscii,
  overLimitInBytes,
  RawJson,
  setOwn,
  toJsonText,
  unstorableText,
} from './hostile-values';

export const routeNames = [
  'POST /auth/signup',
  'POST /auth/login',
  'POST /auth/refresh',
  'POST /auth/logout',
  'POST /users',
  'POST /auth/password',
  'POST /users/:id/password-reset',
  'POST /sync/push',
  'GET /sync/pull',
  'GET /sync/live',
  'PUT /files/:sha256',
  'GET /devices',
  'POST /devices/:id/revoke',
  'GET /patients',
  'GET /patients/search',
  'GET /patients/:id',
  'GET /patients/:id/history',
  'GET /appointments',
  'GET /visits',
  'GET /users',
  'GET /prescriptions/:id',
  'GET /fhir/Patient/:id',
  'GET /fhir/Patient',
  'GET /fhir/Patient/:id/$everything',
  'POST /commands/:command',
  'POST /portal/api/sign-in/start',
  'POST /portal/api/sign-in/verify',
  'POST /portal/api/appointments/:id/cancel',
  'POST /portal/api/consents',
] as const;
export type RouteName = (typeof routeNames)[number];

/** One request to send; the body is built when it is sent, since some are over 1 MiB. */
export interface HostileRequest {
  route: RouteName;
  what: string;
  method: 'GET' | 'POST' | 'PUT';
  path: string;
  /**
   * Sent with a token that must be refused whatever else the request holds: forged, of
   * a deactivated person, of a signed-out session, or of a role that may not.
   */
  refusedToken?: boolean;
  /** A read by someone who may read clinical records (else none may be in the answer). */
  readsClinical?: boolean;
  headers: Record<string, string>;
  body?: () => string;
  /** Sent without a Content-Length, so the server counts the bytes as they come. */
  chunked?: boolean;
}

/** What the generators know of the two tenants on the server under test. */
export interface Battleground {
  jwtSecret: string;
  /** Tenant A: every hostile request is made as (or against) this clinic. */
  a: {
    hospitalId: string;
    hospitalVersion: number;
    adminId: string;
    adminEmail: string;
    adminToken: string;
    nurseToken: string;
    /** A session bound to one device: its pushes must name that device. */
    deviceToken: string;
    /** The device the admin's and the nurse's sessions are bound to (a shared tablet). */
    deviceId: string;
    /** Old tokens: of an admin since made receptionist, of a nurse since deactivated,
     * and of a session since signed out. */
    demotedAdminToken: string;
    deactivatedToken: string;
    signedOutToken: string;
    patientId: string;
    patientVersion: number;
    /** A doctor, and a draft note of theirs (revision 1) that signatures aim at. */
    doctorId: string;
    doctorToken: string;
    noteId: string;
    noteBody: string;
    /** Of a doctor since made receptionist: the database, not the token, says what they may. */
    demotedDoctorToken: string;
    /** A patient with an allergy, a visit, vitals and a prescription (read by clinicians only). */
    clinicalPatientId: string;
    prescriptionId: string;
    /** One aggregate of each type that has one, at its version: what commands aim at. */
    targets: Partial<Record<AggregateType, { id: string; version: number }>>;
    /** The clinical patient signed in to the patient portal, an appointment of theirs,
     * and a portal token of a session since signed out. */
    portalToken: string;
    signedOutPortalToken: string;
    portalAppointmentId: string;
  };
  /** Tenant B: its ids and authors turn up inside A's requests. */
  b: {
    hospitalId: string;
    adminId: string;
    adminEmail: string;
    patientId: string;
    patientVersion: number;
  };
}

export type Body = Record<string, unknown>;

/** A change to a body; a breaker is one after which the route must refuse the body. */
export interface Mutation {
  what: string;
  apply(body: Body): void;
}

const objectAt = (body: Body, path: readonly string[]): Body | undefined => {
  let target: unknown = body;
  for (const key of path) {
    if (typeof target !== 'object' || target === null) return undefined;
    target = (target as Body)[key];
  }
  return typeof target === 'object' && target !== null ? (target as Body) : undefined;
};

const describe = (value: unknown) => {
  const text =
    value instanceof RawJson
      ? value.text
      : typeof value === 'string'
        ? JSON.stringify(value)
        : toJsonText(value);
  return text.length > 40 ? `${text.slice(0, 24)}... (${text.length} chars)` : text;
};

export const setField = (path: readonly string[], value: unknown, what?: string): Mutation => ({
  what: what ?? `${path.join('.')} = ${describe(value)}`,
  apply(body) {
    const parent = objectAt(body, path.slice(0, -1));
    if (parent) setOwn(parent, path.at(-1)!, value);
  },
});

export const dropField = (path: readonly string[]): Mutation => ({
  what: `no ${path.join('.')}`,
  apply(body) {
    const parent = objectAt(body, path.slice(0, -1));
    if (parent) delete parent[path.at(-1)!];
  },
});

export const invalidField = (path: readonly string[], values: fc.Arbitrary<unknown>) =>
  values.map((value) => setField(path, value));

/** A key a strict object refuses, with a hostile value or another tenant's id. */
export const unknownKey = (path: readonly string[], foreignIds: string[]) =>
  fc
    .tuple(hostileKey(foreignIds), fc.oneof(hostileValue, fc.constantFrom(...foreignIds)))
    .map(([key, value]): Mutation => ({
      what: `unknown key ${JSON.stringify(key).slice(0, 30)} in ${path.join('.') || 'the body'}`,
      apply(body) {
        const target = objectAt(body, path);
        if (target) setOwn(target, key, value);
      },
    }));

/** Invalid values of a field, by what the field holds. */
export const invalidFor = {
  text: (max: number) =>
    fc.oneof(
      notAString,
      fc.constantFrom('', '   ', '\t\n', 'a'.repeat(max + 1), 'a'.repeat(10_000)),
      unstorableText,
    ),
  email: fc.oneof(
    notAString,
    fc.constantFrom(
      '',
      'plainaddress',
      '@hillside.example',
      'asha@',
      'asha@@hillside.example',
      'asha hillside@hillside.example',
      'asha@hillside',
      `${'a'.repeat(250)}@hillside.example`,
      'asha@hillside..example',
      '<asha@hillside.example>',
      'ａsha@hillside.example',
      "asha@hillside.example' OR '1'='1",
    ),
    unstorableText,
  ),
  password: fc.oneof(
    notAString,
    fc.constantFrom('', 'short', '123456789', 'p'.repeat(201), 'p'.repeat(100_000)),
    unstorableText.map((text) => `${text} long enough`),
    // Long enough, but easy to guess: repeated, a run of keys, or a common password.
    fc.constantFrom(
      'password123',
      '1234567890',
      'aaaaaaaaaaaa',
      'abcabcabcabc',
      '123456789012',
      '098765432109',
      'qwertyuiopas',
      'password1234',
      'iloveyou2024',
      'Password1234!',
      'letmein12345',
    ),
  ),
  uuid: fc.oneof(
    notAString,
    fc
      .tuple(
        fc.uuid({ version: 7 }),
        fc.constantFrom(
          (id: string) => id.replaceAll('-', ''),
          (id: string) => `{${id}}`,
          (id: string) => ` ${id}`,
          (id: string) => `${id}0`,
          (id: string) => id.slice(0, 35),
          (id: string) => `${id.slice(0, 35)}g`,
          (id: string) => `${id}\u0000`,
          () => "' OR '1'='1",
          () => 'not-a-uuid',
          () => '',
        ),
      )
      .map(([id, spoil]) => spoil(id)),
  ),
  datetime: fc.oneof(
    notAString,
    fc.constantFrom(
      '',
      'yesterday',
      '2024-02-30T10:00:00Z',
      '2024-13-01T00:00:00Z',
      '2024-01-01',
      '2024-01-01T00:00:00',
      '2024-01-01T25:00:00Z',
      '1700000000',
      '+012024-01-01T00:00:00Z',
      // ISO text a schema passes, but that PostgreSQL refuses or stores past year 9999.
      '0000-01-01T00:00:00Z',
      '2024-01-01T00:00:00+23:59',
      '9999-12-31T23:59:59-14:00',
      '0001-01-01T00:00:00+01:00',
    ),
  ),
  oneOf: (values: string[]) => fc.oneof(notAString, fc.constantFrom(...values)),
};

/** At least one breaker, so that the body is refused whatever else it holds. */
const broken = (valid: () => Body, breakers: fc.Arbitrary<Mutation>) =>
  fc.array(breakers, { minLength: 1, maxLength: 3 }).map((mutations) => {
    const body = valid();
    for (const mutation of mutations) mutation.apply(body);
    return { what: mutations.map((mutation) => mutation.what).join('; '), body };
  });

/** Content types a JSON route may see, for bodies refused anyway. */
const anyContentType = fc.constantFrom(
  'text/plain',
  'text/plain; charset=utf-8',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=----hostile',
  'application/xml',
  'application/octet-stream',
  'application/json; charset=utf-16le',
  'application/json; charset=latin1',
  'APPLICATION/JSON',
  'application/json;;',
  'application/jsonx',
  'application/vnd.api+json',
  '*/*',
  'json',
  '',
);
/** Content types that are not JSON at all, so even a valid body is refused. */
const notJsonContentType = fc.constantFrom(
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=----hostile',
  'application/xml',
  'application/octet-stream',
  undefined,
);

export const forwardedFor = fc.oneof(
  { arbitrary: fc.ipV4(), weight: 20 },
  fc.constantFrom(
    'garbage',
    '::ffff:127.0.0.1',
    '1.2.3.4, 5.6.7.8',
    ' ',
    '999.999.999.999',
    '[::1]:80',
    'x'.repeat(1000),
    "'; DROP TABLE login_failures; --",
  ),
);

export interface Authorization {
  what: string;
  header: string | undefined;
  /** Refused whatever the body: forged, or a role that may not use the route. */
  refused: boolean;
}

interface PreparedBody {
  what: string;
  body: () => string;
  contentType: string | undefined;
  chunked: boolean;
  authorization?: Authorization;
}

export interface JsonRouteSpec {
  route: RouteName;
  path: string;
  /** A body the route would accept. */
  valid: () => Body;
  /** Mutations that each make the body one the route must refuse. */
  breakers: fc.Arbitrary<Mutation>;
  /** The Authorization headers to send: the tenant's own, or forged ones. */
  authorization?: fc.Arbitrary<Authorization>;
  /** Route-specific bodies the route must refuse (or, for some, shrug off). */
  special?: fc.Arbitrary<{ what: string; body: Body | string; authorization?: Authorization }>;
}

const asJson = (what: string, body: () => string): PreparedBody => ({
  what,
  body,
  contentType: 'application/json',
  chunked: false,
});

/** Every kind of refused body for one JSON route, with a spread of transport quirks. */
export function jsonRoute(spec: JsonRouteSpec): fc.Arbitrary<HostileRequest> {
  const text = (body: Body | string) => (typeof body === 'string' ? body : toJsonText(body));
  const padded = (filler: string) => () => {
    const body = spec.valid();
    setOwn(body, 'padding', filler);
    return toJsonText(body);
  };
  const refusedBodies: fc.WeightedArbitrary<PreparedBody>[] = [
    {
      weight: 12,
      arbitrary: broken(spec.valid, spec.breakers).map(({ what, body }) =>
        asJson(what, () => text(body)),
      ),
    },
    { weight: 2, arbitrary: notJsonBody.map(({ what, text: body }) => asJson(what, () => body)) },
    {
      weight: 2,
      arbitrary: fc
        .constant(null)
        .chain(() => breakJsonText(toJsonText(spec.valid())))
        .map(({ what, text: body }) => asJson(what, () => body)),
    },
    {
      weight: 2,
      arbitrary: fc
        .tuple(broken(spec.valid, spec.breakers), anyContentType)
        .map(([{ what, body }, contentType]) => ({
          ...asJson(`${what}; content-type ${JSON.stringify(contentType)}`, () => text(body)),
          contentType,
        })),
    },
    {
      weight: 1,
      arbitrary: notJsonContentType.map((contentType) => ({
        ...asJson(`a valid body as ${contentType ?? 'no content-type'}`, () => text(spec.valid())),
        contentType,
      })),
    },
    {
      weight: 1,
      arbitrary: fc
        .tuple(fc.constantFrom(overLimitAscii, overLimitInBytes), fc.boolean())
        .map(([filler, chunked]) => ({
          ...asJson(
            `${filler === overLimitAscii ? 'over 1 MiB' : 'over 1 MiB in UTF-8 bytes only'}${chunked ? ', chunked' : ''}`,
            padded(filler),
          ),
          chunked,
        })),
    },
  ];
  if (spec.special) {
    refusedBodies.push({
      weight: 4,
      arbitrary: spec.special.map(({ what, body, authorization }) => ({
        ...asJson(what, () => text(body)),
        ...(authorization ? { authorization } : {}),
      })),
    });
  }
  const authorization =
    spec.authorization ??
    fc.constant<Authorization>({ what: '', header: undefined, refused: false });
  const choices: fc.WeightedArbitrary<{ auth: Authorization; request: PreparedBody }>[] = [
    {
      weight: 5,
      arbitrary: fc.record({ auth: authorization, request: fc.oneof(...refusedBodies) }),
    },
  ];
  if (spec.authorization) {
    // With a forged token, or a role that may not, even a valid body is refused.
    choices.push({
      weight: 1,
      arbitrary: spec.authorization
        .filter((auth) => auth.refused)
        .map((auth) => ({ auth, request: asJson('a valid body', () => text(spec.valid())) })),
    });
  }
  return fc.tuple(fc.oneof(...choices), forwardedFor).map(([{ auth, request }, address]) => {
    const used = request.authorization ?? auth;
    return {
      route: spec.route,
      what: [used.what, request.what].filter(Boolean).join('; '),
      method: 'POST' as const,
      path: spec.path,
      headers: {
        ...(request.contentType === undefined ? {} : { 'content-type': request.contentType }),
        ...(used.header === undefined ? {} : { authorization: used.header }),
        'x-forwarded-for': address,
      },
      body: request.body,
      chunked: request.chunked,
      ...(used.refused ? { refusedToken: true } : {}),
    };
  });
}

/** Ids of both tenants, for unknown keys and forged references. */
export const tenantIds = (ground: Battleground) => [
  ground.b.hospitalId,
  ground.b.adminId,
  ground.b.patientId,
  ground.a.hospitalId,
  ground.a.adminId,
];

/**
 * Tokens that were good once, each refused on every route whatever the request: the
 * person was deactivated, or the session was signed out, after they were issued.
 */
export const staleAuthorizations = (ground: Battleground): Authorization[] => [
  {
    what: 'token of a nurse since deactivated',
    header: `Bearer ${ground.a.deactivatedToken}`,
    refused: true,
  },
  {
    what: 'token of a session since signed out',
    header: `Bearer ${ground.a.signedOutToken}`,
    refused: true,
  },
];

/** Tokens forged against tenant A's admin: each refused on every route. */
export const forgedTokens = (ground: Battleground): Authorization[] =>
  forgedAuthorizations(
    ground.jwtSecret,
    { userId: ground.a.adminId, hospitalId: ground.a.hospitalId },
    { userId: ground.b.adminId, hospitalId: ground.b.hospitalId },
    ground.a.adminToken,
  ).map((forgery) => ({ ...forgery, what: `token: ${forgery.what}`, refused: true }));

/**
 * Mostly tenant A's admin token; now and then a forged one or an old one, refused
 * whatever the body.
 */
export function authorizations(ground: Battleground): fc.Arbitrary<Authorization> {
  return fc.oneof(
    {
      weight: 4,
      arbitrary: fc.constant({
        what: '',
        header: `Bearer ${ground.a.adminToken}`,
        refused: false,
      }),
    },
    { weight: 1, arbitrary: fc.constantFrom(...forgedTokens(ground)) },
    { weight: 1, arbitrary: fc.constantFrom(...staleAuthorizations(ground)) },
  );
}

/** A query string the server must refuse or read safely: keys, values and encodings. */
export const hostileQuery = (ground: Battleground) => {
  const encode = (text: string) =>
    [...Buffer.from(text, 'utf8')]
      .map((byte) =>
        /[A-Za-z0-9\-_.~]/.test(String.fromCharCode(byte))
          ? String.fromCharCode(byte)
          : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`,
      )
      .join('');
  const key = fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom('after', 'limit') },
    {
      weight: 2,
      arbitrary: fc.constantFrom(
        'hospital_id',
        '__proto__',
        'constructor',
        'toString',
        'after[]',
        'after[0]',
        'limit.x',
        'a[b][c]',
        '',
      ),
    },
    { weight: 1, arbitrary: hostileKey(tenantIds(ground)).map(encode) },
  );
  const value = fc.oneof(
    {
      weight: 4,
      arbitrary: fc.constantFrom(
        '-1',
        '1.5',
        '1e999',
        '9007199254740993',
        'NaN',
        'Infinity',
        '',
        '%',
        '%zz',
        '%00',
        '%ED%A0%80',
        '%C0%AE',
        '0x10',
        '%201',
        '1e3',
        '5001',
        '0',
        '-0',
        'true',
        'null',
        '%5B%5D',
        '1,2',
        '99999999999999999999999',
      ),
    },
    { weight: 2, arbitrary: fc.integer().map(String) },
    {
      weight: 2,
      arbitrary: fc
        .string({ unit: 'binary', maxLength: 60 })
        .map((text) => encode(text.replace(/[\ud800-\udfff]/g, ''))),
    },
  );
  return fc.oneof(
    {
      weight: 8,
      arbitrary: fc
        .array(fc.tuple(key, value), { minLength: 1, maxLength: 4 })
        .map((pairs) => pairs.map(([name, given]) => `${name}=${given}`).join('&')),
    },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        '&&&',
        'after',
        '=1',
        'after==1',
        'a=1&'.repeat(1000),
        `after=${'9'.repeat(5000)}`,
        `limit=${'1'.repeat(400)}`,
        'after=1#fragment',
        'after=1;limit=2',
      ),
    },
  );
};

export const queryRequest = (
  route: 'GET /sync/pull' | 'GET /sync/live',
  ground: Battleground,
): fc.Arbitrary<HostileRequest> =>
  fc
    .tuple(authorizations(ground), hostileQuery(ground), forwardedFor)
    .map(([auth, query, address]) => ({
      route,
      what: [auth.what, `?${query.slice(0, 60)}`].filter(Boolean).join('; '),
      method: 'GET' as const,
      path: `${route.slice(4)}?${query}`,
      headers: {
        ...(auth.header === undefined ? {} : { authorization: auth.header }),
        'x-forwarded-for': address,
      },
      ...(auth.refused ? { refusedToken: true } : {}),
    }));
