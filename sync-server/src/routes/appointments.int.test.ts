import {
  appointmentStatuses,
  holdsDoctorsTime,
  uuidv7,
  type AppointmentStatus,
  type CommandResult,
  type PullResponse,
  type PushedCommand,
} from '@mymedic/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTenant } from '../db/tenant';
import { rebuildProjections } from '../projections/rebuild';
import { api, TestDevice, testDatabases } from '../../test/support';
import { signUpClinic, startTestServer, type TestServer } from '../../test/test-server';

const wanjiru = '0190a0b0-0000-7000-8000-000000000a01';
const otieno = '0190a0b0-0000-7000-8000-000000000a02';
const achieng = '0190a0b0-0000-7000-8000-000000000a03';

describe.each(testDatabases)('double booking on $name', ({ url: databaseUrl }) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(databaseUrl ? { databaseUrl } : {});
  });
  afterAll(() => server.close());

  /** A clinic in Nairobi with two doctors and two front-desk tablets that start in sync. */
  const newClinic = async () => {
    const session = await signUpClinic(server.url);
    const doctor = async (full_name: string) => {
      const { status, body } = await api<{ user_id: string }>(server.url, '/users', {
        token: session.token,
        body: {
          email: `${uuidv7()}@hillside.example`,
          full_name,
          role: 'doctor',
          password: 'stethoscope 42',
        },
      });
      expect(status).toBe(201);
      return body.user_id;
    };
    const drOkello = await doctor('Grace Okello');
    const drMwangi = await doctor('Peter Mwangi');
    const reception = new TestDevice(server.url, session);
    const ward = new TestDevice(server.url, session);
    await reception.pullAll();
    const hospitalId = session.user.hospital_id;
    const nairobi = await reception.push([
      reception.command('ChangeHospitalSettings', 'hospital', hospitalId, {
        changes: { timezone: 'Africa/Nairobi' },
      }),
    ]);
    expect(nairobi.body.results[0]!.status).toBe('accepted');
    await reception.registerPatients(wanjiru, otieno, achieng);
    await Promise.all([reception.pullAll(), ward.pullAll()]);
    return { hospitalId, drOkello, drMwangi, reception, ward };
  };

  const book = (
    device: TestDevice,
    slot: {
      patient: string;
      doctor: string;
      at: string;
      minutes?: number;
      overbooking_intended?: boolean;
    },
    appointmentId = uuidv7(),
  ) =>
    device.command('ScheduleAppointment', 'appointment', appointmentId, {
      patient_id: slot.patient,
      doctor_id: slot.doctor,
      starts_at: slot.at,
      duration_minutes: slot.minutes ?? 30,
      visit_type: 'consultation',
      reason: 'Persistent cough',
      ...(slot.overbooking_intended ? { overbooking_intended: true } : {}),
    });

  const statuses = (results: CommandResult[]) => results.map((result) => result.status);

  const head = async (device: TestDevice) =>
    (await api<PullResponse>(server.url, '/sync/pull?after=0&limit=1', { token: device.token }))
      .body.head;

  /** The read model as the application role sees it, earliest first. */
  const appointmentsOf = (hospitalId: string) =>
    withTenant(server.database, hospitalId, async (sql) => {
      const { rows } = await sql.query<Record<string, unknown>>(
        `SELECT appointment_id, patient_id, doctor_id, location_id, starts_at, duration_minutes,
                upper(during) AS ends_at, status, overbooking_intended, visit_type, reason, visit_id
           FROM appointments WHERE hospital_id = $1 ORDER BY starts_at, patient_id`,
        [hospitalId],
      );
      return rows;
    });

  it('refuses a second booking of the same doctor at the same time, naming the first, and stores nothing', async () => {
    const { hospitalId, drOkello, reception, ward } = await newClinic();
    const first = book(reception, {
      patient: wanjiru,
      doctor: drOkello,
      at: '2026-11-25T10:00:00Z',
    });
    expect(statuses((await reception.push([first])).body.results)).toEqual(['accepted']);
    const headBefore = await head(reception);

    // The ward tablet was offline: it booked the same doctor, in local time, unaware.
    const second = book(ward, {
      patient: otieno,
      doctor: drOkello,
      at: '2026-11-25T13:15:00+03:00',
    });
    const { status, body } = await ward.push([second]);
    expect(status).toBe(200);
    expect(body.results).toEqual([
      {
        command_id: second.command_id,
        status: 'conflict',
        events: [],
        error: {
          code: 'conflict',
          message:
            "Dr Grace Okello's slot is taken: Wednesday 25 November, 13:00–13:30 (Africa/Nairobi)",
          key: 'appointment.slotTaken',
          values: {
            doctor: 'Dr Grace Okello',
            day: { day: '2026-11-25' },
            from: '13:00',
            to: '13:30',
            zone: 'Africa/Nairobi',
          },
          details: {
            clashes_with: {
              appointment_id: first.aggregate_id,
              patient_id: wanjiru,
              doctor_id: drOkello,
              starts_at: '2026-11-25T10:00:00.000Z',
              duration_minutes: 30,
            },
          },
        },
      },
    ]);
    expect(body.head).toBe(headBefore);
    expect(await head(ward)).toBe(headBefore);
    expect((await ward.pullAll()).some((event) => event.aggregate_id === second.aggregate_id)).toBe(
      false,
    );
    expect(await appointmentsOf(hospitalId)).toEqual([
      {
        appointment_id: first.aggregate_id,
        patient_id: wanjiru,
        doctor_id: drOkello,
        location_id: null,
        starts_at: new Date('2026-11-25T10:00:00Z'),
        duration_minutes: 30,
        ends_at: new Date('2026-11-25T10:30:00Z'),
        status: 'scheduled',
        overbooking_intended: false,
        visit_type: 'consultation',
        reason: 'Persistent cough',
        visit_id: null,
      },
    ]);

    // Sent again, the refused booking is decided again and refused again.
    expect(statuses((await ward.push([second])).body.results)).toEqual(['conflict']);
  });

  it('books back-to-back slots and other doctors at the same time', async () => {
    const { hospitalId, drOkello, drMwangi, reception, ward } = await newClinic();
    const nine = book(reception, {
      patient: wanjiru,
      doctor: drOkello,
      at: '2026-11-25T09:00:00Z',
    });
    expect(statuses((await reception.push([nine])).body.results)).toEqual(['accepted']);
    const { body } = await ward.push([
      book(ward, { patient: otieno, doctor: drOkello, at: '2026-11-25T09:30:00Z' }),
      book(ward, { patient: achieng, doctor: drOkello, at: '2026-11-25T08:40:00Z', minutes: 20 }),
      book(ward, { patient: otieno, doctor: drMwangi, at: '2026-11-25T09:00:00Z' }),
    ]);
    expect(statuses(body.results)).toEqual(['accepted', 'accepted', 'accepted']);
    expect(await appointmentsOf(hospitalId)).toHaveLength(4);
  });

  it('keeps an intended overbooking, which blocks nobody, while the first booking still does', async () => {
    const { drOkello, reception, ward } = await newClinic();
    const first = book(reception, {
      patient: wanjiru,
      doctor: drOkello,
      at: '2026-11-25T10:00:00Z',
    });
    expect(statuses((await reception.push([first])).body.results)).toEqual(['accepted']);
    const squeezedIn = book(ward, {
      patient: otieno,
      doctor: drOkello,
      at: '2026-11-25T10:00:00Z',
      minutes: 45,
      overbooking_intended: true,
    });
    const overlapsBoth = book(ward, {
      patient: achieng,
      doctor: drOkello,
      at: '2026-11-25T10:20:00Z',
    });
    const overlapsOnlyTheOverbooking = book(ward, {
      patient: achieng,
      doctor: drOkello,
      at: '2026-11-25T10:30:00Z',
    });
    const { body } = await ward.push([squeezedIn, overlapsBoth, overlapsOnlyTheOverbooking]);
    expect(statuses(body.results)).toEqual(['accepted', 'conflict', 'accepted']);
    expect(body.results[1]!.error).toMatchObject({
      details: { clashes_with: { appointment_id: first.aggregate_id } },
    });
  });

  it('frees a cancelled slot, also for a booking later in the same batch', async () => {
    const { drOkello, reception, ward } = await newClinic();
    const first = book(reception, {
      patient: wanjiru,
      doctor: drOkello,
      at: '2026-11-25T10:00:00Z',
    });
    expect(statuses((await reception.push([first])).body.results)).toEqual(['accepted']);
    await reception.pullAll();
    const cancel = reception.command('CancelAppointment', 'appointment', first.aggregate_id, {
      reason: 'Patient travelling',
    });
    const rebooked = book(reception, {
      patient: otieno,
      doctor: drOkello,
      at: '2026-11-25T10:10:00Z',
    });
    expect(statuses((await reception.push([cancel, rebooked])).body.results)).toEqual([
      'accepted',
      'accepted',
    ]);
    // The ward's offline booking of the same time clashes with the new one, not the cancelled.
    const { body } = await ward.push([
      book(ward, { patient: achieng, doctor: drOkello, at: '2026-11-25T10:00:00Z' }),
    ]);
    expect(body.results[0]!.error).toMatchObject({
      details: { clashes_with: { appointment_id: rebooked.aggregate_id, patient_id: otieno } },
    });
  });

  it('refuses a booking over a completed appointment: a seen patient held the time', async () => {
    const { drOkello, reception, ward } = await newClinic();
    const seen = book(reception, {
      patient: wanjiru,
      doctor: drOkello,
      at: '2026-11-25T10:00:00Z',
    });
    expect(statuses((await reception.push([seen])).body.results)).toEqual(['accepted']);
    await reception.pullAll();
    const visitId = uuidv7();
    const checkIn = [
      reception.command('CheckInPatient', 'visit', visitId, {
        patient_id: wanjiru,
        appointment_id: seen.aggregate_id,
        doctor_id: drOkello,
        location_id: null,
      }),
      reception.command('MarkAppointmentCheckedIn', 'appointment', seen.aggregate_id, {
        visit_id: visitId,
      }),
    ];
    expect(statuses((await reception.push(checkIn)).body.results)).toEqual([
      'accepted',
      'accepted',
    ]);
    await reception.pullAll();
    const done = reception.command('MarkAppointmentCompleted', 'appointment', seen.aggregate_id, {
      visit_id: visitId,
    });
    expect(statuses((await reception.push([done])).body.results)).toEqual(['accepted']);

    const { body } = await ward.push([
      book(ward, { patient: otieno, doctor: drOkello, at: '2026-11-25T10:15:00Z' }),
    ]);
    expect(body.results[0]).toMatchObject({
      status: 'conflict',
      error: {
        code: 'conflict',
        details: { clashes_with: { appointment_id: seen.aggregate_id, patient_id: wanjiru } },
      },
    });
    const overbooked = book(ward, {
      patient: otieno,
      doctor: drOkello,
      at: '2026-11-25T10:15:00Z',
      overbooking_intended: true,
    });
    expect(statuses((await ward.push([overbooked])).body.results)).toEqual(['accepted']);
  });

  it('holds in the constraint exactly the statuses the shared rule holds', async () => {
    const { hospitalId, drOkello } = await newClinic();
    const rolledBack = new Error('rolled back');
    const constraintRefuses = (status: AppointmentStatus) =>
      withTenant(server.database, hospitalId, async (sql) => {
        await sql.query(
          `INSERT INTO appointments (hospital_id, appointment_id, patient_id, doctor_id, starts_at,
                                     duration_minutes, status, visit_type, reason)
           VALUES ($1, $2, $3, $4, '2026-11-26T10:00:00Z', 30, $5, 'consultation', 'Cough'),
                  ($1, $6, $7, $4, '2026-11-26T10:15:00Z', 30, 'scheduled', 'consultation', 'Cough')`,
          [hospitalId, uuidv7(), wanjiru, drOkello, status, uuidv7(), otieno],
        );
        await sql.query('SET CONSTRAINTS appointments_no_double_booking IMMEDIATE');
        throw rolledBack;
      }).then(
        () => false,
        (error: unknown) => {
          if (error === rolledBack) return false;
          expect(error).toMatchObject({ code: '23P01' });
          return true;
        },
      );
    for (const status of appointmentStatuses) {
      expect(await constraintRefuses(status), status).toBe(holdsDoctorsTime(status));
    }
  });

  it('refuses the second of two clashing bookings in one batch', async () => {
    const { hospitalId, drOkello, reception } = await newClinic();
    const first = book(reception, {
      patient: wanjiru,
      doctor: drOkello,
      at: '2026-11-25T10:00:00Z',
    });
    const second = book(reception, {
      patient: otieno,
      doctor: drOkello,
      at: '2026-11-25T10:15:00Z',
    });
    const { body } = await reception.push([first, second]);
    expect(statuses(body.results)).toEqual(['accepted', 'conflict']);
    expect(body.results[1]!.error).toMatchObject({
      details: { clashes_with: { appointment_id: first.aggregate_id } },
    });
    expect((await appointmentsOf(hospitalId)).map((row) => row.appointment_id)).toEqual([
      first.aggregate_id,
    ]);
  });

  it('refuses a reschedule into a taken slot and keeps the appointment where it was', async () => {
    const { hospitalId, drOkello, drMwangi, reception, ward } = await newClinic();
    const ten = book(reception, { patient: wanjiru, doctor: drOkello, at: '2026-11-25T10:00:00Z' });
    const eleven = book(reception, {
      patient: otieno,
      doctor: drOkello,
      at: '2026-11-25T11:00:00Z',
    });
    const mwangi = book(reception, {
      patient: achieng,
      doctor: drMwangi,
      at: '2026-11-25T10:00:00Z',
    });
    expect(statuses((await reception.push([ten, eleven, mwangi])).body.results)).toEqual([
      'accepted',
      'accepted',
      'accepted',
    ]);
    await ward.pullAll();
    const intoTen = ward.command('RescheduleAppointment', 'appointment', eleven.aggregate_id, {
      starts_at: '2026-11-25T10:15:00Z',
      duration_minutes: 30,
    });
    const toMwangiAtTen = ward.command('RescheduleAppointment', 'appointment', ten.aggregate_id, {
      starts_at: '2026-11-25T10:00:00Z',
      duration_minutes: 30,
      doctor_id: drMwangi,
    });
    const { body } = await ward.push([intoTen, toMwangiAtTen]);
    expect(statuses(body.results)).toEqual(['conflict', 'conflict']);
    expect(body.results[0]!.error).toMatchObject({
      details: { clashes_with: { appointment_id: ten.aggregate_id } },
    });
    expect(body.results[0]!.error!.message).toMatch(
      /^Dr Grace Okello's slot is taken: .*13:00–13:30/,
    );
    expect(body.results[1]!.error).toMatchObject({
      details: { clashes_with: { appointment_id: mwangi.aggregate_id } },
    });
    expect(body.results[1]!.error!.message).toMatch(/^Dr Peter Mwangi's slot is taken/);
    const rows = await appointmentsOf(hospitalId);
    expect(rows.find((row) => row.appointment_id === eleven.aggregate_id)).toMatchObject({
      starts_at: new Date('2026-11-25T11:00:00Z'),
    });
    expect(ward.streamOf(eleven.aggregate_id)).toHaveLength(1);
    const intoFreeTime = ward.command('RescheduleAppointment', 'appointment', eleven.aggregate_id, {
      starts_at: '2026-11-25T10:30:00Z',
      duration_minutes: 30,
    });
    expect(statuses((await ward.push([intoFreeTime])).body.results)).toEqual(['accepted']);
  });

  it('swaps two slots through a free one within one batch', async () => {
    const { hospitalId, drOkello, reception } = await newClinic();
    const ten = book(reception, { patient: wanjiru, doctor: drOkello, at: '2026-11-25T10:00:00Z' });
    const eleven = book(reception, {
      patient: otieno,
      doctor: drOkello,
      at: '2026-11-25T11:00:00Z',
    });
    expect(statuses((await reception.push([ten, eleven])).body.results)).toEqual([
      'accepted',
      'accepted',
    ]);
    await reception.pullAll();
    const moves: PushedCommand[] = [];
    const move = (appointment: PushedCommand, at: string, version: number) => {
      const command = reception.command(
        'RescheduleAppointment',
        'appointment',
        appointment.aggregate_id,
        {
          starts_at: at,
          duration_minutes: 30,
        },
      );
      // The device decides each on its own pending state; only versions differ here.
      moves.push({
        ...command,
        expected_version: version - 1,
        events: command.events.map((event) => ({ ...event, version })),
      });
    };
    move(ten, '2026-11-25T12:00:00Z', 2);
    move(eleven, '2026-11-25T10:00:00Z', 2);
    move(ten, '2026-11-25T11:00:00Z', 3);
    const { body } = await reception.push(moves);
    expect(statuses(body.results), JSON.stringify(body.results)).toEqual([
      'accepted',
      'accepted',
      'accepted',
    ]);
    expect((await appointmentsOf(hospitalId)).map((row) => row.appointment_id)).toEqual([
      eleven.aggregate_id,
      ten.aggregate_id,
    ]);
  });

  it('rebuilds the appointments table from the log alone', async () => {
    const { hospitalId, drOkello, drMwangi, reception } = await newClinic();
    const ten = book(reception, { patient: wanjiru, doctor: drOkello, at: '2026-11-25T10:00:00Z' });
    const overbooked = book(reception, {
      patient: otieno,
      doctor: drOkello,
      at: '2026-11-25T10:00:00Z',
      overbooking_intended: true,
    });
    const cancelled = book(reception, {
      patient: achieng,
      doctor: drMwangi,
      at: '2026-11-25T10:00:00Z',
    });
    await reception.push([ten, overbooked, cancelled]);
    await reception.pullAll();
    await reception.push([
      reception.command('RescheduleAppointment', 'appointment', ten.aggregate_id, {
        starts_at: '2026-11-25T10:30:00Z',
        duration_minutes: 15,
        location_id: null,
      }),
      reception.command('CancelAppointment', 'appointment', cancelled.aggregate_id, {
        reason: 'Doctor away',
      }),
    ]);
    const kept = await appointmentsOf(hospitalId);
    expect(kept.map((row) => row.status)).toEqual(['scheduled', 'cancelled', 'scheduled']);
    await withTenant(server.database, hospitalId, (sql) =>
      sql.query('DELETE FROM appointments WHERE hospital_id = $1', [hospitalId]),
    );
    const counts = await rebuildProjections(server.database, { hospitalIds: [hospitalId] });
    expect(counts).toMatchObject({ appointments: 5 });
    expect(await appointmentsOf(hospitalId)).toEqual(kept);
  });

  it('stores exactly one of two bookings of the same time pushed at the same moment', async () => {
    const { hospitalId, drOkello, reception, ward } = await newClinic();
    const rounds = 8;
    for (let round = 0; round < rounds; round += 1) {
      const at = new Date(Date.UTC(2026, 10, 25, 8 + round, 0)).toISOString();
      const fromReception = book(reception, { patient: wanjiru, doctor: drOkello, at });
      const fromWard = book(ward, { patient: otieno, doctor: drOkello, at, minutes: 20 });
      const [left, right] = await Promise.all([
        reception.push([fromReception]),
        ward.push([fromWard]),
      ]);
      expect([left.status, right.status]).toEqual([200, 200]);
      const outcomes = [
        { command: fromReception, result: left.body.results[0]! },
        { command: fromWard, result: right.body.results[0]! },
      ];
      const stored = outcomes.filter(({ result }) => result.status === 'accepted');
      const refused = outcomes.filter(({ result }) => result.status === 'conflict');
      expect(stored, JSON.stringify(outcomes)).toHaveLength(1);
      expect(refused).toHaveLength(1);
      expect(refused[0]!.result.error).toMatchObject({
        code: 'conflict',
        details: { clashes_with: { appointment_id: stored[0]!.command.aggregate_id } },
      });
    }
    const rows = await appointmentsOf(hospitalId);
    expect(rows).toHaveLength(rounds);
    const log = await reception.pullAll();
    expect(log.filter((event) => event.type === 'AppointmentScheduled')).toHaveLength(rounds);
  });
});
