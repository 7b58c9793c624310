import { afterEach, describe, expect, it } from 'vitest';
import type { Appointments } from './api';
import { withAppointment } from './answers';
import {
  forgetSession,
  keepAnswer,
  keptAnswer,
  loadSession,
  PortalDatabase,
  rememberClinic,
  rememberedClinic,
  saveSession,
} from './db';

const clinic = {
  hospital_id: 'h1',
  name: 'Hillside Clinic',
  timezone: 'Africa/Nairobi',
  country: 'KE',
};
const jane = { patient_id: 'p-jane', full_name: 'Jane Wanjiru' };
const peter = { patient_id: 'p-peter', full_name: 'Peter Otieno' };
const appointments: Appointments = {
  upcoming: [
    {
      appointment_id: 'a1',
      starts_at: '2026-12-03T09:00:00Z',
      duration_minutes: 20,
      status: 'scheduled',
      visit_type: 'consultation',
      doctor_name: 'Dr Achieng',
      location_name: null,
      patient_response: null,
      version: 1,
    },
  ],
  past: [],
};

let databases: PortalDatabase[] = [];
function freshDatabase() {
  const db = new PortalDatabase(`mymedic-portal-test-${databases.length}-${Date.now()}`);
  databases.push(db);
  return db;
}
afterEach(async () => {
  await Promise.all(databases.map((db) => db.delete()));
  databases = [];
});

describe("the portal's database", () => {
  it('keeps the last answers of the patient signed in, with when they were loaded', async () => {
    const db = freshDatabase();
    await saveSession(
      { token: 't', expires_at: '2026-12-01T22:00:00Z', patient: jane, clinic },
      db,
    );
    const loadedAt = new Date('2026-12-01T10:00:00Z');
    await keepAnswer('appointments', jane.patient_id, appointments, loadedAt, db);
    const kept = await keptAnswer('appointments', jane.patient_id, db);
    expect(kept?.body).toEqual(appointments);
    expect(kept?.loaded_at).toBe('2026-12-01T10:00:00.000Z');
    // Never shown to someone else.
    expect(await keptAnswer('appointments', peter.patient_id, db)).toBeNull();
  });

  it("drops another patient's answers when someone new signs in, and everything at sign-out", async () => {
    const db = freshDatabase();
    await saveSession({ token: 't1', expires_at: 'x', patient: jane, clinic }, db);
    await keepAnswer('appointments', jane.patient_id, appointments, new Date(), db);
    await saveSession({ token: 't2', expires_at: 'x', patient: jane, clinic }, db);
    expect(await keptAnswer('appointments', jane.patient_id, db)).not.toBeNull();
    await saveSession({ token: 't3', expires_at: 'x', patient: peter, clinic }, db);
    expect(await db.answers.count()).toBe(0);
    expect((await loadSession(db))?.patient).toEqual(peter);

    await keepAnswer('appointments', peter.patient_id, appointments, new Date(), db);
    await rememberClinic(clinic, db);
    await forgetSession(db);
    expect(await loadSession(db)).toBeNull();
    expect(await db.answers.count()).toBe(0);
    // The clinic stays (with its clock), so the sign-in still knows where it is.
    expect(await rememberedClinic(db)).toEqual(clinic);
  });

  it("puts the server's new copy of an appointment in place of the kept one", () => {
    const confirmed = {
      ...appointments.upcoming[0]!,
      version: 2,
      patient_response: {
        kind: 'confirmed' as const,
        via: 'portal',
        at: '2026-12-01T10:05:00Z',
        note: null,
      },
    };
    const other = { ...confirmed, appointment_id: 'elsewhere' };
    expect(withAppointment(appointments, confirmed)).toEqual({ upcoming: [confirmed], past: [] });
    expect(withAppointment(appointments, other)).toEqual(appointments);
  });
});
