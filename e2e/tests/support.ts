import { expect, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { languageOf, say, speaks, translateStart, type Language } from './language';

/** The greeting on Today, the first screen after signing in. */
const welcome = (language: Language) =>
  language === 'en' ? /^Welcome/ : translateStart(language, 'Welcome, {{name}}');
import { request } from './tls';

export const demoPassword = 'password123';
export const demo = {
  admin: 'test.admin@example.com',
  doctor: 'test.doctor@example.com',
  nurse: 'test.nurse@example.com',
  reception: 'test.reception@example.com',
} as const;

/** A name no other test run has used, so duplicate warnings stay out of the way. */
export const uniqueName = (given: string) =>
  `${given} ${String.fromCharCode(...Array.from({ length: 6 }, () => 97 + Math.floor(Math.random() * 26)))}`;

export interface Tablet {
  context: BrowserContext;
  page: Page;
}

export async function signIn(page: Page, email: string, password = demoPassword) {
  const t = say(page);
  await page.goto('/');
  await page.getByLabel(t('Email')).fill(email);
  await page.getByLabel(t('Password')).fill(password);
  await page.getByRole('button', { name: t('Sign in') }).click();
  await expect(page.getByRole('heading', { name: welcome(languageOf(page)) })).toBeVisible();
}

/**
 * A fresh browser profile signed in, with the service worker installed and in control.
 * `timezoneId` sets the tablet's own time zone; `password` is for accounts other than the
 * demo's; `language` is the one set on the tablet (English unless said).
 */
export async function openTablet(
  browser: Browser,
  email: string,
  options: { password?: string; timezoneId?: string; language?: Language } = {},
): Promise<Tablet> {
  const context = await browser.newContext(
    options.timezoneId ? { timezoneId: options.timezoneId } : {},
  );
  const page = await context.newPage();
  if (options.language) {
    speaks(page, options.language);
    await context.addInitScript((language) => {
      localStorage.setItem('mymedic.language', language);
    }, options.language);
  }
  await signIn(page, email, options.password);
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
    if (!navigator.serviceWorker.controller) {
      await new Promise((resolve) =>
        navigator.serviceWorker.addEventListener('controllerchange', resolve, { once: true }),
      );
    }
  });
  await expectSynced(page);
  return { context, page };
}

export const syncStatus = (page: Page) =>
  page.getByRole('status').filter({ hasText: say(page)('Sync now') });

export async function expectSynced(page: Page) {
  const t = say(page);
  await expect(syncStatus(page)).toContainText(t('Synced'), { timeout: 30_000 });
  await expect(syncStatus(page)).toContainText(t('nothing waiting'), { timeout: 30_000 });
}

/** Cuts the tablet's network: the page, and the service worker's own fetches. */
export async function goOffline(tablet: Tablet) {
  await tablet.context.setOffline(true);
}

export async function goOnline(tablet: Tablet) {
  await tablet.context.setOffline(false);
}

export interface NewPatient {
  name: string;
  dateOfBirth?: string;
  age?: number;
  gender?: 'female' | 'male' | 'other' | 'unknown';
  phone?: string;
}

/** Registers through the form and lands on the new patient's page. */
export async function registerPatient(page: Page, patient: NewPatient) {
  const t = say(page);
  await page
    .getByRole('navigation', { name: t('Main') })
    .getByRole('link', { name: t('Register patient') })
    .click();
  await page.getByLabel(t('Full name')).fill(patient.name);
  if (patient.dateOfBirth) await page.getByLabel(t('Date of birth')).fill(patient.dateOfBirth);
  if (patient.age !== undefined)
    await page.getByLabel(t('Estimated age in years')).fill(String(patient.age));
  await page.getByLabel(t('Gender')).selectOption(patient.gender ?? 'female');
  if (patient.phone) await page.getByLabel(t('Phone')).fill(patient.phone);
  await page.getByRole('button', { name: t('Register patient') }).click();
  await expect(page.getByRole('heading', { name: patient.name })).toBeVisible();
  return page.url();
}

/** Finds a patient by typing in the search box and opens their page. */
export async function openPatient(page: Page, name: string) {
  const t = say(page);
  await page
    .getByRole('navigation', { name: t('Main') })
    .getByRole('link', { name: t('Patients'), exact: true })
    .click();
  await page.getByLabel(t('Search by name, phone or MRN')).fill(name);
  await page
    .getByRole('link', { name: new RegExp(name) })
    .first()
    .click();
  await expect(page.getByRole('heading', { name })).toBeVisible();
}

/** Opens the patient page's Details tab, edits fields in its form and saves them. */
export async function editDetails(page: Page, fields: Record<string, string>) {
  const t = say(page);
  await page.getByRole('tab', { name: t('Details') }).click();
  await page.getByRole('button', { name: t('Edit details') }).click();
  const form = page.getByRole('form', { name: t('Patient details') });
  for (const [label, value] of Object.entries(fields)) {
    await form.getByLabel(t(label), { exact: true }).fill(value);
  }
  await form.getByRole('button', { name: t('Save details') }).click();
  await expect(
    page.getByRole('status').filter({ hasText: t('Details saved on this device') }),
  ).toBeVisible();
}

/** Opens the patient page's Details tab and expects one detail, as it reads there. */
export async function expectDetail(page: Page, label: string, value: string) {
  const t = say(page);
  await page.getByRole('tab', { name: t('Details') }).click();
  const term = page.getByRole('term').filter({ hasText: t(label) });
  await expect(term.locator('xpath=following-sibling::dd[1]')).toHaveText(value);
}

interface ServerEvent {
  event_id: string;
  aggregate_id: string;
  type: string;
  data: Record<string, unknown>;
  command_id: string | null;
}

/** Every event the server holds for the demo clinic, read through the sync API. */
export async function serverEvents(baseURL: string): Promise<ServerEvent[]> {
  const login = await request(`${baseURL}/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: demo.admin, password: demoPassword, device_id: 'e2e-inspector' }),
  });
  const { token } = JSON.parse(login.body) as { token: string };
  const events: ServerEvent[] = [];
  let after = 0;
  for (;;) {
    const response = await request(`${baseURL}/sync/pull?after=${after}&limit=5000`, {
      headers: { authorization: `Bearer ${token}` },
    });
    const page = JSON.parse(response.body) as {
      events: (ServerEvent & { position: number })[];
      has_more: boolean;
    };
    events.push(...page.events);
    if (!page.has_more || page.events.length === 0) return events;
    after = page.events.at(-1)!.position;
  }
}

/** Everything the browser keeps for the site, as text: storage and IndexedDB. */
export const deviceText = (page: Page) =>
  page.evaluate(async () => {
    const parts = Object.keys(localStorage).map((key) => `${key}=${localStorage.getItem(key)}`);
    for (const info of await indexedDB.databases()) {
      if (!info.name) continue;
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const request = indexedDB.open(info.name!);
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(new Error(String(request.error)));
      });
      for (const store of Array.from(db.objectStoreNames)) {
        const rows = await new Promise<unknown[]>((resolve, reject) => {
          const request = db.transaction(store).objectStore(store).getAll();
          request.onsuccess = () => resolve(request.result);
          request.onerror = () => reject(new Error(String(request.error)));
        });
        parts.push(`${info.name}/${store}=${JSON.stringify(rows)}`);
      }
      db.close();
    }
    return parts.join('\n');
  });

/** Sets the signed-in person's PIN from the offer shown after an online sign-in. */
export async function setPin(page: Page, pin: string) {
  const form = page.getByRole('form', { name: 'Set your PIN' });
  await form.getByLabel('New PIN').fill(pin);
  await form.getByLabel('Repeat the PIN').fill(pin);
  await form.getByRole('button', { name: 'Save PIN' }).click();
  await expect(form).toBeHidden();
}

/** Unlocks the lock screen as the person whose name matches, with their PIN. */
export async function unlock(page: Page, who: RegExp, pin: string) {
  const form = page.getByRole('form', { name: 'Unlock' });
  await form.getByRole('radio', { name: who }).check();
  await form.getByLabel('PIN').fill(pin);
  await form.getByRole('button', { name: 'Unlock' }).click();
}

/** Chooses an item of the person's menu in the header: Lock, Sign out, Set a PIN. */
export async function fromPersonMenu(page: Page, item: 'Lock' | 'Sign out' | 'Set a PIN') {
  await page
    .getByRole('banner')
    .getByRole('button', { name: /^Your account: / })
    .click();
  await page.getByRole('button', { name: item, exact: true }).click();
}

/** Waits until the app is kept on the tablet: its service worker active and in control. */
export async function waitForServiceWorker(page: Page) {
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
    if (!navigator.serviceWorker.controller) {
      await new Promise((resolve) =>
        navigator.serviceWorker.addEventListener('controllerchange', resolve, { once: true }),
      );
    }
  });
}
