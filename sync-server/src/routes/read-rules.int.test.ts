import { uuidv7, type SessionResponse } from '@mymedic/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signUpClinic, startTestServer, type TestServer } from '../../test/test-server';
import { colleagueDevice, registration, testDatabases } from '../../test/support';

describe.each(testDatabases)('read rules on $name', ({ url: databaseUrl }) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(databaseUrl ? { databaseUrl } : {});
  });
  afterAll(() => server.close());

  const colleague = (admin: SessionResponse, role: string, fullName: string) =>
    colleagueDevice(server.url, admin, role, fullName);

  it('sends the front desk what happened in a visit, never what was found', async () => {
    const admin = await signUpClinic(server.url);
    const doctor = await colleague(admin, 'doctor', 'Amina Njoroge');
    const reception = await colleague(admin, 'receptionist', 'Peter Kamau');
    await doctor.pullAll();
    const patientId = uuidv7();
    const noteId = uuidv7();
    const vitalsId = uuidv7();
    const registered = await doctor.push([
      doctor.command('RegisterPatient', 'patient', patientId, registration()),
    ]);
    expect(registered.body.results[0]!.status).toBe('accepted');
    await doctor.pullAll();
    const clinical = await doctor.push([
      doctor.command('RecordAllergy', 'patient', patientId, {
        allergy_id: uuidv7(),
        substance: 'Sulfamethoxazole',
        reaction: 'Stevens-Johnson syndrome',
        severity: 'severe',
      }),
      doctor.command('DraftNote', 'note', noteId, {
        patient_id: patientId,
        visit_id: null,
        body: 'HIV positive, started ART',
      }),
      doctor.command('RecordVitals', 'vitals', vitalsId, {
        patient_id: patientId,
        visit_id: null,
        systolic: 187,
        diastolic: 121,
      }),
    ]);
    expect(clinical.body.results.map((result) => result.status)).toEqual([
      'accepted',
      'accepted',
      'accepted',
    ]);

    const frontDesk = await reception.pullAll();
    const seen = JSON.stringify(frontDesk);
    for (const secret of ['HIV positive', 'Sulfamethoxazole', 'Stevens-Johnson']) {
      expect(seen, secret).not.toContain(secret);
    }
    const vitals = frontDesk.find((event) => event.aggregate_id === vitalsId)!;
    expect(vitals.redacted).toBe(true);
    expect(Object.keys(vitals.data as object).sort()).toEqual([
      'patient_id',
      'taken_at',
      'taken_by',
      'visit_id',
    ]);
    // What happened, to whom, by whom and when: still there, marked.
    const note = frontDesk.find((event) => event.aggregate_id === noteId)!;
    expect(note).toMatchObject({
      type: 'NoteDrafted',
      redacted: true,
      data: { patient_id: patientId },
      meta: { user_id: doctor.session.user.user_id },
    });
    expect(note.data).not.toHaveProperty('body');
    const registration_ = frontDesk.find((event) => event.type === 'PatientRegistered')!;
    expect(registration_.redacted).toBeUndefined();
    expect(registration_.data).toMatchObject({ full_name: 'Jane Wanjiru' });

    const everything = JSON.stringify(await doctor.pullAll());
    expect(everything).toContain('HIV positive');
    expect(everything).toContain('Sulfamethoxazole');
  });
});
