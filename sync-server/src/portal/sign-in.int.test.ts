import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, testDatabases } from '../../test/support';
import {
  portalClinic,
  registerPatient,
  startPortalServer,
  startSignIn,
  verify,
  type PortalServer,
} from '../../test/portal-harness';

const minute = 60_000;

describe.each(testDatabases)('portal sign-in on $name', ({ url }) => {
  let portal: PortalServer;
  beforeAll(async () => {
    portal = await startPortalServer(url);
  });
  afterAll(() => portal.close());

  /** A clinic with Amina on record, reachable at 0712 345678 and amina@example.org. */
  async function clinicWithAmina(phone = `07${String(Math.random()).slice(2, 10)}`) {
    const clinic = await portalClinic(portal.server);
    const email = `amina-${phone}@example.org`;
    const patientId = await registerPatient(portal.server, clinic.device, { phone, email });
    return { ...clinic, patientId, phone, email, e164: `+254${phone.slice(1)}` };
  }
  const later = (milliseconds: number) =>
    portal.clock.set(portal.clock.now().getTime() + milliseconds);

  it('sends a code by WhatsApp to the number on record and signs in with it', async () => {
    const { hospitalId, patientId, phone, e164 } = await clinicWithAmina();
    // Typed with the country code and spaces; on record as dialled at home.
    const typed = `+254 ${phone.slice(1, 4)} ${phone.slice(4)}`;
    const started = await startSignIn(portal.server.url, hospitalId, typed);
    expect(started.status).toBe(202);
    expect(started.body).toEqual({
      challenge_id: expect.any(String) as string,
      sent_via: 'whatsapp',
      sent_to: `•••• ${phone.slice(-4)}`,
      expires_at: new Date(portal.clock.now().getTime() + 10 * minute).toISOString(),
    });
    const code = await portal.codeSentBy('whatsapp', e164);
    expect(code).toMatch(/^\d{6}$/);
    expect(portal.whatsapp.received.at(-1)).toMatchObject({
      template: 'portal_sign_in_code',
      parameters: [code],
    });
    // Stored hashed: the code itself is nowhere in the table.
    const stored = await portal.server.database.query<{ code_hash: string }>(
      'SELECT code_hash FROM portal_challenges WHERE challenge_id = $1',
      [started.body.challenge_id],
    );
    expect(stored.rows[0]!.code_hash).not.toContain(code);

    const signedIn = await verify(portal.server.url, started.body.challenge_id, code);
    expect(signedIn.status).toBe(200);
    expect(signedIn.body.patient).toEqual({ patient_id: patientId, full_name: 'Amina Yusuf' });
    expect(Date.parse(signedIn.body.expires_at)).toBe(portal.clock.now().getTime() + 12 * 3600_000);
    const claims = JSON.parse(
      Buffer.from(signedIn.body.token.split('.')[1]!, 'base64url').toString(),
    ) as Record<string, unknown>;
    expect(claims).toMatchObject({
      aud: 'mymedic-portal',
      sub: patientId,
      hospital_id: hospitalId,
    });

    const me = await api<{ patient_id: string }>(portal.server.url, '/portal/api/me', {
      token: signedIn.body.token,
    });
    expect(me.status).toBe(200);
    expect(me.body.patient_id).toBe(patientId);
    // A code opens once.
    expect(
      (await verify(portal.server.url, started.body.challenge_id, code)).body.error?.code,
    ).toBe('challenge_closed');

    // Signing out ends the session on the server: the token stops working.
    const out = await api(portal.server.url, '/portal/api/sign-out', {
      method: 'POST',
      token: signedIn.body.token,
    });
    expect(out.status).toBe(204);
    const after = await api<{ error: { code: string } }>(portal.server.url, '/portal/api/me', {
      token: signedIn.body.token,
    });
    expect(after.status).toBe(401);
    expect(after.body.error.code).toBe('session_ended');
  });

  it('sends a code by email to an email address typed in any case', async () => {
    const { hospitalId, email } = await clinicWithAmina();
    const started = await startSignIn(portal.server.url, hospitalId, email.toUpperCase());
    expect(started.status).toBe(202);
    expect(started.body.sent_via).toBe('email');
    expect(started.body.sent_to).toBe(`a•••@example.org`);
    const code = await portal.codeSentBy('email', email);
    expect((await verify(portal.server.url, started.body.challenge_id, code)).status).toBe(200);
  });

  it('answers a contact no patient has exactly as a known one, and sends nothing', async () => {
    const { hospitalId } = await clinicWithAmina();
    const before = portal.received();
    const unknown = await startSignIn(portal.server.url, hospitalId, '0799 000111');
    expect(unknown.status).toBe(202);
    expect(Object.keys(unknown.body).sort()).toEqual([
      'challenge_id',
      'expires_at',
      'sent_to',
      'sent_via',
    ]);
    expect(unknown.body).toMatchObject({ sent_via: 'whatsapp', sent_to: '•••• 0111' });
    const unknownEmail = await startSignIn(portal.server.url, hospitalId, 'nobody@example.org');
    expect(unknownEmail.status).toBe(202);
    expect(unknownEmail.body.sent_via).toBe('email');
    // Whatever code is tried, it is wrong, and counts like any other.
    const tried = await verify(portal.server.url, unknown.body.challenge_id, '123456');
    expect(tried.status).toBe(401);
    // A refusal the patient reads carries its key: the portal says it in their language.
    expect(tried.body.error).toMatchObject({
      code: 'wrong_code',
      key: 'portal.wrongCode',
      details: { tries_left: 4 },
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(portal.received()).toEqual(before);
  });

  it('locks a challenge after 5 wrong codes, even to the right one', async () => {
    const { hospitalId, phone, e164 } = await clinicWithAmina();
    const started = await startSignIn(portal.server.url, hospitalId, phone);
    const code = await portal.codeSentBy('whatsapp', e164);
    const wrong = code === '000000' ? '111111' : '000000';
    const triesLeft: unknown[] = [];
    for (let attempt = 0; attempt < 5; attempt += 1) {
      const answer = await verify(portal.server.url, started.body.challenge_id, wrong);
      expect(answer.status).toBe(401);
      triesLeft.push(answer.body.error?.details?.tries_left);
    }
    expect(triesLeft).toEqual([4, 3, 2, 1, 0]);
    const right = await verify(portal.server.url, started.body.challenge_id, code);
    expect(right.status).toBe(401);
    expect(right.body.error?.code).toBe('challenge_closed');
  });

  it('refuses a code after its 10 minutes', async () => {
    const { hospitalId, phone, e164 } = await clinicWithAmina();
    const started = await startSignIn(portal.server.url, hospitalId, phone);
    const code = await portal.codeSentBy('whatsapp', e164);
    later(10 * minute);
    const expired = await verify(portal.server.url, started.body.challenge_id, code);
    expect(expired.status).toBe(401);
    expect(expired.body.error?.code).toBe('challenge_closed');
  });

  it('takes a code just before its 10 minutes are up', async () => {
    const { hospitalId, phone, e164 } = await clinicWithAmina();
    const started = await startSignIn(portal.server.url, hospitalId, phone);
    const code = await portal.codeSentBy('whatsapp', e164);
    later(10 * minute - 1000);
    expect((await verify(portal.server.url, started.body.challenge_id, code)).status).toBe(200);
  });

  it('limits codes per contact (one a minute, five an hour) and per patient', async () => {
    const { hospitalId, phone, email } = await clinicWithAmina();
    const first = await startSignIn(portal.server.url, hospitalId, phone);
    expect(first.status).toBe(202);
    const again = await api<{ error: { code: string; details: { retry_after_seconds: number } } }>(
      portal.server.url,
      '/portal/api/sign-in/start',
      { body: { hospital_id: hospitalId, contact: phone } },
    );
    expect(again.status).toBe(429);
    expect(again.body.error).toMatchObject({
      code: 'rate_limited',
      key: 'portal.codeJustSent',
      details: { retry_after_seconds: 60 },
    });
    for (let sent = 1; sent < 5; sent += 1) {
      later(61_000);
      expect((await startSignIn(portal.server.url, hospitalId, phone)).status).toBe(202);
    }
    later(61_000);
    const sixth = await api<{ error: { details: { retry_after_seconds: number } } }>(
      portal.server.url,
      '/portal/api/sign-in/start',
      { body: { hospital_id: hospitalId, contact: phone } },
    );
    expect(sixth.status).toBe(429);
    // The first of the hour's five was 5 × 61 s ago.
    expect(sixth.body.error.details.retry_after_seconds).toBe(3600 - 5 * 61);
    // An earlier code stops working once a newer one was sent.
    expect(
      (await verify(portal.server.url, first.body.challenge_id, '123456')).body.error?.code,
    ).toBe('challenge_closed');

    // The same patient by email: three more, then their own limit (8 an hour) holds.
    for (let sent = 0; sent < 3; sent += 1) {
      expect((await startSignIn(portal.server.url, hospitalId, email)).status).toBe(202);
      later(61_000);
    }
    expect((await startSignIn(portal.server.url, hospitalId, email)).status).toBe(429);
    // An hour on, codes go again.
    later(3600_000);
    expect((await startSignIn(portal.server.url, hospitalId, phone)).status).toBe(202);
  });

  it('refuses what is not a contact, an unknown clinic and bad bodies, storing nothing', async () => {
    const { hospitalId } = await clinicWithAmina();
    const count = async () =>
      (
        await portal.server.database.query<{ count: number }>(
          'SELECT count(*)::int AS count FROM portal_challenges',
        )
      ).rows[0]!.count;
    const before = await count();
    const bodies: unknown[] = [
      { hospital_id: hospitalId, contact: 'not a contact' },
      { hospital_id: hospitalId, contact: '12' },
      { hospital_id: hospitalId },
      { hospital_id: 'nope', contact: '0712345678' },
      { hospital_id: hospitalId, contact: '0712345678', extra: true },
      { hospital_id: hospitalId, contact: 'x'.repeat(300) },
    ];
    for (const body of bodies) {
      const answer = await api<{ error: { code: string } }>(
        portal.server.url,
        '/portal/api/sign-in/start',
        { body },
      );
      expect(answer.status).toBe(400);
      expect(answer.body.error.code).toBe('invalid_request');
    }
    const nowhere = await startSignIn(
      portal.server.url,
      '0190a0b0-0000-7000-8000-00000000dead',
      '0712345678',
    );
    expect(nowhere.status).toBe(404);
    for (const body of [
      { challenge_id: '0190a0b0-0000-7000-8000-00000000dead', code: '12345' },
      { challenge_id: 'x', code: '123456' },
      { code: '123456' },
    ]) {
      expect((await api(portal.server.url, '/portal/api/sign-in/verify', { body })).status).toBe(
        400,
      );
    }
    expect(await count()).toBe(before);
  });

  it('sends by SMS without WhatsApp, and says when no channel takes the contact', async () => {
    const bare = await startPortalServer(url, { whatsapp: false, email: false });
    try {
      const clinic = await portalClinic(bare.server);
      await registerPatient(bare.server, clinic.device, { phone: '0712 999888' });
      // SMS still reaches phones when WhatsApp is not set up.
      const started = await startSignIn(bare.server.url, clinic.hospitalId, '0712 999888');
      expect(started.body.sent_via).toBe('sms');
      const code = await bare.codeSentBy('sms', '+254712999888');
      expect((await verify(bare.server.url, started.body.challenge_id, code)).status).toBe(200);
      const byEmail = await api<{ error: { code: string } }>(
        bare.server.url,
        '/portal/api/sign-in/start',
        { body: { hospital_id: clinic.hospitalId, contact: 'amina@example.org' } },
      );
      expect(byEmail.status).toBe(422);
      expect(byEmail.body.error).toMatchObject({
        code: 'channel_unavailable',
        key: 'portal.noEmailCodes',
      });
    } finally {
      await bare.close();
    }
  });
});
