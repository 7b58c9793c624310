import { uuidv7, type PushedCommand, type SessionResponse } from '@mymedic/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signUpClinic, startTestServer, type TestServer } from '../../test/test-server';
import { api, registration, TestDevice, testDatabases } from '../../test/support';

/**
 * A record names only records of its own organisation that exist (projections/links.ts):
 * on the sync and through the REST commands, a booking, a visit, a clinical record or a
 * message naming another clinic's patient or doctor, an id nobody registered, or a
 * record of another kind is refused as not found, and stores nothing.
 */
describe.each(testDatabases)('records naming other records on $name', ({ url: databaseUrl }) => {
  let server: TestServer;
  let hillside: SessionResponse;
  let riverside: SessionResponse;
  let tablet: TestDevice;
  let intruder: TestDevice;
  const ours = uuidv7();
  const theirs = uuidv7();
  beforeAll(async () => {
    server = await startTestServer(databaseUrl ? { databaseUrl } : {});
    hillside = await signUpClinic(server.url, 'Hillside Clinic', { also_doctor: true });
    riverside = await signUpClinic(server.url, 'Riverside Clinic', { also_doctor: true });
    tablet = new TestDevice(server.url, hillside);
    intruder = new TestDevice(server.url, riverside);
    await tablet.registerPatients(ours);
    await intruder.registerPatients(theirs);
  });
  afterAll(() => server.close());

  const booking = (device: TestDevice, links: { patient_id: string; doctor_id: string }) =>
    device.command('ScheduleAppointment', 'appointment', uuidv7(), {
      ...links,
      starts_at: '2030-03-04T09:00:00.000Z',
      duration_minutes: 15,
      visit_type: 'consultation',
      reason: 'Follow-up',
    });

  async function refusedAsUnknown(device: TestDevice, command: PushedCommand, field: string) {
    const { body } = await device.push([command]);
    expect(body.results[0]).toMatchObject({
      status: 'rejected',
      error: { code: 'not_found', key: 'kernel.unknownLink', details: { field } },
    });
    const stored = (await device.pullAll()).filter(
      (event) => event.aggregate_id === command.aggregate_id,
    );
    expect(stored).toEqual([]);
  }

  it("refuses a booking for another clinic's patient, or with its doctor, and stores nothing", async () => {
    const riversideDoctor = riverside.user.user_id;
    await refusedAsUnknown(
      intruder,
      booking(intruder, { patient_id: ours, doctor_id: riversideDoctor }),
      'patient_id',
    );
    await refusedAsUnknown(
      intruder,
      booking(intruder, { patient_id: theirs, doctor_id: hillside.user.user_id }),
      'doctor_id',
    );
    // Neither clinic's diary holds it.
    for (const session of [hillside, riverside]) {
      const diary = await api<{ appointments: unknown[] }>(
        server.url,
        '/appointments?date=2030-03-04',
        { token: session.token, method: 'GET' },
      );
      expect(diary.body.appointments).toEqual([]);
    }
  });

  it('refuses an id nobody registered, and one of another kind of record', async () => {
    const doctor = hillside.user.user_id;
    await refusedAsUnknown(
      tablet,
      booking(tablet, { patient_id: uuidv7(), doctor_id: doctor }),
      'patient_id',
    );
    // A person is not a patient, a patient is not a doctor.
    await refusedAsUnknown(
      tablet,
      booking(tablet, { patient_id: doctor, doctor_id: doctor }),
      'patient_id',
    );
    await refusedAsUnknown(
      tablet,
      booking(tablet, { patient_id: ours, doctor_id: ours }),
      'doctor_id',
    );
    await refusedAsUnknown(
      tablet,
      tablet.command('RecordVitals', 'vitals', uuidv7(), {
        patient_id: ours,
        visit_id: uuidv7(),
        pulse: 72,
        taken_at: new Date(Date.now() - 60_000).toISOString(),
      }),
      'visit_id',
    );
    await refusedAsUnknown(
      tablet,
      tablet.command('SendMessage', 'message', uuidv7(), {
        recipient: { kind: 'person', user_id: riverside.user.user_id },
        body: 'Are you there?',
      }),
      'recipient.user_id',
    );
  });

  it("refuses a booking at another clinic's location, and takes its own, also one added in the batch", async () => {
    const placeOf = async (device: TestDevice) =>
      (
        (await device.pullAll()).find((event) => event.type === 'LocationAdded')!.data as {
          location_id: string;
        }
      ).location_id;
    const [main, theirs] = [await placeOf(tablet), await placeOf(intruder)];
    const at = (location_id: string, starts_at: string) =>
      tablet.command('ScheduleAppointment', 'appointment', uuidv7(), {
        patient_id: ours,
        doctor_id: hillside.user.user_id,
        location_id,
        starts_at,
        duration_minutes: 15,
        visit_type: 'consultation',
        reason: 'Follow-up',
      });
    const elsewhere = at(theirs, '2030-04-01T09:00:00.000Z');
    const { body } = await tablet.push([elsewhere]);
    expect(body.results[0]).toMatchObject({
      status: 'rejected',
      error: { code: 'not_found', key: 'kernel.unknownLocation', details: { id: theirs } },
    });
    const annex = uuidv7();
    const atMain = at(main, '2030-04-01T10:00:00.000Z');
    const pushed = await tablet.push([
      atMain,
      tablet.command('AddLocation', 'hospital', hillside.user.hospital_id, {
        location_id: annex,
        name: 'Annex',
        address: null,
      }),
      at(annex, '2030-04-01T11:00:00.000Z'),
    ]);
    expect(pushed.body.results.map((result) => result.status)).toEqual([
      'accepted',
      'accepted',
      'accepted',
    ]);
    // A move that keeps the location (absent from the payload) names none anew.
    await tablet.pullAll();
    const moved = await tablet.push([
      tablet.command('RescheduleAppointment', 'appointment', atMain.aggregate_id, {
        starts_at: '2030-04-01T12:00:00.000Z',
        duration_minutes: 15,
      }),
    ]);
    expect(moved.body.results[0]!.status).toBe('accepted');
  });

  it('takes records made earlier in the same batch, in whatever order a check-in sends them', async () => {
    const patientId = uuidv7();
    const appointment = booking(tablet, {
      patient_id: patientId,
      doctor_id: hillside.user.user_id,
    });
    const registered = await tablet.push([
      tablet.command('RegisterPatient', 'patient', patientId, registration()),
      appointment,
    ]);
    expect(registered.body.results.map((result) => result.status)).toEqual([
      'accepted',
      'accepted',
    ]);
    await tablet.pullAll();
    const visitId = uuidv7();
    const checkedIn = await tablet.push([
      tablet.command('MarkAppointmentCheckedIn', 'appointment', appointment.aggregate_id, {
        visit_id: visitId,
        early_reason: 'Came in early',
      }),
      tablet.command('CheckInPatient', 'visit', visitId, {
        patient_id: patientId,
        appointment_id: appointment.aggregate_id,
        doctor_id: hillside.user.user_id,
        location_id: null,
      }),
    ]);
    expect(checkedIn.body.results.map((result) => result.status)).toEqual(['accepted', 'accepted']);
  });

  it("answers a REST command naming another clinic's patient with 404, storing nothing", async () => {
    const answer = await api<{ error: { code: string; message: string } }>(
      server.url,
      '/commands/schedule-appointment',
      {
        token: riverside.token,
        body: {
          payload: {
            patient_id: ours,
            doctor_id: riverside.user.user_id,
            starts_at: '2030-03-05T09:00:00.000Z',
            duration_minutes: 15,
            visit_type: 'consultation',
            reason: 'Follow-up',
          },
        },
      },
    );
    expect(answer.status).toBe(404);
    expect(answer.body.error).toMatchObject({
      code: 'not_found',
      message: 'No such patient in this organisation',
    });
    const diary = await api<{ appointments: unknown[] }>(
      server.url,
      '/appointments?date=2030-03-05',
      { token: riverside.token, method: 'GET' },
    );
    expect(diary.body.appointments).toEqual([]);
  });
});
