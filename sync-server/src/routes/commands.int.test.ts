import {
  prescriptionSigningText,
  sha256HexOfText,
  uuidv7,
  type SessionResponse,
} from '@mymedic/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectValid } from '../../test/fhir-schema';
import { signUpClinic, startTestServer, type TestServer } from '../../test/test-server';
import { api, testDatabases } from '../../test/support';

interface Done {
  success: true;
  aggregate_id: string;
  version: number;
  status: string;
}
interface Refused {
  error: { code: string; message: string; details?: Record<string, unknown> };
}

/**
 * The reference's API walkthrough, request by request, as someone with only curl would
 * make it: sign in, register a patient, book, find the patient by a misspelt name,
 * issue a prescription, read the FHIR bundle.
 */
describe.each(testDatabases)('commands over REST on $name', ({ url }) => {
  let server: TestServer;
  let admin: SessionResponse;
  let token: string;
  let receptionToken: string;
  let strangerToken: string;
  const password = 'Kisumu bedside 7741';

  beforeAll(async () => {
    server = await startTestServer(url ? { databaseUrl: url } : {});
    admin = await signUpClinic(server.url, undefined, {
      also_doctor: true,
      password,
      country: 'KE',
    });
    const login = await api<{ token: string; user: Record<string, unknown> }>(
      server.url,
      '/auth/login',
      {
        // A script signs in without naming a device: it gets one of its own.
        body: { email: admin.user.email, password },
      },
    );
    expect(login.status).toBe(200);
    expect(login.body.user).toMatchObject({
      user_id: admin.user.user_id,
      hospital_id: admin.user.hospital_id,
      email: admin.user.email,
      full_name: admin.user.full_name,
      role: 'admin',
    });
    token = login.body.token;
    const email = `desk-${uuidv7()}@hillside.example`;
    await api(server.url, '/users', {
      token,
      body: { email, full_name: 'Rita Desk', roles: ['receptionist'], password },
    });
    receptionToken = (
      await api<{ token: string }>(server.url, '/auth/login', {
        body: { email, password, device_id: `desk-${uuidv7()}` },
      })
    ).body.token;
    strangerToken = (await signUpClinic(server.url, undefined, { also_doctor: true })).token;
  });
  afterAll(() => server.close());

  const command = <T>(name: string, body: unknown, options: { as?: string; key?: string } = {}) =>
    fetch(`${server.url}/commands/${name}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${options.as ?? token}`,
        ...(options.key ? { 'idempotency-key': options.key } : {}),
      },
      body: JSON.stringify(body),
    }).then(async (response) => ({ status: response.status, body: (await response.json()) as T }));

  const eventCount = async () => {
    const { rows } = await server.database.query<{ count: number }>(
      'SELECT count(*)::int AS count FROM event_store',
    );
    return rows[0]!.count;
  };

  it('registers, books, finds by a misspelt name, prescribes and exports, request by request', async () => {
    // No MRN: the server gives one, as a tablet would.
    const registered = await command<Done>('register-patient', {
      payload: {
        full_name: 'Grace Wanjiru',
        date_of_birth: '1990-05-01',
        gender: 'female',
        phone: '+254 711 222333',
      },
    });
    expect(registered).toMatchObject({
      status: 200,
      body: { success: true, version: 1, status: 'accepted' },
    });
    const patientId = registered.body.aggregate_id;

    const booked = await command<Done>('schedule-appointment', {
      payload: {
        patient_id: patientId,
        doctor_id: admin.user.user_id,
        location_id: null,
        starts_at: '2030-06-01T09:00:00.000Z',
        duration_minutes: 20,
        visit_type: 'consultation',
        reason: 'Headache',
      },
    });
    expect(booked).toMatchObject({ status: 200, body: { success: true, version: 1 } });
    await server.app.projector.catchUpAll();

    const found = await api<{ results: { patient_id: string; mrn: string }[] }>(
      server.url,
      '/patients/search?q=grace%20wanjru',
      { token },
    );
    expect(found.body.results[0]?.patient_id).toBe(patientId);
    expect(found.body.results[0]?.mrn).toMatch(/^API-[A-Z2-9]{10}$/);

    const content = {
      patient_id: patientId,
      visit_id: null,
      medications: [
        {
          name: 'Ibuprofen 400 mg',
          dosage: '1 tablet',
          frequency: 'tds',
          duration: '3 days',
          quantity: 9,
          instructions: null,
        },
      ],
      diagnosis: 'Tension headache',
    };
    // Without its digest: signed as sent, by the signed-in prescriber.
    const prescribed = await command<Done>('issue-prescription', { payload: content });
    expect(prescribed).toMatchObject({ status: 200, body: { success: true, version: 1 } });
    await server.app.projector.catchUpAll();
    const issued = await api<{ prescription: { content_sha256: string } }>(
      server.url,
      `/prescriptions/${prescribed.body.aggregate_id}`,
      { token },
    );
    expect(issued.body.prescription.content_sha256).toBe(
      sha256HexOfText(prescriptionSigningText(content)),
    );
    const forged = await command<Refused>('issue-prescription', {
      payload: { ...content, content_sha256: 'a'.repeat(64) },
    });
    expect(forged.status).toBe(400);
    await server.app.projector.catchUpAll();

    const bundle = await fetch(`${server.url}/fhir/Patient/${patientId}/$everything`, {
      headers: { authorization: `Bearer ${token}` },
    });
    const everything = (await bundle.json()) as { entry: { resource: { resourceType: string } }[] };
    expectValid(everything as unknown as { resourceType: string });
    expect(everything.entry.map((entry) => entry.resource.resourceType)).toEqual(
      expect.arrayContaining(['Patient', 'Appointment', 'MedicationRequest']),
    );
  });

  it('answers a retry with the same Idempotency-Key the same, storing it once', async () => {
    const key = `lab-import-${uuidv7()}`;
    const payload = {
      mrn: 'HC-7002',
      full_name: 'Paul Kamau',
      birth_year_estimate: 1970,
      gender: 'male',
    };
    const first = await command<Done>('register-patient', { payload }, { key });
    const before = await eventCount();
    const again = await command<Done>('register-patient', { payload }, { key });
    expect(first.status).toBe(200);
    expect(again.status).toBe(200);
    expect(again.body.aggregate_id).toBe(first.body.aggregate_id);
    expect(again.body.version).toBe(first.body.version);
    expect(await eventCount()).toBe(before);
  });

  it('is a 409 with the current version when someone changed the same field meanwhile', async () => {
    const created = await command<Done>('register-patient', {
      payload: {
        mrn: 'HC-7003',
        full_name: 'Ann Njeri',
        birth_year_estimate: 1985,
        gender: 'female',
        // As dialled in Kenya, the clinic's country, which the server reads it in.
        phone: '0700 000001',
      },
    });
    const patientId = created.body.aggregate_id;
    const change = (to: string) => ({
      aggregate_id: patientId,
      expected_version: 1,
      payload: { changes: { phone: { from: '+254700000001', to } } },
    });
    expect((await command<Done>('update-patient-details', change('0700 000002'))).status).toBe(200);
    const late = await command<Refused>('update-patient-details', change('0700 000003'));
    expect(late.status).toBe(409);
    expect(late.body.error).toMatchObject({
      code: 'conflict',
      message: 'Changed meanwhile on another device: phone',
      key: 'patient.changedMeanwhile',
    });
    expect(late.body.error.details).toMatchObject({ current_version: 2 });
  });

  it('refuses what may not be done, and bad input, storing nothing', async () => {
    const before = await eventCount();
    const content = {
      patient_id: uuidv7(),
      visit_id: null,
      medications: [
        {
          name: 'X',
          dosage: '1',
          frequency: 'od',
          duration: '1 day',
          quantity: 1,
          instructions: null,
        },
      ],
      diagnosis: null,
    };
    const byReception = await command<Refused>(
      'issue-prescription',
      {
        payload: { ...content, content_sha256: sha256HexOfText(prescriptionSigningText(content)) },
      },
      { as: receptionToken },
    );
    expect(byReception.status).toBe(403);
    expect((await command<Refused>('make-coffee', { payload: {} })).status).toBe(404);
    expect((await command<Refused>('Register_Patient', { payload: {} })).status).toBe(400);
    const invalid = await command<Refused>('register-patient', { payload: { full_name: '' } });
    expect(invalid.status).toBe(400);
    expect(invalid.body.error.message).toBeTruthy();
    expect((await command<Refused>('register-patient', { payload: {}, extra: 1 })).status).toBe(
      400,
    );
    expect(
      (await command<Refused>('update-patient-details', { payload: { changes: {} } })).status,
    ).toBe(400);
    expect(
      (
        await command<Refused>(
          'register-patient',
          { payload: { mrn: 'HC-1' } },
          { key: 'x'.repeat(300) },
        )
      ).status,
    ).toBe(400);
    // Another organisation's patient is no patient here.
    const theirs = await command<Done>(
      'register-patient',
      {
        payload: {
          mrn: 'HC-7004',
          full_name: 'Other Clinic',
          birth_year_estimate: 1980,
          gender: 'male',
        },
      },
      { as: strangerToken },
    );
    const stored = await eventCount();
    const across = await command<Refused>('archive-patient', {
      aggregate_id: theirs.body.aggregate_id,
      expected_version: 1,
      payload: { reason: 'not mine' },
    });
    expect([400, 404]).toContain(across.status);
    expect(await eventCount()).toBe(stored);
    expect(stored).toBe(before + 1);
    expect(
      (await api(server.url, '/commands/register-patient', { body: { payload: {} } })).status,
    ).toBe(401);
  });
});
