import {
  currentSchemaVersion,
  refusal,
  upcastEventOf,
  type AggregateType,
  type DomainEvent,
} from '@mymedic/shared';
import type { Sql } from '../db/database';
import type { BatchCheck, BatchGuard, Refusal } from '../event-store/batch-guard';
import type { CommandToAppend } from '../event-store/decide';

const lastAdmin = (): Refusal => ({
  status: 'conflict',
  error: { code: 'illegal_state', ...refusal('user.lastAdmin') },
});

/** The admins an event leaves, given those before it. */
function adminsAfter(admins: ReadonlySet<string>, userId: string, decided: DomainEvent) {
  const event = upcastEventOf('user', {
    type: decided.type,
    schema_version: currentSchemaVersion(decided.type),
    data: decided.data,
  });
  const next = new Set(admins);
  if (event.type === 'UserDeactivated') next.delete(userId);
  if (event.type === 'UserCreated' || event.type === 'UserRoleChanged') {
    if (event.data.roles.includes('admin')) next.add(userId);
    else next.delete(userId);
  }
  return next;
}

/**
 * An organisation always keeps an active admin. No admin may demote or deactivate
 * themselves (the user decider), but two admins may each take the other's admin role on
 * two tablets offline: each decision is right alone, and both together leave nobody to
 * manage the organisation. The active admins' rows are locked while the batch decides,
 * so two such pushes at once are checked one after the other.
 */
export const lastAdminGuard: BatchGuard = {
  name: 'last-admin',
  watches: new Set<AggregateType>(['user']),
  async open(sql: Sql, hospitalId: string): Promise<BatchCheck> {
    const { rows } = await sql.query<{ user_id: string }>(
      `SELECT user_id FROM users
        WHERE hospital_id = $1 AND active AND 'admin' = ANY(roles)
        FOR UPDATE`,
      [hospitalId],
    );
    let admins: ReadonlySet<string> = new Set(rows.map((row) => row.user_id));
    const after = (command: CommandToAppend, events: DomainEvent[]) =>
      events.reduce((held, event) => adminsAfter(held, command.aggregate_id, event), admins);
    return {
      refusal(command, events) {
        // An organisation with no admin yet (its sign-up) is not losing one.
        const losing = admins.size > 0 && after(command, events).size === 0;
        return Promise.resolve(losing ? lastAdmin() : null);
      },
      accept(command, events) {
        admins = after(command, events);
      },
    };
  },
};
