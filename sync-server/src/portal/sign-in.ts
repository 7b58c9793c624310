import {
  clinicCountry,
  issueAt,
  phoneInE164,
  portalCodeMinutes,
  portalCodeTries,
  refusal,
  uuidv7,
  type PortalCodeChannel,
  type PortalSignInStarted,
} from '@mymedic/shared';
import type { Database, Sql } from '../db/database';
import { asPortalPatient, asSignIn, withTenant } from '../db/tenant';
import { HttpError } from '../errors';
import type { PortalSettings } from '../portal-config';
import { clinicName, readClinic } from './clinic';
import type { CodeChannel, OutgoingCode } from './code-channels';
import {
  codeMatches,
  hashCode,
  maskedContact,
  newCode,
  understandContact,
  type TypedContact,
} from './codes';

export interface SignInServices {
  database: Database;
  /** Keys the codes' hashes. */
  codeSecret: string;
  clock: () => Date;
  settings: PortalSettings;
  channels: readonly CodeChannel[];
}

/** A code to send once the challenge is stored, on the first channel that takes it. */
export interface Delivery {
  code: OutgoingCode;
  channels: CodeChannel[];
}

const hourMs = 60 * 60 * 1000;

/**
 * The channel a contact's code goes by, and the ones tried after it. It depends on the
 * kind of contact and on this server's channels alone, never on the patient (their
 * consents, whether they exist), so that the answer tells a stranger nothing: an email
 * address by email; a phone number by WhatsApp when the server has it, then by SMS.
 */
function channelsFor(contact: TypedContact, channels: readonly CodeChannel[]): CodeChannel[] {
  const order: PortalCodeChannel[] = contact.kind === 'email' ? ['email'] : ['whatsapp', 'sms'];
  return order.flatMap((name) => channels.filter((channel) => channel.name === name));
}

interface Match {
  patient_id: string;
  phone: string | null;
  email: string | null;
}

/**
 * The one patient on record (not archived) with this contact, or null: none, or several
 * (a family sharing one phone), whom a code could not tell apart. As the application
 * role: no patient is known yet, so the portal's role could read none.
 */
async function patientWithContact(sql: Sql, hospitalId: string, contact: TypedContact) {
  const { rows } = await sql.query<Match>(
    `SELECT patient_id, state -> 'details' ->> 'phone' AS phone,
            state -> 'details' ->> 'email' AS email
       FROM patients
      WHERE hospital_id = $1 AND NOT archived
        AND CASE WHEN $2 = 'phone'
                 THEN length(phone_digits) >= 7 AND right(phone_digits, length($3)) = $3
                 ELSE lower(state -> 'details' ->> 'email') = $3 END
      LIMIT 2`,
    [hospitalId, contact.kind, contact.key],
  );
  return rows.length === 1 ? rows[0]! : null;
}

/**
 * How long to wait before another code may go to this contact or patient, in seconds;
 * 0 when one may go now. One code per `resendSeconds` to a contact, and at most so many
 * an hour to a contact and to a patient.
 */
async function secondsToWait(
  sql: Sql,
  settings: PortalSettings,
  hospitalId: string,
  contactKey: string,
  patientId: string | null,
  now: Date,
) {
  const { rows } = await sql.query<{
    to_contact: number;
    first_to_contact: number | null;
    last_to_contact: number | null;
    to_patient: number;
    first_to_patient: number | null;
  }>(
    `SELECT count(*) FILTER (WHERE contact_key = $2)::int AS to_contact,
            (extract(epoch FROM min(created_at) FILTER (WHERE contact_key = $2)) * 1000)::float8
              AS first_to_contact,
            (extract(epoch FROM max(created_at) FILTER (WHERE contact_key = $2)) * 1000)::float8
              AS last_to_contact,
            count(*) FILTER (WHERE patient_id = $3)::int AS to_patient,
            (extract(epoch FROM min(created_at) FILTER (WHERE patient_id = $3)) * 1000)::float8
              AS first_to_patient
       FROM portal_challenges
      WHERE hospital_id = $1 AND created_at > $4::timestamptz
        AND (contact_key = $2 OR patient_id = $3)`,
    [hospitalId, contactKey, patientId, new Date(now.getTime() - hourMs).toISOString()],
  );
  const seen = rows[0]!;
  const at = now.getTime();
  const waits = [0];
  if (seen.last_to_contact !== null)
    waits.push(seen.last_to_contact + settings.resendSeconds * 1000 - at);
  if (seen.to_contact >= settings.codesPerContactPerHour && seen.first_to_contact !== null)
    waits.push(seen.first_to_contact + hourMs - at);
  if (seen.to_patient >= settings.codesPerPatientPerHour && seen.first_to_patient !== null)
    waits.push(seen.first_to_patient + hourMs - at);
  const longest = Math.max(...waits);
  return longest > 0 ? Math.ceil(longest / 1000) : 0;
}

/**
 * `POST /portal/api/sign-in/start`: stores a challenge and answers where its code goes.
 * A contact no patient has gets a challenge too (that no code can open, and whose code
 * goes nowhere), so the answer is the same whoever asks. The code itself is sent after
 * the answer (`Delivery`), so how long a provider takes tells nothing either.
 */
export async function startSignIn(
  services: SignInServices,
  hospitalId: string,
  typed: string,
): Promise<{ started: PortalSignInStarted; delivery: Delivery | null }> {
  const clinic = await asPortalPatient(services.database, hospitalId, null, (sql) =>
    readClinic(sql, hospitalId),
  );
  if (!clinic) throw new HttpError(404, 'not_found', refusal('portal.noSuchClinic'));
  const country = clinicCountry(clinic.settings);
  const contact = understandContact(typed, country);
  if (!contact) {
    const said = refusal('portal.typeContact');
    throw new HttpError(400, 'invalid_request', said, { issues: [issueAt('contact', said)] });
  }
  const channels = channelsFor(contact, services.channels);
  if (channels.length === 0) {
    throw new HttpError(
      422,
      'channel_unavailable',
      refusal(contact.kind === 'email' ? 'portal.noEmailCodes' : 'portal.noTextCodes'),
    );
  }
  const now = services.clock();
  const code = newCode();
  const challengeId = uuidv7();
  const expiresAt = new Date(now.getTime() + portalCodeMinutes * 60 * 1000);
  const patient = await withTenant(services.database, hospitalId, async (sql) => {
    // One request per contact at a time, so that two cannot both slip under the limits.
    await sql.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [
      `portal_challenges:${hospitalId}:${contact.key}`,
    ]);
    const found = await patientWithContact(sql, hospitalId, contact);
    const wait = await secondsToWait(
      sql,
      services.settings,
      hospitalId,
      contact.key,
      found?.patient_id ?? null,
      now,
    );
    if (wait > 0) {
      throw new HttpError(
        429,
        'rate_limited',
        refusal('portal.codeJustSent'),
        { retry_after_seconds: wait },
        { 'retry-after': String(wait) },
      );
    }
    // Only the newest code to a contact opens: earlier ones are closed.
    await sql.query(
      `UPDATE portal_challenges SET closed_at = $3::timestamptz
        WHERE hospital_id = $1 AND contact_key = $2 AND closed_at IS NULL`,
      [hospitalId, contact.key, now.toISOString()],
    );
    await sql.query(
      `INSERT INTO portal_challenges (challenge_id, hospital_id, patient_id, contact_key, code_hash,
                                      sent_via, created_at, expires_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7::timestamptz, $8::timestamptz)`,
      [
        challengeId,
        hospitalId,
        found?.patient_id ?? null,
        contact.key,
        hashCode(services.codeSecret, challengeId, code),
        channels[0]!.name,
        now.toISOString(),
        expiresAt.toISOString(),
      ],
    );
    return found;
  });
  const started: PortalSignInStarted = {
    challenge_id: challengeId,
    sent_via: channels[0]!.name,
    sent_to: maskedContact(contact),
    expires_at: expiresAt.toISOString(),
  };
  // The code goes to the contact on record (the one typed matched it), as dialled.
  const to =
    patient &&
    (contact.kind === 'email'
      ? patient.email?.trim().toLowerCase()
      : patient.phone && phoneInE164(patient.phone, country));
  const delivery: Delivery | null = to
    ? {
        code: { hospitalId, challengeId, to, code, clinicName: clinicName(clinic) },
        channels,
      }
    : null;
  return { started, delivery };
}

/** Sends a code on the first of its channels that takes it; what failed is returned. */
export async function deliver(delivery: Delivery, timeoutMs: number): Promise<string[]> {
  const failures: string[] = [];
  for (const channel of delivery.channels) {
    try {
      await channel.send(delivery.code, AbortSignal.timeout(timeoutMs));
      return failures;
    } catch (error) {
      failures.push(`${channel.name}: ${(error as Error).message}`);
    }
  }
  return failures;
}

export type Verification =
  | {
      outcome: 'signed-in';
      hospitalId: string;
      patientId: string;
      sessionId: string;
      expiresAt: Date;
    }
  | { outcome: 'wrong-code'; triesLeft: number }
  | { outcome: 'closed' };

interface ChallengeRow {
  hospital_id: string;
  patient_id: string | null;
  code_hash: string;
  tries: number;
  dead: boolean;
}

/**
 * `POST /portal/api/sign-in/verify`: the right code of an open challenge begins a portal
 * session; a wrong one counts, and the fifth closes the challenge. Runs as the sign-in
 * role (only the challenge is known, not its hospital). Answers as a value, so that a
 * wrong code's count commits.
 */
export function verifyCode(
  services: SignInServices,
  challengeId: string,
  code: string,
): Promise<Verification> {
  const now = services.clock();
  return asSignIn(services.database, async (sql): Promise<Verification> => {
    const { rows } = await sql.query<ChallengeRow>(
      `SELECT hospital_id, patient_id, code_hash, tries,
              (closed_at IS NOT NULL OR expires_at <= $2::timestamptz OR tries >= $3) AS dead
         FROM portal_challenges WHERE challenge_id = $1 FOR UPDATE`,
      [challengeId, now.toISOString(), portalCodeTries],
    );
    const challenge = rows[0];
    if (!challenge || challenge.dead) return { outcome: 'closed' };
    const right = codeMatches(services.codeSecret, challengeId, code, challenge.code_hash);
    if (!right || challenge.patient_id === null) {
      const tries = challenge.tries + 1;
      await sql.query(
        `UPDATE portal_challenges
            SET tries = $2::int, closed_at = CASE WHEN $2::int >= $3::int THEN $4::timestamptz END
          WHERE challenge_id = $1`,
        [challengeId, tries, portalCodeTries, now.toISOString()],
      );
      return { outcome: 'wrong-code', triesLeft: Math.max(0, portalCodeTries - tries) };
    }
    const sessionId = uuidv7();
    const expiresAt = new Date(now.getTime() + services.settings.sessionHours * hourMs);
    await sql.query(
      `UPDATE portal_challenges SET closed_at = $2::timestamptz WHERE challenge_id = $1`,
      [challengeId, now.toISOString()],
    );
    await sql.query(
      `INSERT INTO portal_sessions (hospital_id, session_id, patient_id, challenge_id, created_at, expires_at)
       VALUES ($1, $2, $3, $4, $5::timestamptz, $6::timestamptz)`,
      [
        challenge.hospital_id,
        sessionId,
        challenge.patient_id,
        challengeId,
        now.toISOString(),
        expiresAt.toISOString(),
      ],
    );
    return {
      outcome: 'signed-in',
      hospitalId: challenge.hospital_id,
      patientId: challenge.patient_id,
      sessionId,
      expiresAt,
    };
  });
}
