import {
  colleagueParamsSchema,
  loginRequestSchema,
  passwordChangeRequestSchema,
  passwordChangeResponseSchema,
  passwordResetResponseSchema,
  logoutRequestSchema,
  refreshRequestSchema,
  sessionResponseSchema,
  signupRequestSchema,
  staffAccountRequestSchema,
  staffAccountResponseSchema,
} from '@mymedic/shared';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { addStaffAccount, logIn, signUp, type AccountServices } from '../auth/accounts';
import { changeOwnPassword, resetColleaguePassword } from '../auth/password-changes';
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

/**
 * Signing up, in and out, refreshing a session, changing one's password, and an admin
 * adding a colleague or resetting their password.
 */
export const authRoutes: ContractRoutes<AuthRouteOptions> = (app, { services, throttle }, done) => {
  const strict = { rateLimit: { max: 60, timeWindow: '1 minute' } };
  // Each try costs an argon2 hash or two, and may guess at a password: a few a minute
  // for each signed-in person (counted after authentication, so per person, not per
  // address: a clinic's tablets may all reach the server from one).
  const passwords = {
    rateLimit: {
      max: 10,
      timeWindow: '1 minute',
      hook: 'preHandler' as const,
      keyGenerator: (request: FastifyRequest) => `password:${request.auth.userId}`,
    },
  };

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
    async (request) => {
      const session = await logIn(services, throttle, request.body, request.ip);
      // A new password chosen at sign-in ended the person's other sessions.
      if (request.body.new_password !== undefined)
        app.sessionChecks.forgetUser(session.user.user_id);
      return session;
    },
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
      return reply.status(201).header('cache-control', 'no-store').send(created);
    },
  );

  app.post(
    '/auth/password',
    {
      config: passwords,
      preValidation: authenticate,
      schema: {
        body: requestPart('password change', passwordChangeRequestSchema),
        response: { 200: passwordChangeResponseSchema, ...refusals },
      },
    },
    async (request) => {
      const { sessionsEnded } = await changeOwnPassword(
        services.database,
        throttle,
        request.auth,
        request.body,
        request.ip,
      );
      for (const session of sessionsEnded) app.sessionChecks.forgetSession(session);
      return { sessions_ended: sessionsEnded.length };
    },
  );

  app.post(
    '/users/:user_id/password-reset',
    {
      config: passwords,
      preValidation: authenticate,
      schema: {
        params: requestPart('colleague', colleagueParamsSchema),
        response: { 200: passwordResetResponseSchema, ...refusals },
      },
    },
    async (request, reply) => {
      const { answer } = await resetColleaguePassword(
        services.database,
        request.auth,
        request.params.user_id,
        request.ip,
      );
      app.sessionChecks.forgetUser(answer.user_id);
      // The temporary password is in this answer only: no cache may keep it.
      return reply.header('cache-control', 'no-store').send(answer);
    },
  );
  done();
};
