import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { build } from 'vite';
import { chromiumLaunch } from '../../e2e/tests/chromium';
import { startServerProcess, type RunningServer } from './server-process';

const browserDirectory = fileURLToPath(new URL('../browser/', import.meta.url));
const harnessDist = fileURLToPath(new URL('../.work/harness/', import.meta.url));

/** Builds bench/browser (the harness page over the client's own engine) with Vite. */
export async function buildHarness() {
  await build({
    root: browserDirectory,
    logLevel: 'warn',
    configFile: false,
    build: { outDir: harnessDist, emptyOutDir: true, target: 'es2022', sourcemap: false },
  });
}

export interface HarnessSession {
  server: RunningServer;
  browser: Browser;
  page: Page;
  close(): Promise<void>;
}

/**
 * A real sync server process serving the harness, so the page and the API share an
 * origin, and Debian's Chromium (headless, launched as e2e launches it; Playwright
 * never downloads a browser) with the harness open.
 */
export async function openHarness(environment: Record<string, string>): Promise<HarnessSession> {
  const server = await startServerProcess({ ...environment, CLIENT_DIST: harnessDist });
  let browser: Browser | undefined;
  try {
    browser = await chromium.launch({ ...chromiumLaunch, headless: true });
    const page = await browser.newPage();
    page.on('pageerror', (error) => console.error(`harness page: ${error.message}`));
    await page.goto(server.url);
    await page.waitForFunction(() => 'mymedicBench' in window);
    const opened = browser;
    return {
      server,
      browser: opened,
      page,
      async close() {
        await opened.close();
        await server.stop();
      },
    };
  } catch (error) {
    await browser?.close();
    await server.stop();
    throw error;
  }
}
