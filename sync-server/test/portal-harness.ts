import {
  uuidv7,
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
 * A clinic in Kenya (country code 254) whose admin is also its doctor, with that
 * doctor-admin's tablet.
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
