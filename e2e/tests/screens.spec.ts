import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { expect, test, type Page } from '@playwright/test';
import { say } from './language';
import { portalSignIn } from './portal-sign-in';
import { commandsAs, staffSignIn, visitInConsultation } from './seed-clinic';
import { startSmsGateway } from './sms-gateway';
import {
  demo,
  demoPassword,
  expectSynced,
  openTablet,
  registerPatient,
  uniqueName,
  type Tablet,
} from './support';

/**
 * docs/screens/: each main screen as a person sees it, on a tablet (768x1024) and on a
 * desktop (1366x768), remade by every run of the suite so the pictures never lag the app.
 */

const folder = fileURLToPath(new URL('../../docs/screens/', import.meta.url));
const sizes = [
  { name: 'tablet', width: 768, height: 1024 },
  { name: 'desktop', width: 1366, height: 768 },
] as const;
/** The patient portal is opened on a phone, and sometimes on a tablet. */
const portalSizes = [
  { name: 'phone', width: 360, height: 740 },
  { name: 'tablet', width: 768, height: 1024 },
] as const;

/**
 * Every context here is a fresh tablet, whose first install says for a few seconds that
 * it is ready to work offline (OfflineReady), over whatever screen is open. The person
 * reads it and taps OK, and the picture shows the screen. Waits for that first install
 * to finish, so the notice has been said before it is looked for.
 */
async function readOfflineNotice(page: Page) {
  await page.evaluate(async () => {
    const { active } = await navigator.serviceWorker.ready;
    if (active && active.state !== 'activated') {
      await new Promise((resolve) =>
        active.addEventListener('statechange', resolve, { once: true }),
      );
    }
  });
  // The live sync stream never goes idle: a moment for the layout to settle instead.
  await page.waitForTimeout(400);
  const notice = page
    .getByRole('status')
    .filter({ hasText: say(page)('Ready to work offline: MyMedic is saved on this tablet.') });
  if (await notice.isVisible()) await notice.getByRole('button', { name: say(page)('OK') }).click();
  await expect(notice).toHaveCount(0);
}

/** The screen the page shows at each size (tablet and desktop), once it has settled. */
async function shoot(
  page: Page,
  screen: string,
  at: readonly { name: string; width: number; height: number }[] = sizes,
) {
  await mkdir(folder, { recursive: true });
  for (const size of at) {
    await page.setViewportSize({ width: size.width, height: size.height });
    await readOfflineNotice(page);
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

test('the visit page, the week and the patient portal', async ({ browser, baseURL }) => {
  const doctor = await openTablet(browser, demo.doctor);
  const page = doctor.page;
  const name = uniqueName('Baraka Otieno');
  const phone = `+2547${String(Math.floor(10_000_000 + Math.random() * 89_999_999))}`;
  await registerPatient(page, { name, dateOfBirth: '1979-03-14', gender: 'male', phone });
  const patientId = new URL(page.url()).pathname.split('/').at(-1)!;

  // Checked in, triaged and with the doctor, sent as the nurse's and doctor's tablets would.
  const session = await staffSignIn(baseURL!, demo.doctor, demoPassword);
  const visitId = await visitInConsultation(baseURL!, session, patientId);
  const tomorrow = new Date(Date.now() + 24 * 3600_000);
  // Within the demo clinic's opening hours (09:00–17:00 on its clock, UTC until it sets one).
  tomorrow.setUTCHours(10, 30, 0, 0);
  await commandsAs(baseURL!, session.token)('schedule-appointment', {
    payload: {
      patient_id: patientId,
      doctor_id: session.user.user_id,
      location_id: null,
      starts_at: tomorrow.toISOString(),
      duration_minutes: 30,
      visit_type: 'follow_up',
      reason: 'Blood pressure check',
      overbooking_intended: true,
    },
  });
  await expectSynced(page);
  await page.goto(`/visits/${visitId}`);
  await expect(page.getByRole('heading', { name: new RegExp(name) }).first()).toBeVisible();
  await shoot(page, 'visit');

  await visit(page, '/calendar');
  await page.getByRole('button', { name: 'Week' }).click();
  await expect(page.getByRole('button', { name: 'Previous week' })).toBeVisible();
  await shoot(page, 'calendar-week');
  await doctor.context.close();

  const gateway = await startSmsGateway();
  try {
    const phoneContext = await browser.newContext({ viewport: portalSizes[0] });
    const portal = await phoneContext.newPage();
    await portal.goto(`/portal/?clinic=${session.user.hospital_id}`);
    await expect(portal.getByRole('heading', { name: 'Sign in to My health' })).toBeVisible();
    await shoot(portal, 'portal-sign-in', portalSizes);
    await portal.setViewportSize(portalSizes[0]);
    await portalSignIn(portal, gateway, { hospitalId: session.user.hospital_id, phone });
    await expect(portal.getByRole('region', { name: 'Your next appointment' })).toBeVisible();
    await shoot(portal, 'portal-home', portalSizes);
    for (const screen of ['appointments', 'vitals'] as const) {
      await portal.setViewportSize(portalSizes[0]);
      await portal.goto(`/portal/${screen}`);
      await expect(portal.getByRole('heading', { level: 1 })).toBeVisible();
      await shoot(portal, `portal-${screen}`, portalSizes);
    }
    await phoneContext.close();
  } finally {
    await gateway.close();
  }
});
