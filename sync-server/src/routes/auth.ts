import {
  loginRequestSchema,
  logoutRequestSchema,
  refreshRequestSchema,
  sessionResponseSchema,
  signupRequestSchema,
  staffAccountRequestSchema,
  staffAccountResponseSchema,
} from '@mymedic/shared';
import { z } from 'zod';
import { addStaffAccount, logIn, signUp, type AccountServices } from '../auth/accounts';
import { revokeRefreshToken, rotateRefreshToken } from '../auth/sessions';
import type { LoginThrottle } from '../config';
import { asSignIn } from '../db/tenant';
import { HttpError } from '../errors';
import { authenticate } from '../plugins/authenticate';
import { refusals, requestPart, type ContractRoutes } from '../plugins/contract';

export interface AuthRouteOptions {
  services: AccountServices;
  throttle: LoginThrottle;
}

/** Signing up, in and out, refreshing a session, and an admin adding a colleague. */
export const authRoutes: ContractRoutes<AuthRouteOptions> = (app, { services, throttle }, done) => {
  const strict = { rateLimit: { max: 60, timeWindow: '1 minute' } };

  app.post(
    '/auth/signup',
    {
      config: strict,
      schema: {
        body: requestPart('sign-up', signupRequestSchema),
        response: { 201: sessionResponseSchema, ...refusals },
      },
    },
    async (request, reply) => reply.status(201).send(await signUp(services, request.body)),
  );

  app.post(
    '/auth/login',
    {
      config: strict,
      schema: {
        body: requestPart('sign-in', loginRequestSchema),
        response: { 200: sessionResponseSchema, ...refusals },
      },
    },
    async (request) => logIn(services, throttle, request.body, request.ip),
  );

  app.post(
    '/auth/refresh',
    {
      config: strict,
      schema: {
        body: requestPart('refresh request', refreshRequestSchema),
        response: { 200: sessionResponseSchema, ...refusals },
      },
    },
    async (request) => {
      const { refresh_token, device_id } = request.body;
      const outcome = await asSignIn(services.database, (sql) =>
        rotateRefreshToken(sql, services.sessions, refresh_token, device_id),
      );
      if (outcome instanceof HttpError) throw outcome;
      return outcome;
    },
  );

  app.post(
    '/auth/logout',
    {
      schema: {
        body: requestPart('sign-out request', logoutRequestSchema),
        response: { 204: z.void().describe('Signed out'), ...refusals },
      },
    },
    async (request, reply) => {
      const { refresh_token } = request.body;
      const session = await asSignIn(services.database, (sql) =>
        revokeRefreshToken(sql, refresh_token),
      );
      if (session) app.sessionChecks.forgetSession(session);
      return reply.status(204).send();
    },
  );

  app.post(
    '/users',
    {
      preValidation: authenticate,
      schema: {
        body: requestPart('new account', staffAccountRequestSchema),
        response: { 201: staffAccountResponseSchema, ...refusals },
      },
    },
    async (request, reply) => {
      const created = await addStaffAccount(
        services,
        request.auth.hospitalId,
        { user_id: request.auth.userId, roles: request.auth.roles },
        request.body,
      );
      return reply.status(201).send(created);
    },
  );
  done();
};
