import { staffListResponseSchema, staffQuerySchema, type StaffMember } from '@mymedic/shared';
import type { Database } from '../db/database';
import { withTenant } from '../db/tenant';
import { authenticate } from '../plugins/authenticate';
import { refusals, requestPart, type ContractRoutes } from '../plugins/contract';

export interface StaffRouteOptions {
  database: Database;
}

/**
 * `GET /users?role`: the organisation's staff as any colleague sees them (name, roles,
 * whether still active; no email), by name: the doctors an integration books with, the
 * person a message is for. Only the caller's organisation.
 */
export const staffRoutes: ContractRoutes<StaffRouteOptions> = (app, { database }, done) => {
  app.get(
    '/users',
    {
      preValidation: authenticate,
      schema: {
        querystring: requestPart('staff query', staffQuerySchema),
        response: { 200: staffListResponseSchema, ...refusals },
      },
    },
    async (request) => {
      const { role } = request.query;
      const { rows } = await withTenant(database, request.auth.hospitalId, (sql) =>
        sql.query<StaffMember>(
          `SELECT user_id, full_name, roles, active FROM users
            WHERE hospital_id = $1 AND ($2::text IS NULL OR $2 = ANY(roles))
            ORDER BY full_name, user_id`,
          [request.auth.hospitalId, role ?? null],
        ),
      );
      return { users: rows };
    },
  );
  done();
};
