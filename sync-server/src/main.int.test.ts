import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { request as httpsRequest } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { makeCertificate } from './tls/certificate';

const serverDirectory = fileURLToPath(new URL('..', import.meta.url));
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

function withoutDatabaseUrl() {
  const { DATABASE_URL: _ignored, ...environment } = process.env;
  return environment;
}

/** Runs `pnpm start`'s entry point as users do, and waits for /health. */
async function startProcess(
  environment: Record<string, string>,
  health: (port: number) => Promise<Response> = (port) => fetch(`http://127.0.0.1:${port}/health`),
) {
  const port = 20000 + Math.floor(Math.random() * 20000);
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: serverDirectory,
    env: {
      ...withoutDatabaseUrl(),
      NODE_ENV: 'production',
      LOG_LEVEL: 'info',
      PORT: String(port),
      HOST: '127.0.0.1',
      ...environment,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  cleanups.push(async () => {
    if (child.exitCode !== null) return;
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));
  });
  // Up to 50 s: a busy machine (CI beside other work) can take that long to migrate.
  const deadline = Date.now() + 50_000;
  while (Date.now() < deadline) {
    try {
      if (child.exitCode !== null) break;
      const response = await health(port);
      return {
        response,
        body: (await response.json()) as Record<string, unknown>,
        output: () => output,
        port,
      };
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
  throw new Error(`the server did not start:\n${output}`);
}

/** Runs the entry point until it exits, for settings it must refuse. */
async function runUntilExit(environment: Record<string, string>) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: serverDirectory,
    env: { ...withoutDatabaseUrl(), NODE_ENV: 'production', HOST: '127.0.0.1', ...environment },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  return { code, output };
}

/** GET over HTTPS trusting only the given authority, as a tablet that installed it. */
function httpsGet(url: string, authority: Buffer): Promise<Response> {
  return new Promise((resolve, reject) => {
    const request = httpsRequest(url, { ca: authority }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () =>
        resolve(
          new Response(Buffer.concat(chunks), {
            status: response.statusCode,
            headers: Object.entries(response.headers).flatMap(([name, value]) =>
              typeof value === 'string' ? [[name, value] as [string, string]] : [],
            ),
          }),
        ),
      );
    });
    request.on('error', reject);
    request.end();
  });
}

describe('starting the server', () => {
  it('starts on an empty PGlite directory, migrates, seeds the demo clinic and answers /health', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'mymedic-start-'));
    cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
    const { response, body, output, port } = await startProcess({ DATA_DIR: dataDir });
    expect(response.status).toBe(200);
    expect(body).toMatchObject({ status: 'healthy', database: 'connected' });
    expect(output()).toContain('Demo clinic created');
    const login = await fetch(`http://127.0.0.1:${port}/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'test.doctor@example.com', password: 'password123' }),
    });
    expect(login.status).toBe(200);
  });

  it('serves HTTPS with the certificate of TLS_CERT and TLS_KEY, and says so', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'mymedic-start-'));
    cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
    const { files } = await makeCertificate({
      directory: join(dataDir, 'tls'),
      subjects: ['localhost', '127.0.0.1'],
    });
    const authority = readFileSync(files.authorityCertificate);
    const { response, body, output, port } = await startProcess(
      { DATA_DIR: dataDir, SEED_DEMO: 'never', TLS_CERT: files.certificate, TLS_KEY: files.key },
      (port) => httpsGet(`https://localhost:${port}/health`, authority),
    );
    expect(response.status).toBe(200);
    expect(body).toMatchObject({ status: 'healthy' });
    expect(response.headers.get('strict-transport-security')).toBe('max-age=31536000');
    expect(output()).toContain(`MyMedic is running on https://localhost:${port}`);
  });

  it('refuses to start with a key that is not the certificate’s, naming TLS_KEY', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'mymedic-start-'));
    cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
    const one = await makeCertificate({ directory: join(dataDir, 'one'), subjects: ['localhost'] });
    const two = await makeCertificate({ directory: join(dataDir, 'two'), subjects: ['localhost'] });
    const { code, output } = await runUntilExit({
      DATA_DIR: dataDir,
      TLS_CERT: one.files.certificate,
      TLS_KEY: two.files.key,
    });
    expect(code).not.toBe(0);
    expect(output).toContain(
      `TLS_KEY: ${two.files.key} is not the private key of the certificate ${one.files.certificate}`,
    );
  });

  // Defined only when there is a PostgreSQL to start on (CI always has one).
  const postgresUrl = process.env.DATABASE_URL;
  if (!postgresUrl) return;
  it('starts on an empty PostgreSQL database without seeding it', async () => {
    const name = `mymedic_start_${Date.now()}`;
    const admin = new pg.Client({ connectionString: postgresUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    cleanups.push(async () => {
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    });
    const url = new URL(postgresUrl);
    url.pathname = `/${name}`;
    const { response, body, output } = await startProcess({
      DATABASE_URL: url.toString(),
      JWT_SECRET: 'x'.repeat(40),
    });
    expect(response.status).toBe(200);
    expect(body).toMatchObject({ status: 'healthy', database: 'connected' });
    expect(output()).not.toContain('Demo clinic created');
  });
});
