import {
  portalClinicParamsSchema,
  portalClinicResponseSchema,
  portalSignedInSchema,
  portalSignInStartedSchema,
  portalSignInStartSchema,
  portalSignInVerifySchema,
  refusal,
} from '@mymedic/shared';
import { z } from 'zod';
import { asPortalPatient, asSignIn } from '../db/tenant';
import { HttpError } from '../errors';
import { refusals, requestPart, type ContractRoutes } from '../plugins/contract';
import { portalClinicOf, requireClinic } from './clinic';
import { patientState } from './reads';
import { asSignedInPatient, authenticatePortal } from './session';
import { deliver, startSignIn, verifyCode, type SignInServices } from './sign-in';

export interface PortalSignInRouteOptions {
  signIn: SignInServices;
  /** How long one provider call sending a code may take. */
  sendTimeoutMs: number;
}

const tags = ['Portal'];

/**
 * The patient portal's front door (docs/portal.md, "Sign-in"): which clinic this is, a
 * code asked for and checked, and sign-out. Everything else of the portal needs the
 * token the right code gives.
 */
export const portalSignInRoutes: ContractRoutes<PortalSignInRouteOptions> = (
  app,
  { signIn, sendTimeoutMs },
  done,
) => {
  const { database, clock } = signIn;

  // Codes still being sent when the server stops are waited for.
  const sending = new Set<Promise<void>>();
  app.addHook('onClose', async () => {
    await Promise.allSettled(sending);
  });

  app.get(
    '/portal/api/clinics/:hospital_id',
    {
      schema: {
        tags,
        params: requestPart('clinic', portalClinicParamsSchema),
        response: { 200: portalClinicResponseSchema, ...refusals },
      },
    },
    async (request) => {
      const { hospital_id } = request.params;
      const clinic = await asPortalPatient(database, hospital_id, null, (sql) =>
        requireClinic(sql, hospital_id),
      );
      return portalClinicOf(hospital_id, clinic);
    },
  );

  app.get(
    '/portal/api/clinic',
    { schema: { tags, response: { 200: portalClinicResponseSchema, ...refusals } } },
    async () => {
      // Only a server of one hospital has "the" clinic; the hospitals' ids alone are read.
      const { rows } = await asSignIn(database, (sql) =>
        sql.query<{ hospital_id: string }>('SELECT hospital_id FROM hospital_heads LIMIT 2'),
      );
      if (rows.length !== 1) throw new HttpError(404, 'not_found', refusal('portal.clinicLink'));
      const hospitalId = rows[0]!.hospital_id;
      const clinic = await asPortalPatient(database, hospitalId, null, (sql) =>
        requireClinic(sql, hospitalId),
      );
      return portalClinicOf(hospitalId, clinic);
    },
  );

  app.post(
    '/portal/api/sign-in/start',
    {
      schema: {
        tags,
        body: requestPart('sign-in request', portalSignInStartSchema),
        response: { 202: portalSignInStartedSchema, ...refusals },
      },
    },
    async (request, reply) => {
      const { started, delivery } = await startSignIn(
        signIn,
        request.body.hospital_id,
        request.body.contact,
      );
      if (delivery) {
        const sent = deliver(delivery, sendTimeoutMs).then((failures) => {
          if (failures.length > 0)
            request.log.warn(
              { challengeId: started.challenge_id, failures },
              'a portal sign-in code could not be sent',
            );
        });
        sending.add(sent);
        void sent.finally(() => sending.delete(sent));
      }
      return reply.status(202).send(started);
    },
  );

  app.post(
    '/portal/api/sign-in/verify',
    {
      schema: {
        tags,
        body: requestPart('code', portalSignInVerifySchema),
        response: { 200: portalSignedInSchema, ...refusals },
      },
    },
    async (request) => {
      const verified = await verifyCode(signIn, request.body.challenge_id, request.body.code);
      if (verified.outcome === 'closed') {
        throw new HttpError(401, 'challenge_closed', refusal('portal.codeClosed'));
      }
      if (verified.outcome === 'wrong-code') {
        throw new HttpError(401, 'wrong_code', refusal('portal.wrongCode'), {
          tries_left: verified.triesLeft,
        });
      }
      const auth = {
        hospitalId: verified.hospitalId,
        patientId: verified.patientId,
        sessionId: verified.sessionId,
      };
      const state = await asSignedInPatient(database, auth, clock(), (sql) =>
        patientState(sql, auth.hospitalId, auth.patientId),
      );
      const token = app.portalTokens.sign(
        { sub: auth.patientId, hospital_id: auth.hospitalId, sid: auth.sessionId },
        {
          expiresIn: Math.max(
            1,
            Math.floor((verified.expiresAt.getTime() - clock().getTime()) / 1000),
          ),
        },
      );
      return {
        token,
        expires_at: verified.expiresAt.toISOString(),
        patient: { patient_id: auth.patientId, full_name: state?.details?.full_name ?? '' },
      };
    },
  );

  app.post(
    '/portal/api/sign-out',
    {
      preValidation: authenticatePortal,
      schema: { tags, response: { 204: z.void().describe('Signed out'), ...refusals } },
    },
    async (request, reply) => {
      await asSignedInPatient(database, request.portal, clock(), (sql) =>
        sql.query(
          `UPDATE portal_sessions SET revoked_at = $3::timestamptz
            WHERE hospital_id = $1 AND session_id = $2 AND revoked_at IS NULL`,
          [request.portal.hospitalId, request.portal.sessionId, clock().toISOString()],
        ),
      );
      return reply.status(204).send();
    },
  );

  done();
};
