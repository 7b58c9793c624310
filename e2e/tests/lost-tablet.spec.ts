import { expect, test } from '@playwright/test';
import { expectAccessible } from './axe';
import {
  demo,
  deviceText,
  expectSynced,
  goOffline,
  goOnline,
  openTablet,
  registerPatient,
  signIn,
  uniqueName,
} from './support';

test('an admin reports a tablet lost: its sessions end, it wipes what the server holds and keeps what it never sent', async ({
  browser,
}) => {
  const ward = await openTablet(browser, demo.nurse);
  const synced = uniqueName('Zawadi Synced');
  await registerPatient(ward.page, { name: synced, dateOfBirth: '1979-04-04' });
  await expectSynced(ward.page);
  await goOffline(ward);
  const unsent = uniqueName('Baraka Unsent');
  await registerPatient(ward.page, { name: unsent, dateOfBirth: '1980-05-05' });

  const office = await openTablet(browser, demo.admin);
  const admin = office.page;
  await admin
    .getByRole('navigation', { name: 'Main' })
    .getByRole('link', { name: 'Organisation' })
    .click();
  const devices = admin.getByRole('region', { name: 'Devices' });
  const lost = devices.getByRole('listitem').filter({ hasText: 'Grace Achieng' }).first();
  await lost.getByRole('button', { name: 'Report lost' }).click();
  await lost.getByRole('button', { name: 'Yes, it is lost: end its sessions' }).click();
  await expect(devices.getByRole('status')).toContainText('Reported lost: 1 session ended');
  await expect(lost).toContainText('reported lost');
  await expectAccessible(admin, 'organisation, devices');

  // The tablet reaches the server again (it syncs on coming online): it is told, and
  // wipes what the server holds.
  await goOnline(ward);
  await expect(ward.page.getByText('An admin reported this tablet lost')).toBeVisible({
    timeout: 30_000,
  });
  const left = await deviceText(ward.page);
  expect(left.includes(synced), 'a record the server holds is left behind').toBe(false);
  expect(left.includes(unsent), 'the unsent registration is kept').toBe(true);

  // Found again: its person signs in as a new device, and the unsent work goes through.
  await signIn(ward.page, demo.nurse);
  await expectSynced(ward.page);
  await expect(async () => {
    await ward.page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Patients', exact: true })
      .click();
    await ward.page.getByLabel('Search by name, phone or MRN').fill(synced);
    await expect(ward.page.getByRole('link', { name: new RegExp(synced) })).toBeVisible();
  }).toPass();
  for (const tablet of [ward, office]) await tablet.context.close();
});
