import { refusal } from '@mymedic/shared';
import {
  deviceListResponseSchema,
  deviceParamsSchema,
  deviceRevokedResponseSchema,
  mayIssue,
  type KnownDevice,
} from '@mymedic/shared';
import type { Database } from '../db/database';
import { withTenant } from '../db/tenant';
import { HttpError } from '../errors';
import { authenticate } from '../plugins/authenticate';
import { refusals, requestPart, type ContractRoutes } from '../plugins/contract';

export interface DeviceRouteOptions {
  database: Database;
}

/**
 * The organisation's devices, as its sessions know them, and the admin's answer to a
 * lost tablet: revoking ends every session of that device on the server at once and
 * refuses it any new one; the device, told `device_revoked` the next time it reaches
 * the server, wipes what the server holds.
 */
export const deviceRoutes: ContractRoutes<DeviceRouteOptions> = (app, { database }, done) => {
  const requireAdmin = (roles: readonly string[]) => {
    if (!mayIssue(roles as Parameters<typeof mayIssue>[0], 'RevokeDevice')) {
      throw new HttpError(403, 'forbidden', refusal('server.onlyAdminsManageDevices'));
    }
  };

  app.get(
    '/devices',
    {
      preValidation: authenticate,
      schema: { response: { 200: deviceListResponseSchema, ...refusals } },
    },
    async (request) => {
      requireAdmin(request.auth.roles);
      const { rows } = await withTenant(database, request.auth.hospitalId, (sql) =>
        sql.query<KnownDevice>(
          `SELECT t.device_id,
                json_agg(DISTINCT jsonb_build_object('user_id', u.user_id, 'full_name', u.full_name)) AS people,
                to_char(max(t.issued_at) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS last_signed_in_at,
                count(DISTINCT t.family_id) FILTER (
                  WHERE t.revoked_at IS NULL AND t.used_at IS NULL AND t.expires_at > now()
                )::int AS live_sessions,
                to_char(r.revoked_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS revoked_at
           FROM refresh_tokens AS t
           JOIN users AS u ON u.hospital_id = t.hospital_id AND u.user_id = t.user_id
           LEFT JOIN revoked_devices AS r
             ON r.hospital_id = t.hospital_id AND r.device_id = t.device_id
          WHERE t.hospital_id = $1 AND t.device_id IS NOT NULL
          GROUP BY t.device_id, r.revoked_at
          ORDER BY max(t.issued_at) DESC
          LIMIT 500`,
          [request.auth.hospitalId],
        ),
      );
      return { devices: rows, this_device: request.auth.deviceId };
    },
  );

  app.post(
    '/devices/:device_id/revoke',
    {
      preValidation: authenticate,
      schema: {
        params: requestPart('device', deviceParamsSchema),
        response: { 200: deviceRevokedResponseSchema, ...refusals },
      },
    },
    async (request) => {
      requireAdmin(request.auth.roles);
      const { device_id } = request.params;
      if (device_id === request.auth.deviceId) {
        throw new HttpError(400, 'own_device', refusal('server.ownDevice'));
      }
      const { hospitalId, userId } = request.auth;
      const ended = await withTenant(database, hospitalId, async (sql) => {
        const known = await sql.query(
          'SELECT 1 FROM refresh_tokens WHERE hospital_id = $1 AND device_id = $2 LIMIT 1',
          [hospitalId, device_id],
        );
        if (known.rows.length === 0) {
          throw new HttpError(404, 'not_found', refusal('server.noSuchDevice'));
        }
        await sql.query(
          `INSERT INTO revoked_devices (hospital_id, device_id, revoked_by)
           VALUES ($1, $2, $3) ON CONFLICT (hospital_id, device_id) DO NOTHING`,
          [hospitalId, device_id, userId],
        );
        const { rows } = await sql.query<{ family_id: string }>(
          `UPDATE refresh_tokens SET revoked_at = now()
            WHERE hospital_id = $1 AND device_id = $2 AND revoked_at IS NULL
            RETURNING family_id`,
          [hospitalId, device_id],
        );
        return [...new Set(rows.map((row) => row.family_id))];
      });
      for (const session of ended) app.sessionChecks.forgetSession(session);
      return { device_id, sessions_ended: ended.length };
    },
  );
  done();
};
