import {
  prescriptionSigningText,
  sha256HexOfText,
  uuidv7,
  type SessionResponse,
} from '@mymedic/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectValid } from '../../test/fhir-schema';
import { signUpClinic, startTestServer, type TestServer } from '../../test/test-server';
import { api, registration, testDatabases, TestDevice } from '../../test/support';

interface Bundle {
  resourceType: 'Bundle';
  total: number;
  entry: { fullUrl: string; resource: { resourceType: string; id: string } }[];
}

describe.each(testDatabases)('the FHIR R4 export on $name', ({ url }) => {
  let server: TestServer;
  let doctor: SessionResponse;
  let reception: SessionResponse;
  let stranger: SessionResponse;
  const patientId = uuidv7();
  const visitId = uuidv7();

  beforeAll(async () => {
    server = await startTestServer(url ? { databaseUrl: url } : {});
    doctor = await signUpClinic(server.url, undefined, { also_doctor: true });
    stranger = await signUpClinic(server.url, undefined, { also_doctor: true });
    const email = `desk-${uuidv7()}@hillside.example`;
    await api(server.url, '/users', {
      token: doctor.token,
      body: {
        email,
        full_name: 'Rita Desk',
        roles: ['receptionist'],
        password: 'Kisumu bedside 7741',
      },
    });
    reception = (
      await api<SessionResponse>(server.url, '/auth/login', {
        body: { email, password: 'Kisumu bedside 7741', device_id: `desk-${uuidv7()}` },
      })
    ).body;

    const tablet = new TestDevice(server.url, doctor);
    const steps: [
      string,
      'patient' | 'visit' | 'vitals' | 'prescription' | 'appointment',
      string,
      Record<string, unknown>,
    ][][] = [
      [
        [
          'RegisterPatient',
          'patient',
          patientId,
          registration({ full_name: 'Jane Wanjiru', email: 'jane@example.org' }),
        ],
      ],
      [
        [
          'RecordAllergy',
          'patient',
          patientId,
          { allergy_id: uuidv7(), substance: 'Penicillin', reaction: 'Hives', severity: 'severe' },
        ],
        [
          'CheckInPatient',
          'visit',
          visitId,
          { patient_id: patientId, checked_in_at: '2026-11-30T08:00:00.000Z' },
        ],
        [
          'ScheduleAppointment',
          'appointment',
          uuidv7(),
          {
            patient_id: patientId,
            doctor_id: doctor.user.user_id,
            location_id: null,
            starts_at: '2030-01-10T10:00:00.000Z',
            duration_minutes: 15,
            visit_type: 'follow_up',
            reason: 'Review',
          },
        ],
        [
          'RecordVitals',
          'vitals',
          uuidv7(),
          {
            patient_id: patientId,
            visit_id: visitId,
            systolic: 130,
            diastolic: 85,
            pulse: 80,
            temperature_c: 38.1,
            weight_kg: 60,
            height_cm: 160,
          },
        ],
      ],
      [
        [
          'RecordConsent',
          'patient',
          patientId,
          { consent_id: uuidv7(), consent_type: 'treatment', scope: 'Outpatient care' },
        ],
        ['StartConsultation', 'visit', visitId, {}],
      ],
      [
        [
          'RecordDiagnosis',
          'visit',
          visitId,
          {
            diagnosis_id: uuidv7(),
            code: 'J06.9',
            description: 'Acute upper respiratory infection',
            kind: 'primary',
          },
        ],
      ],
    ];
    for (const step of steps) {
      const pushed = await tablet.push(
        step.map(([type, aggregate, id, payload]) => tablet.command(type, aggregate, id, payload)),
      );
      expect(pushed.body.results.map((result) => result.status)).toEqual(
        step.map(() => 'accepted'),
      );
      await tablet.pullAll();
    }
    const content = {
      patient_id: patientId,
      visit_id: visitId,
      medications: [
        {
          name: 'Paracetamol 500 mg',
          dosage: '1 tablet',
          frequency: 'qds',
          duration: '3 days',
          quantity: 12,
          instructions: null,
        },
      ],
      diagnosis: 'Acute upper respiratory infection',
    };
    const issued = await tablet.push([
      tablet.command('IssuePrescription', 'prescription', uuidv7(), {
        ...content,
        content_sha256: sha256HexOfText(prescriptionSigningText(content)),
      }),
    ]);
    expect(issued.body.results[0]?.status).toBe('accepted');
    await server.app.projector.catchUpAll();
  });
  afterAll(() => server.close());

  const fhir = async (session: SessionResponse, path: string) => {
    const response = await fetch(`${server.url}${path}`, {
      headers: { authorization: `Bearer ${session.token}` },
    });
    return {
      status: response.status,
      type: response.headers.get('content-type'),
      body: (await response.json()) as Bundle,
    };
  };

  it("gives a clinician the patient's whole record as one schema-valid Bundle whose references resolve", async () => {
    const everything = await fhir(doctor, `/fhir/Patient/${patientId}/$everything`);
    expect(everything.status).toBe(200);
    expect(everything.type).toContain('application/fhir+json');
    expectValid(everything.body);
    const resources = everything.body.entry.map((entry) => entry.resource);
    for (const resource of resources) expectValid(resource);
    const kinds = new Set(resources.map((resource) => resource.resourceType));
    for (const kind of [
      'Patient',
      'AllergyIntolerance',
      'Consent',
      'Encounter',
      'Condition',
      'Observation',
      'MedicationRequest',
      'Appointment',
    ])
      expect(kinds, kind).toContain(kind);
    const present = new Set(resources.map((resource) => `${resource.resourceType}/${resource.id}`));
    const references = [...JSON.stringify(resources).matchAll(/"reference":"([^"]+)"/g)]
      .map((match) => match[1]!)
      .filter((target) => !target.startsWith('Practitioner/'));
    expect(references.length).toBeGreaterThan(10);
    for (const target of references) expect(present, target).toContain(target);
  });

  it('finds a patient by a misspelt name and reads one patient', async () => {
    const found = await fhir(doctor, '/fhir/Patient?name=Jane%20Wanjru');
    expectValid(found.body);
    expect(found.body.entry[0]?.resource.id).toBe(patientId);
    const one = await fhir(reception, `/fhir/Patient/${patientId}`);
    expect(one.status).toBe(200);
    expectValid(one.body);
  });

  it('gives the front desk no clinical resource, and another organisation nothing', async () => {
    const desk = await fhir(reception, `/fhir/Patient/${patientId}/$everything`);
    expect(desk.status).toBe(200);
    expectValid(desk.body);
    const kinds = new Set(desk.body.entry.map((entry) => entry.resource.resourceType));
    expect([...kinds].sort()).toEqual(['Appointment', 'Consent', 'Encounter', 'Patient']);
    expect(JSON.stringify(desk.body)).not.toContain('J06.9');
    expect((await fhir(stranger, `/fhir/Patient/${patientId}`)).status).toBe(404);
    expect((await fhir(stranger, `/fhir/Patient/${patientId}/$everything`)).status).toBe(404);
    expect((await fhir(stranger, '/fhir/Patient?name=Jane%20Wanjiru')).body.total).toBe(0);
    expect((await fhir(doctor, '/fhir/Patient?name=')).status).toBe(400);
    expect((await fhir(doctor, `/fhir/Patient/${patientId.toUpperCase()}`)).status).toBe(400);
  });
});
