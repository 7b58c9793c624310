import { foldEvents, uuidv7, type SessionResponse } from '@mymedic/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTenant } from '../db/tenant';
import { signUpClinic, startTestServer, type TestServer } from '../../test/test-server';
import { registration, testDatabases, TestDevice } from '../../test/support';
import { readModels } from './folded-states';
import { Projector } from './projector';
import type { ReadModel } from './read-model';

const patientsModel = readModels.find((model) => model.name === 'patients')!;

describe.each(testDatabases)('the projector on $name', ({ url }) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ ...(url ? { databaseUrl: url } : {}), projector: false });
  });
  afterAll(() => server.close());

  async function clinicWithDevice() {
    const session: SessionResponse = await signUpClinic(server.url, undefined, {
      also_doctor: true,
    });
    return { hospitalId: session.user.hospital_id, device: new TestDevice(server.url, session) };
  }

  async function registerPatients(device: TestDevice, count: number) {
    const ids = Array.from({ length: count }, () => uuidv7());
    const { status, body } = await device.push(
      ids.map((id, index) =>
        device.command(
          'RegisterPatient',
          'patient',
          id,
          registration({ full_name: `Patient ${index}` }),
        ),
      ),
    );
    expect(status).toBe(200);
    expect(body.results.every((result) => result.status === 'accepted')).toBe(true);
    return ids;
  }

  const patientRows = (hospitalId: string) =>
    withTenant(server.database, hospitalId, async (sql) => {
      const { rows } = await sql.query<{ patient_id: string; version: number; state: unknown }>(
        'SELECT patient_id, version, state FROM patients WHERE hospital_id = $1 ORDER BY patient_id',
        [hospitalId],
      );
      return rows;
    });

  const lagOf = async (projector: Projector, hospitalId: string, name: string) =>
    (await projector.lag()).find(
      (lag) => lag.hospital_id === hospitalId && lag.projection === name,
    )!;

  it('keeps each aggregate as the devices fold it, and moves its checkpoint to the head', async () => {
    const { hospitalId, device } = await clinicWithDevice();
    const [patientId] = await registerPatients(device, 1);
    await device.pullAll();
    const allergy = device.command('RecordAllergy', 'patient', patientId!, {
      allergy_id: uuidv7(),
      substance: 'Penicillin',
      reaction: 'Rash',
      severity: 'moderate',
    });
    const visitId = uuidv7();
    const checkIn = device.command('CheckInPatient', 'visit', visitId, {
      patient_id: patientId,
      appointment_id: null,
      doctor_id: null,
      location_id: null,
    });
    expect((await device.push([allergy, checkIn])).status).toBe(200);
    const projector = new Projector(server.database);
    expect((await lagOf(projector, hospitalId, 'patients'))?.events_behind).toBeGreaterThan(0);

    await projector.catchUp(hospitalId);

    const log = await device.pullAll();
    const rows = await patientRows(hospitalId);
    expect(rows).toEqual([
      {
        patient_id: patientId,
        version: 2,
        state: foldEvents('patient', device.streamOf(patientId!)),
      },
    ]);
    const visit = await withTenant(server.database, hospitalId, async (sql) => {
      const { rows: visits } = await sql.query<{ patient_id: string; state: { status: string } }>(
        'SELECT patient_id, state FROM visits WHERE hospital_id = $1 AND visit_id = $2',
        [hospitalId, visitId],
      );
      return visits[0];
    });
    expect(visit).toMatchObject({ patient_id: patientId, state: { status: 'waiting' } });
    expect(await lagOf(projector, hospitalId, 'patients')).toBeUndefined();
    const checkpoints = await withTenant(server.database, hospitalId, async (sql) => {
      const { rows: stands } = await sql.query<{ projection: string; position: number }>(
        'SELECT projection, position FROM projection_checkpoints WHERE hospital_id = $1',
        [hospitalId],
      );
      return stands;
    });
    expect(checkpoints).toHaveLength(readModels.length);
    for (const checkpoint of checkpoints) expect(checkpoint.position).toBe(log.at(-1)!.position);
    // A second round finds nothing to do and changes nothing.
    await projector.catchUp(hospitalId);
    expect(await patientRows(hospitalId)).toEqual(rows);
  });

  it('reads the rows back, not from its memory, after another process applied pages', async () => {
    const { hospitalId, device } = await clinicWithDevice();
    const ids = await registerPatients(device, 3);
    const here = new Projector(server.database, [patientsModel]);
    const there = new Projector(server.database, [patientsModel]);
    const allergy = async (substance: string) => {
      await device.pullAll();
      const { status } = await device.push([
        device.command('RecordAllergy', 'patient', ids[0]!, {
          allergy_id: uuidv7(),
          substance,
          reaction: 'Rash',
          severity: 'moderate',
        }),
      ]);
      expect(status).toBe(200);
    };
    await here.catchUp(hospitalId);
    await allergy('Penicillin');
    await there.catchUp(hospitalId);
    await allergy('Latex');
    // Here remembers the patient at version 1: folding version 3 onto it would lose the
    // penicillin the other process applied.
    await here.catchUp(hospitalId);
    await allergy('Peanuts');
    await here.catchUp(hospitalId);

    await device.pullAll();
    const rows = await patientRows(hospitalId);
    expect(rows).toHaveLength(3);
    for (const row of rows)
      expect(row).toEqual({
        patient_id: row.patient_id,
        version: device.streamOf(row.patient_id).length,
        state: foldEvents('patient', device.streamOf(row.patient_id)),
      });
    expect(rows.find((row) => row.patient_id === ids[0])?.version).toBe(4);
  });

  it('moves the models with nothing of theirs to the head without a page of their own', async () => {
    const { hospitalId, device } = await clinicWithDevice();
    const pages: string[] = [];
    const projector = new Projector(server.database, readModels, {
      onPage: (page) => pages.push(page.projection),
    });
    await registerPatients(device, 2);
    await projector.catchUp(hospitalId);
    pages.length = 0;

    await registerPatients(device, 3);
    await projector.catchUp(hospitalId);

    const head = (await device.pullAll()).at(-1)!.position;
    expect(pages).toEqual(['patients']);
    expect((await patientRows(hospitalId)).length).toBe(5);
    const checkpoints = await withTenant(server.database, hospitalId, async (sql) => {
      const { rows } = await sql.query<{ projection: string; position: number }>(
        'SELECT projection, position FROM projection_checkpoints WHERE hospital_id = $1',
        [hospitalId],
      );
      return rows;
    });
    expect(checkpoints.map((checkpoint) => checkpoint.position)).toEqual(
      readModels.map(() => head),
    );
    expect(await projector.lag()).not.toContainEqual(
      expect.objectContaining({ hospital_id: hospitalId }),
    );
  });

  it('applies a page once across a failure between its rows and its checkpoint', async () => {
    const { hospitalId, device } = await clinicWithDevice();
    const ids = await registerPatients(device, 5);
    let failNext = true;
    // Writes its rows, then fails before the checkpoint moves: the crash the
    // transaction must undo whole.
    const crashing: ReadModel = {
      ...patientsModel,
      async apply(sql, hospital, events) {
        await patientsModel.apply(sql, hospital, events);
        if (failNext) {
          failNext = false;
          throw new Error('the process died here');
        }
      },
    };
    const projector = new Projector(server.database, [crashing], { pageSize: 10 });
    await projector.catchUp(hospitalId);
    const rows = await patientRows(hospitalId);
    expect(rows.map((row) => row.patient_id)).toEqual([...ids].sort());
    expect(rows.every((row) => row.version === 1)).toBe(true);
    expect(await lagOf(projector, hospitalId, 'patients')).toBeUndefined();
  });

  it('never takes a model past the read models whose rows it reads', async () => {
    const { hospitalId, device } = await clinicWithDevice();
    const ids = await registerPatients(device, 4);
    // Reads the patients' rows for each event it is given, as the reminder scheduler
    // does: each must already be there.
    const seen: { id: string; found: boolean }[] = [];
    const reader: ReadModel = {
      name: 'patient-reader',
      reads: new Set(['patient']),
      tables: [],
      after: ['patients'],
      async apply(sql, hospital, events) {
        const { rows } = await sql.query<{ patient_id: string }>(
          'SELECT patient_id FROM patients WHERE hospital_id = $1',
          [hospital],
        );
        const present = new Set(rows.map((row) => row.patient_id));
        for (const event of events)
          seen.push({ id: event.aggregate_id, found: present.has(event.aggregate_id) });
      },
    };
    // Listed first, so each round reaches it before the patients' model.
    const projector = new Projector(server.database, [reader, patientsModel]);
    await projector.catchUp(hospitalId);
    expect(seen).toEqual([]);
    await projector.catchUp(hospitalId);
    expect(seen).toEqual(ids.map((id) => ({ id, found: true })));
    expect(await lagOf(projector, hospitalId, 'patient-reader')).toBeUndefined();
  });

  it("counts the seconds behind from the oldest event of its own types, not from others' before it", async () => {
    const { hospitalId, device } = await clinicWithDevice();
    const [patientId] = await registerPatients(device, 1);
    const projector = new Projector(server.database, [patientsModel]);
    await projector.catchUp(hospitalId);
    await device.pullAll();
    const checkIn = device.command('CheckInPatient', 'visit', uuidv7(), {
      patient_id: patientId,
      appointment_id: null,
      doctor_id: null,
      location_id: null,
    });
    expect((await device.push([checkIn])).status).toBe(200);
    // The visit's event, next in the log, is a second older than the patients' own.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const registering = Date.now();
    await registerPatients(device, 1);

    const lag = await lagOf(projector, hospitalId, 'patients');
    const asked = Date.now();

    expect(lag.events_behind).toBeGreaterThanOrEqual(2);
    expect(lag.seconds_behind).toBeGreaterThan(0);
    expect(lag.seconds_behind * 1000).toBeLessThanOrEqual(asked - registering + 50);
  });

  it("leaves the events' data in the database for a model that reads none, and only for it", async () => {
    const { hospitalId, device } = await clinicWithDevice();
    const ids = await registerPatients(device, 2);
    const given: Record<string, { id: string; type: string; data: unknown }[]> = {};
    const recorder = (name: string, readsData: boolean): ReadModel => ({
      name,
      reads: new Set(['patient']),
      tables: [],
      readsData,
      apply(_sql, _hospital, events) {
        for (const event of events)
          (given[name] ??= []).push({ id: event.aggregate_id, type: event.type, data: event.data });
        return Promise.resolve();
      },
    });
    const projector = new Projector(server.database, [
      recorder('without-data', false),
      recorder('with-data', true),
    ]);

    await projector.catchUp(hospitalId);

    expect(given['without-data']).toEqual(
      ids.map((id) => ({ id, type: 'PatientRegistered', data: null })),
    );
    expect(given['with-data']!.map((event) => event.id)).toEqual(ids);
    for (const event of given['with-data']!)
      expect((event.data as { full_name: string }).full_name).toMatch(/^Patient /);
  });

  it('counts no try against an event for a deadlock or a cut connection, and goes on after', async () => {
    const { hospitalId, device } = await clinicWithDevice();
    const ids = await registerPatients(device, 3);
    // More passing failures in a row than a model has tries: a deadlock with another
    // process's transaction, a serialization failure, a connection cut mid-page.
    const passing = [
      Object.assign(new Error('deadlock detected'), { code: '40P01' }),
      Object.assign(new Error('could not serialize access'), { code: '40001' }),
      new Error('Connection terminated unexpectedly'),
      Object.assign(new Error('terminating connection due to administrator command'), {
        code: '57P01',
      }),
    ];
    const unlucky: ReadModel = {
      ...patientsModel,
      async apply(sql, hospital, events) {
        const failure = passing.shift();
        if (failure) throw failure;
        await patientsModel.apply(sql, hospital, events);
      },
    };
    const heard: string[] = [];
    const projector = new Projector(server.database, [unlucky], {
      maxAttempts: 2,
      onFailure: (failure) => heard.push(failure.outcome),
    });
    for (let round = 0; round < 4; round += 1) await projector.catchUp(hospitalId);
    expect(heard).toEqual(['passing', 'passing', 'passing', 'passing']);
    expect((await patientRows(hospitalId)).length).toBe(0);
    const errors = await withTenant(server.database, hospitalId, async (sql) => {
      const { rows } = await sql.query(
        `SELECT 1 FROM projection_errors WHERE hospital_id = $1 AND projection = 'patients'`,
        [hospitalId],
      );
      return rows;
    });
    expect(errors).toEqual([]);
    await projector.catchUp(hospitalId);
    expect((await patientRows(hospitalId)).map((row) => row.patient_id)).toEqual([...ids].sort());
    expect(await lagOf(projector, hospitalId, 'patients')).toBeUndefined();
  });

  it('stops one model at an event it cannot apply, says so, and the others go on', async () => {
    const { hospitalId, device } = await clinicWithDevice();
    const [first, poisoned, last] = await registerPatients(device, 3);
    const poisonedEvent = (await device.pullAll()).find(
      (event) => event.aggregate_id === poisoned,
    )!;
    let healed = false;
    const fragile: ReadModel = {
      ...patientsModel,
      name: 'fragile',
      async apply(sql, hospital, events) {
        if (!healed && events.some((event) => event.aggregate_id === poisoned))
          throw new Error('cannot read this patient');
        await patientsModel.apply(sql, hospital, events);
      },
    };
    const visits = readModels.find((model) => model.name === 'visits')!;
    const projector = new Projector(server.database, [fragile, visits], { maxAttempts: 2 });

    await projector.catchUp(hospitalId);
    expect((await patientRows(hospitalId)).map((row) => row.patient_id)).toEqual([first]);
    expect(await lagOf(projector, hospitalId, 'fragile')).toMatchObject({ status: 'live' });
    await projector.catchUp(hospitalId);
    const stopped = await lagOf(projector, hospitalId, 'fragile');
    expect(stopped.status).toBe('failed');
    expect(stopped.detail).toContain(`position ${poisonedEvent.position}`);
    expect(stopped.position).toBe(poisonedEvent.position - 1);
    expect(await lagOf(projector, hospitalId, 'visits')).toMatchObject({
      status: 'live',
      events_behind: 0,
      seconds_behind: 0,
    });
    const errors = await withTenant(server.database, hospitalId, async (sql) => {
      const { rows } = await sql.query(
        `SELECT event_id, event_type, error, attempts FROM projection_errors
          WHERE hospital_id = $1 AND projection = 'fragile'`,
        [hospitalId],
      );
      return rows;
    });
    expect(errors).toEqual([
      {
        event_id: poisonedEvent.event_id,
        event_type: 'PatientRegistered',
        error: 'cannot read this patient',
        attempts: 2,
      },
    ]);
    // Stopped means stopped: more rounds leave it where it is.
    await projector.catchUp(hospitalId);
    expect((await patientRows(hospitalId)).length).toBe(1);

    // Fixed and rebuilt, it is live again with every patient.
    healed = true;
    await projector.rebuild(['fragile']);
    expect((await patientRows(hospitalId)).map((row) => row.patient_id)).toEqual(
      [first, poisoned, last].sort(),
    );
    expect(await lagOf(projector, hospitalId, 'fragile')).toBeUndefined();
  });

  it('rebuilds while devices go on pushing, and loses none of their patients', async () => {
    const { hospitalId, device } = await clinicWithDevice();
    const projector = new Projector(server.database, [patientsModel]);
    const before = await registerPatients(device, 20);
    await projector.catchUp(hospitalId);
    const pushes = (async () => {
      const more: string[] = [];
      for (let round = 0; round < 5; round += 1) more.push(...(await registerPatients(device, 10)));
      return more;
    })();
    await projector.rebuild(['patients']);
    const during = await pushes;
    await projector.catchUp(hospitalId);
    expect((await patientRows(hospitalId)).map((row) => row.patient_id)).toEqual(
      [...before, ...during].sort(),
    );
  });

  it('refuses to rebuild a read model that does not exist', async () => {
    await expect(new Projector(server.database).rebuild(['patiens'])).rejects.toThrow(
      'No read model named patiens',
    );
  });
});
