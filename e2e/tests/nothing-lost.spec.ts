import { expect, test } from '@playwright/test';
import { expectAccessible } from './axe';
import {
  demo,
  demoPassword,
  deviceText,
  expectSynced,
  fromPersonMenu,
  goOffline,
  goOnline,
  openTablet,
  registerPatient,
  serverEvents,
  setPin,
  signIn,
  syncStatus,
  uniqueName,
  unlock,
  waitForServiceWorker,
} from './support';

test('sign-out with unsent work keeps it for the next sign-in, or discards it only when told', async ({
  browser,
  baseURL,
}) => {
  const tablet = await openTablet(browser, demo.reception);
  const { page } = tablet;
  await goOffline(tablet);
  const kept = uniqueName('Baraka Kept');
  await registerPatient(page, { name: kept, dateOfBirth: '1990-01-02' });
  await expect(syncStatus(page)).toContainText('1 waiting to send');

  await fromPersonMenu(page, 'Sign out');
  const dialog = page.getByRole('dialog', { name: '1 change not sent yet' });
  await expect(dialog).toContainText(`Register patient: ${kept}`);
  await expectAccessible(page, 'sign-out with unsent work');
  // Offline, "send now" cannot send: it says so and nothing is lost.
  await dialog.getByRole('button', { name: 'Send now, then sign out' }).click();
  await expect(dialog.getByRole('alert')).toContainText('offline');
  await dialog.getByRole('button', { name: 'Keep on this tablet for my next sign-in' }).click();
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
  expect(await deviceText(page)).toContain(kept);

  // Back online, the same person signs in: the kept registration reaches the server.
  await goOnline(tablet);
  await signIn(page, demo.reception);
  await expectSynced(page);
  expect((await serverEvents(baseURL!)).some((event) => event.data.full_name === kept)).toBe(true);

  // Discarding names what is lost and asks again before it goes.
  await goOffline(tablet);
  const dropped = uniqueName('Neema Dropped');
  await registerPatient(page, { name: dropped, dateOfBirth: '1991-03-04' });
  await fromPersonMenu(page, 'Sign out');
  await page.getByRole('button', { name: 'Discard…' }).click();
  await expect(page.getByRole('dialog')).toContainText(`Register patient: ${dropped}`);
  await page.getByRole('button', { name: 'Discard 1 change and sign out' }).click();
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
  const left = await deviceText(page);
  expect(left).not.toContain(dropped);
  expect(left).not.toContain(kept);
  await tablet.context.close();
});

test('the idle lock keeps a half-typed registration, sealed, and gives it back after the PIN', async ({
  browser,
}) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.clock.install();
  await signIn(page, demo.reception);
  await expectSynced(page);
  await setPin(page, '418273');

  await page
    .getByRole('navigation', { name: 'Main' })
    .getByRole('link', { name: 'Register patient' })
    .click();
  const typed = uniqueName('Half Typed');
  await page.getByLabel('Full name').fill(typed);
  await page.getByLabel('Phone').fill('+254711000222');

  await page.clock.fastForward('16:00');
  await expect(page.getByRole('heading', { name: 'MyMedic is locked' })).toBeVisible();
  const whileLocked = await deviceText(page);
  expect(whileLocked, 'the draft is sealed').not.toContain(typed);
  expect(whileLocked, 'no token in clear').not.toMatch(/"(refresh_)?token":"/);

  await unlock(page, /Peter Mwangi|reception/i, '418273');
  await expect(page.getByLabel('Full name')).toHaveValue(typed);
  await expect(page.getByLabel('Phone')).toHaveValue('+254711000222');
  await expect(page.getByText('Your unfinished registration is back')).toBeVisible();
  await context.close();
});

test('a tablet cut off for 3 days still unlocks with a PIN, and asks for the password once the server answers', async ({
  browser,
  baseURL,
}) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  // The sign-in happens three days ago by the tablet's clock, and the tablet comes back
  // to the present: the server refuses a device clock more than a day ahead of its own,
  // so time passes for both rather than the tablet's clock running ahead.
  const threeDays = 3 * 24 * 3600_000;
  await page.clock.install({ time: Date.now() - threeDays });
  await signIn(page, demo.nurse);
  await expectSynced(page);
  await setPin(page, '592741');
  await fromPersonMenu(page, 'Lock');
  // The tablet leaves the clinic's network once the app is kept on it (every screen's code
  // in the service worker's cache), or a screen it never opened could not load.
  await waitForServiceWorker(page);

  await context.setOffline(true);
  await page.clock.setSystemTime(Date.now());
  await unlock(page, /Grace Achieng/, '592741');
  await expect(page.getByRole('heading', { name: 'Welcome, Grace Achieng' })).toBeVisible();
  const offlineName = uniqueName('Three Days');
  await registerPatient(page, { name: offlineName, dateOfBirth: '1985-05-05' });

  await context.setOffline(false);
  const again = page.getByRole('dialog', { name: /Sign in again/ });
  await expect(again).toBeVisible({ timeout: 30_000 });
  await again.getByLabel('Password').fill(demoPassword);
  await again.getByRole('button', { name: 'Sign in' }).click();
  await expect(again).toBeHidden();
  await expect(page.getByRole('heading', { name: offlineName })).toBeVisible();
  await expectSynced(page);
  expect((await serverEvents(baseURL!)).some((event) => event.data.full_name === offlineName)).toBe(
    true,
  );
  await context.close();
});

test('"It is a different person: register anyway" registers the look-alike', async ({
  browser,
}) => {
  const { context, page } = await openTablet(browser, demo.reception);
  const name = uniqueName('Juma Twin');
  await registerPatient(page, { name, dateOfBirth: '1977-07-07' });
  await page
    .getByRole('navigation', { name: 'Main' })
    .getByRole('link', { name: 'Register patient' })
    .click();
  await page.getByLabel('Full name').fill(name);
  await page.getByLabel('Date of birth').fill('1977-07-07');
  await page.getByLabel('Gender').selectOption('male');
  await page.getByRole('button', { name: 'Register patient' }).click();
  await expect(page.getByText('This looks like a patient already registered')).toBeVisible();
  await page.getByRole('button', { name: 'It is a different person: register anyway' }).click();
  await expect(page.getByRole('heading', { name })).toBeVisible();
  await page
    .getByRole('navigation', { name: 'Main' })
    .getByRole('link', { name: 'Patients', exact: true })
    .click();
  await page.getByLabel('Search by name, phone or MRN').fill(name);
  await expect(page.getByRole('link', { name: new RegExp(name) })).toHaveCount(2);
  await context.close();
});
