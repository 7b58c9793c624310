import { uuidv7 } from '@mymedic/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTenant } from '../db/tenant';
import { signUpClinic, startTestServer, type TestServer } from '../../test/test-server';
import { registration, testDatabases, TestDevice } from '../../test/support';
import { Projector } from './projector';
import { listPatients, readPatient, searchPatients, visitsOn } from './queries';

describe.each(testDatabases)('reading the read models on $name', ({ url }) => {
  let server: TestServer;
  let hospitalId: string;
  let otherHospitalId: string;
  const ids = { wanjiru: uuidv7(), otieno: uuidv7(), achieng: uuidv7() };

  beforeAll(async () => {
    server = await startTestServer({ ...(url ? { databaseUrl: url } : {}), projector: false });
    const session = await signUpClinic(server.url, undefined, { also_doctor: true });
    hospitalId = session.user.hospital_id;
    const device = new TestDevice(server.url, session);
    const patients = [
      [ids.wanjiru, { full_name: 'Jane Wanjiru', phone: '+254 712 345678', mrn: 'HC-1001' }],
      [ids.otieno, { full_name: 'Peter Otieno', phone: '0733 111 222', mrn: 'HC-1002' }],
      [ids.achieng, { full_name: 'Mary Achieng', phone: null, mrn: 'HC-1003' }],
    ] as const;
    const pushed = await device.push(
      patients.map(([id, details]) =>
        device.command('RegisterPatient', 'patient', id, registration(details)),
      ),
    );
    expect(pushed.status).toBe(200);
    await device.pullAll();
    await device.push([
      device.command('RecordAllergy', 'patient', ids.wanjiru, {
        allergy_id: uuidv7(),
        substance: 'Penicillin',
        reaction: 'Rash',
        severity: 'severe',
      }),
      device.command('CheckInPatient', 'visit', uuidv7(), {
        patient_id: ids.wanjiru,
        checked_in_at: '2026-11-30T21:30:00.000Z',
      }),
    ]);
    // Another clinic with a patient of the same name, never to be found from this one.
    const other = await signUpClinic(server.url, undefined, { also_doctor: true });
    otherHospitalId = other.user.hospital_id;
    const otherDevice = new TestDevice(server.url, other);
    await otherDevice.push([
      otherDevice.command(
        'RegisterPatient',
        'patient',
        uuidv7(),
        registration({ full_name: 'Jane Wanjiru' }),
      ),
    ]);
    const projector = new Projector(server.database);
    await projector.catchUp(hospitalId);
    await projector.catchUp(otherHospitalId);
  });
  afterAll(() => server.close());

  const read = <T>(work: Parameters<typeof withTenant<T>>[2]) =>
    withTenant(server.database, hospitalId, work);

  it('finds a patient by a misspelt name, a phone in another format, or the MRN', async () => {
    const found = async (query: string) =>
      (await read((sql) => searchPatients(sql, hospitalId, query))).map((row) => row.patient_id);
    expect((await found('Jane Wanjru'))[0]).toBe(ids.wanjiru);
    expect((await found('wanjiru'))[0]).toBe(ids.wanjiru);
    expect((await found('Petr Otieno'))[0]).toBe(ids.otieno);
    expect(await found('0712 345 678')).toEqual([ids.wanjiru]);
    expect(await found('+254733111222')).toEqual([ids.otieno]);
    // An exact MRN first; MRNs a digit away may follow it.
    expect((await found('hc-1003'))[0]).toBe(ids.achieng);
    expect(await found('Zzyzx Qwerty')).toEqual([]);
  });

  it('lists patients by name a page at a time, with the total, of this clinic only', async () => {
    const first = await read((sql) => listPatients(sql, hospitalId, { limit: 2, offset: 0 }));
    expect(first.total).toBe(3);
    expect(first.patients.map((patient) => patient.full_name)).toEqual([
      'Jane Wanjiru',
      'Mary Achieng',
    ]);
    const second = await read((sql) => listPatients(sql, hospitalId, { limit: 2, offset: 2 }));
    expect(second.patients.map((patient) => patient.full_name)).toEqual(['Peter Otieno']);
  });

  it('gives allergies to a clinician and not to the front desk', async () => {
    const clinician = await read((sql) => readPatient(sql, hospitalId, ids.wanjiru, true));
    expect(clinician?.allergies?.map((allergy) => allergy.substance)).toEqual(['Penicillin']);
    const desk = await read((sql) => readPatient(sql, hospitalId, ids.wanjiru, false));
    expect(desk).toBeDefined();
    expect(desk).not.toHaveProperty('allergies');
    expect(desk?.mrn).toBe('HC-1001');
    expect(await read((sql) => readPatient(sql, hospitalId, uuidv7(), true))).toBeUndefined();
  });

  it("takes a day in the clinic's time zone", async () => {
    // Signed up in UTC: 21:30 UTC on the 30th is the 30th.
    const day = await read((sql) => visitsOn(sql, hospitalId, '2026-11-30', false));
    expect(day.time_zone).toBe('UTC');
    expect(day.visits).toHaveLength(1);
    expect(day.visits[0]).not.toHaveProperty('diagnoses');
    expect((await read((sql) => visitsOn(sql, hospitalId, '2026-12-01', true))).visits).toEqual([]);
  });
});
