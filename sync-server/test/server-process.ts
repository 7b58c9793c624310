import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

const serverDirectory = fileURLToPath(new URL('../', import.meta.url));

/** How a start ended: up and answering, or the process gone with what it printed. */
export type StartOutcome = { up: true } | { up: false; exitCode: number | null; output: string };

/**
 * The real server in a process of its own, started as an administrator starts it
 * (`src/main.ts` under tsx) and killed as a power cut kills it. The process is node
 * itself, not a pnpm or tsx wrapper: a SIGKILL sent to a wrapper would leave the server
 * running, and a restart would then open the same database beside it.
 */
export class ServerProcess {
  readonly url: string;
  private child: ChildProcess | undefined;
  private exited: Promise<number | null> = Promise.resolve(null);
  private printed: string[] = [];
  private partialLine = '';
  private watchers: { text: string; times: number; seen: number; found: () => void }[] = [];

  constructor(
    private readonly environment: Record<string, string>,
    readonly port: number,
  ) {
    this.url = `http://127.0.0.1:${port}`;
  }

  /** Starts the process without waiting for it to answer (`settings` for this start only). */
  spawn(settings: Record<string, string> = {}) {
    if (this.running) throw new Error('the server process is already running');
    const { DATABASE_URL: _inherited, DATA_DIR: _inheritedDirectory, ...inherited } = process.env;
    this.printed = [];
    this.partialLine = '';
    this.watchers = [];
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: serverDirectory,
      env: {
        ...inherited,
        NODE_ENV: 'production',
        LOG_LEVEL: 'warn',
        HOST: '127.0.0.1',
        PORT: String(this.port),
        SEED_DEMO: 'never',
        JWT_SECRET: 'reliability-secret-reliability-secret-0123',
        RATE_LIMIT_PER_MINUTE: '10000000',
        ...this.environment,
        ...settings,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const keep = (chunk: Buffer) => {
      const text = chunk.toString();
      this.printed.push(text);
      if (this.printed.length > 200) this.printed.shift();
      const lines = (this.partialLine + text).split('\n');
      this.partialLine = lines.pop() ?? '';
      for (const line of lines) this.hear(line);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    // Should the test process end first (a timeout, an interrupt), the server goes too.
    const reap = () => child.kill('SIGKILL');
    process.once('exit', reap);
    this.exited = new Promise((resolve) =>
      child.once('exit', (code) => {
        process.off('exit', reap);
        resolve(code);
      }),
    );
    this.child = child;
  }

  /** Waits until /health answers 200, or the process exits, or the time runs out. */
  async waitUntilUp(timeoutMs = 120_000): Promise<StartOutcome> {
    const child = this.child;
    if (!child) throw new Error('the server process was never started');
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (child.exitCode !== null || child.signalCode !== null)
        return { up: false, exitCode: child.exitCode, output: this.output };
      try {
        if ((await fetch(`${this.url}/health`)).status === 200) return { up: true };
      } catch {
        // Not listening yet.
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`the server did not answer within ${timeoutMs} ms:\n${this.output}`);
  }

  /** Starts the process and waits until it answers; fails with its output if it exits. */
  async start(settings: Record<string, string> = {}, timeoutMs?: number) {
    this.spawn(settings);
    const outcome = await this.waitUntilUp(timeoutMs);
    if (!outcome.up)
      throw new Error(
        `the server exited (${outcome.exitCode}) during start-up:\n${outcome.output}`,
      );
  }

  /**
   * Resolves once the process has printed a line holding `text` `times` times since it
   * started; fails if it exits first or the time runs out.
   */
  printedTimes(text: string, times: number, timeoutMs = 120_000): Promise<void> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () =>
          reject(new Error(`no ${times} lines with ${text} in ${timeoutMs} ms:\n${this.output}`)),
        timeoutMs,
      );
      const done = (outcome: () => void) => () => {
        clearTimeout(timer);
        outcome();
      };
      void this.exited.then(
        done(() => reject(new Error(`the server exited before printing ${text}:\n${this.output}`))),
      );
      this.watchers.push({ text, times, seen: 0, found: done(resolve) });
    });
  }

  private hear(line: string) {
    for (const watcher of this.watchers) {
      if (!line.includes(watcher.text)) continue;
      watcher.seen += 1;
      if (watcher.seen === watcher.times) watcher.found();
    }
  }

  get running() {
    return !!this.child && this.child.exitCode === null && this.child.signalCode === null;
  }

  get pid() {
    return this.child?.pid;
  }

  /** What the process printed last (its last 200 chunks). */
  get output() {
    return this.printed.join('');
  }

  /** Kills the process with no chance to close anything (a power cut, an OOM kill). */
  async kill() {
    if (!this.running) return;
    this.child!.kill('SIGKILL');
    await this.exited;
  }

  /** Stops the process as a service manager does (SIGTERM: it closes the database). */
  async stop() {
    if (!this.running) return;
    this.child!.kill('SIGTERM');
    await this.exited;
  }
}

let portsTaken = 0;

/**
 * A port nobody listens on now (the system's pick), or the next one from
 * `RELIABILITY_PORT` on when that is set (a range of one's own on a shared machine).
 */
export async function freePort(): Promise<number> {
  if (process.env.RELIABILITY_PORT) return Number(process.env.RELIABILITY_PORT) + portsTaken++;
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (!address || typeof address !== 'object') throw new Error('no port to listen on');
  return address.port;
}

/**
 * A PostgreSQL database of the test's own on the server of `baseUrl`, made empty and
 * dropped at the end, so that what the test kills and counts touches nobody else.
 */
export async function createScratchDatabase(baseUrl: string, name: string) {
  const adminUrl = new URL(baseUrl);
  adminUrl.pathname = '/postgres';
  const run = async (statement: string) => {
    const admin = new pg.Client({ connectionString: adminUrl.toString() });
    await admin.connect();
    try {
      await admin.query(statement);
    } finally {
      await admin.end();
    }
  };
  await run(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await run(`CREATE DATABASE ${name}`);
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => run(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}
