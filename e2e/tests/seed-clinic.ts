import { expect } from '@playwright/test';
import { uniqueName } from './support';
import { request } from './tls';

/**
 * A hospital of its own for the specs that look at every screen: signed up through the
 * API with a founder who is its admin and a doctor (so one person sees every screen),
 * with one patient who has an appointment today and one in two days, a visit in
 * consultation with vitals, a consent and a message, all sent as the tablets would.
 */

export interface SeededClinic {
  hospitalId: string;
  email: string;
  password: string;
  patient: { id: string; name: string; phone: string };
  visitId: string;
}

/** A POST to the server as the token's holder (none to sign in); fails the test unless 2xx. */
export async function staffCall<Answer>(
  baseURL: string,
  path: string,
  token: string | null,
  body: unknown,
): Promise<Answer> {
  const answer = await request(`${baseURL}${path}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: JSON.stringify(body),
  });
  expect(answer.status, `${path}: ${answer.body}`).toBeLessThan(300);
  return JSON.parse(answer.body) as Answer;
}

/** A staff member's session through the API, as a tablet signs in. */
export const staffSignIn = (baseURL: string, email: string, password: string) =>
  staffCall<{ token: string; user: { user_id: string; hospital_id: string } }>(
    baseURL,
    '/auth/login',
    null,
    { email, password },
  );

/** Sends commands as the person whose token it is: `command('record-vitals', body)`. */
export const commandsAs =
  (baseURL: string, token: string) =>
  <Answer = { aggregate_id: string; version: number }>(name: string, body: unknown) =>
    staffCall<Answer>(baseURL, `/commands/${name}`, token, body);

/**
 * A visit for the patient, checked in as a walk-in, triaged and in consultation with
 * the doctor, with one set of vitals: the visit page as a doctor finds it.
 */
export async function visitInConsultation(
  baseURL: string,
  doctor: { token: string; user: { user_id: string } },
  patientId: string,
): Promise<string> {
  const command = commandsAs(baseURL, doctor.token);
  const visit = await command('check-in-patient', {
    payload: {
      patient_id: patientId,
      appointment_id: null,
      doctor_id: doctor.user.user_id,
      location_id: null,
    },
  });
  const triaged = await command('record-triage', {
    aggregate_id: visit.aggregate_id,
    expected_version: visit.version,
    payload: { priority: 'routine', complaint: 'Headaches for three days' },
  });
  await command('start-consultation', {
    aggregate_id: visit.aggregate_id,
    expected_version: triaged.version,
    payload: {},
  });
  await command('record-vitals', {
    payload: {
      patient_id: patientId,
      visit_id: visit.aggregate_id,
      systolic: 142,
      diastolic: 91,
      pulse: 78,
      temperature_c: 36.9,
      weight_kg: 71.5,
      height_cm: 163,
    },
  });
  return visit.aggregate_id;
}

/** A time on the quarter hour, at least `hours` from now. */
function later(hours: number) {
  const at = new Date(Date.now() + hours * 3600_000);
  at.setUTCMinutes(Math.ceil(at.getUTCMinutes() / 15) * 15, 0, 0);
  return at.toISOString();
}

/**
 * A time today on the clinic's clock (UTC: the hospital sets no zone), an hour from now,
 * or the day's last quarter hour when less than that is left: from 22:45 an hour from now
 * is tomorrow, and the day's calendar would not show the appointment.
 */
function laterToday() {
  const soon = later(1);
  const lastQuarter = new Date();
  lastQuarter.setUTCHours(23, 45, 0, 0);
  return soon.slice(0, 10) === lastQuarter.toISOString().slice(0, 10)
    ? soon
    : lastQuarter.toISOString();
}

export async function seedClinic(baseURL: string): Promise<SeededClinic> {
  const stamp = `${Date.now()}`;
  const email = `axe-founder-${stamp}@example.com`;
  const password = 'a long enough password for axe';
  const founder = await staffCall<{
    token: string;
    user: { user_id: string; hospital_id: string };
  }>(baseURL, '/auth/signup', null, {
    organization: { kind: 'hospital', name: 'Kilifi County Referral Hospital', country: 'KE' },
    admin: { full_name: 'Dr. Halima Chende', email, password, also_doctor: true },
    device_id: `axe-seed-${stamp}`,
  });
  const command = commandsAs(baseURL, founder.token);

  const name = uniqueName('Wanjiru Mwende');
  const phone = `+2547${String(Math.floor(10_000_000 + Math.random() * 89_999_999))}`;
  const patient = await command('register-patient', {
    payload: { full_name: name, date_of_birth: '1980-04-02', gender: 'female', phone },
  });
  await command('record-consent', {
    aggregate_id: patient.aggregate_id,
    expected_version: patient.version,
    payload: {
      consent_id: crypto.randomUUID(),
      consent_type: 'sms_reminders',
      scope: 'Appointment reminders by text message',
    },
  });
  for (const startsAt of [laterToday(), later(48)]) {
    await command('schedule-appointment', {
      payload: {
        patient_id: patient.aggregate_id,
        doctor_id: founder.user.user_id,
        location_id: null,
        starts_at: startsAt,
        duration_minutes: 20,
        visit_type: 'follow_up',
        reason: 'Blood pressure check',
        overbooking_intended: true,
      },
    });
  }
  const visitId = await visitInConsultation(baseURL, founder, patient.aggregate_id);
  await command('send-message', {
    payload: {
      recipient: { kind: 'role', role: 'nurse' },
      body: 'Please take the blood pressure of the patient in room 2 again at noon.',
    },
  });
  return {
    hospitalId: founder.user.hospital_id,
    email,
    password,
    patient: { id: patient.aggregate_id, name, phone },
    visitId,
  };
}
