import { expect, test } from '@playwright/test';
import { demo, signIn, uniqueName } from './support';

/**
 * Phone numbers in the demo clinic, in Kenya: one that is not a number is refused beside
 * its field with the reason; one typed internationally is shown as dialled in Kenya and
 * found by typing it the local way, or any other common way.
 */
test('a phone found in local format', async ({ page }) => {
  await signIn(page, demo.reception);
  const name = uniqueName('Wanjiku Phone');
  // 712 and six random digits: a number no earlier run registered.
  const national = `712${String(Math.floor(100_000 + Math.random() * 899_999))}`;
  const e164 = `+254${national}`;

  await page
    .getByRole('navigation', { name: 'Main' })
    .getByRole('link', { name: 'Register patient' })
    .click();
  await page.getByLabel('Full name').fill(name);
  await page.getByLabel('Date of birth').fill('1991-02-03');
  await page.getByLabel('Gender').selectOption('female');
  await page.getByLabel('Phone').fill('0712 34');
  await page.getByRole('button', { name: 'Register patient' }).click();
  const phone = page.getByLabel('Phone');
  await expect(phone).toHaveAttribute('aria-invalid', 'true');
  await expect(phone).toHaveAccessibleDescription('Not a phone number in Kenya: too short');

  await page.getByLabel('Phone').fill(`+254 ${national.slice(0, 3)} ${national.slice(3)}`);
  await page.getByRole('button', { name: 'Register patient' }).click();
  await expect(page.getByRole('heading', { name })).toBeVisible();
  // Shown as dialled in Kenya, and dialled as recorded.
  const shown = `0${national.slice(0, 3)} ${national.slice(3)}`;
  await expect(page.getByRole('link', { name: shown })).toHaveAttribute('href', `tel:${e164}`);

  await page
    .getByRole('navigation', { name: 'Main' })
    .getByRole('link', { name: 'Patients', exact: true })
    .click();
  const search = page.getByLabel('Search by name, phone or MRN');
  for (const typed of [
    `0${national.slice(0, 3)} ${national.slice(3, 6)} ${national.slice(6)}`,
    `254-${national.slice(0, 3)}-${national.slice(3)}`,
    national,
  ]) {
    await search.fill(typed);
    await expect(page.getByRole('link', { name: new RegExp(name) }), typed).toBeVisible();
    await expect(page.getByRole('link', { name: new RegExp(name) })).toContainText(shown);
  }
});
