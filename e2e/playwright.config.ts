import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from '@playwright/test';
import { chromiumLaunch } from './tests/chromium';
import { smsGatewayToken, smsGatewayUrl } from './tests/sms-gateway';
import { authorityFile, browserHome, secureHost, tlsDirectory } from './tests/tls';

/**
 * The whole app as a user runs it: the sync server on a fresh embedded database (with
 * its demo clinic) serving the built client, driven through Debian's Chromium. Each
 * browser context is one tablet.
 *
 * Two runs: `http`, every spec against the server on http://localhost; and `https`, the
 * offline spec against a second server over HTTPS under a name other than localhost
 * (clinic.test), the way a tablet reaches the clinic's server on its network. Chromium
 * resolves that name to this machine and trusts the certificate authority that
 * `pnpm make-certificate` made, installed with NSS's certutil (Debian's libnss3-tools).
 */
const port = Number(process.env.E2E_PORT ?? 3197);
const httpsPort = Number(process.env.E2E_HTTPS_PORT ?? port + 1);
const dataDir = fileURLToPath(new URL('./.data', import.meta.url));
const httpsDataDir = fileURLToPath(new URL('./.data-https', import.meta.url));
const nssDatabase = `sql:${join(browserHome, '.pki', 'nssdb')}`;

const serverEnvironment = {
  HOST: '127.0.0.1',
  DATABASE_URL: '',
  SEED_DEMO: 'auto',
  LOG_LEVEL: 'warn',
  NODE_ENV: 'production',
  // Text messages (the portal's sign-in codes) go to portal.spec.ts's gateway stand-in.
  SMS_GATEWAY_URL: smsGatewayUrl,
  SMS_GATEWAY_TOKEN: smsGatewayToken,
};
const startServer = 'pnpm --dir .. --filter @mymedic/sync-server start';

export default defineConfig({
  testDir: './tests',
  fullyParallel: false,
  workers: 1,
  timeout: 90_000,
  expect: { timeout: 15_000 },
  retries: 0,
  reporter: process.env.CI ? [['line']] : [['list']],
  use: {
    serviceWorkers: 'allow',
    viewport: { width: 768, height: 1024 },
    trace: 'retain-on-failure',
    launchOptions: chromiumLaunch,
  },
  projects: [
    { name: 'http', use: { baseURL: `http://localhost:${port}` } },
    {
      name: 'https',
      testMatch: 'offline-sync.spec.ts',
      use: {
        baseURL: `https://${secureHost}:${httpsPort}`,
        launchOptions: {
          ...chromiumLaunch,
          args: [...chromiumLaunch.args, `--host-resolver-rules=MAP ${secureHost} 127.0.0.1`],
          env: { ...definedEnvironment(), HOME: browserHome },
        },
      },
    },
  ],
  webServer: [
    {
      command: `rm -rf "${dataDir}" && ${startServer}`,
      url: `http://localhost:${port}/health`,
      reuseExistingServer: false,
      timeout: 120_000,
      stdout: 'pipe',
      stderr: 'pipe',
      env: { ...serverEnvironment, PORT: String(port), DATA_DIR: dataDir },
    },
    {
      // A fresh authority and certificate each run, made by the command clinics use.
      command: [
        `command -v certutil > /dev/null || { echo 'The https run needs NSS certutil: apt-get install libnss3-tools' >&2; exit 1; }`,
        `rm -rf "${httpsDataDir}" "${tlsDirectory}"`,
        `pnpm --dir .. make-certificate --out "${tlsDirectory}" ${secureHost} > /dev/null`,
        `mkdir -p "${join(browserHome, '.pki', 'nssdb')}"`,
        `certutil -N -d "${nssDatabase}" --empty-password`,
        `certutil -A -d "${nssDatabase}" -n "MyMedic e2e authority" -t C,, -i "${authorityFile}"`,
        startServer,
      ].join(' && '),
      url: `https://127.0.0.1:${httpsPort}/health`,
      ignoreHTTPSErrors: true,
      reuseExistingServer: false,
      timeout: 120_000,
      stdout: 'pipe',
      stderr: 'pipe',
      env: {
        ...serverEnvironment,
        PORT: String(httpsPort),
        DATA_DIR: httpsDataDir,
        TLS_CERT: join(tlsDirectory, 'server.crt'),
        TLS_KEY: join(tlsDirectory, 'server.key'),
      },
    },
  ],
});

function definedEnvironment(): Record<string, string> {
  return Object.fromEntries(
    Object.entries(process.env).filter((entry): entry is [string, string] => entry[1] != null),
  );
}
