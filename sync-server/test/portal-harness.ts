import { testConfig } from '../src/config';
import { createHash } from 'node:crypto';
import {
  prescriptionSigningText,
  sha256HexOfText,
  uuidv7,
  type AggregateType,
  type PortalSignedIn,
  type PortalSignInStarted,
  type SessionResponse,
} from '@mymedic/shared';
import { expect } from 'vitest';
import { handClock, startSmsGateway, startSmtpServer } from './reminder-stand-ins';
import { api, registration, TestDevice } from './support';
import { signUpClinic, startTestServer, type TestServer } from './test-server';
import { WhatsAppStandIn } from './whatsapp-stand-in';

const gatewayToken = 'portal-gateway-token';

/**
 * A server whose portal can send codes on every channel, each to a stand-in that keeps
 * what it received (a real SMTP server, the SMS gateway's and WhatsApp's loopback
 * stand-ins), with the server's clock in the test's hand.
 */
export async function startPortalServer(
  databaseUrl: string | undefined,
  options: { whatsapp?: boolean; email?: boolean } = {},
) {
  const smtp = await startSmtpServer();
  const gateway = await startSmsGateway(gatewayToken);
  const whatsapp = await new WhatsAppStandIn().start();
  const clock = handClock();
  const server = await startTestServer({
    ...(databaseUrl ? { databaseUrl } : {}),
    clock: clock.now,
    config: {
      reminders: {
        ...testConfig().reminders,
        runSender: false,
        sendTimeoutMs: 3000,
        maxAttempts: 3,
        retryBaseMs: 60_000,
        smtp:
          options.email === false
            ? null
            : {
                host: '127.0.0.1',
                port: smtp.port,
                secure: false,
                user: null,
                password: null,
                from: 'clinic@hillside.example',
              },
        sms: { url: gateway.url, token: gatewayToken, senderId: 'Hillside' },
      },
      portal: {
        sessionHours: 12,
        resendSeconds: 60,
        codesPerContactPerHour: 5,
        codesPerPatientPerHour: 8,
        whatsapp:
          options.whatsapp === false
            ? null
            : {
                apiUrl: whatsapp.url,
                phoneNumberId: whatsapp.phoneNumberId,
                accessToken: whatsapp.accessToken,
                template: 'portal_sign_in_code',
                language: 'en',
              },
      },
    },
  });
  /** Every code each stand-in received, as [to, code], oldest first. */
  const received = () => ({
    email: smtp.mails.map((mail) => [mail.to[0]!, /\b(\d{6})\b/.exec(mail.raw)?.[1] ?? '']),
    sms: gateway.requests.map((request) => {
      const body = request.body as { to: string; text: string };
      return [body.to, /\b(\d{6})\b/.exec(body.text)?.[1] ?? ''];
    }),
    whatsapp: whatsapp.received.map((message) => [`+${message.to}`, message.parameters[0] ?? '']),
  });
  return {
    server,
    clock,
    smtp,
    gateway,
    whatsapp,
    received,
    /** The code a stand-in received last on a channel, waiting for it to arrive. */
    async codeSentBy(channel: 'email' | 'sms' | 'whatsapp', to: string, before = 0) {
      for (let waited = 0; waited < 5000; waited += 20) {
        const sent = received()[channel].filter(([address]) => address === to);
        if (sent.length > before) return sent.at(-1)![1]!;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      throw new Error(`no code reached ${to} by ${channel}`);
    },
    async close() {
      await server.close();
      await whatsapp.stop();
      await gateway.close();
      await smtp.close();
    },
  };
}
export type PortalServer = Awaited<ReturnType<typeof startPortalServer>>;

/** Pushes commands and expects each to be accepted. */
export async function accept(device: TestDevice, commands: ReturnType<TestDevice['command']>[]) {
  const { status, body } = await device.push(commands);
  expect(status).toBe(200);
  expect(body.results.map((result) => result.status)).toEqual(commands.map(() => 'accepted'));
  await device.pullAll();
}

/**
 * A clinic in Kenya (country code 254, Nairobi's clock) whose admin is also its doctor,
 * with that doctor-admin's tablet.
 */
export async function portalClinic(server: TestServer, name = 'Hillside Clinic') {
  const session: SessionResponse = await signUpClinic(server.url, name, {
    also_doctor: true,
    full_name: 'Dr Grace Okello',
  });
  const hospitalId = session.user.hospital_id;
  const device = new TestDevice(server.url, session);
  await device.pullAll();
  await accept(device, [
    device.command('ChangeHospitalSettings', 'hospital', hospitalId, {
      changes: {
        timezone: 'Africa/Nairobi',
        reminders: {
          channels: ['sms'],
          offsets_minutes: [1440],
          quiet_hours: null,
          fallback_language: 'English',
          country_calling_code: '254',
          templates: [{ channel: 'sms', language: 'English', body: 'See {doctor} at {time}.' }],
        },
      },
    }),
  ]);
  return { session, hospitalId, device, doctorId: session.user.user_id };
}

/** A patient registered on the tablet, in the read models once this returns. */
export async function registerPatient(
  server: TestServer,
  device: TestDevice,
  details: Record<string, unknown> = {},
) {
  const patientId = uuidv7();
  await accept(device, [
    device.command(
      'RegisterPatient',
      'patient',
      patientId,
      registration({
        full_name: 'Amina Yusuf',
        phone: '0712 345678',
        email: 'amina@example.org',
        ...details,
      }),
    ),
  ]);
  await server.app.projector.catchUp(device.session.user.hospital_id);
  return patientId;
}

export const startSignIn = (url: string, hospitalId: string, contact: string) =>
  api<PortalSignInStarted>(url, '/portal/api/sign-in/start', {
    body: { hospital_id: hospitalId, contact },
  });

export const verify = (url: string, challengeId: string, code: string) =>
  api<PortalSignedIn & { error?: { code: string; details?: { tries_left?: number } } }>(
    url,
    '/portal/api/sign-in/verify',
    { body: { challenge_id: challengeId, code } },
  );

/** Signs a patient in with the code that reached them; answers their portal token. */
export async function signInAsPatient(
  portal: PortalServer,
  hospitalId: string,
  contact: string,
  channel: 'email' | 'sms' | 'whatsapp',
  to: string,
) {
  const before = portal.received()[channel].filter(([address]) => address === to).length;
  const started = await startSignIn(portal.server.url, hospitalId, contact);
  expect(started.status).toBe(202);
  const code = await portal.codeSentBy(channel, to, before);
  const signedIn = await verify(portal.server.url, started.body.challenge_id, code);
  expect(signedIn.status).toBe(200);
  // The next code to this contact may go at once.
  portal.clock.set(portal.clock.now().getTime() + 61_000);
  return signedIn.body;
}

/** Ids of a patient's whole record, as `patientRecord` made it. */
export interface PatientRecord {
  patientId: string;
  upcoming: string;
  past: string;
  visitId: string;
  openVisitId: string;
  vitalsId: string;
  prescriptionId: string;
  sharedDocument: string;
  unsharedDocument: string;
  consentId: string;
  fileBytes: Buffer;
}

const day = 24 * 3600_000;

/**
 * A patient with one of everything the portal shows, and what it must not: an upcoming
 * and a past appointment, a completed visit (a diagnosis, a plan) and one still open,
 * vitals, a signed prescription, a document shared with them (its file uploaded) and one
 * not shared, a consent. In the read models once this returns.
 */
export async function patientRecord(
  server: TestServer,
  device: TestDevice,
  details: Record<string, unknown>,
): Promise<PatientRecord> {
  const patientId = await registerPatient(server, device, details);
  const doctorId = device.session.user.user_id;
  const ids = {
    upcoming: uuidv7(),
    past: uuidv7(),
    visitId: uuidv7(),
    openVisitId: uuidv7(),
    vitalsId: uuidv7(),
    prescriptionId: uuidv7(),
    sharedDocument: uuidv7(),
    unsharedDocument: uuidv7(),
    consentId: uuidv7(),
  };
  // A month ahead and a month back, apart for each patient so that no booking clashes.
  const apart = Math.floor(Math.random() * 10_000) * 20 * 60_000;
  const upcomingAt = new Date(Date.now() + 30 * day + apart).toISOString();
  const pastAt = new Date(Date.now() - 30 * day - apart).toISOString();
  const fileBytes = Buffer.from(`%PDF-1.4 lab results of ${patientId}`);
  const steps: [string, AggregateType, string, Record<string, unknown>][][] = [
    [
      [
        'ScheduleAppointment',
        'appointment',
        ids.upcoming,
        {
          patient_id: patientId,
          doctor_id: doctorId,
          location_id: null,
          starts_at: upcomingAt,
          duration_minutes: 20,
          visit_type: 'follow_up',
          reason: 'Review of the cough',
        },
      ],
      [
        'ScheduleAppointment',
        'appointment',
        ids.past,
        {
          patient_id: patientId,
          doctor_id: doctorId,
          location_id: null,
          starts_at: pastAt,
          duration_minutes: 20,
          visit_type: 'consultation',
          reason: 'Cough',
        },
      ],
      ['CheckInPatient', 'visit', ids.visitId, { patient_id: patientId, checked_in_at: pastAt }],
      [
        'CheckInPatient',
        'visit',
        ids.openVisitId,
        { patient_id: patientId, checked_in_at: new Date().toISOString() },
      ],
      [
        'RecordVitals',
        'vitals',
        ids.vitalsId,
        {
          patient_id: patientId,
          visit_id: ids.visitId,
          systolic: 128,
          diastolic: 84,
          pulse: 76,
          temperature_c: 37.9,
        },
      ],
      [
        'RecordConsent',
        'patient',
        patientId,
        {
          consent_id: ids.consentId,
          consent_type: 'sms_reminders',
          scope: 'Appointment reminders',
        },
      ],
    ],
    [['StartConsultation', 'visit', ids.visitId, {}]],
    [
      [
        'RecordDiagnosis',
        'visit',
        ids.visitId,
        {
          diagnosis_id: uuidv7(),
          code: 'J06.9',
          description: 'Acute upper respiratory infection',
          kind: 'primary',
        },
      ],
    ],
    [
      [
        'SetTreatmentPlan',
        'visit',
        ids.visitId,
        {
          plan: 'Rest, fluids, paracetamol for fever',
          follow_up_in_days: 30,
        },
      ],
    ],
    [['CompleteVisit', 'visit', ids.visitId, {}]],
    [
      [
        'AttachDocument',
        'document',
        ids.sharedDocument,
        {
          patient_id: patientId,
          visit_id: ids.visitId,
          category: 'lab_report',
          title: 'Full blood count',
          file_name: 'fbc.pdf',
          mime_type: 'application/pdf',
          size_bytes: fileBytes.length,
          sha256: createHash('sha256').update(fileBytes).digest('hex'),
        },
      ],
      [
        'AttachDocument',
        'document',
        ids.unsharedDocument,
        {
          patient_id: patientId,
          visit_id: ids.visitId,
          category: 'imaging',
          title: 'Chest X-ray',
          file_name: 'chest.jpg',
          mime_type: 'image/jpeg',
          size_bytes: 3,
          sha256: 'ab'.repeat(32),
        },
      ],
    ],
    [['ShareDocumentWithPatient', 'document', ids.sharedDocument, {}]],
  ];
  for (const step of steps)
    await accept(
      device,
      step.map(([type, aggregate, id, payload]) => device.command(type, aggregate, id, payload)),
    );
  const content = {
    patient_id: patientId,
    visit_id: ids.visitId,
    medications: [
      {
        name: 'Paracetamol 500 mg',
        dosage: '1 tablet',
        frequency: 'Four times a day',
        duration: '3 days',
        quantity: 12,
        instructions: 'After food',
      },
    ],
    diagnosis: 'Acute upper respiratory infection',
  };
  await accept(device, [
    device.command('IssuePrescription', 'prescription', ids.prescriptionId, {
      ...content,
      content_sha256: sha256HexOfText(prescriptionSigningText(content)),
    }),
  ]);
  const uploaded = await fetch(
    `${server.url}/files/${createHash('sha256').update(fileBytes).digest('hex')}`,
    {
      method: 'PUT',
      headers: { 'content-type': 'application/pdf', authorization: `Bearer ${device.token}` },
      body: fileBytes,
    },
  );
  expect(uploaded.status).toBe(201);
  await server.app.projector.catchUp(device.session.user.hospital_id);
  return { patientId, ...ids, fileBytes };
}

/**
 * Every route the server registered, as [method, path] (HEAD and OPTIONS left out), read
 * from Fastify's own tree of routes.
 */
export function registeredRoutes(app: TestServer['app']): [string, string][] {
  const routes: [string, string][] = [];
  const stack: string[] = [];
  for (const line of app.printRoutes({ commonPrefix: false }).split('\n')) {
    const match = /^([│ ]*)[├└]── (\S+) \(([A-Z, ]+)\)$/.exec(line);
    if (!match) continue;
    const depth = match[1]!.length / 4;
    const path = (stack[depth - 1] ?? '') + match[2]!;
    stack[depth] = path;
    stack.length = depth + 1;
    for (const method of match[3]!.split(', '))
      if (method !== 'HEAD' && method !== 'OPTIONS') routes.push([method, path]);
  }
  return routes;
}
