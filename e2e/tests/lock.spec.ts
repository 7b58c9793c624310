import { expect, test } from '@playwright/test';
import { expectAccessible } from './axe';
import {
  demo,
  demoPassword,
  expectSynced,
  fromPersonMenu,
  setPin,
  signIn,
  unlock,
} from './support';

test('a shared tablet locks when idle and each person unlocks with their own PIN', async ({
  browser,
}) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.clock.install();
  await signIn(page, demo.nurse);
  await expectSynced(page);
  await setPin(page, '246813');

  // Left alone past the clinic's idle time (15 minutes), the tablet locks.
  await page.clock.fastForward('16:00');
  await expect(page.getByRole('heading', { name: 'MyMedic is locked' })).toBeVisible();
  await expect(page.getByText('Grace Achieng')).toBeVisible();
  await expect(page.getByRole('heading', { name: /^Welcome/ })).toBeHidden();
  await expectAccessible(page, 'lock screen');

  await unlock(page, /Grace Achieng/, '111111');
  await expect(page.getByText('Wrong PIN. 4 tries left')).toBeVisible();
  await unlock(page, /Grace Achieng/, '246813');
  await expect(page.getByRole('heading', { name: 'Welcome, Grace Achieng' })).toBeVisible();

  // A reload starts locked: the PIN's key lives only in memory.
  await page.reload();
  await expect(page.getByRole('heading', { name: 'MyMedic is locked' })).toBeVisible();
  await unlock(page, /Grace Achieng/, '246813');
  await expect(page.getByRole('heading', { name: 'Welcome, Grace Achieng' })).toBeVisible();

  // The doctor takes the tablet: a full sign-in once, a PIN of her own.
  await fromPersonMenu(page, 'Lock');
  await page.getByRole('button', { name: 'Sign in with email and password' }).click();
  await page.getByLabel('Email').fill(demo.doctor);
  await page.getByLabel('Password').fill(demoPassword);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { name: 'Welcome, Dr. Amina Njoroge' })).toBeVisible();
  await setPin(page, '975318');
  await fromPersonMenu(page, 'Lock');

  // Back to the nurse with her PIN, offline: no server needed to change hands.
  await context.setOffline(true);
  await unlock(page, /Grace Achieng/, '246813');
  await expect(page.getByRole('heading', { name: 'Welcome, Grace Achieng' })).toBeVisible();
  await expect(page.getByRole('banner')).toContainText('Grace Achieng (nurse)');
  await context.setOffline(false);
  await context.close();
});

test('the PIN offer is a card on the first screen: "Not now" stays dismissed, the person menu offers it again, and it never prints', async ({
  browser,
}) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, demo.reception);
  await expectSynced(page);
  // One row of header, whatever the offer below it.
  const header = await page.getByRole('banner').boundingBox();
  expect(header!.height).toBeLessThanOrEqual(64);
  const offer = page.getByRole('form', { name: 'Set your PIN' });
  await expect(offer).toBeVisible();
  await page.emulateMedia({ media: 'print' });
  await expect(offer).toBeHidden();
  await expect(page.getByRole('banner')).toBeHidden();
  await page.emulateMedia({ media: 'screen' });

  await offer.getByRole('button', { name: 'Not now' }).click();
  await expect(offer).toBeHidden();
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Welcome, Peter Kamau' })).toBeVisible();
  await expect(offer).toBeHidden();

  await fromPersonMenu(page, 'Set a PIN');
  await expect(offer).toBeVisible();
  await setPin(page, '318642');
  await expect(offer).toBeHidden();
  await context.close();
});
