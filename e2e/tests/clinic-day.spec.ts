import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { expect, test, type Browser, type Page } from '@playwright/test';
import { expectAccessible } from './axe';
import { byKey, languageOf, say, translate, translatePrefix, type Language } from './language';
import {
  demo,
  deviceText,
  expectSynced,
  goOffline,
  goOnline,
  openPatient,
  openTablet,
  registerPatient,
  uniqueName,
} from './support';

/** The main navigation, named in the tablet's language. */
const nav = (page: Page) => page.getByRole('navigation', { name: say(page)('Main') });

async function syncNow(page: Page) {
  await page.getByRole('button', { name: say(page)('Sync now') }).click();
  await expectSynced(page);
}

/**
 * Books the patient whose page is open with the demo doctor, today at the given time.
 * When that time has passed or the clinic is closed today, the booking asks to go ahead
 * anyway, and does.
 */
async function book(page: Page, time: string, reason: string) {
  const t = say(page);
  const language = languageOf(page);
  await page.getByRole('button', { name: t('Book an appointment') }).click();
  const form = page.getByRole('form', { name: t('Book an appointment') });
  await form.getByLabel(t('Doctor')).selectOption({ label: 'Dr. Amina Njoroge' });
  await form.getByLabel(t('Time')).fill(time);
  await form.getByLabel(t('Reason')).fill(reason);
  await form.getByRole('button', { name: t('Book appointment') }).click();
  const booked = page
    .getByRole('status')
    .filter({ hasText: translatePrefix(language, 'Booked {{name}} on {{day}}, {{time}}') });
  const anyway = form.getByLabel(translatePrefix(language, 'Book anyway: {{reasons}}'));
  await expect(booked.or(anyway)).toBeVisible();
  if (await anyway.isVisible()) {
    await anyway.check();
    await form.getByRole('button', { name: t('Book appointment') }).click();
  }
}

/**
 * The clinic day, in the tablets' language: every button, label and message is found by
 * the app's own string in that language (tests/language.ts), so a screen of the day left
 * in English fails in any other language, the decider's refusals included (docs/i18n.md);
 * the ICD-10-CM titles are the CDC's.
 */
async function clinicDay(browser: Browser, language: Language) {
  const t = (english: string, values?: Record<string, string | number>) =>
    translate(language, english, values);
  const start = (english: string, values?: Record<string, string | number>) =>
    translatePrefix(language, english, values);
  const vitalsField = (sign: string) =>
    byKey(language, 'clinical:vitals.field', {
      sign: byKey(language, `clinical:vitals.signs.${sign}`),
      unit: byKey(language, `clinical:vitals.units.${sign}`),
    });
  const reception = await openTablet(browser, demo.reception, { language });
  const nurse = await openTablet(browser, demo.nurse, { language });
  const doctor = await openTablet(browser, demo.doctor, { language });
  const a = reception.page;
  const b = nurse.page;
  const c = doctor.page;
  const visitHeading = (name: string) => start('Visit: <patient>{{name}}</patient>', { name });

  // The doctor knows the patient is allergic to penicillin.
  // Each language's run registers someone else: the same phone and birthday would be
  // (rightly) offered as the patient already registered.
  const name = uniqueName(language === 'en' ? 'Halima Clinic' : 'Halima Kliniki');
  const [dateOfBirth, phone, time] =
    language === 'en'
      ? ['1988-02-02', '+254790000001', '10:00']
      : ['1989-03-04', '+254790000011', '11:00'];
  await registerPatient(c, { name, dateOfBirth, phone });
  await c.getByRole('button', { name: t('Record an allergy') }).click();
  const allergy = c.getByRole('form', { name: t('Record an allergy') });
  await allergy.getByLabel(t('Substance')).fill('Penicillin');
  await allergy.getByLabel(t('Reaction')).fill('Rash');
  await allergy.getByRole('button', { name: t('Record allergy') }).click();
  // Recorded, the form is ready for the next allergy.
  await expect(allergy.getByLabel(t('Substance'))).toHaveValue('');
  await expectSynced(c);

  // Reception books and checks her in.
  await syncNow(a);
  await openPatient(a, name);
  await book(a, time, 'Fever for three days');
  await expect(
    a.getByRole('status').filter({ hasText: start('Booked {{name}} on {{day}}, {{time}}') }),
  ).toBeVisible();
  await nav(a)
    .getByRole('link', { name: t('Calendar') })
    .click();
  await a.getByRole('button', { name: new RegExp(`${time} ${name}`) }).click();
  const item = a.getByRole('listitem').filter({ hasText: name });
  await expect(item).toContainText('Fever for three days');
  await expectAccessible(a, `calendar (${language})`);
  await item.getByRole('button', { name: t('Check in') }).click();
  await expect(a.getByRole('heading', { name: visitHeading(name) })).toBeVisible();
  await expectSynced(a);

  // The nurse's tablet gets the queue, then loses the network and records vitals.
  await syncNow(b);
  await nav(b)
    .getByRole('link', { name: t('Today') })
    .click();
  await expect(b.getByRole('link', { name })).toBeVisible();
  await goOffline(nurse);
  await b.getByRole('link', { name }).click();
  const triage = b.getByRole('form', { name: t('Record triage') });
  await triage.getByLabel(t('Priority')).selectOption('urgent');
  await triage.getByLabel(t('Main complaint')).fill('Fever and chills');
  await triage.getByRole('button', { name: t('Record triage') }).click();
  const vitals = b.getByRole('form', { name: t('Record vitals') });
  await vitals.getByLabel(vitalsField('systolic')).fill('300');
  await vitals.getByRole('button', { name: t('Record vitals') }).click();
  // The shared decider's refusal, in the tablet's language (the `errors` namespace).
  const outOfRange = byKey(language, 'errors:vitals.range', {
    sign: byKey(language, 'errors:label.systolic'),
    min: 50,
    max: 260,
    unit: 'mmHg',
  });
  await expect(vitals.getByText(outOfRange, { exact: true }).first()).toBeVisible();
  await vitals.getByLabel(vitalsField('systolic')).fill('128');
  await vitals.getByLabel(vitalsField('diastolic')).fill('82');
  await vitals.getByLabel(vitalsField('temperature_c')).fill('38.4');
  await vitals.getByRole('button', { name: t('Record vitals') }).click();
  const pressure = t('BP {{systolic}}/{{diastolic}} mmHg', { systolic: 128, diastolic: 82 });
  await expect(b.getByText(pressure)).toBeVisible();
  await expectAccessible(b, `visit page, nurse (${language})`);

  // The doctor consults: diagnosis, a signed note, a prescription that meets the allergy.
  await syncNow(c);
  await nav(c)
    .getByRole('link', { name: t('Today') })
    .click();
  await c.getByRole('link', { name }).click();
  await c.getByRole('button', { name: t('Start consultation') }).click();
  await c.getByLabel(t('ICD-10 code or words')).fill('malaria');
  await c.getByRole('button', { name: /B54 Unspecified malaria/ }).click();
  await c.getByRole('button', { name: t('Add diagnosis') }).click();
  await expect(c.getByText(t('Diagnosis {{code}} recorded', { code: 'B54' }))).toBeVisible();

  await c.getByLabel(t('New note')).fill('Fever for three days. Rapid test positive.');
  await c.getByRole('button', { name: t('Save as draft') }).click();
  const note = c.getByRole('listitem').filter({
    hasText: t('By {{who}} · draft, revision {{revision}}', {
      who: 'Dr. Amina Njoroge',
      revision: 1,
    }),
  });
  await note.getByLabel(t('Note')).fill('Fever for three days. Rapid malaria test positive.');
  await note.getByRole('button', { name: t('Sign note') }).click();
  await expect(
    c.getByText(start('Signed by {{who}} on {{when}}', { who: 'Dr. Amina Njoroge' })),
  ).toBeVisible();

  const prescription = c.getByRole('form', { name: t('Write a prescription') });
  await prescription.getByLabel(t('Medication'), { exact: true }).fill('Amoxicillin');
  await prescription.getByLabel(t('Dosage')).fill('500 mg');
  await prescription.getByLabel(t('Frequency')).fill('three times a day');
  await prescription.getByLabel(t('Duration')).fill('5 days');
  await prescription.getByLabel(t('Quantity')).fill('15');
  await expect(prescription.getByRole('alert')).toContainText(
    start('{{medication}}: the patient is allergic to {{substance}} (both {{drugClass}})', {
      medication: 'Amoxicillin',
      substance: 'Penicillin',
    }),
  );
  await prescription.getByRole('button', { name: t('Sign and issue') }).click();
  await expect(
    prescription.getByText(t('Check the allergy warning and confirm before signing')),
  ).toBeVisible();
  await prescription.getByLabel(t('I have checked the allergy and still prescribe')).check();
  await prescription.getByRole('button', { name: t('Sign and issue') }).click();
  await expect(c.getByText(t('Prescription signed and issued'))).toBeVisible();
  await expectAccessible(c, `visit page, doctor (${language})`);
  await c.getByRole('link', { name: t('Print view') }).click();
  await expect(c.getByRole('heading', { name: 'Demo Clinic' })).toBeVisible();
  await expect(c.getByRole('cell', { name: /Amoxicillin/ })).toBeVisible();
  await expect(
    c.getByText(
      start('<strong>Signed electronically by</strong> {{who}}, {{when}}', {
        who: 'Dr. Amina Njoroge',
      }),
    ),
  ).toBeVisible();
  await expectAccessible(c, `prescription print view (${language})`);
  await c.goBack();
  await expectSynced(c);

  // The nurse's tablet returns: the clinical tablets show the same visit, and the front
  // desk sees where it stands without a word of what was found or given.
  await goOnline(nurse);
  await syncNow(b);
  await syncNow(a);
  await syncNow(c);
  for (const page of [b, c]) {
    await page.reload();
    await expect(page.getByRole('heading', { name: visitHeading(name) })).toBeVisible();
    await expect(page.getByText(pressure)).toBeVisible();
    await expect(page.getByText('Fever and chills')).toBeVisible();
    await expect(
      page
        .getByRole('region', { name: t('Diagnoses and treatment plan') })
        .getByText('Unspecified malaria'),
    ).toBeVisible();
    await expect(page.getByText('Rapid malaria test positive')).toBeVisible();
    await expect(page.getByText(/Amoxicillin 500 mg/)).toBeVisible();
  }
  await a.reload();
  await expect(a.getByRole('heading', { name: visitHeading(name) })).toBeVisible();
  await expect(a.getByText(t('With the doctor'), { exact: true })).toBeVisible();
  await expect(a.getByRole('region', { name: t('Triage') })).toContainText(t('Urgent'));
  await openPatient(a, name);
  await expect(a.getByRole('heading', { name: t('History') })).toBeVisible();
  const clinicalWords = [
    'Penicillin',
    'Fever and chills',
    '128/82',
    'malaria',
    'Amoxicillin',
    'B54',
  ];
  const frontDesk = (await a.locator('body').innerText()) + (await deviceText(a));
  for (const word of clinicalWords) {
    expect(frontDesk.includes(word), `the front desk holds "${word}"`).toBe(false);
  }
  for (const tablet of [reception, nurse, doctor]) await tablet.context.close();
}

test('a clinic day across three tablets, with the nurse offline, ends with the same visit everywhere', async ({
  browser,
}) => {
  await clinicDay(browser, 'en');
});

test('the same clinic day in Swahili', async ({ browser }) => {
  await clinicDay(browser, 'sw');
});

test('two tablets book the same slot offline: the later one lands in the inbox and is kept on purpose', async ({
  browser,
}) => {
  const first = await openTablet(browser, demo.reception);
  const second = await openTablet(browser, demo.doctor);
  const a = first.page;
  const b = second.page;
  const one = uniqueName('Imani Slot');
  const two = uniqueName('Juma Slot');
  await registerPatient(a, { name: one, dateOfBirth: '1991-03-03', phone: '+254791000001' });
  await registerPatient(b, { name: two, dateOfBirth: '1992-04-04', phone: '+254792000002' });
  await expectSynced(a);
  await expectSynced(b);

  await goOffline(first);
  await goOffline(second);
  await openPatient(a, one);
  await book(a, '15:00', 'Check-up');
  await openPatient(b, two);
  await book(b, '15:10', 'Review');

  await goOnline(first);
  await syncNow(a);
  await goOnline(second);
  await b.getByRole('button', { name: 'Sync now' }).click();
  await expect(nav(b).getByRole('link', { name: 'Conflicts (1)' })).toBeVisible({
    timeout: 30_000,
  });
  await nav(b)
    .getByRole('link', { name: /Conflicts/ })
    .click();
  // The card names the patient, the doctor, the slot in the clinic's time and who holds it.
  await expect(
    b.getByRole('heading', { name: new RegExp(`^${two}: Schedule appointment`) }),
  ).toBeVisible();
  await expect(
    b.getByText(new RegExp(`Dr\\. Amina Njoroge is booked .* with ${one} \\(booked by .+\\)`)),
  ).toBeVisible();
  // The server's refusal is said from its key: the doctor, the day and hours, the zone.
  await expect(
    b.getByText(/^Dr\. Amina Njoroge's slot is taken: .+, 15:00–\d\d:\d\d \(UTC\)$/),
  ).toBeVisible();
  await expectAccessible(b, 'conflicts inbox with a clashing booking');
  await b.getByRole('button', { name: 'Keep both as an intended overbooking' }).click();
  await expect(b.getByText('Kept both')).toBeVisible();
  await expectSynced(b);

  await syncNow(a);
  for (const page of [a, b]) {
    await nav(page).getByRole('link', { name: 'Calendar' }).click();
    await expect(page.getByRole('button', { name: new RegExp(`15:00 ${one}`) })).toBeVisible();
    await expect(page.getByRole('button', { name: new RegExp(`15:10 ${two}`) })).toBeVisible();
  }
  await first.context.close();
  await second.context.close();
});

test('a photo attached offline uploads when the server answers and opens on another tablet', async ({
  browser,
}) => {
  const nurse = await openTablet(browser, demo.nurse);
  const doctor = await openTablet(browser, demo.doctor);
  const a = nurse.page;
  const b = doctor.page;
  const name = uniqueName('Kesi Document');
  await registerPatient(a, { name, dateOfBirth: '1979-09-09', phone: '+254793000003' });
  await expectSynced(a);

  await goOffline(nurse);
  await a.getByRole('tab', { name: 'Documents' }).click();
  const attach = a.getByRole('form', { name: 'Attach a document' });
  await attach.getByLabel('Kind of document').selectOption('photo');
  await attach.getByLabel('Title').fill('Wound on the left foot');
  await attach
    .getByLabel('Take a photo')
    .setInputFiles(fileURLToPath(new URL('../../client/public/icon-192.png', import.meta.url)));
  await attach.getByRole('button', { name: 'Attach document' }).click();
  await expect(a.getByText('file waiting to upload')).toBeVisible();
  await expectAccessible(a, 'patient page with documents');

  await goOnline(nurse);
  await syncNow(a);
  await expect(a.getByText('file waiting to upload')).toBeHidden();

  await syncNow(b);
  await openPatient(b, name);
  await b.getByRole('tab', { name: 'Documents' }).click();
  await b.getByRole('button', { name: 'Open Wound on the left foot' }).click();
  await expect(b.getByRole('img', { name: 'Wound on the left foot' })).toBeVisible();
  const width = await b
    .getByRole('img', { name: 'Wound on the left foot' })
    .evaluate((image: HTMLImageElement) => image.naturalWidth);
  expect(width).toBe(192);

  // The doctor shares it with the patient (their portal shows it); the nurse's tablet
  // sees it shared once it syncs.
  await b.getByLabel('Share with patient').click();
  await expect(b.getByText('Shared with the patient: it shows in their portal')).toBeVisible();
  await syncNow(b);
  await syncNow(a);
  await expect(a.getByText('· shared with the patient')).toBeVisible();
  await expect(a.getByLabel('Share with patient')).toBeChecked();
  await nurse.context.close();
  await doctor.context.close();
});

test('an attached web page or drawing is only saved, never opened as a page of the app', async ({
  browser,
}) => {
  const nurse = await openTablet(browser, demo.nurse);
  const page = nurse.page;
  const name = uniqueName('Kesi Attachment');
  await registerPatient(page, { name, dateOfBirth: '1981-02-03', phone: '+254793000004' });
  await page.getByRole('tab', { name: 'Documents' }).click();
  const attach = page.getByRole('form', { name: 'Attach a document' });
  const hostile = [
    {
      title: 'Lab portal page',
      name: 'results.html',
      mimeType: 'text/html',
      text: '<script>localStorage.setItem("ran", "html")</script>',
    },
    {
      title: 'Scanned drawing',
      name: 'drawing.svg',
      mimeType: 'image/svg+xml',
      text: '<svg xmlns="http://www.w3.org/2000/svg" onload="localStorage.setItem(\'ran\', \'svg\')"/>',
    },
  ];
  // Notes the media type of every blob the app makes a URL of.
  await page.evaluate(() => {
    const made: string[] = [];
    const original = URL.createObjectURL.bind(URL);
    (window as unknown as { blobTypes: string[] }).blobTypes = made;
    URL.createObjectURL = (blob: Blob | MediaSource) => {
      made.push(blob instanceof Blob ? blob.type : 'media source');
      return original(blob);
    };
  });
  for (const file of hostile) {
    await attach.getByLabel('Kind of document').selectOption('other');
    await attach.getByLabel('Title').fill(file.title);
    await attach.getByLabel('Or choose a file').setInputFiles({
      name: file.name,
      mimeType: file.mimeType,
      buffer: Buffer.from(file.text),
    });
    await attach.getByRole('button', { name: 'Attach document' }).click();
    await page.getByRole('button', { name: `Open ${file.title}` }).click();
    const save = page.getByRole('link', { name: `Save ${file.name}` });
    await expect(save).toBeVisible();
    // Saved only: no link opens it in a tab, and its URL holds bytes no browser renders.
    await expect(page.getByRole('link', { name: `View ${file.name}` })).toHaveCount(0);
    await expect(save).not.toHaveAttribute('target', /.*/);
    await expect(save).toHaveAttribute('download', file.name);
    const types = await page.evaluate(
      () => (window as unknown as { blobTypes: string[] }).blobTypes,
    );
    expect(types.at(-1)).toBe('application/octet-stream');
    const pagesBefore = nurse.context.pages().length;
    const downloading = page.waitForEvent('download');
    await save.click();
    const download = await downloading;
    expect(download.suggestedFilename()).toBe(file.name);
    expect(await readFile(await download.path(), 'utf8')).toBe(file.text);
    expect(nurse.context.pages()).toHaveLength(pagesBefore);
  }
  expect(await page.evaluate(() => localStorage.getItem('ran'))).toBeNull();
  await nurse.context.close();
});
