import {
  earliestIssuedAt,
  maxClockAheadMs,
  uuidv7,
  type PullResponse,
  type PushedCommand,
} from '@mymedic/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTenant } from '../db/tenant';
import { appendCommands } from '../event-store/append';
import { batchGuards, serverProjections } from '../projections';
import { signUpClinic, startTestServer, type TestServer } from '../../test/test-server';
import { api, registration, TestDevice, testDatabases } from '../../test/support';

/** A command whose device clock said `issuedAt` (a registration: no time in its events). */
const registeredAt = (device: TestDevice, issuedAt: string): PushedCommand => ({
  ...device.command('RegisterPatient', 'patient', uuidv7(), registration()),
  issued_at: issuedAt,
});

/** What a pull gives for the event of each command, by command id. */
async function pulledTimes(server: TestServer, token: string) {
  const { status, body } = await api<PullResponse>(server.url, '/sync/pull?after=0&limit=5000', {
    token,
  });
  expect(status).toBe(200);
  return Object.assign(new Map(body.events.map((event) => [event.meta.command_id, event])), {
    events: body.events,
  });
}

describe.each(testDatabases)('device clocks on $name', ({ url: databaseUrl }) => {
  let server: TestServer;
  // The server's clock stands still, so the range's ends can be sent to the microsecond.
  const receivedAt = new Date(Math.floor(Date.now() / 1000) * 1000);
  const latest = new Date(receivedAt.getTime() + maxClockAheadMs);
  beforeAll(async () => {
    server = await startTestServer({
      ...(databaseUrl ? { databaseUrl } : {}),
      clock: () => receivedAt,
    });
  });
  afterAll(() => server.close());

  const newDevice = async () => {
    const device = new TestDevice(server.url, await signUpClinic(server.url));
    await device.pullAll();
    return device;
  };

  it('rejects a device clock outside the plausible range, naming issued_at, and stores nothing', async () => {
    const tablet = await newDevice();
    const headBefore = (await tablet.pullAll()).at(-1)!.position;
    const beyond = new Date(latest.getTime() + 1).toISOString();
    const implausible = [
      '0001-01-01T00:00:00.000Z',
      '0026-03-04T09:15:00.000Z',
      '0099-12-31T23:59:59.999Z',
      '2001-09-09T01:46:40.000Z',
      '2019-12-31T23:59:59.999999Z',
      '2020-01-01T02:59:59.999+03:00',
      beyond,
      '2099-01-01T00:00:00.000Z',
      '9999-12-31T23:59:59.999Z',
    ];
    const commands = implausible.map((issuedAt) => registeredAt(tablet, issuedAt));
    const fine = tablet.command('RegisterPatient', 'patient', uuidv7(), registration());
    const { status, body } = await tablet.push([...commands, fine]);
    expect(status).toBe(200);
    body.results.slice(0, -1).forEach((result, index) => {
      const what = implausible[index]!;
      expect(result.status, what).toBe('rejected');
      expect(result.events, what).toEqual([]);
      expect(result.error!.code, what).toBe('validation');
      expect(result.error!.message, what).toMatch(/^issued_at /);
      expect(result.error!.message, what).toMatch(/check this device's date and time/);
      expect(result.error!.details, what).toMatchObject({
        issues: [{ path: 'issued_at', message: result.error!.message }],
        received_at: receivedAt.toISOString(),
      });
    });
    expect(body.results[0]!.error!.message).toMatch(/before 2020-01-01/);
    expect(body.results[6]!.error!.message).toMatch(/more than 1 day after the server's clock/);
    // One bad clock holds up nothing else in the batch.
    expect(body.results.at(-1)!.status).toBe('accepted');
    const log = await tablet.pullAll();
    expect(log.at(-1)!.position).toBe(headBefore + 1);
    expect(log.at(-1)!.meta.command_id).toBe(fine.command_id);
  });

  it("accepts the range's ends to the microsecond and pulls every time back unchanged", async () => {
    const tablet = await newDevice();
    const sent = [
      earliestIssuedAt,
      '2020-01-01T00:00:00.000001Z',
      '2020-01-01T03:00:00.000+03:00',
      receivedAt.toISOString(),
      // A device offline for a week pushes what it recorded a week ago.
      new Date(receivedAt.getTime() - 7 * 24 * 3600_000).toISOString(),
      `${latest.toISOString().slice(0, -1)}000Z`,
      `${new Date(latest.getTime() - 1).toISOString().slice(0, -1)}999Z`,
      latest.toISOString(),
    ];
    const commands = sent.map((issuedAt) => registeredAt(tablet, issuedAt));
    const { body } = await tablet.push(commands);
    expect(body.results.map((result) => result.status)).toEqual(sent.map(() => 'accepted'));
    const pulled = await pulledTimes(server, tablet.token);
    const issued = commands.map((command) => pulled.get(command.command_id)!.meta.issued_at);
    expect(issued).toEqual([
      earliestIssuedAt,
      '2020-01-01T00:00:00.000001Z',
      earliestIssuedAt,
      receivedAt.toISOString(),
      sent[4],
      latest.toISOString(),
      `${new Date(latest.getTime() - 1).toISOString().slice(0, -1)}999Z`,
      latest.toISOString(),
    ]);
    // What the device decided and sent in the form it makes (toISOString) comes back as
    // the very same text, so its pending copy and the log's envelope compare equal.
    expect(issued[3]).toBe(commands[3]!.issued_at);
    for (const command of commands) {
      const storedAt = pulled.get(command.command_id)!.stored_at;
      expect(storedAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.(\d{3}|\d{6})Z$/);
      expect(Math.abs(Date.parse(storedAt) - Date.now())).toBeLessThan(60_000);
    }
  });

  it('reads back what the log already holds from years 1, 26, 99 and 9999, unchanged', async () => {
    // Stored as a server without the range check stored them: the pull must not fail on
    // them (a 500 here stopped every new device from loading the clinic).
    const session = await signUpClinic(server.url);
    const tablet = new TestDevice(server.url, session);
    await tablet.pullAll();
    const edges = [
      '0001-01-01T00:00:00.000Z',
      '0026-03-04T09:15:00.000Z',
      '0099-12-31T23:59:59.999999Z',
      '0100-01-01T00:00:00.000Z',
      '1969-12-31T23:59:59.999999Z',
      '9999-12-31T23:59:59.999999Z',
    ];
    const commands = edges.map((issuedAt) => registeredAt(tablet, issuedAt));
    const outcome = await withTenant(server.database, session.user.hospital_id, (sql) =>
      appendCommands(
        sql,
        { projections: serverProjections, guards: batchGuards },
        {
          hospitalId: session.user.hospital_id,
          actor: { user_id: session.user.user_id, roles: session.user.roles },
          deviceId: tablet.deviceId,
        },
        commands,
      ),
    );
    if ('refused' in outcome) throw new Error(`The batch was refused: ${outcome.refused}`);
    expect(outcome.results.map((result) => result.status)).toEqual(edges.map(() => 'accepted'));
    const pulled = await pulledTimes(server, tablet.token);
    expect(commands.map((command) => pulled.get(command.command_id)!.meta.issued_at)).toEqual(
      edges,
    );
    // And a device pulling page by page gets through them.
    expect(await new TestDevice(server.url, session).pullAll()).toEqual(pulled.events);
  });

  it('moves an appointment booked in year 26: the read model is read back as the database formats it', async () => {
    const tablet = await newDevice();
    const appointmentId = uuidv7();
    const patientId = uuidv7();
    await tablet.registerPatients(patientId);
    const slot = {
      patient_id: patientId,
      doctor_id: tablet.session.user.user_id,
      duration_minutes: 30,
    };
    const booked = await tablet.push([
      tablet.command('ScheduleAppointment', 'appointment', appointmentId, {
        ...slot,
        starts_at: '0026-03-04T09:00:00.000Z',
        visit_type: 'consultation',
        reason: 'Typed the year as 26',
      }),
    ]);
    expect(booked.body.results[0]!.status).toBe('accepted');
    await tablet.pullAll();
    // Moving it reads its row from the appointments table, by id and around the new slot.
    const moved = await tablet.push([
      tablet.command('RescheduleAppointment', 'appointment', appointmentId, {
        starts_at: '0026-03-04T09:15:00.000Z',
        duration_minutes: 30,
      }),
    ]);
    expect(moved.status).toBe(200);
    expect(moved.body.results[0]!.status).toBe('accepted');
    await tablet.pullAll();
    const fixed = await tablet.push([
      tablet.command('RescheduleAppointment', 'appointment', appointmentId, {
        starts_at: '2026-03-04T09:15:00.000Z',
        duration_minutes: 30,
      }),
    ]);
    expect(fixed.body.results[0]!.status).toBe('accepted');
  });
});
