import { upcastEventOf, type UserEvent } from '@mymedic/shared';
import type { Sql } from '../db/database';
import type { ProjectedEvent, ServerProjection } from '../event-store/projection';

/**
 * Who may sign in and with which roles: the `users` table, from user events (of any
 * schema version: a rebuild reads events written when people held one role). `role`
 * keeps the first of `roles`.
 */
export const usersProjection: ServerProjection = {
  name: 'users',
  tables: ['users'],
  handles: new Set<UserEvent['type']>(['UserCreated', 'UserRoleChanged', 'UserDeactivated']),
  async apply(sql: Sql, hospitalId: string, events: ProjectedEvent[]) {
    for (const stored of events) {
      const event = upcastEventOf('user', stored);
      switch (event.type) {
        case 'UserCreated':
          await sql.query(
            `INSERT INTO users (hospital_id, user_id, email, full_name, role, roles, active)
             VALUES ($1, $2, $3, $4, $5, $6::text[], true)
             ON CONFLICT (hospital_id, user_id) DO UPDATE
               SET email = EXCLUDED.email, full_name = EXCLUDED.full_name, role = EXCLUDED.role,
                   roles = EXCLUDED.roles, active = true`,
            [
              hospitalId,
              stored.aggregate_id,
              event.data.email,
              event.data.full_name,
              event.data.roles[0],
              textArray(event.data.roles),
            ],
          );
          break;
        case 'UserRoleChanged':
          await sql.query(
            `UPDATE users SET role = $3, roles = $4::text[]
              WHERE hospital_id = $1 AND user_id = $2`,
            [hospitalId, stored.aggregate_id, event.data.roles[0], textArray(event.data.roles)],
          );
          break;
        case 'UserLanguageChosen':
          // Not a column here: the devices read it from the person's own record.
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

/** Role names (plain lower-case words, checked by the event schema) as an array literal. */
const textArray = (items: string[]) => `{${items.join(',')}}`;
