import type { PortalAppointment } from '@mymedic/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, testDatabases } from '../../test/support';
import {
  accept,
  patientRecord,
  portalClinic,
  signInAsPatient,
  startPortalServer,
  type PatientRecord,
  type PortalServer,
} from '../../test/portal-harness';

interface Answered {
  appointment?: PortalAppointment;
  consents?: { consent_id: string; type: string; withdrawn_at: string | null }[];
  error?: { code: string; message: string };
}

describe.each(testDatabases)('the patient portal’s answers on $name', ({ url }) => {
  let portal: PortalServer;
  let hillside: Awaited<ReturnType<typeof portalClinic>>;
  let amina: PatientRecord;
  let token: string;

  beforeAll(async () => {
    portal = await startPortalServer(url);
    hillside = await portalClinic(portal.server);
    amina = await patientRecord(portal.server, hillside.device, {
      full_name: 'Amina Yusuf',
      phone: '0712 555666',
      email: 'amina@example.org',
    });
    token = (
      await signInAsPatient(
        portal,
        hillside.hospitalId,
        '0712 555 666',
        'whatsapp',
        '+254712555666',
      )
    ).token;
  });
  afterAll(() => portal.close());

  const post = (path: string, body: unknown = {}) =>
    api<Answered>(portal.server.url, path, { token, body });
  /** The staff tablet's view: the events it pulls of one aggregate. */
  const pulled = async (aggregateId: string) => {
    await hillside.device.pullAll();
    return hillside.device.streamOf(aggregateId);
  };

  it('confirms, asks to cancel and asks to move; the clinic pulls each answer', async () => {
    const confirmed = await post(`/portal/api/appointments/${amina.upcoming}/confirm`);
    expect(confirmed.status).toBe(200);
    expect(confirmed.body.appointment).toMatchObject({
      appointment_id: amina.upcoming,
      status: 'scheduled',
      patient_response: { kind: 'confirmed', via: 'portal', note: null },
      version: 2,
    });
    const events = await pulled(amina.upcoming);
    expect(events.at(-1)).toMatchObject({
      type: 'AppointmentConfirmed',
      data: { via: 'portal' },
      meta: { user_id: hillside.hospitalId, device_id: 'server' },
    });
    // A second tap adds nothing.
    expect((await post(`/portal/api/appointments/${amina.upcoming}/confirm`)).status).toBe(200);
    expect(await pulled(amina.upcoming)).toHaveLength(events.length);

    const move = await post(`/portal/api/appointments/${amina.upcoming}/move`, {
      preference: 'Any morning next week',
    });
    expect(move.body.appointment?.patient_response).toMatchObject({
      kind: 'move_requested',
      note: 'Any morning next week',
    });
    const cancel = await post(`/portal/api/appointments/${amina.upcoming}/cancel`, {
      reason: 'Feeling better',
    });
    expect(cancel.status).toBe(200);
    // A request changes no slot: the front desk acts on it.
    expect(cancel.body.appointment).toMatchObject({
      status: 'scheduled',
      patient_response: { kind: 'cancellation_requested', note: 'Feeling better' },
    });
    expect((await pulled(amina.upcoming)).slice(-2).map((event) => event.type)).toEqual([
      'AppointmentMoveRequested',
      'AppointmentCancellationRequested',
    ]);
    const listed = await api<{ upcoming: PortalAppointment[] }>(
      portal.server.url,
      '/portal/api/appointments',
      { token },
    );
    expect(listed.body.upcoming[0]?.patient_response?.kind).toBe('cancellation_requested');

    // The clinic moves it: the answer was about the old slot.
    const { device } = hillside;
    await accept(device, [
      device.command('RescheduleAppointment', 'appointment', amina.upcoming, {
        starts_at: new Date(
          Date.parse(cancel.body.appointment!.starts_at) + 7 * 24 * 3600_000,
        ).toISOString(),
        duration_minutes: 20,
      }),
    ]);
    const moved = await api<{ upcoming: PortalAppointment[] }>(
      portal.server.url,
      '/portal/api/appointments',
      { token },
    );
    expect(moved.body.upcoming[0]?.patient_response).toBeNull();
  });

  it('refuses an answer the appointment no longer takes, with the domain’s words', async () => {
    const pastAnswer = await post(`/portal/api/appointments/${amina.past}/confirm`);
    expect(pastAnswer.status).toBe(409);
    expect(pastAnswer.body.error).toMatchObject({
      code: 'illegal_state',
      message: 'The appointment has already started',
      key: 'appointment.alreadyStarted',
    });
    const { device } = hillside;
    await accept(device, [
      device.command('CancelAppointment', 'appointment', amina.upcoming, { reason: 'Asked to' }),
    ]);
    const cancelled = await post(`/portal/api/appointments/${amina.upcoming}/move`, {});
    expect(cancelled.status).toBe(409);
    expect(cancelled.body.error?.message).toBe('The appointment is no longer booked');
  });

  it('refuses bad bodies with a 4xx and stores nothing', async () => {
    const head = () => portal.server.app.store.head(hillside.hospitalId);
    const before = await head();
    const bad: [string, unknown][] = [
      [`/portal/api/appointments/${amina.upcoming}/confirm`, { via: 'phone' }],
      [`/portal/api/appointments/${amina.upcoming}/cancel`, { reason: 'x'.repeat(501) }],
      [`/portal/api/appointments/${amina.upcoming}/cancel`, { reason: 42 }],
      [`/portal/api/appointments/${amina.upcoming}/move`, { preference: ['soon'] }],
      [`/portal/api/appointments/${amina.upcoming.toUpperCase()}/move`, {}],
      ['/portal/api/appointments/not-an-id/confirm', {}],
      ['/portal/api/consents', { type: 'everything' }],
      ['/portal/api/consents', {}],
      ['/portal/api/consents', { type: 'research', consent_id: amina.consentId }],
      [`/portal/api/consents/${amina.consentId}/withdraw`, { reason: { why: 1 } }],
      ['/portal/api/consents/nope/withdraw', {}],
    ];
    for (const [path, body] of bad) {
      const answer = await post(path, body);
      expect([path, answer.status]).toEqual([path, 400]);
      expect(answer.body.error?.code).toBe('invalid_request');
    }
    const notJson = await api(
      portal.server.url,
      `/portal/api/appointments/${amina.upcoming}/confirm`,
      {
        token,
        rawBody: '{"oops"',
      },
    );
    expect(notJson.status).toBe(400);
    expect(await head()).toBe(before);
  });

  it('grants and withdraws consents, which the clinic pulls', async () => {
    const granted = await post('/portal/api/consents', { type: 'whatsapp_reminders' });
    expect(granted.status).toBe(200);
    const whatsapp = granted.body.consents?.find(
      (consent) => consent.type === 'whatsapp_reminders',
    );
    expect(whatsapp).toMatchObject({ withdrawn_at: null });
    expect((await pulled(amina.patientId)).at(-1)).toMatchObject({
      type: 'ConsentRecorded',
      data: { consent_type: 'whatsapp_reminders', consent_id: whatsapp!.consent_id },
    });
    // Given already: nothing more recorded.
    const length = (await pulled(amina.patientId)).length;
    expect((await post('/portal/api/consents', { type: 'whatsapp_reminders' })).status).toBe(200);
    expect(await pulled(amina.patientId)).toHaveLength(length);

    const withdrawn = await post(`/portal/api/consents/${amina.consentId}/withdraw`, {});
    expect(withdrawn.status).toBe(200);
    expect(
      withdrawn.body.consents?.find((consent) => consent.consent_id === amina.consentId),
    ).toMatchObject({ type: 'sms_reminders', withdrawn_at: expect.any(String) as string });
    expect((await pulled(amina.patientId)).at(-1)).toMatchObject({
      type: 'ConsentWithdrawn',
      data: {
        consent_id: amina.consentId,
        reason: 'Withdrawn by the patient in the patient portal',
      },
    });
    const twice = await post(`/portal/api/consents/${amina.consentId}/withdraw`, {});
    expect(twice.status).toBe(409);
    expect(twice.body.error?.message).toBe('The consent is already withdrawn');
  });
});
