import { createHmac } from 'node:crypto';

const base64url = (value: string | Buffer) => Buffer.from(value).toString('base64url');

function signJwt(
  header: Record<string, unknown>,
  claims: Record<string, unknown>,
  secret: string,
  algorithm: 'sha256' | 'sha512' | 'none' = 'sha256',
) {
  const unsigned = `${base64url(JSON.stringify(header))}.${base64url(JSON.stringify(claims))}`;
  if (algorithm === 'none') return `${unsigned}.`;
  return `${unsigned}.${createHmac(algorithm, secret).update(unsigned).digest('base64url')}`;
}

export interface TokenOwner {
  userId: string;
  hospitalId: string;
}

/**
 * Authorization headers the server must refuse with 401: tokens with the wrong
 * algorithm, secret, audience, issuer or type, expired or tampered ones, and junk.
 * Several are signed with the server's own secret, to prove the checks beyond it.
 */
export function forgedAuthorizations(
  secret: string,
  victim: TokenOwner,
  stranger: TokenOwner,
  realToken: string,
): { what: string; header: string | undefined }[] {
  const now = Math.floor(Date.now() / 1000);
  const [header, payload, signature] = realToken.split('.') as [string, string, string];
  const real = JSON.parse(Buffer.from(payload, 'base64url').toString()) as {
    sid: string;
    did: string;
  };
  const claims = {
    sub: victim.userId,
    hid: victim.hospitalId,
    sid: real.sid,
    did: real.did,
    typ: 'access',
    aud: 'mymedic',
    iss: 'mymedic-sync',
    iat: now,
    exp: now + 600,
  };
  const hs256 = { alg: 'HS256', typ: 'JWT' };
  const otherTenantPayload = base64url(
    JSON.stringify({
      ...JSON.parse(Buffer.from(payload, 'base64url').toString()),
      hid: stranger.hospitalId,
    }),
  );
  const flipped =
    signature.slice(0, 10) + (signature[10] === 'A' ? 'B' : 'A') + signature.slice(11);
  const bearer = (token: string) => `Bearer ${token}`;
  return [
    { what: 'no token', header: undefined },
    { what: 'empty header', header: '' },
    { what: 'Bearer alone', header: 'Bearer' },
    { what: 'Bearer and a space', header: 'Bearer ' },
    { what: 'Basic credentials', header: 'Basic YWRtaW46YWRtaW4=' },
    { what: 'junk token', header: bearer('a.b.c') },
    { what: 'very long token', header: bearer('x'.repeat(7000)) },
    { what: 'two tokens', header: `${bearer(realToken)}, ${bearer(realToken)}x` },
    { what: 'alg none', header: bearer(signJwt({ alg: 'none' }, claims, '', 'none')) },
    {
      what: 'alg none for another tenant',
      header: bearer(signJwt({ alg: 'none' }, { ...claims, hid: stranger.hospitalId }, '', 'none')),
    },
    { what: 'wrong secret', header: bearer(signJwt(hs256, claims, 'not-the-secret')) },
    {
      what: 'HS512 with the real secret',
      header: bearer(signJwt({ alg: 'HS512', typ: 'JWT' }, claims, secret, 'sha512')),
    },
    {
      what: 'expired',
      header: bearer(signJwt(hs256, { ...claims, iat: now - 7200, exp: now - 3600 }, secret)),
    },
    {
      what: 'not yet valid',
      header: bearer(signJwt(hs256, { ...claims, nbf: now + 3600 }, secret)),
    },
    { what: 'wrong audience', header: bearer(signJwt(hs256, { ...claims, aud: 'other' }, secret)) },
    {
      what: 'no audience',
      header: bearer(signJwt(hs256, { ...claims, aud: undefined }, secret)),
    },
    { what: 'wrong issuer', header: bearer(signJwt(hs256, { ...claims, iss: 'evil' }, secret)) },
    { what: 'no issuer', header: bearer(signJwt(hs256, { ...claims, iss: undefined }, secret)) },
    { what: 'no expiry', header: bearer(signJwt(hs256, { ...claims, exp: undefined }, secret)) },
    {
      what: 'refresh-typed token',
      header: bearer(signJwt(hs256, { ...claims, typ: 'refresh' }, secret)),
    },
    {
      what: 'token without a hospital',
      header: bearer(signJwt(hs256, { ...claims, hid: undefined }, secret)),
    },
    { what: 'tampered signature', header: bearer(`${header}.${payload}.${flipped}`) },
    // Signed with the real secret, but naming a session that never began, none at all,
    // a reserved device or none: only the server's own sign-in makes these.
    {
      what: 'a session never begun',
      header: bearer(
        signJwt(hs256, { ...claims, sid: '0190a0b0-0000-7000-8000-0000000000ff' }, secret),
      ),
    },
    { what: 'no session', header: bearer(signJwt(hs256, { ...claims, sid: undefined }, secret)) },
    {
      what: 'device "server"',
      header: bearer(signJwt(hs256, { ...claims, did: 'server' }, secret)),
    },
    { what: 'no device', header: bearer(signJwt(hs256, { ...claims, did: null }, secret)) },
    {
      what: 'the session of another person',
      header: bearer(signJwt(hs256, { ...claims, sub: stranger.userId }, secret)),
    },
    {
      what: 'payload moved to another tenant',
      header: bearer(`${header}.${otherTenantPayload}.${signature}`),
    },
  ];
}
