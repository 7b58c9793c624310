import { expect, test, type Page } from '@playwright/test';
import { expectAccessible } from './axe';
import { demo, expectSynced, openTablet, registerPatient, uniqueName } from './support';

// The demo clinic keeps UTC and is open Monday to Friday, 09:00–17:00.
const dayMs = 24 * 3600_000;
const weekday = (date: Date) => date.getUTCDay() >= 1 && date.getUTCDay() <= 5;
const dayName = (date: Date) =>
  new Intl.DateTimeFormat('en-GB', {
    timeZone: 'UTC',
    weekday: 'long',
    day: 'numeric',
    month: 'long',
  })
    .format(date)
    .replace(',', '');

/** The first weekday at least `after` days from today, and how many days ahead it is. */
function openDayAhead(after: number): { date: Date; ahead: number } {
  for (let ahead = after; ; ahead += 1) {
    const date = new Date(Date.now() + ahead * dayMs);
    if (weekday(date)) return { date, ahead };
  }
}

/** Opens the calendar on the demo doctor's day `ahead` days from today. */
async function openDoctorsDay(page: Page, ahead: number, date: Date) {
  await page
    .getByRole('navigation', { name: 'Main' })
    .getByRole('link', { name: 'Calendar' })
    .click();
  await page.getByLabel('Doctor').selectOption({ label: 'Dr. Amina Njoroge' });
  for (let step = 0; step < ahead; step += 1) {
    await page.getByRole('button', { name: 'Next day' }).click();
  }
  await expect(page.getByRole('heading', { name: new RegExp(`^${dayName(date)}`) })).toBeVisible();
}

async function choosePatient(page: Page, name: string) {
  const form = page.getByRole('form', { name: 'Book an appointment' });
  await form.getByLabel('Patient').fill(name);
  await form.getByRole('button', { name: new RegExp(name) }).click();
  return form;
}

test('a free slot tapped books with the doctor and time filled in; checking in before the day asks why', async ({
  browser,
}) => {
  const { context, page } = await openTablet(browser, demo.reception);
  const name = uniqueName('Wairimu Slot');
  await registerPatient(page, { name, dateOfBirth: '1990-04-04', phone: '+254790000101' });
  const { date, ahead } = openDayAhead(1);
  await openDoctorsDay(page, ahead, date);
  await expectAccessible(page, 'calendar, day view');

  // The first free slot from 11:00 (the slot length is the organisation's, which another
  // spec may have changed).
  const doctorsDay = page.getByRole('group', { name: 'Dr. Amina Njoroge' });
  const slot = doctorsDay.getByRole('button', { name: /^Free 1[1-5]:\d\d,/ }).first();
  const time = /^Free (\d\d:\d\d)/.exec((await slot.getAttribute('aria-label')) ?? '')![1]!;
  await slot.click();
  const form = await choosePatient(page, name);
  await expect(form.getByLabel('Doctor')).toHaveValue(/.+/);
  await expect(form.getByLabel('Doctor').locator('option:checked')).toHaveText('Dr. Amina Njoroge');
  await expect(form.getByLabel('Time')).toHaveValue(time);
  await expect(form.getByLabel('Date')).toHaveValue(date.toISOString().slice(0, 10));
  await form.getByLabel('Reason').fill('Knee pain');
  await form.getByRole('button', { name: 'Book appointment' }).click();
  await expect(page.getByRole('status').filter({ hasText: `Booked ${name}` })).toBeVisible();

  // The slot is taken now: the appointment stands there, and is open below the toolbar.
  await expect(doctorsDay.getByRole('button', { name: new RegExp(`^Free ${time},`) })).toHaveCount(
    0,
  );
  await expect(
    doctorsDay.getByRole('button', { name: new RegExp(`${time} ${name}`) }),
  ).toBeVisible();
  const card = page.getByRole('list', { name: 'Chosen appointment' }).getByRole('listitem');
  await expect(card).toContainText(`${time}–`);

  // The patient turns up a day or more early: checking in needs a reason, asked beside it.
  await card.getByRole('button', { name: 'Check in' }).click();
  await expect(card).toContainText(
    `The appointment is on ${dayName(date)}: checking in before its day needs a reason`,
  );
  const early = card.getByRole('form', { name: 'Check in early' });
  await early.getByRole('button', { name: 'Check in early' }).click();
  await expect(early.getByText('Give the reason for checking in early')).toBeVisible();
  await expectAccessible(page, 'calendar, early check-in');
  await early.getByLabel('Reason for checking in early').fill('Pain worse, cannot wait');
  await early.getByRole('button', { name: 'Check in early' }).click();
  await expect(page.getByRole('heading', { name: `Visit: ${name}` })).toBeVisible();
  await expectSynced(page);
  await context.close();
});

test('a booking outside the opening hours needs the box ticked, the calendar then shows its day, and a slot picked moves it', async ({
  browser,
}) => {
  const { context, page } = await openTablet(browser, demo.reception);
  const name = uniqueName('Otieno Evening');
  await registerPatient(page, { name, dateOfBirth: '1975-07-07', phone: '+254790000102' });
  await page
    .getByRole('navigation', { name: 'Main' })
    .getByRole('link', { name: 'Calendar' })
    .click();
  await page.getByRole('button', { name: 'Book an appointment' }).click();
  const form = await choosePatient(page, name);
  await form.getByLabel('Doctor').selectOption({ label: 'Dr. Amina Njoroge' });
  const { date } = openDayAhead(2);
  await form.getByLabel('Date').fill(date.toISOString().slice(0, 10));
  await form.getByLabel('Time').fill('18:00');
  await form.getByLabel('Reason').fill('Works late');
  await form.getByRole('button', { name: 'Book appointment' }).click();

  const override = form.getByLabel('Book anyway: Outside opening hours (09:00–17:00)');
  await expect(override).not.toBeChecked();
  await expect(form.getByRole('alert')).toContainText('Outside opening hours (09:00–17:00)');
  await expectAccessible(page, 'booking override');
  // Not ticked: still not booked.
  await form.getByRole('button', { name: 'Book appointment' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Booked' })).toHaveCount(0);
  await override.check();
  await form.getByRole('button', { name: 'Book appointment' }).click();
  await expect(page.getByRole('status').filter({ hasText: `Booked ${name}` })).toBeVisible();

  // The calendar went to the booked day, where the evening appointment stands.
  await expect(page.getByRole('heading', { name: new RegExp(`^${dayName(date)}`) })).toBeVisible();
  await expect(
    page
      .getByRole('group', { name: 'Dr. Amina Njoroge' })
      .getByRole('button', { name: new RegExp(`18:00 ${name}`) }),
  ).toBeVisible();

  // Moved into the opening hours by picking a slot on the grid: no say-so needed there.
  const card = page.getByRole('list', { name: 'Chosen appointment' }).getByRole('listitem');
  await card.getByRole('button', { name: 'Move' }).click();
  const target = page
    .getByRole('group', { name: 'Dr. Amina Njoroge' })
    .getByRole('button', { name: /^Move here 1[0-5]:\d\d,/ })
    .first();
  const time = /^Move here (\d\d:\d\d)/.exec((await target.getAttribute('aria-label')) ?? '')![1]!;
  await target.click();
  const move = page.getByRole('form', { name: 'Move the appointment' });
  await expect(move.getByLabel('New time')).toHaveValue(time);
  await move.getByRole('button', { name: 'Move appointment' }).click();
  await expect(page.getByRole('status').filter({ hasText: `Moved ${name}` })).toBeVisible();
  await expect(card).toContainText(`${time}–`);
  await expectSynced(page);
  await context.close();
});

test("the week opens at the opening hours and keeps the person's scroll when an appointment is closed", async ({
  browser,
}) => {
  const { context, page } = await openTablet(browser, demo.reception);
  const name = uniqueName('Akinyi Week');
  await registerPatient(page, { name, dateOfBirth: '1988-08-08', phone: '+254790000103' });
  await page
    .getByRole('navigation', { name: 'Main' })
    .getByRole('link', { name: 'Calendar' })
    .click();
  await page.getByLabel('Doctor').selectOption({ label: 'Dr. Amina Njoroge' });
  await page.getByRole('group', { name: 'View' }).getByRole('button', { name: 'Week' }).click();
  // Next week holds no today: it opens at the start of the opening hours.
  await page.getByRole('button', { name: 'Next week' }).click();
  const grid = page.getByRole('group', { name: 'Time grid' });
  const scrollTop = () => grid.evaluate((element) => element.scrollTop);
  await expect(grid.getByRole('button', { name: /^Free 09:\d\d,/ }).first()).toBeInViewport();
  expect(await scrollTop()).toBe(0);

  // Booked in the afternoon: the grid brings the appointment into view.
  await grid
    .getByRole('button', { name: /^Free 15:\d\d,/ })
    .first()
    .click();
  const form = await choosePatient(page, name);
  await form.getByLabel('Reason').fill('Follow-up');
  await form.getByRole('button', { name: 'Book appointment' }).click();
  await expect(page.getByRole('status').filter({ hasText: `Booked ${name}` })).toBeVisible();
  const booked = grid.getByRole('button', { name: new RegExp(`15:\\d\\d ${name}`) });
  await expect(booked).toBeInViewport();
  const afternoon = await scrollTop();
  expect(afternoon).toBeGreaterThan(0);

  // Closing the appointment, once the booking has synced, leaves the grid where it was.
  await expectSynced(page);
  expect(await scrollTop()).toBe(afternoon);
  await page.getByRole('button', { name: 'Close', exact: true }).click();
  await expect(page.getByRole('list', { name: 'Chosen appointment' })).toHaveCount(0);
  expect(await scrollTop()).toBe(afternoon);

  // The person scrolls back to the morning; a sync re-renders the grid, which stays there.
  await grid.evaluate((element) => element.scrollTo({ top: 0 }));
  await expectSynced(page);
  await expect(grid.getByRole('button', { name: /^Free 09:\d\d,/ }).first()).toBeInViewport();
  expect(await scrollTop()).toBe(0);
  await expect(booked).toBeVisible();
  await context.close();
});
