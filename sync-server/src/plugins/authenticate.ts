import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Role } from '@mymedic/shared';
import { HttpError } from '../errors';
import type { AccessClaims } from '../auth/sessions';

export interface RequestAuth {
  userId: string;
  hospitalId: string;
  role: Role;
  deviceId: string | null;
}

declare module 'fastify' {
  interface FastifyRequest {
    auth: RequestAuth;
  }
}

declare module '@fastify/jwt' {
  interface FastifyJWT {
    payload: AccessClaims;
    user: AccessClaims;
  }
}

/**
 * The preHandler of every route that needs a signed-in person: a valid, unexpired
 * HS256 access token of ours, or 401. Hospital and author come from here only.
 */
export async function authenticate(request: FastifyRequest, _reply: FastifyReply) {
  let claims: AccessClaims;
  try {
    claims = await request.jwtVerify<AccessClaims>();
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'FST_JWT_AUTHORIZATION_TOKEN_EXPIRED') {
      throw new HttpError(401, 'token_expired', 'The access token has expired; refresh it');
    }
    if (code === 'FST_JWT_NO_AUTHORIZATION_IN_HEADER') {
      throw new HttpError(401, 'unauthorized', 'Sign in first: send Authorization: Bearer <token>');
    }
    throw new HttpError(401, 'invalid_token', 'The access token is not valid');
  }
  if (claims.typ !== 'access' || !claims.sub || !claims.hid || !claims.role) {
    throw new HttpError(401, 'invalid_token', 'The access token is not valid');
  }
  request.auth = {
    userId: claims.sub,
    hospitalId: claims.hid,
    role: claims.role,
    deviceId: claims.did ?? null,
  };
}
