import { expect, test } from '@playwright/test';
import { byKey, translate, type Language } from './language';
import { demo, openTablet, registerPatient, uniqueName } from './support';

/**
 * Refusals read in the person's language (docs/i18n.md): the shared decider's on the
 * tablet, a field's as it is typed, and the server's own answer to a sign-in.
 */

test('a refused vitals entry reads in Swahili, beside the field and from the decider', async ({
  browser,
}) => {
  const language: Language = 'sw';
  const t = (english: string) => translate(language, english);
  const vitalsField = (sign: string) =>
    byKey(language, 'clinical:vitals.field', {
      sign: byKey(language, `clinical:vitals.signs.${sign}`),
      unit: byKey(language, `clinical:vitals.units.${sign}`),
    });
  const nurse = await openTablet(browser, demo.nurse, { language });
  const n = nurse.page;
  await registerPatient(n, { name: uniqueName('Neema Refusals'), dateOfBirth: '1988-03-02' });
  await n.getByRole('button', { name: t('Check in now (walk-in)') }).click();
  const vitals = n.getByRole('form', { name: t('Record vitals') });

  // Out of its range, sent: the decider's refusal, said in Swahili beside the field.
  await vitals.getByLabel(vitalsField('systolic')).fill('300');
  await vitals.getByRole('button', { name: t('Record vitals') }).click();
  const outOfRange = byKey(language, 'errors:vitals.range', {
    sign: byKey(language, 'errors:label.systolic'),
    min: 50,
    max: 260,
    unit: 'mmHg',
  });
  expect(outOfRange).toBe('Shinikizo la juu: thamani lazima iwe kati ya 50 na 260 mmHg');
  await expect(vitals.getByText(outOfRange, { exact: true }).first()).toBeVisible();
  await expect(vitals.getByText('Systolic must be between 50 and 260 mmHg')).toHaveCount(0);
  await n.screenshot({ path: test.info().outputPath('vitals-refused-sw.png'), fullPage: true });

  // A combination that cannot be, named as the typing goes (the same rules, on the device).
  await vitals.getByLabel(vitalsField('systolic')).fill('120');
  await vitals.getByLabel(vitalsField('diastolic')).fill('115');
  await vitals.getByLabel(vitalsField('pulse')).focus();
  await expect(
    vitals.getByText(
      byKey(language, 'errors:vitals.pulsePressureNarrow', { difference: 5, min: 10 }),
      { exact: true },
    ),
  ).toBeVisible();
  await nurse.context.close();
});

test("the server's refusal of a sign-in reads in French", async ({ browser }) => {
  const context = await browser.newContext();
  await context.addInitScript(() => localStorage.setItem('mymedic.language', 'fr'));
  const page = await context.newPage();
  await page.goto('/');
  await page.getByLabel(translate('fr', 'Email')).fill(demo.nurse);
  await page.getByLabel(translate('fr', 'Password')).fill('not the password at all');
  await page.getByRole('button', { name: translate('fr', 'Sign in') }).click();
  await expect(page.getByText(byKey('fr', 'errors:server.invalidCredentials'))).toBeVisible();
  await expect(page.getByText('The email or password is not right')).toHaveCount(0);
  await context.close();
});
