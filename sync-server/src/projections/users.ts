import type { UserEvent } from '@mymedic/shared';
import type { Sql } from '../db/database';
import type { ProjectedEvent, ServerProjection } from './index';

/** Who may sign in and with which role: the `users` table, from user events. */
export const usersProjection: ServerProjection = {
  name: 'users',
  tables: ['users'],
  handles: new Set<UserEvent['type']>(['UserCreated', 'UserRoleChanged', 'UserDeactivated']),
  async apply(sql: Sql, hospitalId: string, events: ProjectedEvent[]) {
    for (const stored of events) {
      const event = { type: stored.type, data: stored.data } as UserEvent;
      switch (event.type) {
        case 'UserCreated':
          await sql.query(
            `INSERT INTO users (hospital_id, user_id, email, full_name, role, active)
             VALUES ($1, $2, $3, $4, $5, true)
             ON CONFLICT (hospital_id, user_id) DO UPDATE
               SET email = EXCLUDED.email, full_name = EXCLUDED.full_name, role = EXCLUDED.role, active = true`,
            [
              hospitalId,
              stored.aggregate_id,
              event.data.email,
              event.data.full_name,
              event.data.role,
            ],
          );
          break;
        case 'UserRoleChanged':
          await sql.query('UPDATE users SET role = $3 WHERE hospital_id = $1 AND user_id = $2', [
            hospitalId,
            stored.aggregate_id,
            event.data.role,
          ]);
          break;
        case 'UserDeactivated':
          await sql.query(
            'UPDATE users SET active = false WHERE hospital_id = $1 AND user_id = $2',
            [hospitalId, stored.aggregate_id],
          );
          // A deactivated person's devices lose their sessions with the same commit.
          await sql.query(
            `UPDATE refresh_tokens SET revoked_at = now()
              WHERE hospital_id = $1 AND user_id = $2 AND revoked_at IS NULL`,
            [hospitalId, stored.aggregate_id],
          );
          break;
      }
    }
  },
};
