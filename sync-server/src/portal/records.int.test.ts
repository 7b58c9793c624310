import type { PortalAppointment } from '@mymedic/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asPortalPatient } from '../db/tenant';
import { api, testDatabases } from '../../test/support';
import {
  patientRecord,
  portalClinic,
  registeredRoutes,
  signInAsPatient,
  startPortalServer,
  type PatientRecord,
  type PortalServer,
} from '../../test/portal-harness';

describe.each(testDatabases)('the patient portal’s records on $name', ({ url }) => {
  let portal: PortalServer;
  let hillside: Awaited<ReturnType<typeof portalClinic>>;
  let amina: PatientRecord;
  let baraka: PatientRecord;
  let chebet: PatientRecord;
  let other: Awaited<ReturnType<typeof portalClinic>>;
  let token: string;

  beforeAll(async () => {
    portal = await startPortalServer(url);
    hillside = await portalClinic(portal.server, 'Hillside Clinic');
    other = await portalClinic(portal.server, 'Lakeside Hospital');
    amina = await patientRecord(portal.server, hillside.device, {
      full_name: 'Amina Yusuf',
      phone: '0712 111222',
      email: 'amina@example.org',
    });
    baraka = await patientRecord(portal.server, hillside.device, {
      full_name: 'Baraka Otieno',
      phone: '0712 333444',
      email: 'baraka@example.org',
    });
    // Another clinic's patient with Amina's very number.
    chebet = await patientRecord(portal.server, other.device, {
      full_name: 'Chebet Kiprono',
      phone: '0712 111222',
      email: 'chebet@example.org',
    });
    token = (
      await signInAsPatient(portal, hillside.hospitalId, '0712111222', 'whatsapp', '+254712111222')
    ).token;
  });
  afterAll(() => portal.close());

  const get = <T>(path: string, as = token) => api<T>(portal.server.url, path, { token: as });

  it('shows the patient who they are, their clinic (with its clock and country) and their consents', async () => {
    const hillsideClinic = {
      hospital_id: hillside.hospitalId,
      name: 'Hillside Clinic',
      timezone: 'Africa/Nairobi',
      country: 'KE',
    };
    const me = await get('/portal/api/me');
    expect(me).toEqual({
      status: 200,
      body: {
        patient_id: amina.patientId,
        full_name: 'Amina Yusuf',
        date_of_birth: '1984-03-12',
        phone: '+254712111222',
        email: 'amina@example.org',
        preferred_language: null,
        clinic: hillsideClinic,
        consents: [
          {
            consent_id: amina.consentId,
            type: 'sms_reminders',
            granted_at: expect.any(String) as string,
            withdrawn_at: null,
          },
        ],
      },
    });
    // Before sign-in too: the portal writes times on the clinic's clock, not the phone's.
    expect(await get(`/portal/api/clinics/${hillside.hospitalId}`, '')).toEqual({
      status: 200,
      body: hillsideClinic,
    });
    // Two hospitals on this server: there is no one clinic to open without a link.
    expect((await get('/portal/api/clinic', '')).status).toBe(404);
  });

  it('lists upcoming and past appointments with the doctor’s name', async () => {
    const { status, body } = await get<{
      upcoming: PortalAppointment[];
      past: PortalAppointment[];
    }>('/portal/api/appointments');
    expect(status).toBe(200);
    expect(body.upcoming).toEqual([
      {
        appointment_id: amina.upcoming,
        starts_at: expect.any(String) as string,
        duration_minutes: 20,
        status: 'scheduled',
        visit_type: 'follow_up',
        doctor_name: 'Dr Grace Okello',
        location_name: null,
        patient_response: null,
        version: 1,
      },
    ]);
    expect(body.past.map((appointment) => appointment.appointment_id)).toEqual([amina.past]);
  });

  it('shows completed visits with diagnoses and plan, signed prescriptions and vitals', async () => {
    const visits = await get<{ visits: unknown[] }>('/portal/api/visits');
    expect(visits.body.visits).toEqual([
      {
        visit_id: amina.visitId,
        started_at: expect.any(String) as string,
        completed_at: expect.any(String) as string,
        doctor_name: 'Dr Grace Okello',
        diagnoses: [{ code: 'J06.9', description: 'Acute upper respiratory infection' }],
        treatment_plan: 'Rest, fluids, paracetamol for fever',
      },
    ]);
    const prescriptions = await get<{ prescriptions: unknown[] }>('/portal/api/prescriptions');
    expect(prescriptions.body.prescriptions).toEqual([
      {
        prescription_id: amina.prescriptionId,
        issued_at: expect.any(String) as string,
        prescriber_name: 'Dr Grace Okello',
        diagnosis: 'Acute upper respiratory infection',
        items: [
          {
            name: 'Paracetamol 500 mg',
            dosage: '1 tablet',
            frequency: 'Four times a day',
            duration: '3 days',
            quantity: 12,
            instructions: 'After food',
          },
        ],
        signed: true,
        content_sha256: expect.stringMatching(/^[0-9a-f]{64}$/) as string,
      },
    ]);
    const vitals = await get<{ vitals: Record<string, unknown>[] }>('/portal/api/vitals');
    expect(vitals.body.vitals).toEqual([
      {
        vitals_id: amina.vitalsId,
        recorded_at: expect.any(String) as string,
        systolic: 128,
        diastolic: 84,
        pulse: 76,
        temperature_c: 37.9,
        respiratory_rate: null,
        spo2: null,
        weight_kg: null,
        height_cm: null,
        glucose_mmol_l: null,
      },
    ]);
  });

  it('lists only the documents the clinic shared, and gives their files', async () => {
    const documents = await get<{ documents: unknown[] }>('/portal/api/documents');
    expect(documents.body.documents).toEqual([
      {
        document_id: amina.sharedDocument,
        title: 'Full blood count',
        kind: 'lab_report',
        shared_at: expect.any(String) as string,
        content_type: 'application/pdf',
        size: amina.fileBytes.length,
      },
    ]);
    const file = await fetch(
      `${portal.server.url}/portal/api/documents/${amina.sharedDocument}/file`,
      { headers: { authorization: `Bearer ${token}` } },
    );
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toBe('application/pdf');
    expect(Buffer.from(await file.arrayBuffer())).toEqual(amina.fileBytes);
    expect((await get(`/portal/api/documents/${amina.unsharedDocument}/file`)).status).toBe(404);

    // The clinic stops sharing it: gone from the portal at once.
    const { device } = hillside;
    const stop = await device.push([
      device.command('StopSharingDocument', 'document', amina.sharedDocument, {}),
    ]);
    expect(stop.body.results[0]!.status).toBe('accepted');
    await device.pullAll();
    await portal.server.app.projector.catchUp(hillside.hospitalId);
    expect((await get<{ documents: unknown[] }>('/portal/api/documents')).body.documents).toEqual(
      [],
    );
    expect((await get(`/portal/api/documents/${amina.sharedDocument}/file`)).status).toBe(404);
    const again = await device.push([
      device.command('ShareDocumentWithPatient', 'document', amina.sharedDocument, {}),
    ]);
    expect(again.body.results[0]!.status).toBe('accepted');
    await device.pullAll();
    await portal.server.app.projector.catchUp(hillside.hospitalId);
  });

  /** Every id of a record, as a path part a route could be given. */
  const idsOf = (record: PatientRecord) =>
    Object.values(record).filter((value): value is string => typeof value === 'string');

  it('gives another patient’s or another clinic’s ids a 404 and nothing, on every portal route', async () => {
    const portalRoutes = registeredRoutes(portal.server.app).filter(([, path]) =>
      path.startsWith('/portal/api/'),
    );
    const withId = portalRoutes.filter(([, path]) => /:\w+/.test(path));
    expect(withId.length).toBe(6);
    const strangers = [...idsOf(baraka), ...idsOf(chebet), other.hospitalId];
    const before = await portal.server.app.store.head(hillside.hospitalId);
    for (const [method, path] of withId) {
      if (path.includes(':hospital_id')) continue;
      for (const id of strangers) {
        const answer = await api<{ error: { code: string } }>(
          portal.server.url,
          path.replace(/:\w+/, id),
          { method, token, ...(method === 'POST' ? { body: {} } : {}) },
        );
        expect([method, path, id, answer.status]).toEqual([method, path, id, 404]);
        expect(answer.body.error.code).toBe('not_found');
      }
    }
    // Nothing was stored for anyone.
    expect(await portal.server.app.store.head(hillside.hospitalId)).toBe(before);
    // And no list names anything of theirs.
    const names = ['Baraka', 'Chebet', 'Lakeside', 'baraka@', 'chebet@'];
    for (const [method, path] of portalRoutes.filter(
      ([method, path]) => method === 'GET' && !/:\w+/.test(path),
    )) {
      const text = JSON.stringify((await get(path)).body);
      for (const stranger of [...strangers, ...names])
        expect(text.includes(stranger), `${method} ${path} names ${stranger}`).toBe(false);
    }
  });

  it('holds the portal role to one patient by row level security alone', async () => {
    const everything = (patientId: string | null) =>
      asPortalPatient(portal.server.database, hillside.hospitalId, patientId, async (sql) => {
        const seen: Record<string, string[]> = {};
        for (const [table, id] of [
          ['patients', 'patient_id'],
          ['appointments', 'appointment_id'],
          ['visits', 'visit_id'],
          ['vitals', 'vitals_id'],
          ['prescriptions', 'prescription_id'],
          ['documents', 'document_id'],
          ['portal_sessions', 'session_id'],
        ] as const) {
          // No condition at all: only the policies stand between the role and every row.
          const { rows } = await sql.query<{ id: string }>(`SELECT ${id} AS id FROM ${table}`);
          seen[table] = rows.map((row) => row.id).sort();
        }
        const files = await sql.query<{ sha256: string }>('SELECT sha256 FROM document_files');
        seen.document_files = files.rows.map((row) => row.sha256);
        const events = await sql.query<{ aggregate_type: string }>(
          'SELECT DISTINCT aggregate_type FROM event_store',
        );
        seen.event_store = events.rows.map((row) => row.aggregate_type);
        const streams = await sql.query<{ aggregate_id: string }>(
          'SELECT aggregate_id FROM streams',
        );
        seen.streams = streams.rows.map((row) => row.aggregate_id).sort();
        return seen;
      });
    const asAmina = await everything(amina.patientId);
    expect(asAmina).toEqual({
      patients: [amina.patientId],
      appointments: [amina.upcoming, amina.past].sort(),
      visits: [amina.visitId, amina.openVisitId].sort(),
      vitals: [amina.vitalsId],
      prescriptions: [amina.prescriptionId],
      // The shared one only.
      documents: [amina.sharedDocument],
      portal_sessions: expect.any(Array) as string[],
      document_files: [expect.stringMatching(/^[0-9a-f]{64}$/) as string],
      event_store: ['hospital'],
      streams: [amina.upcoming, amina.past].sort(),
    });
    expect(JSON.stringify(asAmina)).not.toContain(baraka.patientId);
    // With no patient set, no patient's row at all.
    const asNobody = await everything(null);
    expect(asNobody).toMatchObject({
      patients: [],
      appointments: [],
      visits: [],
      vitals: [],
      prescriptions: [],
      documents: [],
      portal_sessions: [],
      document_files: [],
      streams: [],
    });
    // Baraka's own rows, as Baraka, are there: the policies do not hide everything.
    expect((await everything(baraka.patientId)).patients).toEqual([baraka.patientId]);

    // What it may not touch at all: notes, accounts' secrets, writes.
    const refused = async (statement: string) => {
      const outcome = await asPortalPatient(
        portal.server.database,
        hillside.hospitalId,
        amina.patientId,
        (sql) => sql.query(statement),
      ).then(
        () => 'allowed',
        (error: { code?: string }) => error.code,
      );
      expect([statement, outcome]).toEqual([statement, '42501']);
    };
    await refused('SELECT note_id FROM notes');
    await refused('SELECT email FROM users');
    await refused('SELECT password_hash FROM credentials');
    await refused('SELECT * FROM refresh_tokens');
    await refused('SELECT * FROM portal_challenges');
    await refused(`UPDATE patients SET full_name = 'x'`);
    await refused(`DELETE FROM appointments`);
  });

  it('refuses a portal token on every staff route, and a staff token on every portal route', async () => {
    const staffToken = hillside.session.token;
    const request = async (method: string, path: string, as?: string) => {
      const response = await fetch(`${portal.server.url}${path}`, {
        method,
        headers: {
          ...(as ? { authorization: `Bearer ${as}` } : {}),
          ...(method === 'GET' ? {} : { 'content-type': 'application/json' }),
        },
        ...(method === 'GET' ? {} : { body: '{}' }),
        signal: AbortSignal.timeout(5000),
      });
      // The live stream never ends by itself: its status is all that is wanted.
      await response.body?.cancel();
      return response.status;
    };
    const concrete = (path: string) =>
      path
        .replace(':sha256', 'ab'.repeat(32))
        .replace(':command', 'confirm-appointment')
        .replace(/:\w+/g, amina.patientId);
    const routes = registeredRoutes(portal.server.app).map(
      ([method, path]) => [method, concrete(path)] as const,
    );
    // A route needs a session when it refuses a request without one.
    const needingSession: (readonly [string, string])[] = [];
    for (const route of routes) if ((await request(...route)) === 401) needingSession.push(route);
    const staffRoutes = needingSession.filter(([, path]) => !path.startsWith('/portal/api/'));
    // Signing out last: it ends the session the walk goes on with.
    const lastly = (path: string) => (path.endsWith('/sign-out') ? 1 : 0);
    const portalRoutes = needingSession
      .filter(([, path]) => path.startsWith('/portal/api/'))
      .sort(([, a], [, b]) => lastly(a) - lastly(b));
    expect(staffRoutes.length).toBeGreaterThanOrEqual(18);
    expect(staffRoutes).toContainEqual(['GET', '/sync/pull']);
    expect(staffRoutes).toContainEqual(['POST', '/commands/confirm-appointment']);
    expect(portalRoutes.length).toBe(13);

    for (const [method, path] of staffRoutes) {
      expect([method, path, await request(method, path, token)]).toEqual([method, path, 401]);
      // The staff token gets past the door (what follows may refuse it otherwise).
      expect([method, path, await request(method, path, staffToken)]).not.toEqual([
        method,
        path,
        401,
      ]);
    }
    for (const [method, path] of portalRoutes) {
      expect([method, path, await request(method, path, staffToken)]).toEqual([method, path, 401]);
      expect([method, path, await request(method, path, token)]).not.toEqual([method, path, 401]);
    }
  });
});
