import fc from 'fast-check';
import {
  authorizations,
  dropField,
  invalidField,
  invalidFor,
  jsonRoute,
  setField,
  tenantIds,
  unknownKey,
  type Battleground,
  type Body,
  type Mutation,
} from './hostile-requests';
import {
  deeplyNested,
  hostileNumber,
  hostileString,
  isStorable,
  notAString,
  unstorableText,
} from './hostile-values';

/** A nested field replaced by JSON nested thousands of levels deep. */
const nestedDeep = (paths: readonly (readonly string[])[]) =>
  fc
    .tuple(deeplyNested, fc.constantFrom(...paths))
    .map(([deep, path]) =>
      setField(path, deep, `${path.join('.')} nested deep (${deep.text.length} chars)`),
    );

/**
 * Device ids the server must refuse: reserved in any case, too short or long, with
 * characters outside the pattern, or not text.
 */
const badDeviceIds = fc.oneof(
  notAString,
  fc.constantFrom(
    'server',
    'SERVER',
    'System',
    'sYsTeM',
    '',
    'tab-7',
    'd'.repeat(101),
    'tablet 7 ',
    'tablet/../7',
    'tablet\u00007',
    'täblet-seven',
    "tablet'; --",
  ),
  unstorableText,
);

/** The password set to the account's own email, or its name part with a little added. */
const passwordFromEmail = (path: readonly string[]): Mutation => ({
  what: 'the password made of the email',
  apply(body) {
    let target: unknown = body;
    for (const key of path) target = (target as Body | undefined)?.[key];
    const account = target as Body | undefined;
    if (typeof account?.email !== 'string') return;
    const email = account.email;
    account.password = email.length % 2 === 0 ? email : `${email.split('@')[0]}2024!`;
  },
});

/** Passwords and tokens of the right shape, hostile in content. */
const wellFormedText = (min: number, max: number) =>
  hostileString.filter((text) => text.length >= min && text.length <= max && isStorable(text));

let signups = 0;
export function signupRequests(ground: Battleground) {
  const valid = () => ({
    organization: { kind: 'clinic', name: 'Riverside Clinic' },
    admin: {
      full_name: 'Asha Admin',
      email: `asha-${(signups += 1)}@riverside.example`,
      password: 'correct horse battery',
    },
    device_id: 'riverside-desk-1',
  });
  const fields = [
    ['organization', 'kind'],
    ['organization', 'name'],
    ['admin', 'full_name'],
    ['admin', 'email'],
    ['admin', 'password'],
  ] as const;
  const breakers = fc.oneof(
    invalidField(
      ['organization', 'kind'],
      invalidFor.oneOf(['Clinic', 'pharmacy', '', 'constructor', '__proto__', 'toString']),
    ),
    invalidField(['organization', 'name'], invalidFor.text(200)),
    invalidField(['admin', 'full_name'], invalidFor.text(200)),
    invalidField(['admin', 'email'], invalidFor.email),
    invalidField(['admin', 'password'], invalidFor.password),
    invalidField(['device_id'], badDeviceIds),
    invalidField(
      ['admin', 'also_doctor'],
      fc.oneof(hostileString, hostileNumber, fc.constantFrom(null, 'true', 1, [], {})),
    ),
    fc.constant(dropField(['device_id'])),
    fc.constant(passwordFromEmail(['admin'])),
    invalidField(
      ['organization'],
      fc.oneof(hostileString, hostileNumber, fc.constantFrom(null, true, [], ['clinic'])),
    ),
    invalidField(['admin'], fc.oneof(hostileString, hostileNumber, fc.constantFrom(null, []))),
    fc.constantFrom(...fields, ['organization'], ['admin']).map(dropField),
    fc
      .constantFrom([], ['organization'], ['admin'])
      .chain((path) => unknownKey(path, tenantIds(ground))),
    // An email another tenant's admin already uses, however it is spelt: 409.
    fc
      .constantFrom(ground.a.adminEmail, ground.b.adminEmail)
      .chain((email) => fc.constantFrom(email, email.toUpperCase(), `  ${email}  `))
      .map((email) => setField(['admin', 'email'], email, `taken email ${email}`)),
    nestedDeep(fields),
  );
  return jsonRoute({ route: 'POST /auth/signup', path: '/auth/signup', valid, breakers });
}

export function loginRequests(ground: Battleground) {
  const valid = () => ({
    email: ground.a.adminEmail,
    password: 'not the password',
    device_id: 'tablet-7',
  });
  const breakers = fc.oneof(
    invalidField(['email'], invalidFor.email),
    invalidField(
      ['password'],
      fc.oneof(notAString, fc.constantFrom('', 'p'.repeat(201)), unstorableText),
    ),
    invalidField(['device_id'], badDeviceIds),
    fc.constantFrom(['email'], ['password'], ['device_id']).map(dropField),
    unknownKey([], tenantIds(ground)),
    nestedDeep([['email'], ['password'], ['device_id']]),
  );
  // Well-formed sign-ins with a wrong password: 401, or 429 once the account is throttled.
  const wrongPasswords = fc
    .tuple(
      fc.constantFrom(
        ground.a.adminEmail,
        ground.b.adminEmail.toUpperCase(),
        'nobody@riverside.example',
      ),
      fc.oneof(wellFormedText(1, 200), fc.constant('correct horse batter')),
    )
    .map(([email, password]) => ({
      what: `a wrong password for ${email}`,
      body: { email, password, device_id: 'tablet-7' },
    }));
  return jsonRoute({
    route: 'POST /auth/login',
    path: '/auth/login',
    valid,
    breakers,
    special: wrongPasswords,
  });
}

export function refreshTokenRequests(
  ground: Battleground,
  route: 'POST /auth/refresh' | 'POST /auth/logout',
) {
  const breakers = fc.oneof(
    invalidField(
      ['refresh_token'],
      fc.oneof(
        notAString,
        fc.constantFrom('', 'short', 't'.repeat(19), 't'.repeat(201)),
        unstorableText.map((text) => text.padEnd(24, 't')),
      ),
    ),
    fc.constant(dropField(['refresh_token'])),
    unknownKey([], tenantIds(ground)),
    // Sign-out takes no device; a refresh refuses a malformed or reserved one.
    invalidField(['device_id'], badDeviceIds),
  );
  // Well-formed tokens the server never issued: refresh answers 401, sign-out 204.
  const neverIssued = fc
    .oneof(
      fc.string({ unit: 'binary-ascii', minLength: 20, maxLength: 200 }),
      wellFormedText(20, 200),
      fc.constantFrom(
        ground.a.adminToken.slice(0, 180),
        "' OR 1=1; DELETE FROM refresh_tokens; --",
      ),
    )
    .map((token) => ({ what: 'a token never issued', body: { refresh_token: token } }));
  return jsonRoute({
    route,
    path: route.slice(5),
    valid: () => ({ refresh_token: 'r'.repeat(43) }),
    breakers,
    special: neverIssued,
  });
}

let colleagues = 0;
export function staffAccountRequests(ground: Battleground) {
  const valid = () => ({
    email: `ravi-${(colleagues += 1)}@hillside.example`,
    full_name: 'Ravi Menon',
    roles: ['nurse'],
    password: 'reception desk 1',
  });
  const fields = [['email'], ['full_name'], ['roles'], ['password']] as const;
  const breakers = fc.oneof(
    invalidField(['email'], invalidFor.email),
    invalidField(['full_name'], invalidFor.text(200)),
    invalidField(
      ['roles'],
      fc.oneof(
        hostileString,
        hostileNumber,
        fc.constantFrom(
          null,
          [],
          'nurse',
          ['nurse', 'nurse'],
          ['system'],
          ['admin', 'superadmin'],
          ['Admin'],
          ['admin', 'doctor', 'nurse', 'receptionist', 'admin'],
          [['admin']],
          { 0: 'admin' },
        ),
      ),
    ),
    // The one-role field of older apps, beside `roles` or wrong.
    invalidField(
      ['role'],
      invalidFor.oneOf([
        'system',
        'superadmin',
        'Admin',
        'owner',
        '',
        'constructor',
        '__proto__',
        'toString',
      ]),
    ),
    invalidField(['password'], invalidFor.password),
    fc.constant(passwordFromEmail([])),
    // Without a password the server makes a temporary one (docs/api.md): a valid request.
    fc.constantFrom(...fields.filter(([field]) => field !== 'password')).map(dropField),
    unknownKey([], tenantIds(ground)),
    // Another tenant's admin, or this one's, already has the email: 409.
    fc
      .constantFrom(ground.a.adminEmail, ground.b.adminEmail)
      .map((email) => setField(['email'], email.toUpperCase(), `taken email ${email}`)),
    nestedDeep(fields),
  );
  return jsonRoute({
    route: 'POST /users',
    path: '/users',
    valid,
    breakers,
    authorization: fc.oneof(
      { weight: 8, arbitrary: authorizations(ground) },
      {
        weight: 2,
        arbitrary: fc.constantFrom(
          { what: "a nurse's token", header: `Bearer ${ground.a.nurseToken}`, refused: true },
          {
            what: 'token of an admin since made receptionist',
            header: `Bearer ${ground.a.demotedAdminToken}`,
            refused: true,
          },
        ),
      },
    ),
  });
}
