import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { build } from 'vite';
import { chromiumLaunch } from '../../e2e/tests/chromium';
import { descendantsCpu } from './cpu';
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
  /**
   * Runs `work` on a harness page of its own (a fresh browser context), so that no
   * benchmark inherits another's databases, heap or garbage. The page is loaded from
   * `origin` when given (a proxy in front of the server), else from the server.
   */
  withPage<T>(work: (page: Page) => Promise<T>, origin?: string): Promise<T>;
  close(): Promise<void>;
}

/**
 * A real sync server process serving the harness, so the page and the API share an
 * origin, and Debian's Chromium (headless, launched as e2e launches it; Playwright
 * never downloads a browser).
 */
export async function openHarness(environment: Record<string, string>): Promise<HarnessSession> {
  const server = await startServerProcess({ ...environment, CLIENT_DIST: harnessDist });
  let browser: Browser;
  try {
    browser = await chromium.launch({ ...chromiumLaunch, headless: true });
  } catch (error) {
    await server.stop();
    throw error;
  }
  return {
    server,
    async withPage(work, origin = server.url) {
      const context = await browser.newContext();
      // The page reads the CPU time of Chromium and the server around what it measures.
      await context.exposeFunction('benchCpu', descendantsCpu);
      try {
        const page = await context.newPage();
        page.on('pageerror', (error) => console.error(`harness page: ${error.message}`));
        await page.goto(origin);
        await page.waitForFunction(() => 'mymedicBench' in window);
        return await work(page);
      } finally {
        await context.close();
      }
    },
    async close() {
      await browser.close();
      await server.stop();
    },
  };
}
