import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';

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
async function startProcess(environment: Record<string, string>) {
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
  for (let attempt = 0; attempt < 120; attempt += 1) {
    try {
      const response = await fetch(`http://127.0.0.1:${port}/health`);
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
      body: JSON.stringify({
        email: 'test.doctor@example.com',
        password: 'password123',
        device_id: 'reception-desktop',
      }),
    });
    expect(login.status).toBe(200);
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
