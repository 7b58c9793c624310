import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  prescriptionSigningText,
  sha256HexOfText,
  uuidv7,
  type SessionResponse,
} from '@mymedic/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signUpClinic, startTestServer, type TestServer } from '../../test/test-server';
import { api, registration, testDatabases, TestDevice } from '../../test/support';

interface Listing {
  patients: { patient_id: string; full_name: string }[];
  total: number;
  limit: number;
  offset: number;
}

describe.each(testDatabases)('the REST reads on $name', ({ url }) => {
  let server: TestServer;
  let doctor: SessionResponse;
  let reception: SessionResponse;
  let stranger: SessionResponse;
  const jane = uuidv7();
  const peter = uuidv7();
  const appointmentId = uuidv7();
  const prescriptionId = uuidv7();
  const shell = mkdtempSync(join(tmpdir(), 'mymedic-shell-'));
  writeFileSync(join(shell, 'index.html'), '<!doctype html><title>MyMedic</title>');

  beforeAll(async () => {
    server = await startTestServer({
      ...(url ? { databaseUrl: url } : {}),
      config: { clientDist: shell },
    });
    doctor = await signUpClinic(server.url, undefined, { also_doctor: true });
    const email = `reception-${uuidv7()}@hillside.example`;
    const created = await api(server.url, '/users', {
      token: doctor.token,
      body: {
        email,
        full_name: 'Rita Reception',
        roles: ['receptionist'],
        password: 'Kisumu bedside 7741',
      },
    });
    expect(created.status).toBe(201);
    const login = await api<SessionResponse>(server.url, '/auth/login', {
      body: { email, password: 'Kisumu bedside 7741', device_id: `desk-${uuidv7()}` },
    });
    reception = login.body;
    stranger = await signUpClinic(server.url, undefined, { also_doctor: true });

    const tablet = new TestDevice(server.url, doctor);
    const prescription = {
      patient_id: jane,
      visit_id: null,
      medications: [
        {
          name: 'Amoxicillin',
          dosage: '500 mg',
          frequency: 'tds',
          duration: '5 days',
          quantity: 15,
          instructions: null,
        },
      ],
      diagnosis: null,
    };
    const first = await tablet.push([
      tablet.command(
        'RegisterPatient',
        'patient',
        jane,
        registration({ full_name: 'Jane Wanjiru' }),
      ),
      tablet.command(
        'RegisterPatient',
        'patient',
        peter,
        registration({ full_name: 'Peter Otieno', phone: '0733 111 222' }),
      ),
    ]);
    expect(first.status).toBe(200);
    await tablet.pullAll();
    const second = await tablet.push([
      tablet.command('RecordAllergy', 'patient', jane, {
        allergy_id: uuidv7(),
        substance: 'Penicillin',
        reaction: 'Rash',
        severity: 'severe',
      }),
      tablet.command('ScheduleAppointment', 'appointment', appointmentId, {
        patient_id: jane,
        doctor_id: doctor.user.user_id,
        location_id: null,
        starts_at: '2030-03-04T09:00:00.000Z',
        duration_minutes: 20,
        visit_type: 'consultation',
        reason: 'Cough',
      }),
      tablet.command('IssuePrescription', 'prescription', prescriptionId, {
        ...prescription,
        content_sha256: sha256HexOfText(prescriptionSigningText(prescription)),
      }),
    ]);
    expect(second.body.results.map((result) => result.status)).toEqual([
      'accepted',
      'accepted',
      'accepted',
    ]);
    await server.app.projector.catchUpAll();
  });
  afterAll(async () => {
    await server.close();
    rmSync(shell, { recursive: true, force: true });
  });

  const get = <T>(session: SessionResponse, path: string) =>
    api<T>(server.url, path, { token: session.token });

  it('lists and finds patients, a page at a time and through typos', async () => {
    const page = await get<Listing>(doctor, '/patients?limit=1&offset=1');
    expect(page).toMatchObject({ status: 200, body: { total: 2, limit: 1, offset: 1 } });
    expect(page.body.patients.map((patient) => patient.full_name)).toEqual(['Peter Otieno']);
    const found = await get<{ results: { patient_id: string }[] }>(
      reception,
      '/patients/search?q=Jane%20Wanjru',
    );
    expect(found.body.results[0]?.patient_id).toBe(jane);
    const byPhone = await get<{ results: { patient_id: string }[] }>(
      reception,
      '/patients/search?q=%2B254733111222',
    );
    expect(byPhone.body.results.map((result) => result.patient_id)).toEqual([peter]);
  });

  it('gives a clinician the allergies and the prescriptions, and the front desk neither', async () => {
    const forDoctor = await get<{ allergies?: unknown[] }>(doctor, `/patients/${jane}`);
    expect(forDoctor.status).toBe(200);
    expect(forDoctor.body.allergies).toHaveLength(1);
    const forDesk = await get<Record<string, unknown>>(reception, `/patients/${jane}`);
    expect(forDesk.status).toBe(200);
    expect(forDesk.body).not.toHaveProperty('allergies');
    expect(forDesk.body.full_name).toBe('Jane Wanjiru');

    const prescription = await get<{ prescription: { medications: unknown[] } }>(
      doctor,
      `/prescriptions/${prescriptionId}`,
    );
    expect(prescription.status).toBe(200);
    expect(prescription.body.prescription.medications).toHaveLength(1);
    expect((await get(reception, `/prescriptions/${prescriptionId}`)).status).toBe(403);

    const history = await get<Record<string, unknown[]>>(doctor, `/patients/${jane}/history`);
    expect(history.body.prescriptions).toHaveLength(1);
    expect(history.body.appointments).toHaveLength(1);
    const deskHistory = await get<Record<string, unknown[]>>(
      reception,
      `/patients/${jane}/history`,
    );
    expect(deskHistory.status).toBe(200);
    expect(deskHistory.body).not.toHaveProperty('prescriptions');
    expect(deskHistory.body).not.toHaveProperty('vitals');
    expect(deskHistory.body.appointments).toHaveLength(1);
  });

  it("shows a day's appointments with names, in the clinic's zone", async () => {
    const day = await get<{
      appointments: { appointment_id: string; patient_name: string; doctor_name: string }[];
    }>(reception, `/appointments?date=2030-03-04&doctor_id=${doctor.user.user_id}`);
    expect(day.status).toBe(200);
    expect(day.body.appointments).toEqual([
      expect.objectContaining({
        appointment_id: appointmentId,
        patient_name: 'Jane Wanjiru',
        doctor_name: doctor.user.full_name,
      }),
    ]);
    const otherDay = await get<{ appointments: unknown[] }>(
      reception,
      '/appointments?date=2030-03-05',
    );
    expect(otherDay.body.appointments).toEqual([]);
  });

  it("answers another organisation's ids as unknown, and bad input with a clear 400", async () => {
    expect((await get(stranger, `/patients/${jane}`)).status).toBe(404);
    expect((await get(stranger, `/patients/${jane}/history`)).status).toBe(404);
    expect((await get(stranger, `/prescriptions/${prescriptionId}`)).status).toBe(404);
    expect((await get<Listing>(stranger, '/patients')).body.total).toBe(0);
    for (const path of [
      '/patients?limit=-1',
      '/patients?limit=abc',
      '/patients?offset=-5',
      `/patients/search?q=${'a'.repeat(10_000)}`,
      '/patients/search?q=',
      '/patients/not-an-id',
      `/patients/${jane.toUpperCase()}`,
      '/appointments?date=2030-02-30',
      '/appointments',
      '/visits?date=yesterday',
      // PostgreSQL has no year 0: refused as input, never a 500 from the cast.
      '/visits?date=0000-01-01',
      '/appointments?date=0000-12-31',
      '/patients?unknown=1',
    ]) {
      const answer = await get<{ error: { code: string } }>(doctor, path);
      expect([400, 414], path).toContain(answer.status);
      expect(answer.body.error.code, path).toMatch(/invalid_request|uri_too_long/);
    }
    expect((await api(server.url, '/patients')).status).toBe(401);
  });

  it('sends the app to a browser opening a page, and JSON 404 to an unknown API path', async () => {
    const page = await fetch(`${server.url}/patients/${jane}`, {
      headers: { accept: 'text/html,application/xhtml+xml', 'sec-fetch-mode': 'navigate' },
    });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<title>MyMedic</title>');
    const unknown = await fetch(`${server.url}/patients/${jane}/nothing`, {
      headers: { accept: 'application/json' },
    });
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ error: { code: 'not_found' } });
  });
});
