import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

const serverDirectory = fileURLToPath(new URL('../../../sync-server/', import.meta.url));

/** A free TCP port on the loopback: the proxy must find the server at the same one after each restart. */
export async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const address = probe.address();
  await new Promise((resolve) => probe.close(resolve));
  if (typeof address !== 'object' || !address) throw new Error('no port');
  return address.port;
}

/**
 * A PostgreSQL database of the suite's own, made on the server of `DATABASE_URL` (or
 * the local one) and dropped at the end, so that killing connections touches nobody else.
 */
export async function createScratchDatabase(baseUrl: string, name: string) {
  const adminUrl = new URL(baseUrl);
  adminUrl.pathname = '/postgres';
  const admin = new pg.Client({ connectionString: adminUrl.toString() });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const client = new pg.Client({ connectionString: adminUrl.toString() });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    },
  };
}

/**
 * The real sync server in its own process, as a clinic runs it (`tsx src/main.ts`),
 * which the test kills with SIGKILL and starts again on the same port and database.
 */
export class ServerProcess {
  private child: ChildProcess | null = null;
  private starting: Promise<void> | null = null;
  /** The last lines the server printed, shown when a run fails. */
  readonly output: string[] = [];
  /** Exits nobody asked for: a crash the faults provoked. */
  readonly crashes: string[] = [];
  kills = 0;

  constructor(
    readonly port: number,
    private readonly environment: Record<string, string>,
  ) {}

  get url() {
    return `http://127.0.0.1:${this.port}`;
  }

  get running() {
    return this.child !== null && this.starting === null;
  }

  /** Starts the process and waits until /health answers 200; a start in progress is shared. */
  start(): Promise<void> {
    this.starting ??= this.launchRetrying().finally(() => {
      this.starting = null;
    });
    return this.starting;
  }

  /** Start-ups that failed (a database connection cut while it migrated): it exits, as it should, and is started again. */
  failedStarts = 0;

  private async launchRetrying() {
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await this.launch();
      } catch (error) {
        this.failedStarts += 1;
        if (attempt >= 5) throw error;
      }
    }
  }

  private async launch() {
    const { DATABASE_URL: _inherited, ...inherited } = process.env;
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: serverDirectory,
      env: {
        ...inherited,
        NODE_ENV: 'production',
        LOG_LEVEL: 'warn',
        HOST: '127.0.0.1',
        PORT: String(this.port),
        SEED_DEMO: 'never',
        RATE_LIMIT_PER_MINUTE: '10000000',
        // It runs behind the test's proxy; each run's clinic signs in from an address of
        // its own (X-Forwarded-For), as clinics behind one gateway would.
        TRUST_PROXY: 'true',
        ...this.environment,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    const keep = (chunk: Buffer) => {
      for (const line of chunk.toString().split('\n').filter(Boolean)) {
        this.output.push(line);
        if (this.output.length > 200) this.output.shift();
      }
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    // Should the test process end first (a timeout, an interrupt), the server goes too.
    const reap = () => child.kill('SIGKILL');
    process.once('exit', reap);
    let serving = false;
    child.once('exit', (code, signal) => {
      process.off('exit', reap);
      if (this.child !== child) return;
      this.child = null;
      if (serving)
        this.crashes.push(`exit ${code ?? signal}: ${this.output.slice(-5).join(' | ')}`);
    });
    for (let attempt = 0; attempt < 600; attempt += 1) {
      if (child.exitCode !== null || child.signalCode !== null)
        throw new Error(`the server exited during start-up:\n${this.output.join('\n')}`);
      try {
        if ((await fetch(`${this.url}/health`)).ok) {
          serving = true;
          return;
        }
      } catch {
        // not listening yet
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error('the server did not start within a minute');
  }

  /** SIGKILL: no shutdown hook runs, a transaction in flight is cut wherever it is. */
  async kill() {
    const child = this.child;
    if (!child) return;
    this.child = null;
    this.kills += 1;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
  }

  async stop() {
    await this.starting?.catch(() => undefined);
    const child = this.child;
    if (!child) return;
    this.child = null;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  }
}
