import { uuidv7, type SessionResponse } from '@mymedic/shared';
import { buildApp } from '../src/app';
import { issueSession } from '../src/auth/sessions';
import { asSignIn } from '../src/db/tenant';
import { testConfig, type Config } from '../src/config';
import type { Database } from '../src/db/database';
import { openDatabase } from '../src/db/open';

export interface TestServer {
  url: string;
  app: Awaited<ReturnType<typeof buildApp>>;
  database: Database;
  config: Config;
  close(): Promise<void>;
}

/**
 * A real sync server on a random port: in-memory PGlite by default, or the PostgreSQL
 * of `databaseUrl`. For tests of the server and of the client engine; `clock` is the
 * server's (the receipt time of pushes), the real one unless given.
 */
export async function startTestServer(
  options: {
    databaseUrl?: string;
    config?: Partial<Config>;
    clock?: () => Date;
    /** False for tests that drive a projector of their own. */
    projector?: boolean;
  } = {},
): Promise<TestServer> {
  const config = testConfig({
    ...(options.databaseUrl ? { database: { url: options.databaseUrl, poolSize: 20 } } : {}),
    ...options.config,
  });
  const { database } = await openDatabase(config);
  const app = await buildApp({
    config,
    database,
    ...(options.clock ? { clock: options.clock } : {}),
    runProjector: options.projector ?? true,
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `${config.tls ? 'https' : 'http'}://127.0.0.1:${port}`,
    app,
    database,
    config,
    async close() {
      await app.close();
      await database.close();
    },
  };
}

let signups = 0;

/** Signs up a fresh organisation (a tenant of its own) through the real endpoint. */
export async function signUpClinic(
  url: string,
  name = `Hillside Clinic ${++signups}`,
  admin: {
    full_name?: string;
    email?: string;
    password?: string;
    kind?: 'independent' | 'clinic' | 'hospital';
    also_doctor?: boolean;
    device_id?: string;
    /** Where the clinic is (ISO 3166): how numbers typed there are read. */
    country?: string;
  } = {},
): Promise<SessionResponse> {
  const response = await fetch(`${url}/auth/signup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      organization: {
        kind: admin.kind ?? 'clinic',
        name,
        ...(admin.country ? { country: admin.country } : {}),
      },
      admin: {
        full_name: admin.full_name ?? 'Asha Admin',
        email: admin.email ?? `admin-${crypto.randomUUID()}@hillside.example`,
        password: admin.password ?? 'correct horse battery',
        ...(admin.also_doctor === undefined ? {} : { also_doctor: admin.also_doctor }),
      },
      device_id: admin.device_id ?? `admin-desk-${crypto.randomUUID()}`,
    }),
  });
  if (response.status !== 201)
    throw new Error(`signup failed: ${response.status} ${await response.text()}`);
  return (await response.json()) as SessionResponse;
}

/**
 * The same person signed in on another device: a session of its own, bound to that
 * device, as signing in there would give (without the password round).
 */
export function sessionOnDevice(
  server: TestServer,
  session: SessionResponse,
  deviceId: string,
): Promise<SessionResponse> {
  return asSignIn(server.database, (sql) =>
    issueSession(sql, server.app.accounts.sessions, session.user, deviceId, uuidv7()),
  );
}
