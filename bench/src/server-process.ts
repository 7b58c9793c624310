import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { SessionResponse } from '@mymedic/shared';

const serverDirectory = fileURLToPath(new URL('../../sync-server/', import.meta.url));

export interface RunningServer {
  url: string;
  stop(): Promise<void>;
  /** SIGKILL: no shutdown at all, as a crash or a power cut. */
  kill(): Promise<void>;
}

/**
 * A port for the server: from `BENCH_PORTS` ("first-last") when given, so that a run on
 * a shared machine keeps to its own ports; else anywhere from 30000 to 49999.
 */
export function portOf(range: string | undefined) {
  const [first, last] = (range ?? '30000-49999').split('-').map(Number);
  if (!Number.isInteger(first) || !Number.isInteger(last) || last! < first!)
    throw new Error(`BENCH_PORTS must be "first-last", not ${JSON.stringify(range)}`);
  return first! + Math.floor(Math.random() * (last! - first! + 1));
}

/** The real server, in its own process as users run it, on PostgreSQL or PGlite. */
export async function startServerProcess(
  environment: Record<string, string>,
): Promise<RunningServer> {
  const port = portOf(process.env.BENCH_PORTS);
  const { DATABASE_URL: _inherited, ...inherited } = process.env;
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: serverDirectory,
    env: {
      ...inherited,
      NODE_ENV: 'production',
      LOG_LEVEL: 'warn',
      HOST: '127.0.0.1',
      PORT: String(port),
      SEED_DEMO: 'never',
      JWT_SECRET: 'bench-secret-bench-secret-bench-secret-0123',
      RATE_LIMIT_PER_MINUTE: '10000000',
      DATABASE_POOL_SIZE: '20',
      ...environment,
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  for (let attempt = 0; attempt < 240; attempt += 1) {
    if (child.exitCode !== null) throw new Error('the server process exited during start-up');
    try {
      if ((await fetch(`${url}/health`)).ok) break;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
  return {
    url,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
    },
    async kill() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGKILL');
      await new Promise((resolve) => child.once('exit', resolve));
    },
  };
}

export async function post<T>(
  url: string,
  path: string,
  body: unknown,
  token?: string,
): Promise<T> {
  const response = await fetch(`${url}${path}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: JSON.stringify(body),
  });
  if (!response.ok)
    throw new Error(`${path} answered ${response.status}: ${await response.text()}`);
  return (await response.json()) as T;
}

/**
 * A clinic with a doctor signed in on one device: the author of the benchmark's
 * commands. Every access token is bound to its device, so the benchmark's simulated
 * tablets all push as that device (the server does the same work for any device id).
 */
export async function doctorSession(url: string): Promise<SessionResponse> {
  const admin = await post<SessionResponse>(url, '/auth/signup', {
    organization: { kind: 'clinic', name: 'Benchmark Clinic' },
    admin: {
      full_name: 'Bench Admin',
      email: `admin-${crypto.randomUUID()}@bench.example`,
      password: 'bench password 1',
    },
    device_id: 'bench-admin-desk',
  });
  const email = `doctor-${crypto.randomUUID()}@bench.example`;
  await post(
    url,
    '/users',
    { email, full_name: 'Dr. Bench', roles: ['doctor'], password: 'bench password 1' },
    admin.token,
  );
  return post<SessionResponse>(url, '/auth/login', {
    email,
    password: 'bench password 1',
    device_id: 'bench-doctor-tablet',
  });
}

/** The device a session's access token is bound to (its `did` claim). */
export function deviceOf(session: { token: string }): string {
  const payload = session.token.split('.')[1] ?? '';
  return (JSON.parse(Buffer.from(payload, 'base64url').toString()) as { did: string }).did;
}
