import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { uuidv7 } from '@mymedic/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTenant } from '../db/tenant';
import { signUpClinic, startTestServer, type TestServer } from '../../test/test-server';
import { api, registration, testDatabases, TestDevice } from '../../test/support';

const run = promisify(execFile);

interface Health {
  status: string;
  projections: Record<string, { status: string; events_behind: number; seconds_behind: number }>;
}

/** Asks /health until every read model is caught up (the projector runs on its own). */
async function caughtUp(url: string) {
  for (let attempt = 0; attempt < 100; attempt += 1) {
    const { body } = await api<Health>(url, '/health');
    if (Object.values(body.projections).every((lag) => lag.events_behind === 0)) return body;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('the read models never caught up');
}

describe.each(testDatabases)('the read side as the server runs it on $name', ({ url }) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({
      ...(url ? { databaseUrl: url } : {}),
      config: { metrics: true },
    });
  });
  afterAll(() => server.close());

  it('keeps the read models behind pushes, says where they stand, and counts for Prometheus', async () => {
    const session = await signUpClinic(server.url, undefined, { also_doctor: true });
    const device = new TestDevice(server.url, session);
    const ids = [uuidv7(), uuidv7(), uuidv7()];
    const pushed = await device.push(
      ids.map((id) => device.command('RegisterPatient', 'patient', id, registration())),
    );
    expect(pushed.status).toBe(200);

    const health = await caughtUp(server.url);
    expect(health.status).toBe('healthy');
    expect(Object.keys(health.projections)).toEqual(
      expect.arrayContaining([
        'patients',
        'visits',
        'vitals',
        'notes',
        'prescriptions',
        'documents',
      ]),
    );
    const hospitalId = session.user.hospital_id;
    const count = await withTenant(server.database, hospitalId, async (sql) => {
      const { rows } = await sql.query<{ count: number }>(
        'SELECT count(*)::int AS count FROM patients WHERE hospital_id = $1',
        [hospitalId],
      );
      return rows[0]!.count;
    });
    expect(count).toBe(3);

    const metrics = await fetch(`${server.url}/metrics`);
    expect(metrics.status).toBe(200);
    const text = await metrics.text();
    expect(text).toMatch(/mymedic_push_commands_total\{status="accepted"\} [3-9]/);
    expect(text).toMatch(/mymedic_events_stored_total [3-9]/);
    expect(text).toMatch(/mymedic_projection_lag_events\{projection="patients"\} 0/);
    expect(text).toContain(
      'mymedic_http_request_duration_seconds_bucket{le="0.005",method="POST",route="/sync/push"',
    );
  });

  it('says 0 through pnpm check-projection-lag once caught up, and fails when no server answers', async () => {
    await caughtUp(server.url);
    const answer = await run(
      'pnpm',
      ['exec', 'tsx', 'src/cli/check-projection-lag.ts', '--url', server.url],
      {
        cwd: new URL('../../', import.meta.url),
      },
    );
    expect(answer.stdout).toMatch(/ok +patients +live +0 events/);
    await expect(
      run(
        'pnpm',
        ['exec', 'tsx', 'src/cli/check-projection-lag.ts', '--url', 'http://127.0.0.1:9'],
        {
          cwd: new URL('../../', import.meta.url),
        },
      ),
    ).rejects.toMatchObject({ code: 2 });
  });
});

describe('metrics when not enabled', () => {
  it('are not served', async () => {
    const server = await startTestServer();
    try {
      expect((await fetch(`${server.url}/metrics`)).status).toBe(404);
    } finally {
      await server.close();
    }
  });
});
