import { refusal } from '@mymedic/shared';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { deviceIdSchema, uuidPattern, type Role } from '@mymedic/shared';
import { HttpError } from '../errors';
import { deviceRevoked, type AccessClaims } from '../auth/sessions';
import type { SessionChecks } from '../auth/session-checks';

export interface RequestAuth {
  userId: string;
  hospitalId: string;
  /** The person's roles as the database has them now (within the check cache's bound). */
  roles: Role[];
  /** The device the session was begun on: every push must name it. */
  deviceId: string;
  /** The session (refresh-token family) the access token belongs to. */
  sessionId: string;
}

declare module 'fastify' {
  interface FastifyRequest {
    auth: RequestAuth;
  }
  interface FastifyInstance {
    sessionChecks: SessionChecks;
  }
}

declare module '@fastify/jwt' {
  interface FastifyJWT {
    payload: AccessClaims;
    user: AccessClaims;
  }
}

const invalidToken = () => new HttpError(401, 'invalid_token', 'The access token is not valid');
const isUuid = (value: unknown): value is string =>
  typeof value === 'string' && uuidPattern.test(value);

/**
 * The preHandler of every route that needs a signed-in person: a valid, unexpired
 * HS256 access token of ours, naming a session that is still signed in, of an account
 * that is still active, or 401/403. Hospital, author, device and roles come from here
 * only, and the roles from the database, never from the token.
 */
export async function authenticate(request: FastifyRequest, _reply: FastifyReply) {
  let claims: AccessClaims;
  try {
    claims = await request.jwtVerify<AccessClaims>();
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'FST_JWT_AUTHORIZATION_TOKEN_EXPIRED') {
      throw new HttpError(401, 'token_expired', refusal('server.tokenExpired'));
    }
    if (code === 'FST_JWT_NO_AUTHORIZATION_IN_HEADER') {
      throw new HttpError(401, 'unauthorized', 'Sign in first: send Authorization: Bearer <token>');
    }
    throw invalidToken();
  }
  if (
    claims.typ !== 'access' ||
    !isUuid(claims.sub) ||
    !isUuid(claims.hid) ||
    !isUuid(claims.sid) ||
    !deviceIdSchema.safeParse(claims.did).success
  ) {
    throw invalidToken();
  }
  const now = await request.server.sessionChecks.check(
    claims.hid,
    claims.sub,
    claims.sid,
    claims.did,
  );
  if (!now.exists) throw invalidToken();
  if (now.deviceRevoked) throw deviceRevoked();
  if (!now.active) throw new HttpError(403, 'account_inactive', refusal('server.accountInactive'));
  if (!now.live) {
    throw new HttpError(401, 'session_ended', refusal('server.sessionEnded'));
  }
  request.auth = {
    userId: claims.sub,
    hospitalId: claims.hid,
    roles: now.roles,
    deviceId: claims.did,
    sessionId: claims.sid,
  };
}
