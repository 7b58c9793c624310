import { expect, test } from '@playwright/test';
import {
  demo,
  expectSynced,
  openPatient,
  openTablet,
  registerPatient,
  uniqueName,
} from './support';

test('vitals that cannot be are refused beside the field; a reading entered in error is struck through; the prescription draft survives a reload', async ({
  browser,
}) => {
  const nurse = await openTablet(browser, demo.nurse);
  const n = nurse.page;
  const name = uniqueName('Wanjiru Kamau');
  await registerPatient(n, { name, dateOfBirth: '1979-06-14' });
  await n.getByRole('button', { name: 'Check in now (walk-in)' }).click();
  await expect(n.getByRole('heading', { name: `Visit: ${name}` })).toBeVisible();

  // A diastolic 5 mmHg under the systolic: named beside the field as soon as it is left.
  const vitals = n.getByRole('form', { name: 'Record vitals' });
  const readings = n.getByRole('region', { name: 'Vitals' }).getByRole('list').first();
  await vitals.getByLabel('Systolic (mmHg)').fill('120');
  await vitals.getByLabel('Diastolic (mmHg)').fill('115');
  await vitals.getByLabel('Pulse (beats/min)').focus();
  const refusal = vitals.getByText(
    'Systolic and diastolic only 5 mmHg apart cannot be measured (at least 10): check both',
  );
  await expect(refusal).toBeVisible();
  await expect(vitals.getByLabel('Diastolic (mmHg)')).toHaveAttribute('aria-invalid', 'true');
  // Sent anyway, the decider refuses it with the same reason, and nothing is recorded.
  await vitals.getByRole('button', { name: 'Record vitals' }).click();
  await expect(refusal).toBeVisible();
  await expect(readings).toContainText('None recorded yet.');
  // Corrected, the reason goes as the typing goes; recorded, the form is empty again.
  await vitals.getByLabel('Diastolic (mmHg)').fill('80');
  await expect(refusal).toHaveCount(0);
  await vitals.getByLabel('Pulse (beats/min)').fill('76');
  await vitals.getByRole('button', { name: 'Record vitals' }).click();
  await expect(readings).toContainText('BP 120/80 mmHg · Pulse 76 beats/min');
  await expect(vitals.getByLabel('Systolic (mmHg)')).toHaveValue('');
  await expect(vitals.getByLabel('Diastolic (mmHg)')).toHaveValue('');

  // The nurse who took them marks them entered in error, with the reason.
  await readings.getByRole('button', { name: /entered in error/ }).click();
  await readings.getByLabel('Why were they entered in error?').fill('Taken on the wrong patient');
  await readings.getByRole('button', { name: 'Mark entered in error' }).click();
  await expect(readings.locator('del')).toContainText('BP 120/80 mmHg');
  await expect(readings).toContainText(
    /Entered in error, marked by Grace Achieng on .*: Taken on the wrong patient/,
  );
  await expect(readings.getByRole('button', { name: /entered in error/ })).toHaveCount(0);
  await expectSynced(n);

  // The doctor sees it struck through, kept out of the chart, and writes a prescription.
  const doctor = await openTablet(browser, demo.doctor);
  const d = doctor.page;
  await openPatient(d, name);
  await expect(d.getByText('One measurement entered in error is left out.')).toBeVisible();
  await d.getByRole('button', { name: /Open the current visit/ }).click();
  await expect(
    d.getByRole('region', { name: 'Vitals' }).getByRole('list').first().locator('del'),
  ).toContainText('BP 120/80 mmHg');
  await d.getByRole('button', { name: 'Start consultation' }).click();
  await d.getByLabel('ICD-10 code or words').fill('malaria');
  await d.getByRole('button', { name: /B54 Unspecified malaria/ }).click();
  await d.getByRole('button', { name: 'Add diagnosis' }).click();
  await expect(d.getByText('Diagnosis B54 recorded')).toBeVisible();

  const prescription = d.getByRole('form', { name: 'Write a prescription' });
  // The visit's diagnosis is offered, and is the indication until another is chosen.
  await expect(prescription.getByLabel("Indication from this visit's diagnoses")).toHaveValue(
    'B54 Unspecified malaria',
  );
  await expect(prescription.getByLabel('Diagnosis on the prescription')).toHaveValue(
    'B54 Unspecified malaria',
  );
  await prescription.getByLabel('Medication', { exact: true }).fill('Artemether-lumefantrine');
  await prescription.getByLabel('Dosage').fill('4 tablets');
  await prescription.getByLabel('Frequency').fill('twice a day');

  // The page is reloaded half way: the draft is still there.
  await d.reload();
  await expect(d.getByRole('heading', { name: `Visit: ${name}` })).toBeVisible();
  await expect(prescription.getByLabel('Medication', { exact: true })).toHaveValue(
    'Artemether-lumefantrine',
  );
  await expect(prescription.getByLabel('Dosage')).toHaveValue('4 tablets');
  await expect(prescription.getByLabel('Frequency')).toHaveValue('twice a day');
  await prescription.getByLabel('Duration').fill('3 days');
  await prescription.getByLabel('Quantity').fill('24');
  await prescription.getByRole('button', { name: 'Sign and issue' }).click();
  await expect(d.getByText('Prescription signed and issued')).toBeVisible();
  await expect(
    d.getByRole('region', { name: 'Prescriptions' }).getByText(/Artemether-lumefantrine 4 tablets/),
  ).toBeVisible();
  // Issued, the draft is gone: the form is empty, after a reload too.
  await expect(prescription.getByLabel('Medication', { exact: true })).toHaveValue('');
  await d.reload();
  await expect(prescription.getByLabel('Medication', { exact: true })).toHaveValue('');

  await doctor.context.close();
  await nurse.context.close();
});
