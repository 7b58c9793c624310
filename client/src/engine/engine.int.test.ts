import { sha256Hex, uuidv7, type SessionResponse } from '@mymedic/shared';
import {
  sessionOnDevice,
  signUpClinic,
  startTestServer,
  type TestServer,
} from '@mymedic/sync-server/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SyncApi } from './api';
import { LocalDatabase } from './db';
import { confirmedLog, localStream, redactedEvents } from './local-log';
import { colleague } from './colleagues.test-support';
import { execute, type Actor } from './execute';
import { applyPushResults } from './reconcile';
import { syncOnce } from './sync';
import { resolveConflict } from './conflicts';

interface Tablet {
  db: LocalDatabase;
  api: SyncApi;
  actor: Actor;
  deviceId: string;
  sync(): Promise<void>;
}

/** Every event a device holds: its confirmed log, then its pending events. */
const everyEvent = async (db: LocalDatabase) => [
  ...(await confirmedLog(db)),
  ...(await db.events.toArray()),
];

/** A tablet of this person, signed in on it (a session bound to the tablet's device id). */
async function tablet(
  server: TestServer,
  person: SessionResponse,
  fetcher: typeof fetch = fetch,
  accessToken?: string,
): Promise<Tablet> {
  const deviceId = `tablet-${uuidv7()}`;
  const signedIn = await sessionOnDevice(server, person, deviceId);
  const session = { ...signedIn, token: accessToken ?? signedIn.token };
  const db = new LocalDatabase(`test-${deviceId}`);
  const api = new SyncApi(
    server.url,
    { token: session.token, refresh_token: session.refresh_token },
    () => undefined,
    fetcher,
  );
  const actor = {
    hospitalId: session.user.hospital_id,
    userId: session.user.user_id,
    roles: session.user.roles,
  };
  return { db, api, actor, deviceId, sync: () => syncOnce(db, api, actor, deviceId) };
}

const jane = {
  mrn: 'HC-A1-000001',
  full_name: 'Jane Wanjiru',
  date_of_birth: '1984-03-12',
  gender: 'female',
  phone: '+254 712 345678',
};

/**
 * Registers a patient on the tablet and syncs it: the server refuses a record naming a
 * patient it does not hold.
 */
async function registeredPatient(device: Tablet) {
  const patientId = uuidv7();
  await execute(device.db, device.actor, {
    type: 'RegisterPatient',
    aggregate_type: 'patient',
    aggregate_id: patientId,
    payload: { ...jane, mrn: `HC-${patientId.slice(-8).toUpperCase()}` },
  });
  await device.sync();
  return patientId;
}

describe('the client engine against a real sync server', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.close());

  it('shows a command at once, pushes it, and another tablet pulls it', async () => {
    const session = await signUpClinic(server.url);
    const [a, b] = [await tablet(server, session), await tablet(server, session)];
    const patientId = uuidv7();
    await execute(a.db, a.actor, {
      type: 'RegisterPatient',
      aggregate_type: 'patient',
      aggregate_id: patientId,
      payload: jane,
    });
    expect(await a.db.patients.get(patientId)).toMatchObject({
      full_name: 'Jane Wanjiru',
      pending: 1,
    });
    expect(await a.db.outbox.count()).toBe(1);
    await a.sync();
    expect(await a.db.outbox.count()).toBe(0);
    expect(await a.db.patients.get(patientId)).toMatchObject({ pending: 0 });
    await b.sync();
    expect(await b.db.patients.get(patientId)).toMatchObject({
      full_name: 'Jane Wanjiru',
      mrn: 'HC-A1-000001',
    });
  });

  it('merges edits of different fields and sends the same field to the conflicts inbox with both sides', async () => {
    const session = await signUpClinic(server.url);
    const [a, b] = [await tablet(server, session), await tablet(server, session)];
    const patientId = uuidv7();
    await execute(a.db, a.actor, {
      type: 'RegisterPatient',
      aggregate_type: 'patient',
      aggregate_id: patientId,
      payload: jane,
    });
    await a.sync();
    await b.sync();
    // Both offline: A changes the phone; B changes the language and the phone.
    const update = (changes: Record<string, { from: unknown; to: unknown }>) => ({
      type: 'UpdatePatientDetails',
      aggregate_type: 'patient' as const,
      aggregate_id: patientId,
      payload: { changes },
    });
    await execute(
      a.db,
      a.actor,
      update({ phone: { from: '+254 712 345678', to: '+254700000001' } }),
    );
    await execute(b.db, b.actor, update({ preferred_language: { from: null, to: 'sw' } }));
    await execute(
      b.db,
      b.actor,
      update({ phone: { from: '+254 712 345678', to: '+254799999999' } }),
    );
    await a.sync();
    await b.sync();
    await a.sync();
    const onA = await a.db.patients.get(patientId);
    const onB = await b.db.patients.get(patientId);
    expect(onA).toMatchObject({ phone: '+254700000001', preferred_language: 'sw' });
    expect(onB).toMatchObject({ phone: '+254700000001', preferred_language: 'sw' });
    const conflicts = await b.db.conflicts.toArray();
    expect(conflicts).toHaveLength(1);
    expect(conflicts[0]!.error.details).toEqual({
      fields: [
        {
          field: 'phone',
          seen: '+254 712 345678',
          current: '+254700000001',
          wanted: '+254799999999',
        },
      ],
    });
    expect(await b.db.outbox.count()).toBe(0);

    // B merges the two numbers by hand; the choice is an event both tablets receive.
    expect(
      await resolveConflict(b.db, b.actor, conflicts[0]!, 'merge', {
        phone: '+254700000009',
      }),
    ).toBe('merge');
    await b.sync();
    await a.sync();
    expect(await a.db.patients.get(patientId)).toMatchObject({
      phone: '+254700000009',
    });
    const resolved = (await everyEvent(a.db)).filter((event) => event.type === 'ConflictResolved');
    expect(resolved).toHaveLength(1);
    expect(resolved[0]!.data).toMatchObject({
      command_id: conflicts[0]!.command_id,
      choice: 'merge',
      resolved_by: b.actor.userId,
      summary: expect.stringContaining('kept +254700000009') as unknown,
    });
    expect(await b.db.conflicts.get(conflicts[0]!.command_id)).toMatchObject({
      resolution: { choice: 'merge' },
    });
  });

  it('refreshes an expired access token without the user noticing', async () => {
    const session = await signUpClinic(server.url);
    const device = await tablet(server, session, fetch, 'expired.or.garbage');
    await execute(device.db, device.actor, {
      type: 'RegisterPatient',
      aggregate_type: 'patient',
      aggregate_id: uuidv7(),
      payload: { ...jane, mrn: 'HC-A1-000002' },
    });
    await device.sync();
    expect(await device.db.outbox.count()).toBe(0);
  });

  it('keeps the command when a request fails, and sends it once when retried', async () => {
    const session = await signUpClinic(server.url);
    let dropResponses = true;
    const flaky: typeof fetch = async (input, init) => {
      const response = await fetch(input, init);
      // The push reaches the server, but its answer is lost on the way back.
      if (dropResponses && (input as string).endsWith('/sync/push'))
        throw new TypeError('network lost');
      return response;
    };
    const device = await tablet(server, session, flaky);
    const patientId = uuidv7();
    await execute(device.db, device.actor, {
      type: 'RegisterPatient',
      aggregate_type: 'patient',
      aggregate_id: patientId,
      payload: { ...jane, mrn: 'HC-A1-000003' },
    });
    await expect(device.sync()).rejects.toThrow(/cannot be reached/);
    expect(await device.db.outbox.count()).toBe(1);
    dropResponses = false;
    await device.sync();
    expect(await device.db.outbox.count()).toBe(0);
    const other = await tablet(server, session);
    await other.sync();
    const registrations = (await everyEvent(other.db)).filter(
      (event) => event.aggregate_id === patientId,
    );
    expect(registrations).toHaveLength(1);
  });

  it('never puts a command the server stored in the conflicts inbox, even while the device cannot decide it yet', async () => {
    const session = await signUpClinic(server.url);
    const [a, b] = [await tablet(server, session), await tablet(server, session)];
    const patientId = uuidv7();
    // The same record registered on two tablets: the simplest way to a push whose first
    // command is refused while the server stores the second, decided on top of the first.
    const registration = {
      type: 'RegisterPatient',
      aggregate_type: 'patient' as const,
      aggregate_id: patientId,
      payload: { ...jane, mrn: 'HC-A1-000004' },
    };
    await execute(a.db, a.actor, registration);
    await a.sync();
    await execute(b.db, b.actor, registration);
    await execute(b.db, b.actor, {
      type: 'UpdatePatientDetails',
      aggregate_type: 'patient',
      aggregate_id: patientId,
      payload: { changes: { phone: { from: jane.phone, to: '+254700000001' } } },
    });
    const pending = await b.db.outbox.orderBy('client_seq').toArray();
    const response = await b.api.push(
      b.deviceId,
      pending.map(({ acknowledged: _acknowledged, issued_by: _issuedBy, ...command }) => command),
    );
    expect(response.results.map((result) => result.status)).toEqual(['conflict', 'accepted']);
    // B applies the answer before it has pulled A's registration: the update cannot be
    // decided here yet, but the server has it, so it waits for the pull.
    await applyPushResults(b.db, b.actor, response.results);
    const inbox = async () => (await b.db.conflicts.toArray()).map(({ command }) => command.type);
    expect(await inbox()).toEqual(['RegisterPatient']);
    await b.sync();
    expect(await inbox()).toEqual(['RegisterPatient']);
    expect(await b.db.outbox.count()).toBe(0);
    expect(await b.db.patients.get(patientId)).toMatchObject({
      mrn: 'HC-A1-000004',
      phone: '+254700000001',
      pending: 0,
    });
  });

  /**
   * Two tablets book the same doctor's time; the server refuses the ward's booking and
   * its inbox shows it. Then the first booking is cancelled, so the slot is free.
   */
  async function refusedThenFreed(on: TestServer) {
    const session = await signUpClinic(on.url);
    const staff = await fetch(`${on.url}/users`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${session.token}` },
      body: JSON.stringify({
        email: `okello-${uuidv7()}@hillside.example`,
        full_name: 'Grace Okello',
        role: 'doctor',
        password: 'stethoscope 42',
      }),
    });
    const doctorId = ((await staff.json()) as { user_id: string }).user_id;
    const [reception, ward] = [await tablet(on, session), await tablet(on, session)];
    const patientId = await registeredPatient(reception);
    const book = (device: Tablet, appointmentId: string, at = '2027-03-01T09:00:00Z') =>
      execute(device.db, device.actor, {
        type: 'ScheduleAppointment',
        aggregate_type: 'appointment',
        aggregate_id: appointmentId,
        payload: {
          patient_id: patientId,
          doctor_id: doctorId,
          starts_at: at,
          duration_minutes: 30,
          visit_type: 'consultation',
          reason: 'Persistent cough',
        },
      });
    const first = uuidv7();
    await book(reception, first);
    await reception.sync();
    const second = uuidv7();
    await book(ward, second);
    const [pushed] = await ward.db.outbox.toArray();
    const { acknowledged: _acknowledged, issued_by: _issuedBy, ...sent } = pushed!;
    await ward.sync();
    const [conflict] = await ward.db.conflicts.toArray();
    expect(conflict).toMatchObject({ command_id: sent.command_id, kind: 'conflict' });
    const freeSlot = async () => {
      await execute(reception.db, reception.actor, {
        type: 'CancelAppointment',
        aggregate_type: 'appointment',
        aggregate_id: first,
        payload: { reason: 'Travelling upcountry' },
      });
      await reception.sync();
    };
    return { ward, book, sent, second, conflict: conflict!, freeSlot };
  }

  it('keeps a conflict in the inbox when a delayed copy of its push arrives after the slot is freed', async () => {
    const { ward, sent, second, conflict, freeSlot } = await refusedThenFreed(server);
    await freeSlot();
    // A delayed copy of the ward's push reaches the server: a command's answer is final,
    // so it is refused as before, not decided again on the freed diary.
    const replayed = await ward.api.push(ward.deviceId, [sent]);
    expect(replayed.results).toEqual([
      { command_id: sent.command_id, status: 'conflict', events: [], error: conflict.error },
    ]);
    await ward.sync();
    expect(await ward.db.conflicts.toArray()).toEqual([conflict]);
    expect(await ward.db.appointments.get(second)).toBeUndefined();
  });

  it('withdraws a conflict from the inbox when the log holds its command after all', async () => {
    // A server that keeps one refusal per person: the ward's is pruned by the next one,
    // and a delayed copy of its push is then decided again and stored.
    const forgetful = await startTestServer({ config: { refusalsKept: 1 } });
    try {
      const { ward, book, sent, second, freeSlot } = await refusedThenFreed(forgetful);
      await book(ward, uuidv7(), '2027-03-01T09:15:00Z');
      await ward.sync();
      expect(await ward.db.conflicts.count()).toBe(2);
      await freeSlot();
      const replayed = await ward.api.push(ward.deviceId, [sent]);
      expect(replayed.results.map(({ status }) => status)).toEqual(['accepted']);
      // The log has the last word: nothing is left to settle for that one.
      await ward.sync();
      expect((await ward.db.conflicts.toArray()).map(({ command_id }) => command_id)).not.toContain(
        sent.command_id,
      );
      expect(await ward.db.appointments.get(second)).toMatchObject({
        status: 'scheduled',
        pending: 0,
      });
    } finally {
      await forgetful.close();
    }
  });

  it('on a shared tablet, sends each command only with the session of the person who issued it', async () => {
    const admin = await signUpClinic(server.url);
    const nurse = await colleague(server.url, admin, 'nurse', 'Amara Okafor');
    // One device, two people: the admin registers a patient, then the nurse holds it.
    const asAdmin = await tablet(server, admin);
    const patientId = uuidv7();
    await execute(asAdmin.db, asAdmin.actor, {
      type: 'RegisterPatient',
      aggregate_type: 'patient',
      aggregate_id: patientId,
      payload: jane,
    });
    const nurseActor = { ...asAdmin.actor, userId: nurse.user.user_id, roles: nurse.user.roles };
    const nurseApi = new SyncApi(server.url, {
      token: nurse.token,
      refresh_token: nurse.refresh_token,
    });
    await syncOnce(asAdmin.db, nurseApi, nurseActor, asAdmin.deviceId);
    expect(await asAdmin.db.outbox.count()).toBe(1);
    await asAdmin.sync();
    expect(await asAdmin.db.outbox.count()).toBe(0);
    const stored = await server.database.query<{ user_id: string }>(
      'SELECT user_id FROM event_store WHERE aggregate_id = $1',
      [patientId],
    );
    expect(stored.rows.map((row) => row.user_id)).toEqual([admin.user.user_id]);
  });

  it('an edit of a note signed meanwhile on another tablet is a conflict shown to its author, who adds it as an addendum', async () => {
    const admin = await signUpClinic(server.url);
    const doctor = await colleague(server.url, admin, 'doctor', 'Dr Achieng');
    const [a, b] = [await tablet(server, doctor), await tablet(server, doctor)];
    const noteId = uuidv7();
    const note = (type: string, payload: Record<string, unknown>) => ({
      type,
      aggregate_type: 'note' as const,
      aggregate_id: noteId,
      payload,
    });
    const patientId = await registeredPatient(a);
    await execute(
      a.db,
      a.actor,
      note('DraftNote', { patient_id: patientId, visit_id: null, body: 'Cough, no fever.' }),
    );
    await a.sync();
    await b.sync();
    // A edits offline; B signs the note as it stands.
    await execute(
      a.db,
      a.actor,
      note('EditNote', { body: 'Cough, no fever. Chest clear.', based_on_revision: 1 }),
    );
    await execute(
      b.db,
      b.actor,
      note('SignNote', {
        content_sha256: await sha256Hex('Cough, no fever.'),
        based_on_revision: 1,
      }),
    );
    await b.sync();
    await a.sync();
    const [conflict] = await a.db.conflicts.toArray();
    expect(conflict).toMatchObject({
      command: { type: 'EditNote' },
      error: { code: 'illegal_state' },
    });
    expect((await a.db.notes.get(noteId))?.status).toBe('signed');
    await resolveConflict(
      a.db,
      a.actor,
      conflict!,
      'merge',
      {},
      note('AddNoteAddendum', {
        addendum_id: uuidv7(),
        body: 'Chest clear.',
      }),
    );
    await a.sync();
    await b.sync();
    for (const device of [a, b]) {
      expect(await device.db.notes.get(noteId)).toMatchObject({
        body: 'Cough, no fever.',
        status: 'signed',
        addenda: [{ body: 'Chest clear.' }],
      });
    }
  });

  it("keeps a note signed offline a week ago, marked with the server's receipt, and refuses a clock a week ahead", async () => {
    const admin = await signUpClinic(server.url);
    const doctor = await colleague(server.url, admin, 'doctor', 'Dr Achieng');
    const ward = await tablet(server, doctor);
    await ward.sync();
    const weekAgo = new Date(Date.now() - 7 * 24 * 3600_000);
    const noteId = uuidv7();
    const body = 'Seen at the outreach clinic. Malaria RDT negative.';
    const note = (type: string, payload: Record<string, unknown>) => ({
      type,
      aggregate_type: 'note' as const,
      aggregate_id: noteId,
      payload,
    });
    // Written and signed offline a week ago, pushed today.
    const patientId = await registeredPatient(ward);
    await execute(ward.db, ward.actor, note('DraftNote', { patient_id: patientId, body }), weekAgo);
    await execute(
      ward.db,
      ward.actor,
      note('SignNote', { content_sha256: await sha256Hex(body), based_on_revision: 1 }),
      weekAgo,
    );
    expect((await ward.db.notes.get(noteId))?.signature_stored_at).toBeNull();
    await ward.sync();
    expect(await ward.db.conflicts.count()).toBe(0);
    const signed = (await ward.db.notes.get(noteId))!;
    const signing = (await localStream(ward.db, noteId)).at(-1);
    expect(signing).toMatchObject({ type: 'NoteSigned', confirmed: 1 });
    expect(signed.signature!.signed_at).toBe(weekAgo.toISOString());
    expect(signing!.meta!.issued_at).toBe(weekAgo.toISOString());
    expect(signed.signature_stored_at).toBe(signing!.stored_at);
    expect(Date.parse(signed.signature_stored_at!) - weekAgo.getTime()).toBeGreaterThan(
      6 * 24 * 3600_000,
    );

    // A tablet whose clock runs a week ahead: the server refuses, naming the field.
    const weekAhead = new Date(Date.now() + 7 * 24 * 3600_000);
    const prescriptionId = uuidv7();
    const content = {
      patient_id: uuidv7(),
      visit_id: null,
      medications: [
        {
          name: 'Paracetamol 500 mg tablets',
          dosage: '1 g',
          frequency: 'four times a day',
          duration: '3 days',
          quantity: 24,
          instructions: null,
        },
      ],
      diagnosis: null,
    };
    await execute(
      ward.db,
      ward.actor,
      {
        type: 'IssuePrescription',
        aggregate_type: 'prescription',
        aggregate_id: prescriptionId,
        payload: { ...content, content_sha256: await sha256Hex(JSON.stringify(content)) },
      },
      weekAhead,
    );
    await ward.sync();
    const [refused] = await ward.db.conflicts.toArray();
    expect(refused).toMatchObject({
      kind: 'rejected',
      command: { type: 'IssuePrescription', issued_at: weekAhead.toISOString() },
      error: { code: 'validation', details: { issues: [{ path: 'issued_at' }] } },
    });
    expect(refused!.error.message).toMatch(
      /^issued_at .* more than 1 day after the server's clock/,
    );
    expect(await ward.db.outbox.count()).toBe(0);
  });

  it('keeps clinical text off a front-desk tablet, and fetches it when a doctor syncs on it', async () => {
    const admin = await signUpClinic(server.url);
    const doctor = await tablet(
      server,
      await colleague(server.url, admin, 'doctor', 'Amina Njoroge'),
    );
    const patientId = uuidv7();
    const noteId = uuidv7();
    await execute(doctor.db, doctor.actor, {
      type: 'RegisterPatient',
      aggregate_type: 'patient',
      aggregate_id: patientId,
      payload: jane,
    });
    await execute(doctor.db, doctor.actor, {
      type: 'DraftNote',
      aggregate_type: 'note',
      aggregate_id: noteId,
      payload: { patient_id: patientId, visit_id: null, body: 'HIV positive, started ART' },
    });
    await doctor.sync();

    const reception = await tablet(
      server,
      await colleague(server.url, admin, 'receptionist', 'Peter Kamau'),
    );
    await reception.sync();
    const everything = JSON.stringify([
      await reception.db.events.toArray(),
      await reception.db.streams.toArray(),
      await reception.db.notes.toArray(),
    ]);
    expect(everything).not.toContain('HIV positive');
    expect(await reception.db.notes.get(noteId)).toMatchObject({ patient_id: patientId });
    expect(await reception.db.patients.get(patientId)).toMatchObject({ full_name: 'Jane Wanjiru' });

    // The doctor signs in on the front desk's tablet: the full note comes down.
    const doctorSession = await colleague(server.url, admin, 'doctor', 'Juma Otieno');
    const api = new SyncApi(server.url, {
      token: doctorSession.token,
      refresh_token: doctorSession.refresh_token,
    });
    const actor = {
      hospitalId: doctorSession.user.hospital_id,
      userId: doctorSession.user.user_id,
      roles: doctorSession.user.roles,
    };
    await syncOnce(reception.db, api, actor, reception.deviceId);
    expect(await reception.db.notes.get(noteId)).toMatchObject({
      body: 'HIV positive, started ART',
    });
    expect(await redactedEvents(reception.db)).toEqual([]);
    expect(await reception.db.streams.where('redacted').equals(1).count()).toBe(0);
  });

  it("keeps a message's body off other people's tablets, and fetches it when its recipient syncs on one", async () => {
    const admin = await signUpClinic(server.url);
    const doctorSession = await colleague(server.url, admin, 'doctor', 'Amina Njoroge');
    const nurse = await tablet(server, await colleague(server.url, admin, 'nurse', 'Grace Otieno'));
    const messageId = uuidv7();
    await execute(nurse.db, nurse.actor, {
      type: 'SendMessage',
      aggregate_type: 'message',
      aggregate_id: messageId,
      payload: {
        recipient: { kind: 'person', user_id: doctorSession.user.user_id },
        body: 'Bed 3 has chest pain, please come',
      },
    });
    await nurse.sync();

    // Another doctor's tablet: the message is there, without its body, and stays so.
    let pulls = 0;
    const counting: typeof fetch = (input, init) => {
      if (String(input instanceof Request ? input.url : input).includes('/sync/pull')) pulls += 1;
      return fetch(input, init);
    };
    const other = await tablet(
      server,
      await colleague(server.url, admin, 'doctor', 'Brian Ochieng'),
      counting,
    );
    await other.sync();
    expect(await other.db.messages.get(messageId)).toMatchObject({
      from_user_id: nurse.actor.userId,
      body: null,
    });
    expect(
      JSON.stringify([await other.db.events.toArray(), await other.db.streams.toArray()]),
    ).not.toContain('chest pain');
    pulls = 0;
    await other.sync();
    expect(pulls, 'an unreadable message is not fetched again at every sync').toBe(1);

    // Its recipient signs in on that tablet: the body comes down.
    const api = new SyncApi(server.url, {
      token: doctorSession.token,
      refresh_token: doctorSession.refresh_token,
    });
    const actor = {
      hospitalId: doctorSession.user.hospital_id,
      userId: doctorSession.user.user_id,
      roles: doctorSession.user.roles,
    };
    await syncOnce(other.db, api, actor, other.deviceId);
    expect(await other.db.messages.get(messageId)).toMatchObject({
      body: 'Bed 3 has chest pain, please come',
    });
  });
});
