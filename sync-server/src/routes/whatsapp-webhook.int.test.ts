import { testConfig } from '../config';
import { createHmac } from 'node:crypto';
import {
  foldEvents,
  uuidv7,
  type ErrorResponse,
  type SessionResponse,
  type WhatsAppWebhookResponse,
} from '@mymedic/shared';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { handClock } from '../../test/reminder-stand-ins';
import { api, registration, testDatabases, TestDevice } from '../../test/support';
import { signUpClinic, startTestServer, type TestServer } from '../../test/test-server';
import { WhatsAppStandIn } from '../../test/whatsapp-stand-in';
import { withTenant } from '../db/tenant';
import { configuredChannels, ReminderSender } from '../reminders';
import { readOutbox } from '../reminders/claims';

const hour = 3600_000;
const verifyToken = 'hillside-verify-token-0001';

const reminderSettings = {
  channels: ['whatsapp'],
  offsets_minutes: [24 * 60, 120],
  quiet_hours: null,
  fallback_language: 'English',
  country_calling_code: '254',
  templates: [
    {
      channel: 'whatsapp',
      language: 'English',
      body: 'Hello {patient}, you see {doctor} on {date} at {time}. Confirm or cancel below.',
      whatsapp: {
        name: 'appointment_reminder',
        language_code: 'en',
        parameters: ['patient', 'doctor', 'date', 'time'],
      },
    },
  ],
};

/** On the hour, `hours` from now. */
const inHours = (hours: number) => new Date(Math.ceil(Date.now() / hour) * hour + hours * hour);

describe.each(testDatabases)('WhatsApp reminders and their webhook on $name', ({ url }) => {
  let server: TestServer;
  let standIn: WhatsAppStandIn;

  beforeAll(async () => {
    standIn = await new WhatsAppStandIn().start();
    server = await startTestServer({
      ...(url ? { databaseUrl: url } : {}),
      projector: false,
      config: {
        metrics: true,
        reminders: {
          ...testConfig().reminders,
          runSender: false,
          sendTimeoutMs: 1500,
          maxAttempts: 3,
          retryBaseMs: 60_000,
          smtp: null,
          sms: null,
          whatsapp: {
            apiUrl: standIn.url,
            phoneNumberId: standIn.phoneNumberId,
            accessToken: standIn.accessToken,
            appSecret: standIn.appSecret,
            verifyToken,
          },
        },
      },
    });
  });
  afterEach(async () => {
    await server.database.query(
      "UPDATE reminder_outbox SET state = 'cancelled', next_attempt_at = NULL WHERE state IN ('pending', 'sending')",
    );
  });
  afterAll(async () => {
    await server.close();
    await standIn.stop();
  });

  /** A clinic sending WhatsApp reminders, a patient who consented, and one booking sent its 24 h reminder. */
  async function remindedAppointment(options: { phone?: string } = {}) {
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
    const patientId = uuidv7();
    await accept(device, [
      device.command(
        'RegisterPatient',
        'patient',
        patientId,
        registration({
          full_name: 'Amina Yusuf',
          phone: options.phone ?? '0712 345678',
          preferred_language: 'English',
        }),
      ),
    ]);
    await accept(device, [
      device.command('RecordConsent', 'patient', patientId, {
        consent_id: uuidv7(),
        consent_type: 'whatsapp_reminders',
        scope: 'Appointment reminders',
      }),
    ]);
    const startsAt = inHours(30);
    const appointmentId = uuidv7();
    await accept(device, [
      device.command('ScheduleAppointment', 'appointment', appointmentId, {
        patient_id: patientId,
        doctor_id: session.user.user_id,
        location_id: null,
        starts_at: startsAt.toISOString(),
        duration_minutes: 20,
        visit_type: 'follow_up',
        reason: 'Review',
      }),
    ]);
    const project = () => server.app.projector.catchUp(hospitalId);
    await project();
    const clock = handClock(new Date(startsAt.getTime() - 24 * hour + 60_000));
    const sender = new ReminderSender(
      server.database,
      server.app.store,
      configuredChannels(server.config.reminders),
      {
        clock: clock.now,
        sendTimeoutMs: server.config.reminders.sendTimeoutMs,
        maxAttempts: server.config.reminders.maxAttempts,
        retryBaseMs: server.config.reminders.retryBaseMs,
      },
    );
    const received = standIn.received.length;
    expect(await sender.runOnce()).toBe(1);
    expect(standIn.received.length).toBe(received + 1);
    const message = standIn.received.at(-1)!;
    const appointment = async () => {
      await device.pullAll();
      return foldEvents('appointment', device.streamOf(appointmentId));
    };
    const eventsOf = async (type: string) => {
      await device.pullAll();
      return device.streamOf(appointmentId).filter((event) => event.type === type);
    };
    const outbox = async () =>
      (await readOutbox(server.database, hospitalId)).filter(
        (row) => row.appointment_id === appointmentId,
      );
    return {
      session,
      hospitalId,
      device,
      appointmentId,
      startsAt,
      message,
      clock,
      sender,
      project,
      appointment,
      eventsOf,
      outbox,
    };
  }

  async function accept(device: TestDevice, commands: ReturnType<TestDevice['command']>[]) {
    const { status, body } = await device.push(commands);
    expect(status).toBe(200);
    expect(body.results.map((result) => result.status)).toEqual(commands.map(() => 'accepted'));
    await device.pullAll();
  }

  /** Posts a webhook body as Meta does: the raw bytes and their signature. */
  async function webhook(signed: { body: string; signature: string }) {
    const response = await fetch(`${server.url}/webhooks/whatsapp`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-hub-signature-256': signed.signature },
      body: signed.body,
    });
    return {
      status: response.status,
      body: (await response.json()) as WhatsAppWebhookResponse & ErrorResponse,
    };
  }

  const counts = (changes: Partial<WhatsAppWebhookResponse>) => ({
    recorded: 0,
    replayed: 0,
    unknown: 0,
    ignored: 0,
    ...changes,
  });

  async function receiptsOf(hospitalId: string) {
    const { rows } = await withTenant(server.database, hospitalId, (sql) =>
      sql.query<{ receipt_key: string }>(
        'SELECT receipt_key FROM whatsapp_webhook_receipts WHERE hospital_id = $1',
        [hospitalId],
      ),
    );
    return rows.map((row) => row.receipt_key);
  }

  it("answers Meta's subscription handshake only with the verify token", async () => {
    const query = (token: string) =>
      `/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=${token}&hub.challenge=1158201444`;
    const answer = await fetch(`${server.url}${query(verifyToken)}`);
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(await answer.text()).toBe('1158201444');
    const wrong = await api<ErrorResponse>(server.url, query('not-our-token-at-all'));
    expect(wrong.status).toBe(403);
    expect(wrong.body.error.code).toBe('forbidden');
  });

  it('sends the approved template with ordered variables and signed buttons, and records its statuses once', async () => {
    const { hospitalId, appointmentId, message, appointment, eventsOf, outbox } =
      await remindedAppointment();
    expect(standIn.malformed).toEqual([]);
    expect(message).toMatchObject({
      to: '254712345678',
      template: 'appointment_reminder',
      language: 'en',
    });
    expect(message.parameters).toHaveLength(4);
    expect(message.parameters.slice(0, 2)).toEqual(['Amina Yusuf', 'Dr Asha Admin']);
    expect(message.parameters[2]).toMatch(/^\w{3} \d+ \w{3} \d{4}$/);
    expect(message.parameters[3]).toMatch(/^\d\d:00$/);
    expect(message.buttonPayloads).toEqual([
      expect.stringMatching(new RegExp(`^confirm\\.${appointmentId}\\.[\\w-]{22}$`)),
      expect.stringMatching(new RegExp(`^cancel\\.${appointmentId}\\.[\\w-]{22}$`)),
    ]);
    expect((await outbox()).find((row) => row.reminder_kind === '24h')).toMatchObject({
      state: 'sent',
      provider_message_id: message.id,
    });

    // A body signed with another secret, or altered after signing: 401, nothing recorded.
    const delivered = standIn.statusWebhook(message.id, 'delivered');
    const forged = `sha256=${createHmac('sha256', 'another-secret').update(delivered.body).digest('hex')}`;
    const refused = await webhook({ body: delivered.body, signature: forged });
    expect(refused.status).toBe(401);
    expect(refused.body.error.code).toBe('invalid_signature');
    expect(
      (await webhook({ body: `${delivered.body} `, signature: delivered.signature })).status,
    ).toBe(401);
    expect((await webhook({ body: delivered.body, signature: '' })).status).toBe(401);
    expect(await eventsOf('ReminderDelivered')).toEqual([]);
    expect(await receiptsOf(hospitalId)).toEqual([]);

    // Signed: recorded; the same webhook again: recorded once.
    expect(await webhook(delivered)).toEqual({ status: 200, body: counts({ recorded: 1 }) });
    expect(await webhook(delivered)).toEqual({ status: 200, body: counts({ replayed: 1 }) });
    const read = standIn.statusWebhook(message.id, 'read');
    expect(await webhook(read)).toEqual({ status: 200, body: counts({ recorded: 1 }) });
    expect(await webhook(read)).toEqual({ status: 200, body: counts({ replayed: 1 }) });
    expect(await eventsOf('ReminderDelivered')).toHaveLength(1);
    expect(await eventsOf('ReminderRead')).toHaveLength(1);
    expect((await appointment()).reminders).toEqual([
      expect.objectContaining({ channel: 'whatsapp', reminder_kind: '24h', status: 'read' }),
    ]);

    // A message that is none of ours: 200, counted, nothing recorded.
    const before = server.app.whatsAppWebhook.unknown;
    expect(await webhook(standIn.statusWebhook('wamid.never-ours', 'delivered'))).toEqual({
      status: 200,
      body: counts({ unknown: 1 }),
    });
    expect(server.app.whatsAppWebhook.unknown).toBe(before + 1);
    expect(await receiptsOf(hospitalId)).toHaveLength(2);
    // The same counts on /metrics, for the clinic's monitoring.
    const scraped = await (await fetch(`${server.url}/metrics`)).text();
    for (const [outcome, count] of Object.entries(server.app.whatsAppWebhook))
      expect(scraped).toContain(
        `mymedic_whatsapp_webhook_items_total{outcome="${outcome}"} ${count}`,
      );
    expect(server.app.whatsAppWebhook.replayed).toBeGreaterThanOrEqual(2);

    // Signed, but not JSON or not WhatsApp's: 400, nothing recorded.
    for (const body of [delivered.body.slice(0, -1), '{"object":"page","entry":[]}']) {
      const answer = await webhook({ body, signature: sign(body) });
      expect(answer.status).toBe(400);
      expect(answer.body.error.code).toBe('invalid_request');
    }
    expect(await receiptsOf(hospitalId)).toHaveLength(2);
  });

  it('records a failure WhatsApp reports after the reminder went', async () => {
    const { message, eventsOf, outbox } = await remindedAppointment();
    const failed = standIn.statusWebhook(message.id, 'failed');
    expect(await webhook(failed)).toEqual({ status: 200, body: counts({ recorded: 1 }) });
    expect(await webhook(failed)).toEqual({ status: 200, body: counts({ replayed: 1 }) });
    const events = await eventsOf('ReminderFailed');
    expect(events).toHaveLength(1);
    expect(events[0]!.data).toMatchObject({
      channel: 'whatsapp',
      reminder_kind: '24h',
      error: 'Not delivered: Message undeliverable',
    });
    expect((await outbox()).find((row) => row.reminder_kind === '24h')).toMatchObject({
      state: 'failed',
      last_error: 'Message undeliverable',
    });
  });

  it("turns the patient's Confirm into a confirmation by WhatsApp, once, and a forged button into nothing", async () => {
    const { appointmentId, message, appointment, eventsOf } = await remindedAppointment();
    const [confirm] = message.buttonPayloads as [string, string];
    // Another appointment's payload, or one altered: not ours for this reminder.
    const altered = confirm.replace(/.$/, (last) => (last === 'A' ? 'B' : 'A'));
    expect(await webhook(standIn.replyWebhook(message.id, altered))).toEqual({
      status: 200,
      body: counts({ ignored: 1 }),
    });
    const elsewhere = confirm.replace(appointmentId, uuidv7());
    expect(await webhook(standIn.replyWebhook(message.id, elsewhere))).toEqual({
      status: 200,
      body: counts({ ignored: 1 }),
    });
    expect(await eventsOf('AppointmentConfirmed')).toEqual([]);

    const tap = standIn.replyWebhook(message.id, confirm);
    expect(await webhook(tap)).toEqual({ status: 200, body: counts({ recorded: 1 }) });
    expect(await webhook(tap)).toEqual({ status: 200, body: counts({ replayed: 1 }) });
    const confirmed = await eventsOf('AppointmentConfirmed');
    expect(confirmed).toHaveLength(1);
    expect(confirmed[0]!.data).toMatchObject({ via: 'whatsapp' });
    expect((await appointment()).patient_response).toMatchObject({
      kind: 'confirmed',
      via: 'whatsapp',
    });
  });

  it('turns Cancel into a request to cancel and sends no further reminder', async () => {
    const { message, appointment, eventsOf, outbox, project, clock, sender, startsAt } =
      await remindedAppointment();
    const cancel = message.buttonPayloads[1]!;
    expect(await webhook(standIn.replyWebhook(message.id, cancel))).toEqual({
      status: 200,
      body: counts({ recorded: 1 }),
    });
    expect(await eventsOf('AppointmentCancellationRequested')).toHaveLength(1);
    expect((await appointment()).patient_response).toMatchObject({
      kind: 'cancellation_requested',
      via: 'whatsapp',
    });
    // The appointment stays booked (the front desk decides), but its reminders end.
    expect((await appointment()).status).toBe('scheduled');
    await project();
    expect((await outbox()).find((row) => row.reminder_kind === '2h')).toMatchObject({
      state: 'cancelled',
      detail: 'The patient asked to cancel',
    });
    const received = standIn.received.length;
    clock.set(startsAt.getTime() - 2 * hour + 60_000);
    expect(await sender.runOnce()).toBe(0);
    expect(standIn.received.length).toBe(received);
  });

  it('reads a typed YES or 2, quoting the reminder or not', async () => {
    const phone = '+254 733 100200';
    const { message, eventsOf } = await remindedAppointment({ phone });
    expect(message.to).toBe('254733100200');
    // "maybe" asks nothing; "Yes" quoting nothing answers the newest reminder to the number.
    expect(await webhook(standIn.textWebhook('maybe', message.id))).toEqual({
      status: 200,
      body: counts({ ignored: 1 }),
    });
    expect(await webhook(standIn.textWebhook('Yes', null, new Date(), '254733100200'))).toEqual({
      status: 200,
      body: counts({ recorded: 1 }),
    });
    expect(await eventsOf('AppointmentConfirmed')).toHaveLength(1);
    expect(await webhook(standIn.textWebhook(' 2 ', message.id))).toEqual({
      status: 200,
      body: counts({ recorded: 1 }),
    });
    expect(await eventsOf('AppointmentCancellationRequested')).toHaveLength(1);
    // A number we never sent to, quoting nothing: none of ours.
    expect(await webhook(standIn.textWebhook('YES', null, new Date(), '254799999999'))).toEqual({
      status: 200,
      body: counts({ unknown: 1 }),
    });
  });

  it('ignores a reply to an appointment that is no longer booked', async () => {
    const { device, appointmentId, message, eventsOf } = await remindedAppointment();
    // The device learns of the reminder first, so its cancellation is decided on the stream as it is.
    await device.pullAll();
    await accept(device, [
      device.command('CancelAppointment', 'appointment', appointmentId, { reason: 'Doctor away' }),
    ]);
    expect(await webhook(standIn.replyWebhook(message.id, message.buttonPayloads[0]!))).toEqual({
      status: 200,
      body: counts({ ignored: 1 }),
    });
    expect(await eventsOf('AppointmentConfirmed')).toEqual([]);
  });

  function sign(body: string) {
    return `sha256=${createHmac('sha256', standIn.appSecret).update(body).digest('hex')}`;
  }
});
