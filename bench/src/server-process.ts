import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import type { SessionResponse } from '@mymedic/shared';

const serverDirectory = fileURLToPath(new URL('../../sync-server/', import.meta.url));

export interface RunningServer {
  url: string;
  port: number;
  /** The process's id (its CPU time is in /proc). */
  pid: number;
  stop(): Promise<void>;
  /** SIGKILL: no shutdown at all, as a crash or a power cut. */
  kill(): Promise<void>;
}

/** Ports handed out in this run: a process still starting has not bound its own yet. */
const handedOut = new Set<number>();

const bindable = (port: number) =>
  new Promise<boolean>((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });

/**
 * A free port for a server or a balancer: from `BENCH_PORTS` ("first-last") when given,
 * so that a run on a shared machine keeps to its own ports; else anywhere from 30000 to
 * 49999. Never one this run handed out already, nor one another program holds.
 */
export async function freePort() {
  const range = process.env.BENCH_PORTS;
  const [first, last] = (range ?? '30000-49999').split('-').map(Number);
  if (!Number.isInteger(first) || !Number.isInteger(last) || last! < first!)
    throw new Error(`BENCH_PORTS must be "first-last", not ${JSON.stringify(range)}`);
  for (let attempt = 0; attempt < 200; attempt += 1) {
    const port = first! + Math.floor(Math.random() * (last! - first! + 1));
    if (handedOut.has(port) || !(await bindable(port))) continue;
    handedOut.add(port);
    return port;
  }
  throw new Error(`no free port in ${range ?? '30000-49999'}`);
}

/** A port from `freePort` its holder has let go of. */
export const releasePort = (port: number) => handedOut.delete(port);

/** The real server, in its own process as users run it, on PostgreSQL or PGlite. */
export async function startServerProcess(
  environment: Record<string, string>,
): Promise<RunningServer> {
  const port = await freePort();
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
  const end = async (signal: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill(signal);
      await new Promise((resolve) => child.once('exit', resolve));
    }
    releasePort(port);
  };
  return {
    url,
    port,
    pid: child.pid!,
    stop: () => end('SIGTERM'),
    kill: () => end('SIGKILL'),
  };
}

export async function post<T>(
  url: string,
  path: string,
  body: unknown,
  token?: string,
  headers: Record<string, string> = {},
): Promise<T> {
  const response = await fetch(`${url}${path}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...headers,
    },
    body: JSON.stringify(body),
  });
  if (!response.ok)
    throw new Error(`${path} answered ${response.status}: ${await response.text()}`);
  return (await response.json()) as T;
}

/**
 * A clinic with a doctor signed in on `devices` devices (`bench-doctor-tablet`, then
 * `bench-doctor-tablet-2`, …), one session each: the authors of the benchmark's
 * commands. Every access token is bound to its device. Sign-in is limited to 60 a
 * minute per address whatever RATE_LIMIT_PER_MINUTE says, so each device signs in from
 * an address of its own (`X-Forwarded-For`, heeded by a server with TRUST_PROXY=true, as
 * behind a balancer), as tablets at many sites would.
 */
export async function doctorSessions(url: string, devices: number): Promise<SessionResponse[]> {
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
  const sessions: SessionResponse[] = [];
  // A few at a time: each sign-in hashes the password, which takes a core a while.
  for (let first = 0; first < devices; first += 8) {
    const numbers = Array.from({ length: Math.min(8, devices - first) }, (_, at) => first + at);
    sessions.push(
      ...(await Promise.all(
        numbers.map((number) =>
          post<SessionResponse>(
            url,
            '/auth/login',
            {
              email,
              password: 'bench password 1',
              device_id: number === 0 ? 'bench-doctor-tablet' : `bench-doctor-tablet-${number + 1}`,
            },
            undefined,
            { 'x-forwarded-for': `10.77.${number >> 8}.${number & 255}` },
          ),
        ),
      )),
    );
  }
  return sessions;
}

/**
 * A clinic with a doctor signed in on one device: the author of the benchmark's
 * commands. The benchmark's simulated tablets all push as that device (the server does
 * the same work for any device id).
 */
export const doctorSession = async (url: string) => (await doctorSessions(url, 1))[0]!;

/** The device a session's access token is bound to (its `did` claim). */
export function deviceOf(session: { token: string }): string {
  const payload = session.token.split('.')[1] ?? '';
  return (JSON.parse(Buffer.from(payload, 'base64url').toString()) as { did: string }).did;
}
