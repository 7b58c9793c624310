import type { FastifyInstance } from 'fastify';
import {
  loginRequestSchema,
  logoutRequestSchema,
  refreshRequestSchema,
  signupRequestSchema,
} from '@mymedic/shared';
import { addStaffAccount, logIn, signUp, type AccountServices } from '../auth/accounts';
import { revokeRefreshToken, rotateRefreshToken } from '../auth/sessions';
import type { LoginThrottle } from '../config';
import { asSignIn } from '../db/tenant';
import { HttpError, parseRequest } from '../errors';
import { authenticate } from '../plugins/authenticate';
import { staffAccountSchema } from './schemas';

export function authRoutes(
  app: FastifyInstance,
  services: AccountServices,
  throttle: LoginThrottle,
) {
  const strict = { config: { rateLimit: { max: 60, timeWindow: '1 minute' } } };

  app.post('/auth/signup', strict, async (request, reply) => {
    const body = parseRequest(signupRequestSchema, request.body, 'sign-up');
    return reply.status(201).send(await signUp(services, body));
  });

  app.post('/auth/login', strict, async (request) => {
    const body = parseRequest(loginRequestSchema, request.body, 'sign-in');
    return logIn(services, throttle, body, request.ip);
  });

  app.post('/auth/refresh', strict, async (request) => {
    const { refresh_token, device_id } = parseRequest(
      refreshRequestSchema,
      request.body,
      'refresh request',
    );
    const outcome = await asSignIn(services.database, (sql) =>
      rotateRefreshToken(sql, services.sessions, refresh_token, device_id),
    );
    if (outcome instanceof HttpError) throw outcome;
    return outcome;
  });

  app.post('/auth/logout', async (request, reply) => {
    const { refresh_token } = parseRequest(logoutRequestSchema, request.body, 'sign-out request');
    const session = await asSignIn(services.database, (sql) =>
      revokeRefreshToken(sql, refresh_token),
    );
    if (session) app.sessionChecks.forgetSession(session);
    return reply.status(204).send();
  });

  app.post('/users', { preHandler: authenticate }, async (request, reply) => {
    const account = parseRequest(staffAccountSchema, request.body, 'new account');
    const created = await addStaffAccount(
      services,
      request.auth.hospitalId,
      { user_id: request.auth.userId, roles: request.auth.roles },
      account,
    );
    return reply.status(201).send(created);
  });
}
