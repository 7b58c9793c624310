import { fileURLToPath } from 'node:url';
import { defineConfig } from '@playwright/test';
import { chromiumLaunch } from './tests/chromium';

/**
 * The whole app as a user runs it: the sync server on a fresh embedded database (with
 * its demo clinic) serving the built client, driven through Debian's Chromium. Each
 * browser context is one tablet.
 */
const port = Number(process.env.E2E_PORT ?? 3197);
const dataDir = fileURLToPath(new URL('./.data', import.meta.url));

export default defineConfig({
  testDir: './tests',
  fullyParallel: false,
  workers: 1,
  timeout: 90_000,
  expect: { timeout: 15_000 },
  retries: 0,
  reporter: process.env.CI ? [['line']] : [['list']],
  use: {
    baseURL: `http://localhost:${port}`,
    serviceWorkers: 'allow',
    viewport: { width: 768, height: 1024 },
    trace: 'retain-on-failure',
    launchOptions: chromiumLaunch,
  },
  webServer: {
    command: `rm -rf "${dataDir}" && pnpm --dir .. --filter @mymedic/sync-server start`,
    url: `http://localhost:${port}/health`,
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: 'pipe',
    stderr: 'pipe',
    env: {
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      DATABASE_URL: '',
      SEED_DEMO: 'auto',
      LOG_LEVEL: 'warn',
      NODE_ENV: 'production',
    },
  },
});
