import { expect, test } from '@playwright/test';
import { demo, goOffline, openTablet, registerPatient, uniqueName } from './support';

test('a walk-in is checked in once; the full ICD-10-CM list reaches the doctor’s tablet and answers misspelt words offline', async ({
  browser,
}) => {
  const doctor = await openTablet(browser, demo.doctor);
  const d = doctor.page;
  await registerPatient(d, { name: uniqueName('Baraka Otieno'), age: 58, gender: 'male' });
  await d.getByRole('button', { name: 'Check in now (walk-in)' }).click();
  await d.getByRole('button', { name: 'Start consultation' }).click();

  // Back on the patient's page, the patient is not checked in a second time.
  await d.goBack();
  await expect(d.getByRole('button', { name: 'Check in now (walk-in)' })).toHaveCount(0);
  await d.getByRole('button', { name: 'Open the current visit (With the doctor)' }).click();

  // The list arrives after the app's first load, when the device is idle.
  const search = d.getByLabel('ICD-10 code or words');
  await expect(d.getByText('Search all ICD-10-CM codes by code or words')).toBeVisible({
    timeout: 30_000,
  });

  // The network goes; the page is opened anew from the device alone.
  await goOffline(doctor);
  await d.reload();
  await expect(d.getByText('Search all ICD-10-CM codes by code or words')).toBeVisible({
    timeout: 30_000,
  });
  // A code outside the common ones, found by two misspelt words.
  await search.fill('resistent hypertention');
  await d.getByRole('button', { name: /I1A\.0 Resistant hypertension/ }).click();
  await d.getByRole('button', { name: 'Add diagnosis' }).click();
  await expect(d.getByText('Diagnosis I1A.0 recorded')).toBeVisible();
  // The kind offered next is secondary: the form starts anew after each diagnosis.
  await expect(d.getByLabel('Kind', { exact: true })).toHaveValue('secondary');
  await search.fill('htn');
  await expect(
    d.getByRole('button', { name: /^I10 Essential \(primary\) hypertension/ }),
  ).toBeVisible();
  await doctor.context.close();
});
