import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, expect, test } from '@playwright/test';
import { expectAccessible } from './axe';
import { chromiumLaunch } from './chromium';
import { staffCall, staffSignIn } from './seed-clinic';
import { startSmsGateway } from './sms-gateway';
import {
  demo,
  demoPassword,
  openTablet,
  serverEvents,
  uniqueName,
  waitForServiceWorker,
} from './support';
import { request } from './tls';

/**
 * The patient portal as a patient uses it: the clinic registers them with their phone
 * and books an appointment (through the REST API, as the front desk's tablet would);
 * the patient opens /portal/ on a phone, signs in with the code texted to them (the SMS
 * gateway stand-in), sees the appointment and confirms it; then, offline, reloads and
 * still reads it.
 */

const phoneSize = { width: 360, height: 740 };

/** The clinic's side: a patient with a phone and an email, booked in three days. */
async function clinicBooks(baseURL: string, name: string, phone: string) {
  const doctor = await staffSignIn(baseURL, demo.doctor, demoPassword);
  const patient = await staffCall<{ aggregate_id: string }>(
    baseURL,
    '/commands/register-patient',
    doctor.token,
    {
      payload: {
        full_name: name,
        date_of_birth: '1990-04-12',
        gender: 'female',
        phone,
        email: `${phone.slice(1)}@patients.example`,
      },
    },
  );
  const startsAt = new Date(Date.now() + 3 * 24 * 3600_000);
  startsAt.setUTCHours(7 + Math.floor(Math.random() * 8), Math.floor(Math.random() * 4) * 15, 0, 0);
  const appointment = await staffCall<{ aggregate_id: string }>(
    baseURL,
    '/commands/schedule-appointment',
    doctor.token,
    {
      payload: {
        patient_id: patient.aggregate_id,
        doctor_id: doctor.user.user_id,
        location_id: null,
        starts_at: startsAt.toISOString(),
        duration_minutes: 20,
        visit_type: 'follow_up',
        reason: 'Blood pressure check',
        overbooking_intended: true,
      },
    },
  );
  // A lab report, attached and shared with the patient.
  const report = 'Full blood count: haemoglobin 13.2 g/dL, normal.\n';
  const digest = createHash('sha256').update(report).digest('hex');
  const document = await staffCall<{ aggregate_id: string; version: number }>(
    baseURL,
    '/commands/attach-document',
    doctor.token,
    {
      payload: {
        patient_id: patient.aggregate_id,
        visit_id: null,
        category: 'lab_report',
        title: 'Blood test results',
        file_name: 'blood-test.txt',
        mime_type: 'text/plain',
        size_bytes: Buffer.byteLength(report),
        sha256: digest,
      },
    },
  );
  const upload = await request(`${baseURL}/files/${digest}`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${doctor.token}`, 'content-type': 'text/plain' },
    body: report,
  });
  expect(upload.status, upload.body).toBeLessThan(300);
  await staffCall(baseURL, '/commands/share-document-with-patient', doctor.token, {
    aggregate_id: document.aggregate_id,
    expected_version: document.version,
    payload: {},
  });
  return {
    hospitalId: doctor.user.hospital_id,
    patientId: patient.aggregate_id,
    appointmentId: appointment.aggregate_id,
  };
}

test('a patient signs in with a texted code, confirms their appointment and reads it offline', async ({
  browser,
  baseURL,
}) => {
  const gateway = await startSmsGateway();
  try {
    const name = uniqueName('Wanjiru Portal');
    const phone = `+2547${String(Math.floor(10_000_000 + Math.random() * 89_999_999))}`;
    const booked = await clinicBooks(baseURL!, name, phone);

    const context = await browser.newContext({ viewport: phoneSize });
    const page = await context.newPage();
    await page.goto(`/portal/?clinic=${booked.hospitalId}`);
    await expect(page).toHaveTitle(/My health/);
    await expect(page.getByRole('heading', { name: 'Sign in to My health' })).toBeVisible();
    await expectAccessible(page, 'portal sign-in');

    await page.getByLabel('Your phone number or email address').fill(phone);
    await page.getByRole('button', { name: 'Send me a code' }).click();
    // Where the code went, masked: the last four digits only.
    await expect(page.getByText(/We sent a 6-digit code by text message \(SMS\) to/)).toContainText(
      phone.slice(-4),
    );
    await expect(page.getByText(phone)).toHaveCount(0);
    await expect(page.getByRole('button', { name: 'Send a new code' })).toBeDisabled();
    await expect(page.getByText(/You can ask for a new code in \d+ seconds/)).toBeVisible();
    await expect.poll(() => gateway.codeSentTo(phone), { timeout: 30_000 }).not.toBeNull();
    const code = gateway.codeSentTo(phone)!;

    // A wrong code first: refused, with the tries left.
    const wrong = code === '000000' ? '111111' : '000000';
    await page.getByLabel('The code').fill(wrong);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('alert')).toHaveText(
      'That code is not right. You have 4 tries left.',
    );
    await page.getByLabel('The code').fill(code);
    await page.getByRole('button', { name: 'Sign in' }).click();

    // Home: the appointment the clinic booked, to confirm.
    await expect(page.getByRole('heading', { name: /^Hello, Wanjiru/ })).toBeVisible();
    const next = page.getByRole('region', { name: 'Your next appointment' });
    await expect(next).toContainText('Follow-up, 20 minutes');
    await expect(next).toContainText('Booked');
    await expectAccessible(page, 'portal home');
    await next.getByRole('button', { name: 'Confirm I will come' }).click();
    await expect(
      next.getByText('Tell the clinic you will come to this appointment?'),
    ).toBeVisible();
    await next.getByRole('button', { name: 'Yes, I will come' }).click();
    await expect(next).toContainText('Thank you. The clinic knows you will come.');
    await expect(next).toContainText('You confirmed you will come');
    await expect(next.getByRole('button', { name: 'Confirm I will come' })).toHaveCount(0);
    // Loaded again from the server's read model, the answer is there.
    const [reloaded] = await Promise.all([
      page.waitForResponse((response) => response.url().endsWith('/portal/api/appointments')),
      page.getByRole('button', { name: 'Refresh' }).click(),
    ]);
    const fresh = (await reloaded.json()) as {
      upcoming: { appointment_id: string; patient_response: { kind: string } | null }[];
    };
    expect(
      fresh.upcoming.find((listed) => listed.appointment_id === booked.appointmentId)
        ?.patient_response?.kind,
    ).toBe('confirmed');
    await expect(next).toContainText('You confirmed you will come');

    // The clinic has it: one AppointmentConfirmed, by the portal.
    const confirmed = (await serverEvents(baseURL!)).filter(
      (event) =>
        event.aggregate_id === booked.appointmentId && event.type === 'AppointmentConfirmed',
    );
    expect(confirmed.map((event) => event.data.via)).toEqual(['portal']);

    // The report the clinic shared opens in a tab of its own.
    await page.getByRole('button', { name: 'Menu' }).click();
    await page
      .getByRole('navigation', { name: 'Portal' })
      .getByRole('link', { name: 'Documents' })
      .click();
    const shared = page.getByRole('article', { name: 'Blood test results' });
    await expect(shared).toContainText(/Shared .* · 49 bytes/);
    const [tab] = await Promise.all([
      context.waitForEvent('page'),
      shared.getByRole('button', { name: 'Open' }).click(),
    ]);
    await expect(tab.locator('body')).toContainText('haemoglobin 13.2 g/dL');
    await tab.close();
    await page.getByRole('button', { name: 'Menu' }).click();
    await page
      .getByRole('navigation', { name: 'Portal' })
      .getByRole('link', { name: 'Home' })
      .click();

    // The page is the service worker's; then the phone loses the network and reloads.
    await waitForServiceWorker(page);
    await context.setOffline(true);
    const offlinePage = await page.reload();
    expect(offlinePage?.fromServiceWorker()).toBe(true);
    await expect(page.getByText(/You are offline/)).toBeVisible();
    await expect(next).toContainText('You confirmed you will come');
    await expect(page.getByText(/^Last updated /)).toBeVisible();
    await expect(next.getByRole('button', { name: 'Ask to cancel' })).toBeDisabled();
    await expect(next).toContainText('Answering the clinic needs a connection.');

    // The appointments screen reads the same kept answer, offline too.
    await page.getByRole('button', { name: 'Menu' }).click();
    await page
      .getByRole('navigation', { name: 'Portal' })
      .getByRole('link', { name: 'Appointments' })
      .click();
    await expect(page.getByRole('heading', { name: 'Appointments', level: 1 })).toBeVisible();
    await expect(page.getByRole('region', { name: 'Coming up' })).toContainText(
      'You confirmed you will come',
    );
    await expect(page.getByText(/^Last updated /)).toBeVisible();
    await expectAccessible(page, 'portal appointments, offline');

    // Back online, sign-out forgets everything this phone kept.
    await context.setOffline(false);
    await page.getByRole('button', { name: 'Menu' }).click();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect(page.getByRole('heading', { name: 'Sign in to My health' })).toBeVisible();
    await expect(page.getByText('You are signed out.')).toBeVisible();
    const kept = await page.evaluate(async () => {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const opening = indexedDB.open('mymedic-portal');
        opening.onsuccess = () => resolve(opening.result);
        opening.onerror = () => reject(new Error(String(opening.error)));
      });
      const count = (store: string) =>
        new Promise<number>((resolve) => {
          const counting = db.transaction(store).objectStore(store).count();
          counting.onsuccess = () => resolve(counting.result);
        });
      const rows = { session: await count('session'), answers: await count('answers') };
      db.close();
      return rows;
    });
    expect(kept).toEqual({ session: 0, answers: 0 });
    await context.close();
  } finally {
    await gateway.close();
  }
});

/** The demo clinic's version as the server holds it: the number of its events. */
async function organisationVersion(baseURL: string, hospitalId: string) {
  return (await serverEvents(baseURL)).filter((event) => event.aggregate_id === hospitalId).length;
}

/** The demo clinic's reminders: by SMS, `offsetMinutes` before, or switched off with `[]`. */
async function setReminders(
  baseURL: string,
  admin: { token: string; hospitalId: string },
  channels: 'sms'[],
  offsetMinutes: number,
) {
  await staffCall(baseURL, '/commands/change-hospital-settings', admin.token, {
    aggregate_id: admin.hospitalId,
    expected_version: await organisationVersion(baseURL, admin.hospitalId),
    payload: {
      changes: {
        reminders: {
          channels,
          offsets_minutes: [offsetMinutes],
          quiet_hours: null,
          templates: [
            {
              channel: 'sms',
              language: 'English',
              body: 'Hello {patient}, you see {doctor} at {clinic} on {date} at {time}.',
            },
          ],
          fallback_language: 'English',
          country_calling_code: '254',
        },
      },
    },
  });
}

test('a booked patient gets the reminder by SMS, confirms in the portal, and the front desk sees it', async ({
  browser,
  baseURL,
}) => {
  test.setTimeout(180_000);
  const gateway = await startSmsGateway();
  const adminLogin = await staffSignIn(baseURL!, demo.admin, demoPassword);
  const admin = { token: adminLogin.token, hospitalId: adminLogin.user.hospital_id };
  // Five minutes before, the shortest a clinic may choose: the appointment starts in a
  // little over five minutes, so its reminder is due within the minute.
  await setReminders(baseURL!, admin, ['sms'], 5);
  try {
    const doctor = await staffSignIn(baseURL!, demo.doctor, demoPassword);
    const name = uniqueName('Akinyi Reminded');
    const phone = `+2547${String(Math.floor(10_000_000 + Math.random() * 89_999_999))}`;
    const patient = await staffCall<{ aggregate_id: string; version: number }>(
      baseURL!,
      '/commands/register-patient',
      doctor.token,
      { payload: { full_name: name, date_of_birth: '1988-02-03', gender: 'female', phone } },
    );
    await staffCall(baseURL!, '/commands/record-consent', doctor.token, {
      aggregate_id: patient.aggregate_id,
      expected_version: patient.version,
      payload: {
        consent_id: crypto.randomUUID(),
        consent_type: 'sms_reminders',
        scope: 'Appointment reminders by text message',
      },
    });
    const startsAt = new Date(Math.ceil((Date.now() + 5 * 60_000 + 30_000) / 1000) * 1000);
    const booked = await staffCall<{ aggregate_id: string }>(
      baseURL!,
      '/commands/schedule-appointment',
      doctor.token,
      {
        payload: {
          patient_id: patient.aggregate_id,
          doctor_id: doctor.user.user_id,
          location_id: null,
          starts_at: startsAt.toISOString(),
          duration_minutes: 20,
          visit_type: 'follow_up',
          reason: 'Sugar check',
          overbooking_intended: true,
        },
      },
    );

    // The reminder reaches the patient's phone (the gateway stand-in), once.
    await expect
      .poll(() => gateway.messages.filter((message) => message.to === phone).length, {
        timeout: 90_000,
      })
      .toBe(1);
    expect(gateway.messages.find((message) => message.to === phone)!.text).toMatch(
      new RegExp(`^Hello ${name}, you see .+ on .+ at \\d\\d:\\d\\d\\.$`),
    );

    // The patient signs in with the code texted to the same phone and confirms.
    const context = await browser.newContext({ viewport: phoneSize });
    const phonePage = await context.newPage();
    await phonePage.goto(`/portal/?clinic=${admin.hospitalId}`);
    await phonePage.getByLabel('Your phone number or email address').fill(phone);
    await phonePage.getByRole('button', { name: 'Send me a code' }).click();
    await expect.poll(() => gateway.codeSentTo(phone), { timeout: 30_000 }).not.toBeNull();
    await phonePage.getByLabel('The code').fill(gateway.codeSentTo(phone)!);
    await phonePage.getByRole('button', { name: 'Sign in' }).click();
    const next = phonePage.getByRole('region', { name: 'Your next appointment' });
    await expect(next).toContainText('Follow-up, 20 minutes');
    await next.getByRole('button', { name: 'Confirm I will come' }).click();
    await next.getByRole('button', { name: 'Yes, I will come' }).click();
    await expect(next).toContainText('You confirmed you will come');
    await context.close();

    // The front desk's tablet, on the appointment's day: the reminder and the answer.
    const tablet = await openTablet(browser, demo.reception);
    await tablet.page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Calendar' })
      .click();
    // The appointment on today's grid, opened by a tap.
    await tablet.page
      .getByRole('button', { name: new RegExp(name) })
      .first()
      .click();
    const card = tablet.page
      .getByRole('list', { name: 'Chosen appointment' })
      .getByRole('listitem');
    await expect(card).toContainText(/Reminder (sent|delivered) by SMS 5 min before/, {
      timeout: 30_000,
    });
    await expect(card).toContainText('Patient confirmed (the patient portal)');
    const events = (await serverEvents(baseURL!)).filter(
      (event) => event.aggregate_id === booked.aggregate_id,
    );
    expect(events.filter((event) => event.type === 'ReminderSent')).toHaveLength(1);
    await tablet.context.close();
  } finally {
    await setReminders(baseURL!, admin, [], 5);
    await gateway.close();
  }
});

test('Chromium finds the portal installable on its own: its manifest, scope /portal/, the worker in control', async ({
  baseURL,
}) => {
  // Installing needs a real profile: an incognito context is never installable.
  const profile = await mkdtemp(join(tmpdir(), 'mymedic-portal-profile-'));
  const context = await chromium.launchPersistentContext(profile, {
    ...chromiumLaunch,
    baseURL,
    viewport: phoneSize,
  });
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    // Other specs sign up clinics of their own: the link names the demo clinic.
    const doctor = await staffSignIn(baseURL!, demo.doctor, demoPassword);
    await page.goto(`/portal/?clinic=${doctor.user.hospital_id}`);
    await expect(page.getByRole('heading', { name: 'Sign in to My health' })).toBeVisible();
    await waitForServiceWorker(page);
    const link = await page
      .locator('link[rel="manifest"]')
      .evaluateAll((links) => links.map((element) => element.getAttribute('href')));
    expect(link).toEqual(['/portal/manifest.webmanifest']);
    const manifest = (await (await fetch(`${baseURL}/portal/manifest.webmanifest`)).json()) as {
      name: string;
      start_url: string;
      scope: string;
      display: string;
      icons: { sizes: string; purpose?: string }[];
    };
    expect(manifest).toMatchObject({
      name: 'MyMedic — My health',
      start_url: '/portal/',
      scope: '/portal/',
      display: 'standalone',
    });
    expect(manifest.icons.map((icon) => `${icon.sizes} ${icon.purpose ?? 'any'}`)).toEqual(
      expect.arrayContaining(['192x192 any', '512x512 any', '512x512 maskable']),
    );
    const cdp = await context.newCDPSession(page);
    const { installabilityErrors } = (await cdp.send('Page.getInstallabilityErrors')) as {
      installabilityErrors: { errorId: string }[];
    };
    expect(installabilityErrors.map((error) => error.errorId)).toEqual([]);
    const { url } = (await cdp.send('Page.getAppManifest')) as { url: string };
    expect(url).toBe(`${baseURL}/portal/manifest.webmanifest`);
  } finally {
    await context.close();
    await rm(profile, { recursive: true, force: true });
  }
});
