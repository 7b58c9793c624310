import { readFile } from 'node:fs/promises';
import { expect, test, type Page } from '@playwright/test';
import { expectAccessible } from './axe';
import { expectSynced, openTablet, registerPatient, uniqueName, type Tablet } from './support';
import { request } from './tls';

/**
 * Clinic zones without summer time, about two to five hours apart: at any moment one of
 * them is in the early afternoon, so the day played (bookings two hours back and one
 * back) falls on one clinic date whenever the test runs.
 */
const clinicZones = [
  'Pacific/Honolulu',
  'America/Lima',
  'America/Sao_Paulo',
  'Atlantic/Cape_Verde',
  'UTC',
  'Africa/Nairobi',
  'Asia/Karachi',
  'Asia/Bangkok',
  'Asia/Tokyo',
  'Pacific/Port_Moresby',
  'Pacific/Fiji',
];

const hourIn = (zone: string, at: Date) =>
  Number(
    new Intl.DateTimeFormat('en-GB', { timeZone: zone, hour: '2-digit', hourCycle: 'h23' }).format(
      at,
    ),
  );
const dateIn = (zone: string, at: Date) =>
  new Intl.DateTimeFormat('en-CA', {
    timeZone: zone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(at);
const minusDays = (date: string, days: number) =>
  new Date(Date.parse(`${date}T00:00:00Z`) - days * 86_400_000).toISOString().slice(0, 10);
/** "HH:mm" in the zone, `minutes` before now, rounded down to five minutes. */
const clockIn = (zone: string, minutesBefore: number) => {
  const at = new Date(Date.now() - minutesBefore * 60_000);
  const [hour, minute] = new Intl.DateTimeFormat('en-GB', {
    timeZone: zone,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  })
    .format(at)
    .split(':')
    .map(Number);
  return `${String(hour).padStart(2, '0')}:${String(minute! - (minute! % 5)).padStart(2, '0')}`;
};

const password = 'Kisumu bedside 7741';

async function api<Body>(baseURL: string, path: string, body: unknown, token?: string) {
  const response = await request(`${baseURL}${path}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: JSON.stringify(body),
  });
  expect(response.status, `${path}: ${response.body}`).toBeLessThan(300);
  return JSON.parse(response.body) as Body;
}

/** A clinic of its own (so its figures are this day's alone), in `zone`, with its staff. */
async function openClinic(baseURL: string, zone: string) {
  const tag = uniqueName('reports').split(' ')[1]!;
  const name = `Reports Day Clinic ${tag}`;
  const email = (who: string) => `${who}.${tag}@reports.example`;
  const founder = await api<{ token: string; user: { hospital_id: string } }>(
    baseURL,
    '/auth/signup',
    {
      organization: { kind: 'clinic', name },
      admin: { full_name: 'Wairimu Admin', email: email('admin'), password },
      device_id: `e2e-reports-${tag}`,
    },
  );
  const staff = [
    { who: 'doctor', full_name: 'Dr. Zawadi Mwende', roles: ['doctor'] },
    { who: 'reception', full_name: 'Baraka Desk', roles: ['receptionist'] },
  ];
  for (const member of staff) {
    await api(
      baseURL,
      '/users',
      { email: email(member.who), full_name: member.full_name, roles: member.roles, password },
      founder.token,
    );
  }
  await api(
    baseURL,
    '/commands/change-hospital-settings',
    {
      aggregate_id: founder.user.hospital_id,
      // Registered, then its first location added.
      expected_version: 2,
      payload: { changes: { timezone: zone } },
    },
    founder.token,
  );
  return { name, admin: email('admin'), doctor: email('doctor'), reception: email('reception') };
}

const nav = (page: Page) => page.getByRole('navigation', { name: 'Main' });

async function book(page: Page, time: string, reason: string) {
  await page.getByRole('button', { name: 'Book an appointment' }).click();
  const form = page.getByRole('form', { name: 'Book an appointment' });
  await form.getByLabel('Doctor').selectOption({ label: 'Dr. Zawadi Mwende' });
  await form.getByLabel('Time').fill(time);
  await form.getByLabel('Reason').fill(reason);
  await form.getByRole('button', { name: 'Book appointment' }).click();
  // Both bookings are due by now: a time in the past is booked on purpose.
  const anyway = form.getByLabel(/^Book anyway/);
  await expect(anyway).toBeVisible();
  await anyway.check();
  await form.getByRole('button', { name: 'Book appointment' }).click();
  await expect(page.getByRole('status').filter({ hasText: /^Booked/ })).toBeVisible();
}

async function syncNow(page: Page) {
  await page.getByRole('button', { name: 'Sync now' }).click();
  await expectSynced(page);
}

async function openReports(page: Page) {
  await nav(page).getByRole('link', { name: 'Reports' }).click();
  await expect(page.getByRole('heading', { name: 'Reports', level: 1 })).toBeVisible();
  await page.getByRole('button', { name: 'Last 7 days' }).click();
}

/** Downloads one table's CSV from the reports screen: its file name and its text. */
async function downloadCsv(page: Page, section: string) {
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page
      .getByRole('region', { name: section, exact: true })
      .getByRole('button', { name: /^Download CSV/ })
      .click(),
  ]);
  return {
    file: download.suggestedFilename(),
    text: await readFile(await download.path(), 'utf8'),
  };
}

test('a report whose figures match the day just played, and its CSV export', async ({
  browser,
  baseURL,
}) => {
  const now = new Date();
  const zone = clinicZones.reduce((best, candidate) =>
    Math.abs(hourIn(candidate, now) - 13.5) < Math.abs(hourIn(best, now) - 13.5) ? candidate : best,
  );
  const clinic = await openClinic(baseURL!, zone);
  const today = dateIn(zone, now);
  const weekAgo = minusDays(today, 6);
  const fileStem = clinic.name.toLowerCase().replaceAll(' ', '-');

  // The front desk registers three patients and books two of them, both due by now.
  const reception = await openTablet(browser, clinic.reception, { password, timezoneId: zone });
  const a = reception.page;
  const seen = uniqueName('Amani Report');
  const missed = uniqueName('Neema Report');
  await registerPatient(a, { name: missed, age: 40, gender: 'female' });
  await book(a, clockIn(zone, 120), 'Blood pressure review');
  await registerPatient(a, { name: seen, age: 30, gender: 'male' });
  await book(a, clockIn(zone, 60), 'Fever');
  await registerPatient(a, { name: uniqueName('Imani Report'), age: 25, gender: 'female' });

  // One comes and is checked in; the other never comes.
  // Each opened by a tap on the calendar's grid.
  await nav(a).getByRole('link', { name: 'Calendar' }).click();
  await a
    .getByRole('button', { name: new RegExp(seen) })
    .first()
    .click();
  await a
    .getByRole('list', { name: 'Chosen appointment' })
    .getByRole('button', { name: 'Check in' })
    .click();
  await expect(a.getByRole('heading', { name: `Visit: ${seen}` })).toBeVisible();
  await nav(a).getByRole('link', { name: 'Calendar' }).click();
  await a
    .getByRole('button', { name: new RegExp(missed) })
    .first()
    .click();
  await a
    .getByRole('list', { name: 'Chosen appointment' })
    .getByRole('button', { name: 'Mark as no-show' })
    .click();
  await expect(
    a.getByRole('list', { name: 'Chosen appointment' }).getByRole('listitem'),
  ).toContainText('Did not come');
  await expectSynced(a);

  // The doctor sees the patient, records malaria and completes the visit.
  const doctor = await openTablet(browser, clinic.doctor, { password, timezoneId: zone });
  const c = doctor.page;
  await c.getByRole('link', { name: seen }).click();
  await c.getByRole('button', { name: 'Start consultation' }).click();
  await c.getByLabel('ICD-10 code or words').fill('malaria');
  await c.getByRole('button', { name: /B54 Unspecified malaria/ }).click();
  await c.getByRole('button', { name: 'Add diagnosis' }).click();
  await expect(c.getByText('Diagnosis B54 recorded')).toBeVisible();
  await c.getByRole('button', { name: 'Complete visit' }).click();
  await expect(c.getByText('Visit completed')).toBeVisible();

  // The visit on paper.
  await c.getByRole('link', { name: 'Print visit summary' }).click();
  await expect(c.getByRole('heading', { name: clinic.name })).toBeVisible();
  const summary = c.getByRole('main');
  await expect(summary).toContainText(`Patient: ${seen}`);
  await expect(summary).toContainText('Doctor: Dr. Zawadi Mwende');
  await expect(summary.getByRole('region', { name: 'Diagnoses' })).toContainText(
    'B54 Unspecified malaria (primary)',
  );
  await expectAccessible(c, 'visit summary print view');
  await c.getByRole('button', { name: 'Referral letter' }).click();
  await c.getByLabel('To', { exact: true }).fill('Medical outpatients, County Hospital');
  await c.getByLabel('Reason for referral').fill('Recurrent fever');
  const referral = summary.getByRole('region', { name: 'Referral' });
  await expect(referral).toContainText('To: Medical outpatients, County Hospital');
  await expect(referral).toContainText('Reason for referral: Recurrent fever');
  await expect(summary.getByRole('region', { name: 'Diagnoses' })).toContainText('B54');
  await expectAccessible(c, 'referral letter print view');
  await c.getByRole('link', { name: 'Back' }).click();
  await expectSynced(c);

  // The report agrees with the day: 1 visit, 3 new patients, 1 no-show of 2 outcomes.
  await openReports(c);
  const totals = c.getByRole('region', { name: 'Totals' });
  await expect(totals).toHaveText(
    /Visits\s*1\s*New patients\s*3\s*No-shows\s*1\s*No-show rate\s*50%/,
  );
  await expect(
    c.getByRole('table', { name: 'Visits per doctor' }).getByRole('row', { name: /Zawadi/ }),
  ).toHaveText(/Dr\. Zawadi Mwende\s*1/);
  await expect(
    c.getByRole('table', { name: 'Most frequent diagnoses per month' }).getByRole('row').nth(1),
  ).toContainText('B54');
  await expectAccessible(c, 'reports, doctor');

  const perDay = await downloadCsv(c, 'Visits per day');
  expect(perDay.file).toBe(`${fileStem}_visits-per-day_${weekAgo}_to_${today}.csv`);
  const days = Array.from({ length: 7 }, (_, index) => minusDays(today, 6 - index));
  expect(perDay.text).toBe(
    ['date,visits', ...days.map((day) => `${day},${day === today ? 1 : 0}`)].join('\r\n') + '\r\n',
  );
  const perDoctor = await downloadCsv(c, 'No-shows per doctor');
  expect(perDoctor.text).toBe(
    'doctor,attended,no_shows,not_marked,no_show_rate_percent\r\nDr. Zawadi Mwende,1,1,0,50\r\n',
  );
  const diagnoses = await downloadCsv(c, 'Most frequent diagnoses per month');
  expect(diagnoses.text).toBe(
    `month,rank,icd10_code,description,visits\r\n${today.slice(0, 7)},1,B54,Unspecified malaria,1\r\n`,
  );

  // The front desk's report has the same counts and no diagnosis.
  await syncNow(a);
  await openReports(a);
  await expect(a.getByRole('region', { name: 'Totals' })).toHaveText(
    /Visits\s*1\s*New patients\s*3\s*No-shows\s*1\s*No-show rate\s*50%/,
  );
  await expect(
    a.getByText('Diagnoses are for the clinical staff to read, so they are not in this report.'),
  ).toBeVisible();
  await expect(a.getByRole('main')).not.toContainText('malaria');
  await expect(a.getByRole('main')).not.toContainText('B54');
  await expectAccessible(a, 'reports, receptionist');

  // A tablet set to a zone half a world away still counts the clinic's days.
  const farZone =
    zone.startsWith('America') || zone.startsWith('Atlantic') || zone === 'Pacific/Honolulu'
      ? 'Pacific/Kiritimati'
      : 'Pacific/Pago_Pago';
  const admin: Tablet = await openTablet(browser, clinic.admin, { password, timezoneId: farZone });
  await openReports(admin.page);
  const adminPerDay = await downloadCsv(admin.page, 'Visits per day');
  expect(adminPerDay.text).toBe(perDay.text);
  await expect(admin.page.getByRole('main')).not.toContainText('B54');

  for (const tablet of [reception, doctor, admin]) await tablet.context.close();
});
