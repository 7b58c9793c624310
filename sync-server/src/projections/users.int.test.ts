import { uuidv7 } from '@mymedic/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTenant } from '../db/tenant';
import { signUpClinic, startTestServer, type TestServer } from '../../test/test-server';
import { testDatabases } from '../../test/support';
import { usersProjection } from './users';

describe.each(testDatabases)('the users read model on $name', ({ url }) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(url ? { databaseUrl: url } : {});
  });
  afterAll(() => server.close());

  it('reads user events written when people held one role (schema version 1)', async () => {
    const clinic = await signUpClinic(server.url);
    const hospitalId = clinic.user.hospital_id;
    const userId = uuidv7();
    const read = () =>
      withTenant(server.database, hospitalId, async (sql) => {
        const { rows } = await sql.query<{ role: string; roles: string[] }>(
          'SELECT role, roles FROM users WHERE hospital_id = $1 AND user_id = $2',
          [hospitalId, userId],
        );
        return rows[0];
      });
    await withTenant(server.database, hospitalId, (sql) =>
      usersProjection.apply(sql, hospitalId, [
        {
          aggregate_id: userId,
          type: 'UserCreated',
          schema_version: 1,
          data: { email: 'old@hillside.example', full_name: 'Old Device', role: 'nurse' },
        },
      ]),
    );
    expect(await read()).toEqual({ role: 'nurse', roles: ['nurse'] });
    await withTenant(server.database, hospitalId, (sql) =>
      usersProjection.apply(sql, hospitalId, [
        {
          aggregate_id: userId,
          type: 'UserRoleChanged',
          schema_version: 1,
          data: { role: 'doctor' },
        },
        {
          aggregate_id: userId,
          type: 'UserRoleChanged',
          schema_version: 2,
          data: { roles: ['doctor', 'admin'] },
        },
      ]),
    );
    expect(await read()).toEqual({ role: 'admin', roles: ['admin', 'doctor'] });
  });
});
