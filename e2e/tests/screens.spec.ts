import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { expect, test, type Page } from '@playwright/test';
import { demo, openTablet, registerPatient, uniqueName, type Tablet } from './support';

/**
 * docs/screens/: each main screen as a person sees it, on a tablet (768x1024) and on a
 * desktop (1366x768), remade by every run of the suite so the pictures never lag the app.
 */

const folder = fileURLToPath(new URL('../../docs/screens/', import.meta.url));
const sizes = [
  { name: 'tablet', width: 768, height: 1024 },
  { name: 'desktop', width: 1366, height: 768 },
] as const;

/** Both sizes of the screen the page shows, once it has settled. */
async function shoot(page: Page, screen: string) {
  await mkdir(folder, { recursive: true });
  for (const size of sizes) {
    await page.setViewportSize({ width: size.width, height: size.height });
    // The live sync stream never goes idle: a moment for the layout to settle instead.
    await page.waitForTimeout(400);
    await page.screenshot({ path: `${folder}${screen}-${size.name}.png`, animations: 'disabled' });
  }
}

/** Goes to a screen of the app by its address and waits for its main heading. */
async function visit(page: Page, path: string) {
  await page.goto(path);
  await expect(
    page.getByRole('heading', { level: 1 }).or(page.getByRole('heading').first()).first(),
  ).toBeVisible();
}

test.describe.configure({ timeout: 180_000 });

test('the front desk and the clinical screens', async ({ browser }) => {
  const signedOut = await browser.newContext();
  const entry = await signedOut.newPage();
  await entry.goto('/');
  await expect(entry.getByRole('heading', { name: 'Sign in' })).toBeVisible();
  await shoot(entry, 'sign-in');
  await signedOut.close();

  const doctor: Tablet = await openTablet(browser, demo.doctor);
  const page = doctor.page;
  const name = uniqueName('Akinyi Screens');
  await registerPatient(page, { name, dateOfBirth: '1986-07-21', phone: '+254733100200' });
  await shoot(page, 'patient');
  const patientPage = page.url();

  for (const [path, screen] of [
    ['/', 'today'],
    ['/calendar', 'calendar'],
    ['/patients', 'patients'],
    ['/patients/new', 'register-patient'],
    ['/conflicts', 'conflicts'],
    ['/messages', 'messages'],
    ['/notifications', 'notifications'],
    ['/reports', 'reports'],
    ['/account', 'account'],
  ] as const) {
    await visit(page, path);
    await shoot(page, screen);
  }
  await page.goto(patientPage);
  await expect(page.getByRole('heading', { name })).toBeVisible();
  await doctor.context.close();

  const admin = await openTablet(browser, demo.admin);
  await visit(admin.page, '/organisation');
  await shoot(admin.page, 'organisation');
  await admin.context.close();

  const swahili = await openTablet(browser, demo.reception, { language: 'sw' });
  await shoot(swahili.page, 'today-swahili');
  await swahili.context.close();
});
