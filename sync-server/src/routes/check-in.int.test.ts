import { currentSchemaVersion, uuidv7, type PushedCommand } from '@mymedic/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registration, TestDevice, testDatabases } from '../../test/support';
import { signUpClinic, startTestServer, type TestServer } from '../../test/test-server';

const wanjiru = '0190a0b0-0000-7000-8000-000000000c01';
// 01:00 on Thursday 26 November in Nairobi (UTC+3): still the 25th in UTC.
const startsAt = '2026-11-25T22:00:00.000Z';
// 15:00 on the 25th in Nairobi: the day before the appointment there, the same day in UTC.
const issuedAt = '2026-11-25T12:00:00.000Z';

describe.each(testDatabases)('checking in before the day on $name', ({ url: databaseUrl }) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(databaseUrl ? { databaseUrl } : {});
  });
  afterAll(() => server.close());

  /** A clinic in Nairobi with an appointment booked, on a tablet that has pulled it. */
  async function bookedInNairobi() {
    const session = await signUpClinic(server.url, undefined, { also_doctor: true });
    const tablet = new TestDevice(server.url, session);
    await tablet.pullAll();
    const hospitalId = session.user.hospital_id;
    const appointmentId = uuidv7();
    const { body } = await tablet.push([
      tablet.command('ChangeHospitalSettings', 'hospital', hospitalId, {
        changes: { timezone: 'Africa/Nairobi' },
      }),
      tablet.command('RegisterPatient', 'patient', wanjiru, registration()),
      tablet.command('ScheduleAppointment', 'appointment', appointmentId, {
        patient_id: wanjiru,
        doctor_id: session.user.user_id,
        starts_at: startsAt,
        duration_minutes: 20,
        visit_type: 'consultation',
        reason: 'Night fever',
      }),
    ]);
    expect(body.results.map((result) => result.status)).toEqual([
      'accepted',
      'accepted',
      'accepted',
    ]);
    await tablet.pullAll();
    return { tablet, appointmentId, doctorId: session.user.user_id };
  }

  /** The check-in as a device deciding in UTC (or an old version) would push it. */
  const checkIn = (appointmentId: string, payload: Record<string, unknown>): PushedCommand => {
    const data = { ...payload, checked_in_at: issuedAt };
    return {
      command_id: uuidv7(),
      client_seq: 100,
      type: 'MarkAppointmentCheckedIn',
      aggregate_type: 'appointment',
      aggregate_id: appointmentId,
      expected_version: 1,
      payload,
      issued_at: issuedAt,
      events: [
        {
          event_id: uuidv7(),
          type: 'AppointmentCheckedIn',
          schema_version: currentSchemaVersion('AppointmentCheckedIn'),
          version: 2,
          data,
        },
      ],
    };
  };

  it("refuses a check-in before the appointment's day in the clinic's zone without a reason", async () => {
    const { tablet, appointmentId } = await bookedInNairobi();
    const { body } = await tablet.push([checkIn(appointmentId, { visit_id: uuidv7() })]);
    expect(body.results[0]).toMatchObject({
      status: 'rejected',
      error: {
        code: 'validation',
        message:
          'The appointment is on Thursday 26 November: checking in before its day needs a reason',
        details: {
          issues: [{ path: 'early_reason', message: 'Give the reason for checking in early' }],
        },
      },
    });
  });

  it('records the reason of an early check-in', async () => {
    const { tablet, appointmentId, doctorId } = await bookedInNairobi();
    const visitId = uuidv7();
    const { body } = await tablet.push([
      tablet.command('CheckInPatient', 'visit', visitId, {
        patient_id: wanjiru,
        appointment_id: appointmentId,
        doctor_id: doctorId,
        location_id: null,
      }),
      checkIn(appointmentId, { visit_id: visitId, early_reason: 'Flying out at dawn' }),
    ]);
    expect(body.results.map((result) => result.status)).toEqual(['accepted', 'accepted']);
    const stored = (await tablet.pullAll()).find(
      (event) => event.aggregate_id === appointmentId && event.type === 'AppointmentCheckedIn',
    );
    expect(stored?.data).toEqual({
      visit_id: visitId,
      checked_in_at: issuedAt,
      early_reason: 'Flying out at dawn',
    });
  });
});
