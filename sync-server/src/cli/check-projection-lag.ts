import { loadConfig } from '../config';

/**
 * `pnpm check-projection-lag [--max-events N] [--max-seconds S] [--url URL]`: asks the
 * running server (its /health) how far each read model is behind the log, prints it,
 * and exits 1 when one has stopped at an event it could not apply or is further behind
 * than allowed (defaults: 1000 events, 30 seconds), 2 when
 * the server does not answer. Asking the server rather than opening the database
 * works for the embedded one too, which only its own process may open.
 */
const options = parseArguments(process.argv.slice(2));
const config = loadConfig();
const url =
  options.url ?? `${config.tls ? 'https' : 'http'}://${connectHost(config.host)}:${config.port}`;

interface Health {
  projections?: Record<
    string,
    { status: string; events_behind: number; seconds_behind: number; failed_hospitals: number }
  >;
}

let health: Health;
try {
  const response = await fetch(`${url}/health`);
  health = (await response.json()) as Health;
} catch (error) {
  console.error(`No answer from ${url}/health: ${(error as Error).message}`);
  process.exit(2);
}
const projections = Object.entries(health.projections ?? {});
let late = false;
for (const [name, lag] of projections) {
  const over =
    lag.status === 'failed' ||
    lag.events_behind > options.maxEvents ||
    lag.seconds_behind > options.maxSeconds;
  late ||= over;
  console.log(
    `${over ? 'LATE' : 'ok  '} ${name.padEnd(14)} ${lag.status.padEnd(10)} ${lag.events_behind} events, ` +
      `${lag.seconds_behind.toFixed(1)} s behind` +
      (lag.failed_hospitals ? `, stopped in ${lag.failed_hospitals} hospital(s)` : ''),
  );
}
if (projections.length === 0) {
  console.error(`${url}/health reports no projections`);
  process.exit(2);
}
process.exit(late ? 1 : 0);

function parseArguments(args: string[]) {
  const parsed = { maxEvents: 1000, maxSeconds: 30, url: undefined as string | undefined };
  for (let index = 0; index < args.length; index += 2) {
    const [flag, value] = [args[index], args[index + 1]];
    if (flag === '--url' && value) parsed.url = value.replace(/\/$/, '');
    else if (flag === '--max-events' && value && /^\d+$/.test(value))
      parsed.maxEvents = Number(value);
    else if (flag === '--max-seconds' && value && /^\d+(\.\d+)?$/.test(value))
      parsed.maxSeconds = Number(value);
    else {
      console.error(
        `Unknown or incomplete option ${flag}. Usage: check-projection-lag [--max-events N] [--max-seconds S] [--url URL]`,
      );
      process.exit(2);
    }
  }
  return parsed;
}

function connectHost(host: string) {
  return host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
}
