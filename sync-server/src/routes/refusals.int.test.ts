import {
  uuidv7,
  type CommandResult,
  type PullResponse,
  type PushedCommand,
  type PushResponse,
  type SessionResponse,
} from '@mymedic/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTenant } from '../db/tenant';
import { api, registration, TestDevice, testDatabases } from '../../test/support';
import {
  sessionOnDevice,
  signUpClinic,
  startTestServer,
  type TestServer,
} from '../../test/test-server';

const wanjiru = '0190a0b0-0000-7000-8000-000000000b01';
const otieno = '0190a0b0-0000-7000-8000-000000000b02';

/** A command's answer is final: a copy of a refused command is refused again, as it was. */
describe.each(testDatabases)('refusals remembered on $name', ({ url: databaseUrl }) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(databaseUrl ? { databaseUrl } : {});
  });
  afterAll(() => server.close());

  const head = async (url: string, token: string) =>
    (await api<PullResponse>(url, '/sync/pull?after=0&limit=1', { token })).body.head;

  /** Every event the hospital's log holds for one command. */
  const eventsOf = async (url: string, token: string, commandId: string) => {
    const { body } = await api<PullResponse>(url, '/sync/pull?after=0&limit=5000', { token });
    return body.events.filter((event) => event.meta.command_id === commandId);
  };

  /** The idempotency records of a hospital, as the application role sees them. */
  const recordsOf = (database: TestServer['database'], hospitalId: string) =>
    withTenant(database, hospitalId, async (sql) => {
      const { rows } = await sql.query<{ command_id: string; status: string }>(
        `SELECT command_id::text AS command_id, status FROM commands
          WHERE hospital_id = $1 ORDER BY processed_at, command_id`,
        [hospitalId],
      );
      return rows;
    });

  /** A push by this person from a device: signed in there, as every session has one. */
  const pushAs = async (
    on: TestServer,
    person: SessionResponse,
    deviceId: string,
    commands: PushedCommand[],
  ) => {
    const { token } = await sessionOnDevice(on, person, deviceId);
    return api<PushResponse>(on.url, '/sync/push', {
      token,
      body: { device_id: deviceId, commands },
    });
  };

  /** A colleague with a role, signed in on a desk of their own. */
  const colleague = async (url: string, admin: SessionResponse, role: string) => {
    const email = `${uuidv7()}@hillside.example`;
    const created = await api<{ user_id: string }>(url, '/users', {
      token: admin.token,
      body: { email, full_name: 'Wambui Kariuki', role, password: 'front desk 7781' },
    });
    expect(created.status).toBe(201);
    const session = await api<SessionResponse>(url, '/auth/login', {
      body: { email, password: 'front desk 7781', device_id: `desk-${uuidv7()}` },
    });
    expect(session.status).toBe(200);
    return session.body;
  };

  it('answers a late copy of a conflicting booking with the same conflict after the slot is freed', async () => {
    const admin = await signUpClinic(server.url);
    const doctor = await colleague(server.url, admin, 'doctor');
    const reception = new TestDevice(server.url, admin);
    const ward = new TestDevice(server.url, admin);
    await reception.registerPatients(wanjiru, otieno);
    await ward.pullAll();
    const slot = {
      doctor_id: doctor.user.user_id,
      starts_at: '2026-12-01T07:00:00.000Z',
      duration_minutes: 30,
      visit_type: 'consultation',
      reason: 'Persistent cough',
    };
    const first = reception.command('ScheduleAppointment', 'appointment', uuidv7(), {
      ...slot,
      patient_id: wanjiru,
    });
    expect((await reception.push([first])).body.results[0]!.status).toBe('accepted');

    const late = ward.command('ScheduleAppointment', 'appointment', uuidv7(), {
      ...slot,
      patient_id: otieno,
    });
    const refused = (await ward.push([late])).body.results[0]!;
    expect(refused.status).toBe('conflict');
    expect(refused.error?.details).toMatchObject({
      clashes_with: { appointment_id: first.aggregate_id },
    });

    // The person chooses in the inbox; meanwhile the first booking is cancelled, so a
    // fresh decision would now store the late booking.
    await reception.pullAll();
    const cancel = reception.command('CancelAppointment', 'appointment', first.aggregate_id, {
      reason: 'Patient travelled',
    });
    expect((await reception.push([cancel])).body.results[0]!.status).toBe('accepted');
    const headBefore = await head(server.url, admin.token);
    const recordsBefore = await recordsOf(server.database, admin.user.hospital_id);

    const copy = await ward.push([late]);
    expect(copy.status).toBe(200);
    expect(copy.body.results).toEqual([refused]);
    expect(copy.body.head).toBe(headBefore);
    expect(await head(server.url, admin.token)).toBe(headBefore);
    expect(await eventsOf(server.url, admin.token, late.command_id)).toEqual([]);
    expect(await recordsOf(server.database, admin.user.hospital_id)).toEqual(recordsBefore);

    // A copy inside a batch with new work: the new command is decided, the copy is not.
    const again = ward.command('ScheduleAppointment', 'appointment', uuidv7(), {
      ...slot,
      patient_id: wanjiru,
      starts_at: '2026-12-01T09:00:00.000Z',
    });
    const mixed = await ward.push([late, again]);
    expect(mixed.body.results.map((result: CommandResult) => result.status)).toEqual([
      'conflict',
      'accepted',
    ]);
    expect(mixed.body.results[0]).toEqual(refused);
    expect(await eventsOf(server.url, admin.token, late.command_id)).toEqual([]);
  });

  it('answers a late copy of a rejected command with the same rejection after the role changes', async () => {
    const admin = await signUpClinic(server.url);
    const receptionist = await colleague(server.url, admin, 'receptionist');
    const office = new TestDevice(server.url, admin);
    await office.pullAll();
    const patientId = uuidv7();
    await office.push([office.command('RegisterPatient', 'patient', patientId, registration())]);
    await office.pullAll();
    // Decided as an admin's device would; pushed by the receptionist, who may not archive.
    const archive = office.command('ArchivePatient', 'patient', patientId, {
      reason: 'Registered twice',
    });
    const frontDesk = `front-desk-${uuidv7()}`;
    const refused = (await pushAs(server, receptionist, frontDesk, [archive])).body.results[0]!;
    expect(refused).toMatchObject({ status: 'rejected', error: { code: 'forbidden' } });

    const promote = office.command('ChangeUserRole', 'user', receptionist.user.user_id, {
      role: 'doctor',
    });
    expect((await office.push([promote])).body.results[0]!.status).toBe('accepted');
    const headBefore = await head(server.url, admin.token);

    // As a doctor now, a fresh decision would archive the record.
    const copy = await pushAs(server, receptionist, frontDesk, [archive]);
    expect(copy.status).toBe(200);
    expect(copy.body.results).toEqual([refused]);
    expect(await head(server.url, admin.token)).toBe(headBefore);
    expect(await eventsOf(server.url, admin.token, archive.command_id)).toEqual([]);
  });

  it('gives two copies decided at once one answer, recorded once', async () => {
    const admin = await signUpClinic(server.url);
    const [tabletA, tabletB] = [
      new TestDevice(server.url, admin),
      new TestDevice(server.url, admin),
    ];
    await Promise.all([tabletA.pullAll(), tabletB.pullAll()]);
    const patientId = uuidv7();
    await tabletA.push([tabletA.command('RegisterPatient', 'patient', patientId, registration())]);
    await Promise.all([tabletA.pullAll(), tabletB.pullAll()]);
    const phone = (device: TestDevice, to: string) =>
      device.command('UpdatePatientDetails', 'patient', patientId, {
        changes: { phone: { from: '+254 712 345678', to } },
      });
    expect((await tabletA.push([phone(tabletA, '+254700000001')])).body.results[0]!.status).toBe(
      'accepted',
    );
    const late = phone(tabletB, '+254799999999');
    const copies = await Promise.all([tabletB.push([late]), tabletB.push([late])]);
    expect(copies.map(({ status }) => status)).toEqual([200, 200]);
    expect(copies[0].body.results[0]!.status).toBe('conflict');
    expect(copies[1].body.results).toEqual(copies[0].body.results);
    const records = (await recordsOf(server.database, admin.user.hospital_id)).filter(
      (record) => record.command_id === late.command_id,
    );
    expect(records).toEqual([{ command_id: late.command_id, status: 'conflict' }]);
  });

  it('keeps at most the newest refusals per person, however many devices a body names', async () => {
    const kept = 3;
    const bounded = await startTestServer({
      ...(databaseUrl ? { databaseUrl } : {}),
      config: { refusalsKept: kept },
    });
    try {
      const admin = await signUpClinic(bounded.url);
      const receptionist = await colleague(bounded.url, admin, 'receptionist');
      const office = new TestDevice(bounded.url, admin);
      await office.pullAll();
      const patientId = uuidv7();
      await office.push([office.command('RegisterPatient', 'patient', patientId, registration())]);
      await office.pullAll();
      const accepted = async () =>
        (await recordsOf(bounded.database, admin.user.hospital_id)).filter(
          (record) => record.status === 'accepted',
        );
      const acceptedBefore = await accepted();
      const archives = Array.from({ length: 7 }, (_, index) =>
        office.command('ArchivePatient', 'patient', patientId, { reason: `Duplicate ${index}` }),
      );
      // One push per made-up device, then a batch larger than the bound.
      for (const archive of archives.slice(0, 3)) {
        const { body } = await pushAs(bounded, receptionist, `made-up-${uuidv7()}`, [archive]);
        expect(body.results[0]!.status).toBe('rejected');
      }
      const batch = await pushAs(bounded, receptionist, 'front-desk', archives.slice(3));
      expect(batch.body.results.map((result) => result.status)).toEqual(
        archives.slice(3).map(() => 'rejected'),
      );

      const refusals = (await recordsOf(bounded.database, admin.user.hospital_id)).filter(
        (record) => record.status === 'rejected',
      );
      expect(refusals.map((record) => record.command_id).sort()).toEqual(
        archives
          .slice(-kept)
          .map((archive) => archive.command_id)
          .sort(),
      );

      // A batch that stores something and refuses something prunes in the same write.
      const registered = office.command('RegisterPatient', 'patient', uuidv7(), registration());
      const newest = office.command('ArchivePatient', 'patient', patientId, {
        reason: 'Duplicate 7',
      });
      const mixed = await pushAs(bounded, receptionist, 'front-desk', [registered, newest]);
      expect(mixed.body.results.map((result) => result.status)).toEqual(['accepted', 'rejected']);
      const refusalsNow = (await recordsOf(bounded.database, admin.user.hospital_id)).filter(
        (record) => record.status === 'rejected',
      );
      expect(refusalsNow.map((record) => record.command_id).sort()).toEqual(
        [...archives.slice(-2), newest].map((archive) => archive.command_id).sort(),
      );

      // Past the bound a copy is decided again: here the same refusal, as nothing changed.
      const oldest = await pushAs(bounded, receptionist, 'front-desk', [archives[0]!]);
      expect(oldest.body.results[0]).toMatchObject({ status: 'rejected' });
      const after = (await recordsOf(bounded.database, admin.user.hospital_id)).filter(
        (record) => record.status === 'rejected',
      );
      expect(after).toHaveLength(kept);

      // Refusals of one person written at the same moment still leave exactly the bound:
      // each prunes after the other (the same oldest row was deleted twice before).
      const { token } = await sessionOnDevice(bounded, receptionist, 'front-desk');
      for (let round = 0; round < 5; round += 1) {
        const atOnce = await Promise.all(
          Array.from({ length: 24 }, (_, index) =>
            api<PushResponse>(bounded.url, '/sync/push', {
              token,
              body: {
                device_id: 'front-desk',
                commands: [
                  office.command('ArchivePatient', 'patient', patientId, {
                    reason: `At once ${round}.${index}`,
                  }),
                ],
              },
            }),
          ),
        );
        expect(atOnce.map(({ body }) => body.results[0]!.status)).toEqual(
          atOnce.map(() => 'rejected'),
        );
        const afterAtOnce = (await recordsOf(bounded.database, admin.user.hospital_id)).filter(
          (record) => record.status === 'rejected',
        );
        expect(afterAtOnce).toHaveLength(kept);
      }
      // Accepted commands are never pruned.
      expect(await accepted()).toEqual([
        ...acceptedBefore,
        { command_id: registered.command_id, status: 'accepted' },
      ]);
    } finally {
      await bounded.close();
    }
  });
});
