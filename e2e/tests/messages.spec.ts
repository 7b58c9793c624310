import { expect, test, type Page } from '@playwright/test';
import { expectAccessible } from './axe';
import { demo, expectSynced, goOffline, goOnline, openTablet, uniqueName } from './support';

const mainNavigation = (page: Page) => page.getByRole('navigation', { name: 'Main' });
const messageBox = (page: Page) => page.getByRole('textbox', { name: 'Message', exact: true });

test('a nurse messages the doctor with the network cut; the doctor reads it once the tablet syncs', async ({
  browser,
}) => {
  const nurse = await openTablet(browser, demo.nurse);
  const doctor = await openTablet(browser, demo.doctor);
  const n = nurse.page;
  const d = doctor.page;
  const text = uniqueName('Bed 3 has chest pain, could you come next?');

  // The nurse's tablet loses the network; the message is written and shown at once.
  await goOffline(nurse);
  await mainNavigation(n)
    .getByRole('link', { name: /^Messages/ })
    .click();
  await n.getByRole('link', { name: 'New message' }).click();
  await expectAccessible(n, 'a new message');
  await n.getByLabel('To').selectOption({ label: 'Dr. Amina Njoroge (doctor)' });
  await messageBox(n).fill(text);
  await n.getByRole('button', { name: 'Send' }).click();
  await expect(n.getByRole('heading', { name: 'Dr. Amina Njoroge' })).toBeVisible();
  const sent = n
    .getByRole('list', { name: 'Messages' })
    .getByRole('listitem')
    .filter({ hasText: text });
  await expect(sent).toContainText('waiting to send');
  await expect(n.getByRole('status').filter({ hasText: 'Sync now' })).toContainText('1 waiting');
  await expectAccessible(n, 'a conversation');

  // The doctor syncs: nothing has left the nurse's tablet yet.
  await d.getByRole('button', { name: 'Sync now' }).click();
  await expectSynced(d);
  const doctorsMessages = mainNavigation(d).getByRole('link', { name: /^Messages/ });
  await expect(doctorsMessages).toHaveAccessibleName('Messages');

  // The nurse's tablet comes back and syncs; the doctor's gets it with the unread count.
  await goOnline(nurse);
  await expectSynced(n);
  await expect(sent).not.toContainText('waiting to send');
  await expect
    .poll(async () => {
      await d.getByRole('button', { name: 'Sync now' }).click();
      return doctorsMessages.textContent();
    })
    .toBe('Messages 1 unread');

  // The doctor opens the conversation and reads it; the count goes, and the nurse sees it read.
  await doctorsMessages.click();
  const conversation = d
    .getByRole('list', { name: 'Conversations' })
    .getByRole('link', { name: /Grace Achieng/ });
  await expect(conversation).toContainText('1 unread');
  await expectAccessible(d, 'the inbox');
  await conversation.click();
  await expect(d.getByRole('list', { name: 'Messages' })).toContainText(text);
  await expect(doctorsMessages).toHaveAccessibleName('Messages');
  await expect(conversation).not.toContainText('unread');
  await expectSynced(d);
  await d.getByRole('link', { name: /^Notifications/ }).click();
  await expect(d.getByRole('heading', { name: 'Notifications' })).toBeVisible();
  await expectAccessible(d, 'notifications');
  await expect
    .poll(async () => {
      await n.getByRole('button', { name: 'Sync now' }).click();
      return sent.textContent();
    })
    .toContain('read');
});

test('a doctor with MyMedic in the background gets a system notification naming the sender, not the message', async ({
  browser,
  baseURL,
}) => {
  const doctor = await openTablet(browser, demo.doctor);
  const nurse = await openTablet(browser, demo.nurse);
  const d = doctor.page;
  await doctor.context.grantPermissions(['notifications'], { origin: baseURL! });
  await d.getByRole('link', { name: /^Notifications/ }).click();
  await expect(
    d.getByText('while it is in the background, with a system notification'),
  ).toBeVisible();
  // The doctor's app goes to the background.
  await d.evaluate(() => {
    Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'hidden' });
    document.dispatchEvent(new Event('visibilitychange'));
  });

  const text = uniqueName('Lab results for bed 5 are back');
  const n = nurse.page;
  await mainNavigation(n)
    .getByRole('link', { name: /^Messages/ })
    .click();
  await n.getByRole('link', { name: 'New message' }).click();
  await n.getByLabel('To').selectOption({ label: 'Dr. Amina Njoroge (doctor)' });
  await messageBox(n).fill(text);
  await n.getByRole('button', { name: 'Send' }).click();
  await expectSynced(n);

  const shown = () =>
    d.evaluate(async () => {
      const registration = await navigator.serviceWorker.getRegistration();
      const notifications = (await registration?.getNotifications()) ?? [];
      return notifications.map(({ title, body }) => ({ title, body }));
    });
  // The doctor's tablet hears of the message from the live stream at once, or, when that
  // stream is down, at its next poll (every 30 s): either must show it.
  await expect.poll(shown, { timeout: 45_000 }).toContainEqual({
    title: 'MyMedic',
    body: 'New message from Grace Achieng',
  });
  expect(JSON.stringify(await shown())).not.toContain('Lab results');
  // In the background, nothing was marked read.
  await expect(mainNavigation(d).getByRole('link', { name: /^Messages/ })).toContainText('unread');
});
