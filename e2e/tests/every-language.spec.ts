import { expect, test, type Page } from '@playwright/test';
import { expectAccessible } from './axe';
import { languages, say, speaks, translateStart, type Language } from './language';
import { portalSignIn } from './portal-sign-in';
import { seedClinic, type SeededClinic } from './seed-clinic';
import { startSmsGateway } from './sms-gateway';
import { expectSynced, signIn } from './support';

/**
 * Every main screen in every language passes axe (WCAG 2.2 AA) and fits the screen
 * without scrolling sideways: French, Spanish and Swahili words run longer than English
 * ones, and a label or button that fits in English may not. One sign-in, on a tablet held
 * upright (the narrowest screen the staff app is laid out for), and the language switched
 * inside the app for each round; the patient portal on a phone.
 */

// Long for a busy machine: on a quiet one each test takes a fraction of this.
test.describe.configure({ timeout: 600_000 });

let seeded: Promise<SeededClinic> | undefined;
/** One hospital for the whole file, made by the first test that needs it. */
const clinicFor = (baseURL: string) => (seeded ??= seedClinic(baseURL));

/**
 * Nothing wider than the screen: the page never scrolls sideways, and nothing sticks out
 * past its right edge (a part that scrolls sideways on purpose, such as the week's grid,
 * keeps what it holds inside itself).
 */
async function expectFits(page: Page, screen: string) {
  const overflow = await page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const heldInside = (element: HTMLElement) => {
      for (let up = element.parentElement; up && up !== document.body; up = up.parentElement) {
        if (getComputedStyle(up).overflowX !== 'visible')
          return up.getBoundingClientRect().right <= width + 1;
      }
      return false;
    };
    const wider = [...document.querySelectorAll<HTMLElement>('body *')]
      .filter((element) => element.getBoundingClientRect().right > width + 1)
      .filter((element) => element.checkVisibility() && !heldInside(element))
      .map((element) => `${element.tagName.toLowerCase()} "${element.innerText?.slice(0, 40)}"`);
    return { scrolls: document.documentElement.scrollWidth > width, wider: wider.slice(0, 5) };
  });
  expect(overflow, `${screen} fits the screen`).toEqual({ scrolls: false, wider: [] });
}

async function check(page: Page, screen: string) {
  await expectAccessible(page, screen);
  await expectFits(page, screen);
}

/**
 * Opens a screen by its address inside the app, as a link does (a reload would start the
 * whole app again, many times over), once its main heading (and `shows`) is there.
 */
async function open(page: Page, path: string, shows?: string | RegExp) {
  await page.evaluate((to) => {
    for (const heading of document.querySelectorAll('h1')) heading.dataset.left = '';
    window.history.pushState(null, '', to);
    window.dispatchEvent(new PopStateEvent('popstate'));
  }, path);
  await expect(page.locator('h1:not([data-left])').first()).toBeVisible();
  if (shows) await expect(page.getByText(shows).first()).toBeVisible();
}

// Home last: each language's round starts from it, on another screen than its first.
const portalScreens = [
  'appointments',
  'visits',
  'prescriptions',
  'vitals',
  'documents',
  'consents',
  '',
];
const setupSteps = ['practice', 'time_zone', 'hours', 'locations', 'staff'] as const;
/** "Nurse and admin" as a person types it in each language. */
const roleWords: Record<Language, string> = {
  en: 'nurse and admin',
  fr: 'infirmière et administrateur',
  es: 'enfermera y administradora',
  sw: 'muuguzi na msimamizi',
};
const patientTabs = ['history', 'visits', 'documents', 'details'] as const;
const tabNames = {
  history: 'History',
  visits: 'Visits',
  documents: 'Documents',
  details: 'Details',
};

test('every screen of the staff app in every language: axe finds nothing, nothing overflows', async ({
  browser,
  baseURL,
}) => {
  // Four rounds of the app's screens, each long for a busy machine.
  test.setTimeout(4 * 600_000);
  const clinic = await clinicFor(baseURL!);
  const context = await browser.newContext();
  const page = await context.newPage();
  const patient = clinic.patient.name;

  // The sign-in in each language, chosen from its own list.
  await page.goto('/');
  for (const language of languages) {
    await page.getByRole('combobox', { name: say(page)('Language') }).selectOption(language);
    speaks(page, language);
    await expect(page.getByRole('heading', { name: say(page)('Sign in') })).toBeVisible();
    await check(page, `sign-in (${language})`);
  }
  await signIn(page, clinic.email, clinic.password);
  await expectSynced(page);

  // Then every screen in each language, switched from the account's own list as a person
  // does, rather than signed in again in each one.
  for (const language of languages) {
    await open(page, '/account');
    await page.getByRole('combobox', { name: say(page)('Language') }).selectOption(language);
    speaks(page, language);
    const t = say(page);
    const at = (screen: string) => `${screen} (${language})`;

    await open(page, '/', translateStart(language, 'Welcome, {{name}}'));
    await check(page, at('today'));

    await open(page, '/calendar', patient);
    await check(page, at('calendar, day'));
    await page.getByRole('button', { name: t('Week') }).click();
    await expect(page.getByRole('button', { name: t('Previous week') })).toBeVisible();
    await check(page, at('calendar, week'));

    for (const [path, screen, shows] of [
      ['/patients', 'patients', patient],
      ['/patients/new', 'register patient', undefined],
      [`/visits/${clinic.visitId}`, 'visit page', patient],
      ['/conflicts', 'conflicts', undefined],
      ['/messages', 'messages', undefined],
      ['/notifications', 'notifications', undefined],
      ['/reports', 'reports', undefined],
      ['/account', 'account', undefined],
      ['/organisation', 'organisation', undefined],
    ] as const) {
      await open(page, path, shows);
      await check(page, at(screen));
    }
    await open(page, `/patients/${clinic.patient.id}`, patient);
    for (const tab of patientTabs) {
      await page.getByRole('tab', { name: t(tabNames[tab]) }).click();
      await expect(page.getByRole('tab', { name: t(tabNames[tab]), selected: true })).toBeVisible();
      await check(page, at(`patient page, ${tab}`));
    }
    for (const step of setupSteps) {
      await open(page, `/setup/${step}`);
      await check(page, at(`setup, ${step}`));
    }
    // The hospital's list of staff to invite, with the roles in the person's own words.
    const list = page.getByRole('form', { name: t('Invite staff') });
    const invitee = `${language}-${Date.now()}@example.org`;
    await list
      .getByLabel(t('Staff to invite, one a line'))
      .fill(`Awa Diop, ${invitee}, ${roleWords[language]}`);
    await list.getByRole('button', { name: t('Invite them') }).click();
    await expect(page.locator('[data-temporary-password]')).toBeVisible();
    await expect(page.getByRole('alert')).toHaveCount(0);
    await check(page, at('setup, staff invited'));
  }
  await context.close();
});

test('every screen of the patient portal in every language: axe finds nothing, nothing overflows', async ({
  browser,
  baseURL,
}) => {
  const clinic = await clinicFor(baseURL!);
  const gateway = await startSmsGateway();
  try {
    const context = await browser.newContext({ viewport: { width: 360, height: 740 } });
    const page = await context.newPage();
    // The sign-in in each language, chosen from its own list.
    await page.goto(`/portal/?clinic=${clinic.hospitalId}`);
    for (const language of languages) {
      await page.getByRole('combobox', { name: say(page)('Language') }).selectOption(language);
      speaks(page, language);
      await expect(
        page.getByRole('heading', { name: say(page)('Sign in to My health') }),
      ).toBeVisible();
      await check(page, `portal sign-in (${language})`);
    }
    // The code step, in each language chosen from its own language list.
    await portalSignIn(
      page,
      gateway,
      {
        hospitalId: clinic.hospitalId,
        phone: clinic.patient.phone,
      },
      async () => {
        for (const language of languages) {
          await page.getByRole('combobox', { name: say(page)('Language') }).selectOption(language);
          speaks(page, language);
          await expect(page.getByLabel(say(page)('The code'))).toBeVisible();
          await check(page, `portal code (${language})`);
        }
      },
    );

    for (const language of languages) {
      // The language from the menu's own list, as a patient changes it.
      await page.getByRole('button', { name: say(page)('Menu') }).click();
      await page.getByRole('combobox', { name: say(page)('Language') }).selectOption(language);
      speaks(page, language);
      await expect(page.getByRole('button', { name: say(page)('Close menu') })).toBeVisible();
      await check(page, `portal menu (${language})`);
      for (const screen of portalScreens) {
        await open(page, `/portal/${screen}`);
        await check(page, `portal ${screen || 'home'} (${language})`);
      }
    }
    await context.close();
  } finally {
    await gateway.close();
  }
});
