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

  it('finds by the words of the names: slips in any word, every word first, a new name at once', async () => {
    const session = await signUpClinic(server.url, undefined, { also_doctor: true });
    const clinic = session.user.hospital_id;
    const device = new TestDevice(server.url, session);
    const people = {
      johnSmith: uuidv7(),
      johnOtieno: uuidv7(),
      maryWanjiru: uuidv7(),
      smithers: uuidv7(),
    };
    const patients = [
      [people.johnSmith, { full_name: 'John Smith', phone: '0700 111222', mrn: 'KB-2001' }],
      [people.johnOtieno, { full_name: 'John Otieno', phone: '0700 333444', mrn: 'KB-2002' }],
      [people.maryWanjiru, { full_name: 'Mary Wanjiru', phone: null, mrn: 'KB-2013' }],
      [people.smithers, { full_name: "Ann-Marie O'Smithers", phone: null, mrn: 'ZX-9' + '01' }],
    ] as const;
    expect(
      (
        await device.push(
          patients.map(([id, details]) =>
            device.command('RegisterPatient', 'patient', id, registration(details)),
          ),
        )
      ).body.results.map((result) => result.status),
    ).toEqual(['accepted', 'accepted', 'accepted', 'accepted']);
    const projector = new Projector(server.database);
    await projector.catchUp(clinic);
    const search = (query: string) =>
      withTenant(server.database, clinic, (sql) => searchPatients(sql, clinic, query));
    const found = async (query: string) => (await search(query)).map((row) => row.patient_id);

    // A slip in each word; the patient with both words found comes before those with one.
    const misspelt = await search('Jonh Smiht');
    expect(misspelt[0]).toMatchObject({ patient_id: people.johnSmith });
    expect(misspelt[0]!.score).toBeGreaterThan(misspelt[1]?.score ?? 0);
    expect(misspelt.map((row) => row.patient_id)).toContain(people.johnOtieno);
    expect((await found('mary wanjru'))[0]).toBe(people.maryWanjiru);
    // The start of a word; names split at hyphens and apostrophes.
    expect((await found('smith'))[0]).toBe(people.johnSmith);
    // ("Marie" is a slip away from "Mary": one word of two found, after both.)
    expect(await found('marie smithers')).toEqual([
      people.smithers,
      people.johnSmith,
      people.maryWanjiru,
    ]);
    // An MRN whole (score 1) or its start, in any case; part of a phone number.
    expect(await search('kb-2002')).toMatchObject([{ patient_id: people.johnOtieno, score: 1 }]);
    expect(await found('KB-200')).toEqual([people.johnOtieno, people.johnSmith]);
    expect(await found('KB-20')).toEqual([people.johnOtieno, people.johnSmith, people.maryWanjiru]);
    expect(await found('+254 700 333 444')).toEqual([people.johnOtieno]);
    expect(await found('111 222')).toEqual([people.johnSmith]);
    // Nothing of another clinic, though it holds a Jane Wanjiru; nothing for nonsense.
    expect(await found('jane')).toEqual([]);
    expect(await found('Zzyzx Qwerty')).toEqual([]);

    // A new name is found at once; the old one finds nobody.
    await device.pullAll();
    await device.push([
      device.command('UpdatePatientDetails', 'patient', people.johnSmith, {
        changes: { full_name: { from: 'John Smith', to: 'John Kamau' } },
      }),
    ]);
    await projector.catchUp(clinic);
    expect(await found('smith')).toEqual([people.smithers]);
    expect((await found('john kamau'))[0]).toBe(people.johnSmith);
    // So does a rebuild, which empties the words with the patients.
    await projector.rebuild(['patients']);
    expect((await found('jonh kamau'))[0]).toBe(people.johnSmith);
    expect(await found('smiht')).toEqual([people.smithers]);
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
