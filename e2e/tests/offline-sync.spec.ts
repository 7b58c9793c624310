import { expect, test } from '@playwright/test';
import { expectAccessible } from './axe';
import {
  demo,
  editDetails,
  expectDetail,
  expectSynced,
  goOffline,
  goOnline,
  openPatient,
  openTablet,
  registerPatient,
  serverEvents,
  uniqueName,
} from './support';

test('a tablet works offline through a reload and both tablets converge when it returns', async ({
  browser,
  baseURL,
}) => {
  const tabletA = await openTablet(browser, demo.nurse);
  const tabletB = await openTablet(browser, demo.reception);
  const a = tabletA.page;
  const b = tabletB.page;
  // The app's service worker controls the page on this origin: on the https run, a
  // name other than localhost, which browsers allow only over a trusted connection.
  const controller = () => a.evaluate(() => navigator.serviceWorker.controller?.scriptURL);
  expect(await controller()).toBe(`${baseURL}/sw.js`);

  // A patient both tablets know.
  const shared = uniqueName('Amina Shared');
  await registerPatient(a, { name: shared, dateOfBirth: '1985-03-14', phone: '+254700000001' });
  await expectSynced(a);
  await expect
    .poll(async () => {
      await b.getByRole('button', { name: 'Sync now' }).click();
      await openPatient(b, shared).catch(() => undefined);
      return b.getByRole('heading', { name: shared }).isVisible();
    })
    .toBe(true);

  // A loses the network: it registers two patients and edits the shared one.
  await goOffline(tabletA);
  const first = uniqueName('Baraka Offline');
  const second = uniqueName('Chausiku Offline');
  await registerPatient(a, { name: first, age: 40, gender: 'male' });
  await registerPatient(a, { name: second, dateOfBirth: '2019-07-01', phone: '+254700000002' });
  await openPatient(a, shared);
  await editDetails(a, { Phone: '+254711111111' });
  await expect(a.getByRole('status').filter({ hasText: 'Sync now' })).toContainText('Offline');

  // Still offline, the nurse reloads: the service worker serves the app, the data is there.
  const reloaded = await a.reload();
  expect(reloaded?.fromServiceWorker()).toBe(true);
  expect(await controller()).toBe(`${baseURL}/sw.js`);
  await expect(a.getByRole('heading', { name: shared })).toBeVisible();
  // Stored in E.164, shown as dialled in the clinic's country (Kenya).
  await expectDetail(a, 'Phone', '0711 111111');
  await expect(a.getByRole('status').filter({ hasText: 'Sync now' })).toContainText('3 waiting');
  await openPatient(a, first);
  await openPatient(a, second);

  // Meanwhile B, online, changes another field of the same patient.
  await openPatient(b, shared);
  await editDetails(b, { Email: 'amina@example.com' });
  await expectSynced(b);

  // A comes back: both tablets hold both edits and every patient.
  await goOnline(tabletA);
  await a.getByRole('button', { name: 'Sync now' }).click();
  await expectSynced(a);
  await openPatient(a, shared);
  await expectDetail(a, 'Phone', '0711 111111');
  await expectDetail(a, 'Email', 'amina@example.com');

  await b.getByRole('button', { name: 'Sync now' }).click();
  await expectSynced(b);
  await openPatient(b, first);
  await openPatient(b, second);
  await openPatient(b, shared);
  await expectDetail(b, 'Phone', '0711 111111');
  await expectDetail(b, 'Email', 'amina@example.com');

  // The server holds each event once: the offline work arrived exactly once.
  const events = await serverEvents(baseURL!);
  expect(new Set(events.map((event) => event.event_id)).size).toBe(events.length);
  const registrations = (name: string) =>
    events.filter((event) => event.type === 'PatientRegistered' && event.data.full_name === name);
  expect(registrations(first)).toHaveLength(1);
  expect(registrations(second)).toHaveLength(1);
  const sharedId = registrations(shared)[0]!.aggregate_id;
  const updates = events.filter(
    (event) => event.aggregate_id === sharedId && event.type === 'PatientDetailsUpdated',
  );
  expect(updates.map((event) => event.data.changes)).toEqual(
    expect.arrayContaining([{ email: 'amina@example.com' }, { phone: '+254711111111' }]),
  );
  expect(updates).toHaveLength(2);

  await tabletA.context.close();
  await tabletB.context.close();
});

test('the same field changed on two tablets is a conflict shown with both values, and resolving it converges them', async ({
  browser,
  baseURL,
}) => {
  const tabletA = await openTablet(browser, demo.doctor);
  const tabletB = await openTablet(browser, demo.reception);
  const a = tabletA.page;
  const b = tabletB.page;

  const name = uniqueName('Dalia Conflict');
  await registerPatient(a, { name, dateOfBirth: '1990-01-02', phone: '+254722000000' });
  await expectSynced(a);
  await b.getByRole('button', { name: 'Sync now' }).click();
  await expectSynced(b);
  await openPatient(b, name);
  await openPatient(a, name);

  await goOffline(tabletA);
  await editDetails(a, { Phone: '+254733333333' });
  await editDetails(b, { Phone: '+254744444444' });
  await expectSynced(b);

  await goOnline(tabletA);
  await a.getByRole('button', { name: 'Sync now' }).click();
  const nav = a.getByRole('navigation', { name: 'Main' });
  await expect(nav.getByRole('link', { name: 'Conflicts (1)' })).toBeVisible({ timeout: 30_000 });
  // The doctor is told, with who made the change that came between and when.
  await a.getByRole('link', { name: /^Notifications/ }).click();
  await expect(
    a.getByRole('link', {
      name: new RegExp(
        `^Unread: A change of yours to ${name}'s record needs a decision: .+ \\(changed by Peter Kamau, \\w{3},? \\d+ \\w{3}, \\d\\d:\\d\\d\\)`,
      ),
    }),
  ).toBeVisible();
  await nav.getByRole('link', { name: /Conflicts/ }).click();
  // The card names whose record it is, and who made the other change.
  await expect(
    a.getByRole('heading', {
      name: `${name}: Update patient details · changed meanwhile elsewhere`,
    }),
  ).toBeVisible();
  await expect(
    a.getByText(/^The other change: Peter Kamau, \w{3},? \d+ \w{3}, \d\d:\d\d/),
  ).toBeVisible();
  const row = a.getByRole('row', { name: /phone/ });
  await expect(row).toContainText('+254722000000');
  await expect(row).toContainText('+254744444444');
  await expect(row).toContainText('+254733333333');
  await expectAccessible(a, 'conflicts inbox with a conflict');

  await a.getByRole('button', { name: 'Apply my change' }).click();
  await expect(a.getByText('Nothing to review')).toBeVisible();
  await expectSynced(a);
  await openPatient(a, name);
  await expectDetail(a, 'Phone', '0733 333333');

  await b.getByRole('button', { name: 'Sync now' }).click();
  await expectSynced(b);
  await expectDetail(b, 'Phone', '0733 333333');
  // The receptionist's saved value was replaced: they are told so, once, with both values.
  await b.getByRole('link', { name: /^Notifications/ }).click();
  await expect(
    b.getByRole('link', {
      name: new RegExp(
        `^Unread: ${name}: the phone you saved \\(\\+254744444444\\) is now \\+254733333333, changed by Dr\\. Amina Njoroge at \\d\\d:\\d\\d`,
      ),
    }),
  ).toBeVisible();

  // The choice is an event in the clinic's log, with both sides in words.
  const resolutions = (await serverEvents(baseURL!)).filter(
    (event) => event.type === 'ConflictResolved',
  );
  expect(resolutions.at(-1)?.data).toMatchObject({
    command_type: 'UpdatePatientDetails',
    choice: 'redo',
    summary: expect.stringContaining('+254744444444'),
  });

  await tabletA.context.close();
  await tabletB.context.close();
});
