import { uuidv7, type SessionResponse } from '@mymedic/shared';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { signUpClinic, startTestServer, type TestServer } from '../../test/test-server';
import { api, registration, testDatabases, TestDevice } from '../../test/support';
import { handClock, startSmsGateway, startSmtpServer } from '../../test/reminder-stand-ins';
import { testConfig } from '../config';
import { readOutbox } from './claims';
import { configuredChannels, ReminderSender } from '.';

/** A text containing `part`, as an expectation inside an object. */
const containing = (part: string) => expect.stringContaining(part) as string;

const hour = 3600_000;
const token = 'gateway-token-for-tests';

const reminderSettings = {
  channels: ['sms', 'email'],
  offsets_minutes: [24 * 60, 120],
  quiet_hours: null,
  fallback_language: 'English',
  country_calling_code: '254',
  templates: [
    {
      channel: 'sms',
      language: 'English',
      body: 'Hello {patient}, see {doctor} on {date} at {time}.',
    },
    { channel: 'sms', language: 'Kiswahili', body: 'Habari {patient}, {date} saa {time}.' },
    {
      channel: 'email',
      language: 'English',
      subject: 'Your appointment at {clinic}',
      body: 'Dear {patient}, {date} {time} at {location}.',
    },
  ],
};

/** On the hour, `hours` from now: appointments far from the quiet test's edges. */
const inHours = (hours: number) => new Date(Math.ceil(Date.now() / hour) * hour + hours * hour);

describe.each(testDatabases)('appointment reminders on $name', ({ url }) => {
  let server: TestServer;
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
  let gateway: Awaited<ReturnType<typeof startSmsGateway>>;

  beforeAll(async () => {
    smtp = await startSmtpServer();
    gateway = await startSmsGateway(token);
    server = await startTestServer({
      ...(url ? { databaseUrl: url } : {}),
      projector: false,
      config: {
        reminders: {
          ...testConfig().reminders,
          runSender: false,
          sendTimeoutMs: 1500,
          maxAttempts: 3,
          retryBaseMs: 60_000,
          smtp: {
            host: '127.0.0.1',
            port: smtp.port,
            secure: false,
            user: null,
            password: null,
            from: 'clinic@hillside.example',
          },
          sms: { url: gateway.url, token, senderId: 'Hillside' },
          whatsapp: null,
        },
      },
    });
  });
  // Each test's sender sees every hospital: what one test left pending must not be sent
  // (and counted) by the next.
  afterEach(async () => {
    await server.database.query(
      "UPDATE reminder_outbox SET state = 'cancelled', next_attempt_at = NULL WHERE state IN ('pending', 'sending')",
    );
  });
  afterAll(async () => {
    await server.close();
    await gateway.close();
    await smtp.close();
  });

  /** A clinic with reminders set up, a doctor-admin's device, and the sender's clock. */
  async function clinic() {
    const session: SessionResponse = await signUpClinic(server.url, undefined, {
      also_doctor: true,
    });
    const hospitalId = session.user.hospital_id;
    const device = new TestDevice(server.url, session);
    await device.pullAll();
    await accept(device, [
      device.command('ChangeHospitalSettings', 'hospital', hospitalId, {
        changes: { reminders: reminderSettings },
      }),
    ]);
    const clock = handClock();
    const sender = (options: { timeoutMs?: number } = {}) =>
      new ReminderSender(
        server.database,
        server.app.store,
        configuredChannels(server.config.reminders),
        {
          clock: clock.now,
          sendTimeoutMs: options.timeoutMs ?? server.config.reminders.sendTimeoutMs,
          maxAttempts: server.config.reminders.maxAttempts,
          retryBaseMs: server.config.reminders.retryBaseMs,
          random: () => 0.5,
        },
      );
    const project = () => server.app.projector.catchUp(hospitalId);
    const outbox = async (appointmentId: string) =>
      (await readOutbox(server.database, hospitalId)).filter(
        (row) => row.appointment_id === appointmentId,
      );
    return { session, hospitalId, device, clock, sender, project, outbox };
  }

  async function accept(device: TestDevice, commands: ReturnType<TestDevice['command']>[]) {
    const { status, body } = await device.push(commands);
    expect(status).toBe(200);
    expect(body.results.map((result) => result.status)).toEqual(commands.map(() => 'accepted'));
    await device.pullAll();
  }

  async function patient(
    device: TestDevice,
    consents: string[],
    overrides: Record<string, unknown> = {},
  ) {
    const patientId = uuidv7();
    await accept(device, [
      device.command(
        'RegisterPatient',
        'patient',
        patientId,
        registration({
          full_name: 'Amina Yusuf',
          phone: '0712 345678',
          email: 'amina@example.org',
          preferred_language: 'English',
          ...overrides,
        }),
      ),
    ]);
    const consentIds: Record<string, string> = {};
    for (const consentType of consents) {
      consentIds[consentType] = uuidv7();
      await accept(device, [
        device.command('RecordConsent', 'patient', patientId, {
          consent_id: consentIds[consentType],
          consent_type: consentType,
          scope: 'Appointment reminders',
        }),
      ]);
    }
    return { patientId, consentIds };
  }

  async function book(device: TestDevice, patientId: string, startsAt: Date) {
    const appointmentId = uuidv7();
    await accept(device, [
      device.command('ScheduleAppointment', 'appointment', appointmentId, {
        patient_id: patientId,
        doctor_id: device.session.user.user_id,
        location_id: null,
        starts_at: startsAt.toISOString(),
        duration_minutes: 20,
        visit_type: 'follow_up',
        reason: 'Review',
      }),
    ]);
    return appointmentId;
  }

  const states = (rows: { channel: string; reminder_kind: string; state: string }[]) =>
    Object.fromEntries(rows.map((row) => [`${row.channel}/${row.reminder_kind}`, row.state]));

  it('tells a signed-in person which channels this server can send on', async () => {
    const { session } = await clinic();
    expect(await api(server.url, '/reminders/channels', { token: session.token })).toEqual({
      status: 200,
      body: { available: ['email', 'sms'] },
    });
    expect((await api(server.url, '/reminders/channels')).status).toBe(401);
  });

  it('plans a booking, a move, a cancellation, a late booking and a withdrawn consent', async () => {
    const { device, project, outbox } = await clinic();
    const { patientId, consentIds } = await patient(device, ['sms_reminders', 'email_reminders']);
    const startsAt = inHours(72);
    const booked = await book(device, patientId, startsAt);
    const late = await book(device, patientId, new Date(Date.now() + 90 * 60_000));
    const cancelled = await book(device, patientId, inHours(80));
    await project();

    const rows = await outbox(booked);
    expect(states(rows)).toEqual({
      'email/24h': 'pending',
      'email/2h': 'pending',
      'sms/24h': 'pending',
      'sms/2h': 'pending',
    });
    const sms24 = rows.find((row) => row.channel === 'sms' && row.reminder_kind === '24h')!;
    expect(sms24.due_at).toBe(new Date(startsAt.getTime() - 24 * hour).toISOString());
    expect(sms24.address).toBe('+254712345678');
    expect(sms24.body).toMatch(
      /^Hello Amina Yusuf, see Dr Asha Admin on \w{3} \d+ \w{3} \d{4} at \d\d:00\.$/,
    );
    // Booked an hour and a half ahead: both reminders' times had passed.
    expect(states(await outbox(late))).toEqual({
      'email/24h': 'skipped',
      'email/2h': 'skipped',
      'sms/24h': 'skipped',
      'sms/2h': 'skipped',
    });

    // A move reschedules; a cancellation cancels.
    const movedTo = inHours(50);
    await accept(device, [
      device.command('RescheduleAppointment', 'appointment', booked, {
        starts_at: movedTo.toISOString(),
        duration_minutes: 20,
      }),
      device.command('CancelAppointment', 'appointment', cancelled, { reason: 'Travelling' }),
    ]);
    await project();
    const moved = await outbox(booked);
    expect(moved.find((row) => row.channel === 'sms' && row.reminder_kind === '2h')).toMatchObject({
      state: 'pending',
      due_at: new Date(movedTo.getTime() - 2 * hour).toISOString(),
      next_attempt_at: new Date(movedTo.getTime() - 2 * hour).toISOString(),
    });
    expect(new Set((await outbox(cancelled)).map((row) => `${row.state}: ${row.detail}`))).toEqual(
      new Set(['cancelled: The appointment was cancelled']),
    );

    // Consent to email withdrawn: the email reminders are cancelled, the SMS ones stay.
    await accept(device, [
      device.command('WithdrawConsent', 'patient', patientId, {
        consent_id: consentIds.email_reminders,
        reason: 'Prefers SMS',
      }),
    ]);
    await project();
    const afterWithdrawal = await outbox(booked);
    expect(states(afterWithdrawal)).toEqual({
      'email/24h': 'cancelled',
      'email/2h': 'cancelled',
      'sms/24h': 'pending',
      'sms/2h': 'pending',
    });
    expect(afterWithdrawal.find((row) => row.channel === 'email')!.detail).toBe(
      'The patient has not consented to reminders by email',
    );
  });

  it('sends exactly the reminders due, each once, and tells every device', async () => {
    const { device, clock, sender, project, outbox } = await clinic();
    const { patientId } = await patient(device, ['sms_reminders', 'email_reminders']);
    const startsAt = inHours(30);
    const appointmentId = await book(device, patientId, startsAt);
    await project();
    const mailsBefore = smtp.mails.length;
    const smsBefore = gateway.requests.length;
    gateway.mode = { kind: 'ok' };

    // Before the 24 h reminder's time: nothing.
    clock.set(startsAt.getTime() - 24 * hour - 60_000);
    const one = sender();
    expect(await one.runOnce()).toBe(0);
    // Its time: the two 24 h reminders, and again nothing on a second round.
    clock.set(startsAt.getTime() - 24 * hour + 60_000);
    expect(await one.runOnce()).toBe(2);
    expect(await one.runOnce()).toBe(0);
    expect(smtp.mails.length - mailsBefore).toBe(1);
    expect(gateway.requests.length - smsBefore).toBe(1);
    expect(gateway.problems).toEqual([]);
    const sms = gateway.requests.at(-1)!;
    expect(sms.contentType).toBe('application/json');
    expect(sms.body).toMatchObject({ to: '+254712345678', from: 'Hillside' });
    expect(sms.idempotencyKey).toContain(appointmentId);
    const mail = smtp.mails.at(-1)!;
    expect(mail.to).toEqual(['amina@example.org']);
    expect(mail.raw).toMatch(/Subject: Your appointment at Hillside Clinic/);

    const rows = await outbox(appointmentId);
    expect(states(rows)).toEqual({
      'email/24h': 'sent',
      'email/2h': 'pending',
      'sms/24h': 'sent',
      'sms/2h': 'pending',
    });
    expect(
      rows.find((row) => row.channel === 'sms' && row.reminder_kind === '24h')!.provider_message_id,
    ).toMatch(/^gw-/);

    // Every device learns it from the log.
    const events = (await device.pullAll()).filter(
      (event) => event.aggregate_id === appointmentId && event.type === 'ReminderSent',
    );
    expect(events.map((event) => event.data)).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ channel: 'sms', reminder_kind: '24h', offset_minutes: 1440 }),
        expect.objectContaining({ channel: 'email', reminder_kind: '24h' }),
      ]),
    );
    expect(events).toHaveLength(2);
    // Past the appointment's start the 2 h reminders are skipped, never sent late.
    clock.set(startsAt.getTime() + 60_000);
    expect(await one.runOnce()).toBe(0);
    expect(states(await outbox(appointmentId))).toMatchObject({
      'sms/2h': 'skipped',
      'email/2h': 'skipped',
    });
  });

  it('retries a 5xx and a hang with growing delays, then fails and says so', async () => {
    const { device, clock, sender, project, outbox } = await clinic();
    const { patientId } = await patient(device, ['sms_reminders']);
    const startsAt = inHours(40);
    const appointmentId = await book(device, patientId, startsAt);
    await project();
    const sms24 = async () =>
      (await outbox(appointmentId)).find(
        (row) => row.channel === 'sms' && row.reminder_kind === '24h',
      )!;

    const due = startsAt.getTime() - 24 * hour;
    clock.set(due);
    gateway.mode = { kind: 'fail', status: 503 };
    const one = sender();
    expect(await one.runOnce()).toBe(1);
    // random() = 0.5: three quarters of the base delay, then of twice it.
    expect(await sms24()).toMatchObject({
      state: 'pending',
      attempts: 1,
      next_attempt_at: new Date(due + 45_000).toISOString(),
      last_error: containing('503'),
    });
    gateway.mode = { kind: 'hang' };
    clock.set(due + 45_000);
    expect(await one.runOnce()).toBe(1);
    expect(await sms24()).toMatchObject({
      state: 'pending',
      attempts: 2,
      next_attempt_at: new Date(due + 45_000 + 90_000).toISOString(),
      last_error: 'The provider did not answer in time',
    });
    gateway.mode = { kind: 'fail', status: 500 };
    clock.set(due + 135_000);
    expect(await one.runOnce()).toBe(1);
    expect(await sms24()).toMatchObject({ state: 'failed', attempts: 3 });
    const failed = (await device.pullAll()).filter(
      (event) => event.aggregate_id === appointmentId && event.type === 'ReminderFailed',
    );
    expect(failed.map((event) => event.data)).toEqual([
      expect.objectContaining({
        channel: 'sms',
        reminder_kind: '24h',
        error: containing('500'),
      }),
    ]);
    expect(one.stats).toMatchObject({ claimed: 3, retried: 2, failed: 1, sent: 0 });
  });

  it('fails at once on a final refusal, and sends through a slow gateway within the timeout', async () => {
    const { device, clock, sender, project, outbox } = await clinic();
    const { patientId } = await patient(device, ['sms_reminders', 'email_reminders']);
    const startsAt = inHours(40);
    const appointmentId = await book(device, patientId, startsAt);
    await project();
    clock.set(startsAt.getTime() - 24 * hour);
    smtp.refuseNext(550, 'No such mailbox');
    gateway.mode = { kind: 'ok', delayMs: 150 };
    expect(await sender().runOnce()).toBe(2);
    const rows = await outbox(appointmentId);
    expect(
      rows.find((row) => row.channel === 'email' && row.reminder_kind === '24h'),
    ).toMatchObject({
      state: 'failed',
      attempts: 1,
      last_error: containing('No such mailbox'),
    });
    expect(rows.find((row) => row.channel === 'sms' && row.reminder_kind === '24h')).toMatchObject({
      state: 'sent',
    });
  });

  it('lets two senders run at once without sending anything twice', async () => {
    const { device, clock, sender, project, outbox } = await clinic();
    const { patientId } = await patient(device, ['sms_reminders']);
    const startsAt = inHours(60);
    const ids: string[] = [];
    for (let index = 0; index < 20; index += 1)
      ids.push(await book(device, patientId, new Date(startsAt.getTime() + index * 20 * 60_000)));
    await project();
    gateway.mode = { kind: 'ok', delayMs: 30 };
    const before = gateway.requests.length;
    clock.set(startsAt.getTime() - 24 * hour + 19 * 20 * 60_000);
    // A timeout roomy enough for a loaded machine: this test is about claims, not retries.
    const [a, b] = [sender({ timeoutMs: 10_000 }), sender({ timeoutMs: 10_000 })];
    const counts = await Promise.all([a.runOnce(), b.runOnce()]);
    // The 24 h reminders of the 20 appointments are due, shared between the two.
    expect(counts[0] + counts[1]).toBe(20);
    expect(Math.min(...counts)).toBeGreaterThan(0);
    const keys = gateway.requests.slice(before).map((request) => `${request.idempotencyKey}`);
    expect(a.stats.sent + b.stats.sent).toBe(20);
    expect(new Set(keys).size).toBe(20);
    expect(keys).toHaveLength(20);
    for (const id of ids)
      expect(states(await outbox(id))).toEqual({ 'sms/24h': 'sent', 'sms/2h': 'pending' });
  });

  it('takes back a claim whose sender died, once its lease has run out, and counts it', async () => {
    const { device, clock, sender, project, outbox } = await clinic();
    const { patientId } = await patient(device, ['sms_reminders']);
    const startsAt = inHours(45);
    const appointmentId = await book(device, patientId, startsAt);
    await project();
    gateway.mode = { kind: 'ok' };
    clock.set(startsAt.getTime() - 24 * hour);
    const { claimDueReminders } = await import('./claims');
    // A sender claims and dies before recording (before or after the provider call).
    const dead = await claimDueReminders(server.database, device.session.user.hospital_id, {
      at: clock.now(),
      leaseMs: 60_000,
      limit: 10,
      channels: ['sms'],
    });
    expect(dead).toHaveLength(1);
    const alive = sender();
    expect(await alive.runOnce()).toBe(0);
    clock.set(startsAt.getTime() - 24 * hour + 60_000);
    expect(await alive.runOnce()).toBe(1);
    expect(alive.stats.reclaimed).toBe(1);
    const row = (await outbox(appointmentId)).find((found) => found.reminder_kind === '24h')!;
    expect(row).toMatchObject({ state: 'sent', attempts: 2, reclaimed: 1 });
  });

  it('records two reminders of one appointment at once, each with its event', async () => {
    const { device, clock, project, outbox } = await clinic();
    const { patientId } = await patient(device, ['sms_reminders', 'email_reminders']);
    const startsAt = inHours(33);
    const appointmentId = await book(device, patientId, startsAt);
    await project();
    clock.set(startsAt.getTime() - 24 * hour);
    const { claimDueReminders } = await import('./claims');
    const { recordOutcome } = await import('./record');
    const claims = await claimDueReminders(server.database, device.session.user.hospital_id, {
      at: clock.now(),
      leaseMs: 60_000,
      limit: 10,
      channels: ['sms', 'email'],
    });
    expect(claims).toHaveLength(2);
    // Both append to the appointment's stream at the same moment: on PostgreSQL the
    // second write meets a serialization failure, and is made again.
    const recorded = await Promise.all(
      claims.map((claim, index) =>
        recordOutcome(
          server.app.store,
          claim,
          { sent: { providerMessageId: `both-${index}` } },
          clock.now(),
        ),
      ),
    );
    expect(recorded).toEqual(['recorded', 'recorded']);
    const rows = await outbox(appointmentId);
    expect(rows.filter((row) => row.state === 'sent')).toHaveLength(2);
    const sent = (await device.pullAll()).filter(
      (event) => event.aggregate_id === appointmentId && event.type === 'ReminderSent',
    );
    expect(sent).toHaveLength(2);
  });

  // Two transactions at once, on a server (PGlite runs one at a time, so there they
  // cannot meet): declared on PostgreSQL alone.
  if (url)
    it('leaves a reminder a sender claimed while the scheduler was planning it', async () => {
      const { device, project, outbox } = await clinic();
      const { patientId } = await patient(device, ['sms_reminders']);
      const appointmentId = await book(device, patientId, inHours(40));
      await project();
      // The patient's change makes the scheduler plan their appointment again.
      await accept(device, [
        device.command('UpdatePatientDetails', 'patient', patientId, {
          changes: { preferred_language: { from: 'English', to: 'Kiswahili' } },
        }),
      ]);
      // A sender's claim, not yet committed when the scheduler reads the row as pending.
      const claim = new pg.Client({ connectionString: url });
      await claim.connect();
      try {
        await claim.query('BEGIN');
        await claim.query(
          `UPDATE reminder_outbox SET state = 'sending', claim_token = gen_random_uuid(),
                  claimed_until = now() + interval '1 minute', attempts = attempts + 1
            WHERE appointment_id = $1 AND reminder_kind = '24h'`,
          [appointmentId],
        );
        const planning = project();
        // Until the scheduler's write waits for the claimed row, then the claim commits.
        for (let waited = 0; ; waited += 20) {
          const { rows } = await claim.query<{ waiting: number }>(
            'SELECT count(*)::int AS waiting FROM pg_locks WHERE NOT granted',
          );
          if (rows[0]!.waiting > 0) break;
          if (waited > 10_000) throw new Error('the scheduler never waited for the claimed row');
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
        await claim.query('COMMIT');
        await planning;
      } finally {
        await claim.end();
      }
      expect(states(await outbox(appointmentId))).toEqual({
        'sms/24h': 'sending',
        'sms/2h': 'pending',
      });
    });
});
