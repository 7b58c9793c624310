import { expect, type Page } from '@playwright/test';
import { languageOf, say, translateStart } from './language';
import type { startSmsGateway } from './sms-gateway';

type Gateway = Awaited<ReturnType<typeof startSmsGateway>>;

/**
 * Opens the portal for the clinic on the page's phone and signs the patient in with the
 * code texted to them (read from the gateway stand-in), in the page's language.
 * `beforeCode` runs on the code step, before the code is typed.
 */
export async function portalSignIn(
  page: Page,
  gateway: Gateway,
  { hospitalId, phone }: { hospitalId: string; phone: string },
  beforeCode?: () => Promise<void>,
) {
  let t = say(page);
  await page.goto(`/portal/?clinic=${hospitalId}`);
  await expect(page.getByRole('heading', { name: t('Sign in to My health') })).toBeVisible();
  await page.getByLabel(t('Your phone number or email address')).fill(phone);
  await page.getByRole('button', { name: t('Send me a code') }).click();
  await expect.poll(() => gateway.codeSentTo(phone), { timeout: 30_000 }).not.toBeNull();
  await expect(page.getByLabel(t('The code'))).toBeVisible();
  if (beforeCode) await beforeCode();
  t = say(page);
  await page.getByLabel(t('The code')).fill(gateway.codeSentTo(phone)!);
  await page.getByRole('button', { name: t('Sign in') }).click();
  await expect(
    page.getByRole('heading', { name: translateStart(languageOf(page), 'Hello, {{name}}') }),
  ).toBeVisible();
}
