import type { FastifyReply, FastifyRequest } from 'fastify';
import { refusal, uuidPattern } from '@mymedic/shared';
import type { Database, TransactionSql } from '../db/database';
import { asPortalPatient } from '../db/tenant';
import { HttpError } from '../errors';

/** The audience of portal tokens: no staff route accepts it, and no portal route another. */
export const portalAudience = 'mymedic-portal';

/** What a portal token says: which patient (`sub`), of which hospital, in which session. */
export interface PortalClaims {
  sub: string;
  hospital_id: string;
  sid: string;
}

/** Signs and verifies portal tokens (@fastify/jwt's namespace `portal`). */
export interface PortalTokens {
  sign(claims: PortalClaims, options: { expiresIn: number }): string;
  verify<Claims>(token: string): Claims;
}

/** A portal request's patient, from a verified token. */
export interface PortalAuth {
  patientId: string;
  hospitalId: string;
  sessionId: string;
}

declare module 'fastify' {
  interface FastifyRequest {
    portal: PortalAuth;
  }
  interface FastifyInstance {
    /** Portal tokens: their own audience and their own key (docs/portal.md, "Tokens"). */
    portalTokens: PortalTokens;
  }
}

const invalidToken = () => new HttpError(401, 'invalid_token', refusal('portal.signInNotValid'));
const isUuid = (value: unknown): value is string =>
  typeof value === 'string' && uuidPattern.test(value);

/**
 * The preValidation of every portal route that needs a signed-in patient: a portal token
 * of ours (a staff token's key and audience differ, so it fails here), unexpired, naming
 * a patient, a hospital and a session. Whether the session is still signed in and the
 * patient still on record is read in the route's own transaction (`asSignedInPatient`).
 */
export function authenticatePortal(
  request: FastifyRequest,
  _reply: FastifyReply,
  done: (error?: Error) => void,
) {
  try {
    request.portal = portalClaimsOf(request);
    done();
  } catch (error) {
    done(error as Error);
  }
}

/** The verified claims of the request's portal token, or a 401. */
function portalClaimsOf(request: FastifyRequest): PortalAuth {
  const header = request.headers.authorization;
  const token = typeof header === 'string' ? /^Bearer (\S+)$/i.exec(header)?.[1] : undefined;
  if (!token) {
    throw new HttpError(401, 'unauthorized', 'Sign in first: send Authorization: Bearer <token>');
  }
  let claims: Partial<PortalClaims>;
  try {
    claims = request.server.portalTokens.verify<Partial<PortalClaims>>(token);
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (typeof code === 'string' && code.includes('EXPIRED'))
      throw new HttpError(401, 'token_expired', refusal('portal.signInExpired'));
    throw invalidToken();
  }
  if (!isUuid(claims.sub) || !isUuid(claims.hospital_id) || !isUuid(claims.sid))
    throw invalidToken();
  return { patientId: claims.sub, hospitalId: claims.hospital_id, sessionId: claims.sid };
}

/**
 * Work as the portal's role for the request's patient (row level security holds every
 * query to their rows), after checking in the same transaction that the session is
 * still signed in and the patient still on record in that hospital.
 */
export function asSignedInPatient<T>(
  database: Database,
  auth: PortalAuth,
  now: Date,
  work: (sql: TransactionSql) => Promise<T>,
): Promise<T> {
  return asPortalPatient(database, auth.hospitalId, auth.patientId, async (sql) => {
    const { rows } = await sql.query<{ live: boolean; on_record: boolean }>(
      `SELECT EXISTS (SELECT 1 FROM portal_sessions
                       WHERE hospital_id = $1 AND session_id = $2 AND revoked_at IS NULL
                         AND expires_at > $3::timestamptz) AS live,
              EXISTS (SELECT 1 FROM patients
                       WHERE hospital_id = $1 AND patient_id = current_patient_id()
                         AND NOT archived) AS on_record`,
      [auth.hospitalId, auth.sessionId, now.toISOString()],
    );
    const check = rows[0]!;
    if (!check.live) throw new HttpError(401, 'session_ended', refusal('portal.signedOut'));
    if (!check.on_record) throw invalidToken();
    return work(sql);
  });
}
