import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { expect, test, type Page } from '@playwright/test';
import { expectAccessible } from './axe';
import { signIn, syncStatus, uniqueName } from './support';
import { request } from './tls';

/**
 * A new tablet joins a clinic that already holds 20,000 records, over a slow link: it
 * says how many of how many have arrived and about how long is left, and meanwhile the
 * front desk finds a patient who has arrived and registers a new one.
 */

const seeded = 20_000;
const perPush = 500;
/** Two patients to look for: one early in the log, one at its very end. */
const early = { index: 42, name: 'Tumaini Mwakasege' };
const last = { index: seeded - 1, name: 'Baraka Lyimo' };
const given = ['Amina', 'Juma', 'Halima', 'Said', 'Rehema', 'Omari', 'Zuhura', 'Hamisi'];
const family = ['Mushi', 'Temba', 'Massawe', 'Kimaro', 'Swai', 'Minja', 'Shirima', 'Urio'];

/** Registered after the first sync: a few records, as on any ordinary day. */
const later = { index: seeded + 2, name: 'Imani Kessy' };

const nameOf = (index: number) =>
  ({ [early.index]: early.name, [last.index]: last.name, [later.index]: later.name })[index] ??
  `${given[index % 8]} ${family[Math.floor(index / 8) % 8]}`;

interface Session {
  token: string;
}

async function call<T>(url: string, body: unknown, token?: string): Promise<T> {
  const response = await request(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: JSON.stringify(body),
  });
  if (response.status >= 300) throw new Error(`${url}: ${response.status} ${response.body}`);
  return JSON.parse(response.body) as T;
}

/** A registration as a tablet pushes it: the command and the event its decider makes. */
function registration(index: number) {
  const aggregateId = crypto.randomUUID();
  const issuedAt = new Date().toISOString();
  const patient = {
    mrn: `FS-${String(index).padStart(6, '0')}`,
    full_name: nameOf(index),
    date_of_birth: `19${50 + (index % 50)}-0${1 + (index % 9)}-1${index % 10}`,
    gender: index % 2 ? 'male' : 'female',
  };
  return {
    command_id: crypto.randomUUID(),
    client_seq: index + 1,
    type: 'RegisterPatient',
    aggregate_type: 'patient',
    aggregate_id: aggregateId,
    expected_version: 0,
    payload: patient,
    issued_at: issuedAt,
    events: [
      {
        event_id: crypto.randomUUID(),
        type: 'PatientRegistered',
        schema_version: 1,
        version: 1,
        data: {
          ...patient,
          birth_year_estimate: null,
          phone: null,
          email: null,
          address: null,
          national_id: null,
          preferred_language: null,
          emergency_contact: null,
        },
      },
    ],
  };
}

/** A clinic of its own (the demo clinic's other specs never see these records), seeded through POST /sync/push. */
async function seedClinic(baseURL: string) {
  const email = `first-sync-${crypto.randomUUID()}@example.com`;
  const password = 'amber lantern rides quietly';
  const deviceId = `first-sync-seeder-${crypto.randomUUID()}`;
  const session = await call<Session>(`${baseURL}/auth/signup`, {
    organization: { kind: 'clinic', name: 'Mlima Clinic', country: 'TZ' },
    admin: { full_name: 'Neema Admin', email, password, also_doctor: true },
    device_id: deviceId,
  });
  const push = async (from: number, count: number) => {
    const commands = Array.from({ length: count }, (_, offset) => registration(from + offset));
    const pushed = await call<{ results: { status: string }[] }>(
      `${baseURL}/sync/push`,
      { device_id: deviceId, commands },
      session.token,
    );
    const refused = pushed.results.find((result) => result.status !== 'accepted');
    if (refused) throw new Error(`seeding refused: ${JSON.stringify(refused)}`);
  };
  for (let start = 0; start < seeded; start += perPush) await push(start, perPush);
  return { email, password, push };
}

/** Searches the Patients screen; `timeout` for a screen that waits on a page being stored. */
async function findPatient(page: Page, name: string, timeout = 15_000) {
  await page
    .getByRole('navigation', { name: 'Main' })
    .getByRole('link', { name: 'Patients', exact: true })
    .click();
  await page.getByLabel('Search by name, phone or MRN').fill(name);
  await expect(page.getByRole('link', { name: new RegExp(name) })).toHaveCount(1, { timeout });
}

test.describe.configure({ timeout: 300_000 });

test('a new tablet shows its first sync coming in and works on what has arrived', async ({
  browser,
  baseURL,
}) => {
  const clinic = await seedClinic(baseURL!);
  const context = await browser.newContext();
  // The clinic's link: each page of the pull comes 700 ms late, so the sync lasts a while.
  let pulls = 0;
  // Pages of 1,000 rather than the app's 10,000: the 20,000 records stand for a clinic ten
  // times their size, whose pages each take seconds on a rural line.
  await context.route('**/sync/pull?*', async (route) => {
    pulls += 1;
    const url = new URL(route.request().url());
    if (Number(url.searchParams.get('limit')) > 1000) url.searchParams.set('limit', '1000');
    await new Promise((resolve) => setTimeout(resolve, 700));
    await route.continue({ url: url.toString() });
  });
  const page = await context.newPage();
  const started = Date.now();
  await signIn(page, clinic.email, clinic.password);

  const bar = page.getByRole('progressbar', {
    name: "Bringing this clinic's records to this tablet",
  });
  await expect(bar).toBeVisible();
  const words =
    /^([\d,]+) of (20,0\d\d) records · (about \d+ (seconds|minutes?) left|working out the time left)$/;
  await expect(bar).toHaveAttribute('aria-valuetext', words);
  // A guess of the time left once the pace is known (the first 1.5 s make none).
  await expect(
    page.getByText(/of 20,0\d\d records · about \d+ (seconds|minutes?) left/),
  ).toBeVisible({ timeout: 60_000 });
  const before = Number(await bar.getAttribute('aria-valuenow'));
  const total = Number(await bar.getAttribute('aria-valuemax'));
  expect(total).toBeGreaterThanOrEqual(seeded);

  // Nothing waits for the sync: the front desk searches and registers meanwhile (a read
  // waits at most for the page being stored, seconds on a loaded machine).
  await findPatient(page, early.name, 60_000);
  await expect(bar).toBeVisible();
  expect(Number(await bar.getAttribute('aria-valuenow'))).toBeGreaterThan(before);
  await expectAccessible(page, 'patients during the first sync');
  const folder = fileURLToPath(new URL('../../docs/screens/', import.meta.url));
  await mkdir(folder, { recursive: true });
  await page.screenshot({ path: `${folder}first-sync-tablet.png`, animations: 'disabled' });

  const newcomer = uniqueName('Neema');
  await page
    .getByRole('navigation', { name: 'Main' })
    .getByRole('link', { name: 'Register patient' })
    .click();
  await page.getByLabel('Full name').fill(newcomer);
  await page.getByLabel('Estimated age in years').fill('34');
  await page.getByLabel('Gender').selectOption('female');
  await page.getByRole('button', { name: 'Register patient' }).click();
  await expect(page.getByRole('heading', { name: newcomer })).toBeVisible({ timeout: 60_000 });
  await expect(bar).toBeVisible();
  console.info(`first sync: ${await bar.getAttribute('aria-valuetext')} at registration`);

  // The whole clinic arrives; the strip goes, and the last patient of the log is found.
  await expect(bar).toBeHidden({ timeout: 180_000 });
  console.info(
    `first sync: ${total} records in about ${Math.round((Date.now() - started) / 1000)} s`,
  );
  await expect(syncStatus(page)).toContainText('Synced');
  expect(pulls).toBeGreaterThanOrEqual(Math.ceil(total / 1000));
  await findPatient(page, last.name);
  await findPatient(page, newcomer);

  // An ordinary sync of a few records never shows the strip, not even for a moment.
  await page.evaluate(() => {
    const seen = document.createElement('meta');
    seen.id = 'progress-seen';
    document.head.append(seen);
    new MutationObserver(() => {
      if (document.querySelector('[role="progressbar"]')) seen.dataset.seen = 'yes';
    }).observe(document.body, { childList: true, subtree: true });
  });
  await clinic.push(seeded, 5);
  await findPatient(page, later.name);
  await expect(page.locator('#progress-seen')).not.toHaveAttribute('data-seen', 'yes');
  await context.close();
});
