import { X509Certificate, createPrivateKey, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fullSignInAfterHours } from '@mymedic/shared';
import { z } from 'zod';
import {
  readReminderSettings,
  reminderEnvironment,
  type ReminderSettings,
} from './reminder-config';
import { portalEnvironment, readPortalSettings, type PortalSettings } from './portal-config';

/**
 * Sign-in throttling: growing delays, never a lock-out. Each level lets `free` failures
 * in the window pass, then makes every further attempt wait 2, 4, 8... seconds after
 * the last failure, up to `maxDelaySeconds`.
 */
export interface LoginThrottle {
  /** Failures of one account from one address (someone guessing from one place). */
  freeFailuresPerPair: number;
  /** Failures from one address, whatever the accounts (one place trying many accounts). */
  freeFailuresPerAddress: number;
  /**
   * Failures of one account from anywhere. This level only slows the addresses that have
   * failed for the account themselves, timed from their own last failure: an address
   * with no failure (the person's own tablet) still signs in during a flood.
   */
  freeFailuresPerAccount: number;
  maxDelaySeconds: number;
  /** How long a failure counts. */
  windowSeconds: number;
}

export const repositoryRoot = fileURLToPath(new URL('../../', import.meta.url));
const defaultDataDir = join(repositoryRoot, 'data');

const list = z.string().transform((value) =>
  value
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean),
);

const environmentSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  HOST: z.string().default('0.0.0.0'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  DATABASE_URL: z.string().url().optional(),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  DATA_DIR: z.string().default(defaultDataDir),
  CLIENT_DIST: z.string().default(join(repositoryRoot, 'client', 'dist')),
  JWT_SECRET: z
    .string()
    .min(32, { message: 'JWT_SECRET must be at least 32 characters' })
    .optional(),
  ACCESS_TOKEN_TTL_SECONDS: z.coerce.number().int().min(30).max(3600).default(900),
  SESSION_HOURS: z.coerce.number().int().min(1).max(168).default(fullSignInAfterHours),
  CORS_ORIGINS: list.default([]),
  RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(1200),
  LOGIN_FREE_FAILURES_PER_ACCOUNT_ADDRESS: z.coerce.number().int().min(1).default(5),
  LOGIN_FREE_FAILURES_PER_ADDRESS: z.coerce.number().int().min(1).default(30),
  LOGIN_FREE_FAILURES_PER_ACCOUNT: z.coerce.number().int().min(1).default(20),
  LOGIN_MAX_DELAY_SECONDS: z.coerce.number().int().min(1).max(86_400).default(900),
  LOGIN_FAILURE_WINDOW_HOURS: z.coerce.number().int().min(1).max(720).default(24),
  LIVE_KEEPALIVE_SECONDS: z.coerce.number().int().min(1).default(15),
  LIVE_MAX_PER_SESSION: z.coerce.number().int().min(1).max(100).default(3),
  LIVE_MAX_PER_HOSPITAL: z.coerce.number().int().min(1).default(500),
  FILES_QUOTA_MB_PER_HOSPITAL: z.coerce.number().int().min(1).default(5120),
  SNAPSHOT_FREQUENCY: z.coerce
    .number({ message: 'SNAPSHOT_FREQUENCY must be a number of events' })
    .int()
    .min(10, { message: 'SNAPSHOT_FREQUENCY must be at least 10 events' })
    .default(100),
  REFUSALS_KEPT_PER_USER: z.coerce.number().int().min(1).max(1_000_000).default(5000),
  // How long a request may rely on an earlier read of the person's roles, active state
  // and session: sign-out, deactivation and role changes reach every route within it.
  AUTH_CHECK_CACHE_SECONDS: z.coerce.number().min(0).max(60).default(5),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  SEED_DEMO: z.enum(['auto', 'never', 'always']).default('auto'),
  // Only behind a reverse proxy that sets X-Forwarded-For: otherwise any client could
  // pick its own address and slip past the per-address limits.
  TRUST_PROXY: z
    .enum(['true', 'false'], { message: 'TRUST_PROXY must be true or false' })
    .default('false')
    .transform((value) => value === 'true'),
  RUN_PROJECTOR: z
    .enum(['true', 'false'], { message: 'RUN_PROJECTOR must be true or false' })
    .default('true')
    .transform((value) => value === 'true'),
  // Events the projector applies per transaction (with its checkpoint's move): larger
  // pages catch up faster, smaller ones take less from the pushes while they last.
  PROJECTOR_PAGE_SIZE: z.coerce
    .number({ message: 'PROJECTOR_PAGE_SIZE must be a number of events' })
    .int()
    .min(1, { message: 'PROJECTOR_PAGE_SIZE must be at least 1 event' })
    .max(5000, { message: 'PROJECTOR_PAGE_SIZE must be at most 5000 events' })
    .default(500),
  ENABLE_METRICS: z
    .enum(['true', 'false'], { message: 'ENABLE_METRICS must be true or false' })
    .default('false')
    .transform((value) => value === 'true'),
  // HTTPS: PEM files of the server's certificate (its chain may follow) and private
  // key, both or neither. `pnpm make-certificate` makes a pair.
  TLS_CERT: z.string().optional(),
  TLS_KEY: z.string().optional(),
  ...reminderEnvironment,
  ...portalEnvironment,
});

export type {
  ReminderSettings,
  SmsGatewaySettings,
  SmtpSettings,
  WhatsAppChannelSettings,
} from './reminder-config';
export type { PortalSettings, PortalWhatsAppSettings } from './portal-config';

export interface TlsSettings {
  certificate: string;
  key: string;
  certificateFile: string;
  keyFile: string;
  /** When the server certificate stops being accepted. */
  validTo: Date;
}

export interface Config {
  environment: 'development' | 'production' | 'test';
  host: string;
  port: number;
  database: { url: string; poolSize: number } | { dataDir: string | null };
  clientDist: string;
  jwtSecret: string;
  accessTokenTtlSeconds: number;
  /** Hours from a sign-in with the password until its refresh tokens stop working. */
  sessionHours: number;
  corsOrigins: string[];
  rateLimitPerMinute: number;
  /** Growing delays after failed sign-ins (see LoginThrottle). */
  loginThrottle: LoginThrottle;
  liveKeepaliveSeconds: number;
  /** Live streams per session (a person on one device): a new one ends the oldest. */
  liveMaxPerSession: number;
  /** Live streams per hospital: past it, 429. */
  liveMaxPerHospital: number;
  /** The most bytes of document files one hospital may store. */
  filesQuotaBytesPerHospital: number;
  /**
   * Conflicts and rejections kept per person: a copy of a refused command that arrives
   * later is refused again as it was, as long as its refusal is among these.
   */
  refusalsKept: number;
  /** A push snapshots a stream once it has grown this many events past its last snapshot. */
  snapshotEvery: number;
  /** Seconds a session's check (roles, active, signed in) is reused; 0 reads every time. */
  authCheckCacheSeconds: number;
  logLevel: string;
  seedDemo: 'auto' | 'never' | 'always';
  /** Take the client's address from X-Forwarded-For (only behind a trusted proxy). */
  trustProxy: boolean;
  /** Serve Prometheus metrics at GET /metrics. */
  metrics: boolean;
  /** Keep the read models behind the log in this process. */
  runProjector: boolean;
  /** Events the projector applies per transaction. */
  projectorPageSize: number;
  /** Serve HTTPS with this certificate; null serves plain HTTP. */
  tls: TlsSettings | null;
  /** Appointment reminders: the sender and the channels this server can send on. */
  reminders: ReminderSettings;
  /** The patient portal: its sessions, its limits on codes, WhatsApp for codes. */
  portal: PortalSettings;
  version: string;
}

/** The secret of an embedded install, made once and kept beside its data. */
function embeddedSecret(dataDir: string): string {
  const file = join(dataDir, 'jwt-secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(48).toString('base64url');
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}

function readSettingFile(setting: string, path: string, problems: string[]): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason =
      code === 'ENOENT'
        ? 'no such file'
        : code === 'EACCES' || code === 'EPERM'
          ? 'permission denied'
          : code === 'EISDIR'
            ? 'a folder, not a file'
            : (error as Error).message;
    problems.push(`  ${setting}: cannot read ${path} (${reason})`);
    return null;
  }
}

/** The certificate and key of TLS_CERT and TLS_KEY, read and checked to be a pair. */
function readTls(certificateSetting?: string, keySetting?: string): TlsSettings | null {
  if (!certificateSetting && !keySetting) return null;
  const problems: string[] = [];
  if (!certificateSetting || !keySetting) {
    const [missing, given] = certificateSetting ? ['TLS_KEY', 'TLS_CERT'] : ['TLS_CERT', 'TLS_KEY'];
    problems.push(`  ${missing}: required with ${given} (set both to serve HTTPS, or neither)`);
  }
  const certificateFile = certificateSetting ? resolve(certificateSetting) : '';
  const keyFile = keySetting ? resolve(keySetting) : '';
  const certificate = certificateSetting
    ? readSettingFile('TLS_CERT', certificateFile, problems)
    : null;
  const key = keySetting ? readSettingFile('TLS_KEY', keyFile, problems) : null;
  let parsedCertificate: X509Certificate | null = null;
  let parsedKey: ReturnType<typeof createPrivateKey> | null = null;
  if (certificate !== null) {
    try {
      parsedCertificate = new X509Certificate(certificate);
    } catch {
      problems.push(`  TLS_CERT: ${certificateFile} is not a PEM certificate`);
    }
  }
  if (key !== null) {
    try {
      parsedKey = createPrivateKey(key);
    } catch (error) {
      problems.push(
        `  TLS_KEY: ${keyFile} is not an unencrypted PEM private key (${(error as Error).message})`,
      );
    }
  }
  if (parsedCertificate && parsedKey && !parsedCertificate.checkPrivateKey(parsedKey)) {
    problems.push(
      `  TLS_KEY: ${keyFile} is not the private key of the certificate ${certificateFile}`,
    );
  }
  if (problems.length > 0) throw new Error(`Invalid configuration:\n${problems.join('\n')}`);
  return {
    certificate: certificate!,
    key: key!,
    certificateFile,
    keyFile,
    validTo: new Date(parsedCertificate!.validTo),
  };
}

/**
 * Reads the settings once, at start-up, and fails fast with every problem named. This
 * is the only reader of process.env in the server.
 */
export function loadConfig(environment: NodeJS.ProcessEnv = process.env): Config {
  // An empty setting (`DATABASE_URL=` in a .env file) means "not set".
  const given = Object.fromEntries(Object.entries(environment).filter(([, value]) => value !== ''));
  const parsed = environmentSchema.safeParse(given);
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (issue) => `  ${issue.path.join('.')}: ${issue.message}`,
    );
    throw new Error(`Invalid configuration:\n${problems.join('\n')}`);
  }
  const env = parsed.data;
  const dataDir = resolve(env.DATA_DIR);
  if (env.DATABASE_URL && !env.JWT_SECRET && env.NODE_ENV === 'production') {
    throw new Error(
      'Invalid configuration:\n  JWT_SECRET: required in production with DATABASE_URL',
    );
  }
  const tls = readTls(env.TLS_CERT, env.TLS_KEY);
  const reminders = readReminderSettings(env, env.NODE_ENV);
  const portal = readPortalSettings(env);
  const packageJson = JSON.parse(readFileSync(join(repositoryRoot, 'package.json'), 'utf8')) as {
    version?: string;
  };
  return {
    environment: env.NODE_ENV,
    host: env.HOST,
    port: env.PORT,
    database: env.DATABASE_URL
      ? { url: env.DATABASE_URL, poolSize: env.DATABASE_POOL_SIZE }
      : { dataDir: join(dataDir, 'pglite') },
    clientDist: resolve(env.CLIENT_DIST),
    jwtSecret: env.JWT_SECRET ?? embeddedSecret(dataDir),
    accessTokenTtlSeconds: env.ACCESS_TOKEN_TTL_SECONDS,
    sessionHours: env.SESSION_HOURS,
    corsOrigins: env.CORS_ORIGINS,
    rateLimitPerMinute: env.RATE_LIMIT_PER_MINUTE,
    loginThrottle: {
      freeFailuresPerPair: env.LOGIN_FREE_FAILURES_PER_ACCOUNT_ADDRESS,
      freeFailuresPerAddress: env.LOGIN_FREE_FAILURES_PER_ADDRESS,
      freeFailuresPerAccount: env.LOGIN_FREE_FAILURES_PER_ACCOUNT,
      maxDelaySeconds: env.LOGIN_MAX_DELAY_SECONDS,
      windowSeconds: env.LOGIN_FAILURE_WINDOW_HOURS * 3600,
    },
    liveKeepaliveSeconds: env.LIVE_KEEPALIVE_SECONDS,
    liveMaxPerSession: env.LIVE_MAX_PER_SESSION,
    liveMaxPerHospital: env.LIVE_MAX_PER_HOSPITAL,
    filesQuotaBytesPerHospital: env.FILES_QUOTA_MB_PER_HOSPITAL * 1024 * 1024,
    refusalsKept: env.REFUSALS_KEPT_PER_USER,
    snapshotEvery: env.SNAPSHOT_FREQUENCY,
    authCheckCacheSeconds: env.AUTH_CHECK_CACHE_SECONDS,
    logLevel: env.LOG_LEVEL,
    seedDemo: env.SEED_DEMO,
    trustProxy: env.TRUST_PROXY,
    metrics: env.ENABLE_METRICS,
    runProjector: env.RUN_PROJECTOR,
    projectorPageSize: env.PROJECTOR_PAGE_SIZE,
    tls,
    reminders,
    portal,
    version: packageJson.version ?? '0.0.0',
  };
}

/** DATA_DIR alone, for commands that need no other setting (and must not make any). */
export function dataDirectory(environment: NodeJS.ProcessEnv = process.env): string {
  return resolve(environment.DATA_DIR || defaultDataDir);
}

/** A configuration for tests: in-memory PGlite unless DATABASE_URL is given. */
export function testConfig(overrides: Partial<Config> = {}): Config {
  return {
    environment: 'test',
    host: '127.0.0.1',
    port: 0,
    database: { dataDir: null },
    clientDist: join(repositoryRoot, 'client', 'dist'),
    jwtSecret: randomBytes(48).toString('base64url'),
    accessTokenTtlSeconds: 900,
    sessionHours: fullSignInAfterHours,
    corsOrigins: ['http://localhost:5173'],
    rateLimitPerMinute: 100_000,
    // Tests sign in from one address many times over: only the account levels bite.
    loginThrottle: {
      freeFailuresPerPair: 5,
      freeFailuresPerAddress: 10_000,
      freeFailuresPerAccount: 20,
      maxDelaySeconds: 900,
      windowSeconds: 24 * 3600,
    },
    liveKeepaliveSeconds: 15,
    liveMaxPerSession: 3,
    liveMaxPerHospital: 500,
    filesQuotaBytesPerHospital: 5120 * 1024 * 1024,
    refusalsKept: 5000,
    snapshotEvery: 100,
    authCheckCacheSeconds: 5,
    logLevel: 'silent',
    seedDemo: 'never',
    trustProxy: false,
    metrics: false,
    runProjector: true,
    projectorPageSize: 500,
    tls: null,
    // No channel and no sender loop: reminder tests start their own.
    reminders: {
      runSender: false,
      sendTimeoutMs: 5000,
      maxAttempts: 3,
      retryBaseMs: 1000,
      intervalMs: 5000,
      leaseMarginMs: 30_000,
      senderClockOffsetMs: 0,
      smtp: null,
      sms: null,
      whatsapp: null,
    },
    portal: {
      sessionHours: 12,
      resendSeconds: 60,
      codesPerContactPerHour: 5,
      codesPerPatientPerHour: 10,
      whatsapp: null,
    },
    version: 'test',
    ...overrides,
  };
}
