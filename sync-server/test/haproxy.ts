import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

// HAProxy in front of several server processes, for the reliability suite and the
// benchmarks alike (exported as @mymedic/sync-server/haproxy): nothing of either here.

const sampleConfig = fileURLToPath(new URL('../../deploy/haproxy.cfg', import.meta.url));

/** Debian puts it in /usr/sbin, which an ordinary user's PATH may lack. */
const haproxy = existsSync('/usr/sbin/haproxy') ? '/usr/sbin/haproxy' : 'haproxy';

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface BalancerOptions {
  /**
   * The backend's `balance` (the sample's is `leastconn`). `roundrobin` hands each new
   * request to the next process in turn, whatever each one holds already.
   */
  balance?: 'leastconn' | 'roundrobin';
}

export type Balancer = Awaited<ReturnType<typeof startBalancer>>;

/** HAProxy's `show stat` on its socket: the CSV, one line per frontend, backend and server. */
function askStats(socket: string) {
  return new Promise<string>((resolve, reject) => {
    const connection = createConnection(socket);
    let answer = '';
    connection.on('data', (chunk) => (answer += chunk.toString()));
    connection.on('end', () => resolve(answer));
    connection.on('error', reject);
    connection.end('show stat\n');
  });
}

/**
 * HAProxy (Debian's `haproxy`) in front of the processes on `serverPorts`, run from the
 * sample `deploy/haproxy.cfg` with its bind and server lines put on these ports, the
 * lines that need a certificate (marked `# tls`) left out, and a stats socket of its own
 * (to count what each process holds).
 */
export async function startBalancer(
  port: number,
  serverPorts: number[],
  options: BalancerOptions = {},
) {
  const directory = mkdtempSync(join(tmpdir(), 'mymedic-haproxy-'));
  const socket = join(directory, 'stats.sock');
  const lines = readFileSync(sampleConfig, 'utf8')
    .split('\n')
    .filter((line) => !line.includes('# tls') && !/^\s*server /.test(line))
    .map((line) => (/^\s*bind /.test(line) ? `  bind 127.0.0.1:${port}` : line))
    .map((line) =>
      options.balance && /^\s*balance /.test(line) ? `  balance ${options.balance}` : line,
    )
    .flatMap((line) =>
      /^global\s*$/.test(line) ? [line, `  stats socket ${socket} mode 600 level user`] : [line],
    );
  const config = [
    ...lines,
    ...serverPorts.map(
      (serverPort, index) => `  server sync${index + 1} 127.0.0.1:${serverPort} check`,
    ),
  ].join('\n');
  const file = join(directory, 'haproxy.cfg');
  writeFileSync(file, `${config}\n`);
  const child = spawn(haproxy, ['-f', file, '-db'], { stdio: ['ignore', 'pipe', 'pipe'] });
  const output: string[] = [];
  const keep = (chunk: Buffer) => {
    output.push(chunk.toString());
    if (output.length > 200) output.shift();
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  child.once('exit', (code, signal) => keep(Buffer.from(`HAProxy exited (${code ?? signal})\n`)));
  const failed = new Promise<never>((_resolve, reject) => {
    child.once('error', (error) =>
      reject(new Error(`HAProxy could not start (apt-get install -y haproxy): ${error.message}`)),
    );
    child.once('exit', (code) =>
      reject(new Error(`HAProxy exited (${code}):\n${output.join('')}`)),
    );
  });
  failed.catch(() => undefined);
  const reap = () => child.kill('SIGKILL');
  process.once('exit', reap);
  const url = `http://127.0.0.1:${port}`;
  const up = (async () => {
    for (let waited = 0; waited < 30_000; waited += 100) {
      const answer = await fetch(`${url}/health`).catch(() => null);
      if (answer?.status === 200) return;
      await pause(100);
    }
    throw new Error(`HAProxy did not pass /health on within 30 s:\n${output.join('')}`);
  })();
  try {
    await Promise.race([up, failed]);
  } catch (error) {
    process.off('exit', reap);
    child.kill('SIGKILL');
    rmSync(directory, { recursive: true, force: true });
    throw error;
  }
  return {
    url,
    get output() {
      return output.join('');
    },
    /** The connections each process (`sync1`, `sync2`, …) holds from HAProxy now. */
    async connectionsPerServer(): Promise<Record<string, number>> {
      const [header, ...rows] = (await askStats(socket)).trim().split('\n');
      const columns = (header ?? '').replace(/^# /, '').split(',');
      const at = (name: string) => columns.indexOf(name);
      const counts: Record<string, number> = {};
      for (const row of rows.map((line) => line.split(','))) {
        const [proxy, server] = [row[at('pxname')], row[at('svname')]];
        if (proxy === 'sync_servers' && server?.startsWith('sync'))
          counts[server] = Number(row[at('scur')]);
      }
      return counts;
    },
    async stop() {
      process.off('exit', reap);
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        await new Promise((resolve) => child.once('exit', resolve));
      }
      rmSync(directory, { recursive: true, force: true });
    },
  };
}
