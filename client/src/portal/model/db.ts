import Dexie, { type Table } from 'dexie';
import type { AnswerName, Answers, Clinic, PortalPatient } from './api';

/** Who is signed in to the portal on this phone, and at which clinic. */
export interface PortalSession {
  key: 'current';
  token: string;
  expires_at: string;
  patient: PortalPatient;
  clinic: Clinic;
}

/** The last answer the server gave to one read, kept to be shown offline. */
export interface KeptAnswer<Name extends AnswerName = AnswerName> {
  name: Name;
  patient_id: string;
  body: Answers[Name];
  loaded_at: string;
}

/**
 * The portal's own database (`mymedic-portal`), apart from the staff app's: the session
 * and the last loaded answers. Sign-out empties it, so the next person to pick up the
 * phone finds nothing of the last one.
 */
export class PortalDatabase extends Dexie {
  session!: Table<PortalSession, 'current'>;
  answers!: Table<KeptAnswer, AnswerName>;
  /** The clinic this phone opened the portal for, kept across sign-outs. */
  clinic!: Table<Clinic & { key: 'current' }, 'current'>;

  constructor(name = 'mymedic-portal') {
    super(name);
    this.version(1).stores({ session: 'key', answers: 'name', clinic: 'key' });
  }
}

export const portalDb = new PortalDatabase();

export async function loadSession(db = portalDb): Promise<PortalSession | null> {
  return (await db.session.get('current')) ?? null;
}

/** A new session; answers kept for somebody else are dropped first. */
export async function saveSession(
  session: Omit<PortalSession, 'key'>,
  db = portalDb,
): Promise<PortalSession> {
  const stored: PortalSession = { key: 'current', ...session };
  await db.transaction('rw', db.session, db.answers, async () => {
    await db.answers.filter((kept) => kept.patient_id !== session.patient.patient_id).delete();
    await db.session.put(stored);
  });
  return stored;
}

/** Forgets the session and everything loaded under it. */
export async function forgetSession(db = portalDb): Promise<void> {
  await db.transaction('rw', db.session, db.answers, async () => {
    await db.session.clear();
    await db.answers.clear();
  });
}

export async function keepAnswer<Name extends AnswerName>(
  name: Name,
  patientId: string,
  body: Answers[Name],
  loadedAt = new Date(),
  db = portalDb,
): Promise<KeptAnswer<Name>> {
  const kept: KeptAnswer<Name> = {
    name,
    patient_id: patientId,
    body,
    loaded_at: loadedAt.toISOString(),
  };
  await db.answers.put(kept);
  return kept;
}

/** The kept answer to a read, only if it was loaded for this patient. */
export async function keptAnswer<Name extends AnswerName>(
  name: Name,
  patientId: string,
  db = portalDb,
): Promise<KeptAnswer<Name> | null> {
  const kept = await db.answers.get(name);
  return kept && kept.patient_id === patientId ? (kept as unknown as KeptAnswer<Name>) : null;
}

export async function rememberClinic(clinic: Clinic, db = portalDb): Promise<void> {
  await db.clinic.put({ key: 'current', ...clinic });
}

export async function rememberedClinic(db = portalDb): Promise<Clinic | null> {
  const kept = await db.clinic.get('current');
  if (!kept) return null;
  const { key: _key, ...clinic } = kept;
  return clinic;
}

export const answerNames: AnswerName[] = [
  'me',
  'appointments',
  'visits',
  'prescriptions',
  'vitals',
  'documents',
];
