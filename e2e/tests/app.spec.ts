import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, expect, test } from '@playwright/test';
import { chromiumLaunch } from './chromium';
import { expectAccessible } from './axe';
import {
  demo,
  demoPassword,
  expectSynced,
  fromPersonMenu,
  openPatient,
  openTablet,
  registerPatient,
  signIn,
  uniqueName,
  waitForServiceWorker,
} from './support';
import { speaks, translate } from './language';

test('every screen passes axe for WCAG 2.2 AA, on a tablet and on a desktop', async ({
  browser,
}) => {
  for (const [index, viewport] of [
    { width: 768, height: 1024 },
    { width: 1440, height: 900 },
  ].entries()) {
    const context = await browser.newContext({ viewport });
    const page = await context.newPage();
    await page.goto('/');
    await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
    await expectAccessible(page, 'sign-in');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expectAccessible(page, 'sign-in with errors');

    await page.getByRole('link', { name: 'Register your practice' }).click();
    await expect(page.getByRole('heading', { name: /Register/ }).first()).toBeVisible();
    await expectAccessible(page, 'sign-up');
    await page.getByRole('button', { name: 'Create practice' }).click();
    await expectAccessible(page, 'sign-up with errors');

    await signIn(page, demo.doctor);
    await expectSynced(page);
    await expectAccessible(page, 'dashboard');

    const nav = page.getByRole('navigation', { name: 'Main' });
    await nav.getByRole('link', { name: 'Register patient' }).click();
    await page.getByRole('button', { name: 'Register patient' }).click();
    await expect(page.getByText(/required|Give/).first()).toBeVisible();
    await expectAccessible(page, 'registration with errors');

    const name = uniqueName('Esther Axe');
    await registerPatient(page, {
      name,
      dateOfBirth: `197${index}-05-05`,
      phone: `+25475500000${index}`,
    });
    await expectAccessible(page, 'patient page');

    await openPatient(page, name);
    await expectAccessible(page, 'patient list with a search');

    await nav.getByRole('link', { name: /Conflicts/ }).click();
    await expectAccessible(page, 'conflicts');
    await context.close();
  }
});

test('sign-out leaves no patient data in the browser', async ({ browser }) => {
  const { context, page } = await openTablet(browser, demo.reception);
  const name = uniqueName('Fatuma Private');
  await registerPatient(page, { name, dateOfBirth: '1999-09-09', phone: '+254766000000' });
  await expectSynced(page);

  const before = await page.evaluate(async () =>
    (await indexedDB.databases()).map((db) => db.name),
  );
  expect(before.some((db) => db?.startsWith('mymedic-'))).toBe(true);

  await fromPersonMenu(page, 'Sign out');
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();

  const after = await page.evaluate(async () => {
    const databases = (await indexedDB.databases()).map((db) => db.name ?? '');
    const local = Object.keys(localStorage).map((key) => `${key}=${localStorage.getItem(key)}`);
    const session = Object.keys(sessionStorage).map(
      (key) => `${key}=${sessionStorage.getItem(key)}`,
    );
    const cached: string[] = [];
    const cachedUrls: string[] = [];
    for (const cacheName of await caches.keys()) {
      const cache = await caches.open(cacheName);
      for (const request of await cache.keys()) {
        const response = await cache.match(request);
        cachedUrls.push(request.url);
        cached.push((await response?.text()) ?? '');
      }
    }
    return { databases, local, session, cached, cachedUrls };
  });
  expect(after.databases.filter((db) => db.startsWith('mymedic-'))).toEqual([]);
  for (const stored of [...after.local, ...after.session, ...after.cached]) {
    expect(stored.includes(name), 'a patient name left behind').toBe(false);
  }
  for (const stored of [...after.local, ...after.session]) {
    expect(/token/i.test(stored), `a token left behind: ${stored.slice(0, 80)}`).toBe(false);
  }
  expect(after.cachedUrls.filter((url) => /\/(sync|auth|users)\//.test(url))).toEqual([]);
  await context.close();
});

test('Chromium finds the app installable: manifest, icons and a service worker in control', async ({
  baseURL,
}) => {
  // Installing needs a real profile: an incognito context is never installable.
  const profile = await mkdtemp(join(tmpdir(), 'mymedic-profile-'));
  const context = await chromium.launchPersistentContext(profile, {
    ...chromiumLaunch,
    baseURL,
    viewport: { width: 1280, height: 800 },
  });
  const page = context.pages()[0] ?? (await context.newPage());
  await signIn(page, demo.nurse);
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
  });
  const manifest = (await (await fetch(`${baseURL}/manifest.webmanifest`)).json()) as {
    name: string;
    short_name: string;
    start_url: string;
    display: string;
    theme_color: string;
    icons: { sizes: string; purpose?: string }[];
  };
  expect(manifest).toMatchObject({
    name: 'MyMedic',
    short_name: 'MyMedic',
    start_url: '/',
    display: 'standalone',
  });
  expect(manifest.icons.map((icon) => `${icon.sizes} ${icon.purpose ?? 'any'}`)).toEqual(
    expect.arrayContaining(['192x192 any', '512x512 any', '512x512 maskable']),
  );
  expect(await page.evaluate(() => navigator.serviceWorker.controller?.state)).toBe('activated');

  const cdp = await context.newCDPSession(page);
  const { installabilityErrors } = (await cdp.send('Page.getInstallabilityErrors')) as {
    installabilityErrors: { errorId: string }[];
  };
  expect(installabilityErrors.map((error) => error.errorId)).toEqual([]);
  await context.close();
  await rm(profile, { recursive: true, force: true });
});

test("the app says once, in the tablet's language, when it is ready to work offline", async ({
  browser,
}) => {
  const context = await browser.newContext();
  await context.addInitScript(() => localStorage.setItem('mymedic.language', 'fr'));
  const page = await context.newPage();
  speaks(page, 'fr');
  await page.goto('/');
  // The first install precaches the whole app, then says so, politely, on the sign-in page.
  const notice = page.getByRole('status').filter({
    hasText: translate('fr', 'Ready to work offline: MyMedic is saved on this tablet.'),
  });
  await expect(notice).toBeVisible({ timeout: 60_000 });
  await expectAccessible(page, 'ready to work offline (fr)');
  await notice.getByRole('button', { name: translate('fr', 'OK') }).click();
  await expect(notice).toHaveCount(0);

  // Once: a later load does not say it again, and the person menu keeps saying it quietly.
  await signIn(page, demo.nurse);
  await waitForServiceWorker(page);
  await page
    .getByRole('banner')
    .getByRole('button', { name: /^Votre compte : / })
    .click();
  await expect(
    page.getByText(translate('fr', 'Works offline on this tablet'), { exact: true }),
  ).toBeVisible();
  await expect(
    page.getByText(translate('fr', 'Ready to work offline: MyMedic is saved on this tablet.')),
  ).toHaveCount(0);
  await context.close();
});

test('an admin sets opening hours and slot length, adds a location and a member of staff', async ({
  browser,
}) => {
  const { context, page } = await openTablet(browser, demo.admin);
  await page
    .getByRole('navigation', { name: 'Main' })
    .getByRole('link', { name: 'Organisation' })
    .click();
  await expectAccessible(page, 'organisation settings');

  const settings = page.getByRole('form', { name: 'Organisation settings' });
  await settings.getByLabel('Default appointment length (minutes)').fill('20');
  await settings.getByRole('checkbox', { name: 'Saturday' }).check();
  await settings.getByLabel('Saturday closes').fill('13:00');
  await settings.getByRole('button', { name: 'Save settings' }).click();
  await expect(settings.getByText('Settings saved')).toBeVisible();

  const locations = page.getByRole('form', { name: 'Add a location' });
  await locations.getByLabel('Location name').fill('Outreach post');
  await locations.getByRole('button', { name: 'Add location' }).click();
  await expect(page.getByRole('listitem').filter({ hasText: 'Outreach post' })).toBeVisible();

  const staff = page.getByRole('form', { name: 'Add a member of staff' });
  const email = `clinician-${Date.now()}@example.com`;
  await staff.getByLabel('Full name').fill('Baraka Clinician');
  await staff.getByLabel('Email').fill(email);
  await staff.getByRole('checkbox', { name: 'Nurse' }).uncheck();
  await staff.getByRole('checkbox', { name: 'Doctor' }).check();
  await staff.getByLabel('First password').fill('a long first password');
  await staff.getByRole('button', { name: 'Add member of staff' }).click();
  await expect(page.getByText(email)).toBeVisible({ timeout: 30_000 });
  await expectSynced(page);

  // The calendar follows: Saturday opens, the new doctor and the new location are offered.
  await page
    .getByRole('navigation', { name: 'Main' })
    .getByRole('link', { name: 'Calendar' })
    .click();
  await page.getByRole('button', { name: 'Week' }).click();
  await expect(page.getByRole('heading', { name: /^Saturday.*open 09:00–13:00/ })).toBeVisible();
  await page.getByRole('button', { name: 'Book an appointment' }).click();
  const booking = page.getByRole('form', { name: 'Book an appointment' });
  await expect(booking.getByLabel('Duration in minutes')).toHaveValue('20');
  await expect(
    booking.getByLabel('Doctor').locator('option', { hasText: 'Baraka Clinician' }),
  ).toHaveCount(1);
  await expect(
    booking.getByLabel('Location').locator('option', { hasText: 'Outreach post' }),
  ).toHaveCount(1);
  await context.close();
});

test('an independent doctor who registers a practice is its admin and its doctor', async ({
  browser,
}) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto('/signup');
  const form = page.getByRole('form', { name: 'Register your practice' });
  await form.getByLabel('Kind of practice').selectOption('independent');
  await expect(form.getByText("You will be the practice's doctor and its admin.")).toBeVisible();
  const name = uniqueName('Dr Wanjiku Mbugua');
  await form.getByLabel('Practice name').fill(`${name} Practice`);
  await form.getByLabel('Your full name').fill(name);
  await form.getByLabel('Email').fill(`wanjiku-${Date.now()}@example.com`);
  await form.getByLabel('Password').fill('a long enough password');
  await form.getByRole('button', { name: 'Create practice' }).click();
  await expect(page.getByText(`${name} (admin, doctor)`)).toBeVisible({ timeout: 30_000 });
  await expectSynced(page);

  const nav = page.getByRole('navigation', { name: 'Main' });
  await expect(nav.getByRole('link', { name: 'Organisation' })).toBeVisible();
  await nav.getByRole('link', { name: 'Calendar' }).click();
  await page.getByRole('button', { name: 'Book an appointment' }).click();
  const booking = page.getByRole('form', { name: 'Book an appointment' });
  await expect(booking.getByLabel('Doctor')).toHaveValue(/.+/);
  await expect(booking.getByLabel('Doctor').locator('option', { hasText: name })).toHaveCount(1);
  await context.close();
});

test('no page breaks the Content Security Policy (no eval, no inline script)', async ({
  browser,
}) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  const violations: string[] = [];
  cdp.on('Audits.issueAdded', ({ issue }) => {
    if (issue.code === 'ContentSecurityPolicyIssue')
      violations.push(JSON.stringify(issue.details.contentSecurityPolicyIssueDetails));
  });
  await cdp.send('Audits.enable');
  await signIn(page, demo.doctor);
  await expectSynced(page);
  const nav = page.getByRole('navigation', { name: 'Main' });
  for (const link of ['Calendar', 'Patients', 'Messages', 'Reports']) {
    await nav.getByRole('link', { name: link, exact: true }).click();
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  }
  // Other specs sign up clinics of their own: the portal's link names the demo clinic.
  const login = await page.request.post('/auth/login', {
    data: { email: demo.doctor, password: demoPassword },
  });
  const { user } = (await login.json()) as { user: { hospital_id: string } };
  await page.goto(`/portal/?clinic=${user.hospital_id}`);
  await expect(page.getByRole('heading', { name: 'Sign in to My health' })).toBeVisible();
  expect(violations).toEqual([]);
  await context.close();
});
