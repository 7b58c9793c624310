import {
  compactPullResponseSchema,
  pullResponseOfCompact,
  uuidv7,
  type CompactPullResponse,
  type PullResponse,
} from '@mymedic/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compactPieceSize } from '../event-store/compact-pull';
import { api, colleagueDevice, registration, testDatabases, TestDevice } from '../../test/support';
import { signUpClinic, startTestServer, type TestServer } from '../../test/test-server';

describe.each(testDatabases)('compact pull pages on $name', ({ url: databaseUrl }) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(databaseUrl ? { databaseUrl } : {});
  });
  afterAll(() => server.close());

  const pages = async (token: string, after: number, limit: number) => {
    const first = await api<PullResponse>(server.url, `/sync/pull?after=${after}&limit=${limit}`, {
      token,
    });
    const compact = await api<CompactPullResponse>(
      server.url,
      `/sync/pull?after=${after}&limit=${limit}&format=compact`,
      { token },
    );
    expect(first.status).toBe(200);
    expect(compact.status).toBe(200);
    // The page is exactly the contract's: the client checks it the same way.
    const parsed = compactPullResponseSchema.parse(compact.body);
    return { first: first.body, compact: pullResponseOfCompact(parsed), raw: compact.body };
  };

  it('holds the same events as the first format, across the pieces it is read in', async () => {
    const session = await signUpClinic(server.url);
    const device = new TestDevice(server.url, session);
    // More than two pieces' worth, so that pages cross the pieces' boundaries.
    const patients = 2 * compactPieceSize + 300;
    for (let start = 0; start < patients; start += 500) {
      const batch = Array.from({ length: Math.min(500, patients - start) }, (_, index) =>
        device.command(
          'RegisterPatient',
          'patient',
          uuidv7(),
          registration({ full_name: `Patient ${start + index}` }),
        ),
      );
      const { status, body } = await device.push(batch);
      expect(status).toBe(200);
      expect(body.results.every((result) => result.status === 'accepted')).toBe(true);
    }
    const head = (await pages(session.token, 0, 1)).first.head;
    expect(head).toBeGreaterThan(patients);
    for (const [after, limit] of [
      [0, 5000],
      [0, compactPieceSize],
      [0, compactPieceSize + 1],
      [compactPieceSize - 1, 1500],
      [7, 2],
      [head - 5, 5000],
      [head, 100],
    ] as const) {
      const { first, compact, raw } = await pages(session.token, after, limit);
      expect(compact, `after=${after} limit=${limit}`).toEqual(first);
      expect(raw.hospital_id).toBe(session.user.hospital_id);
    }
    // Past the first format's largest page, in one answer.
    const whole = await pages(session.token, 0, 1);
    const large = await api<CompactPullResponse>(
      server.url,
      '/sync/pull?after=0&limit=10000&format=compact',
      { token: session.token },
    );
    const all = pullResponseOfCompact(compactPullResponseSchema.parse(large.body));
    expect(all.events.map((event) => event.position)).toEqual(
      Array.from({ length: head }, (_, index) => index + 1),
    );
    expect(all.has_more).toBe(false);
    expect(all.head).toBe(whole.first.head);
    expect(all.events.at(-1)).toEqual((await pages(session.token, head - 1, 1)).first.events[0]);
  });

  it('leaves out what the reader may not read, marked, as the first format does', async () => {
    const admin = await signUpClinic(server.url);
    const doctor = await colleagueDevice(server.url, admin, 'doctor', 'Amina Njoroge');
    const reception = await colleagueDevice(server.url, admin, 'receptionist', 'Peter Kamau');
    const patientId = uuidv7();
    await doctor.pullAll();
    await doctor.push([doctor.command('RegisterPatient', 'patient', patientId, registration())]);
    await doctor.pullAll();
    const allergy = await doctor.push([
      doctor.command('RecordAllergy', 'patient', patientId, {
        allergy_id: uuidv7(),
        substance: 'Sulfamethoxazole',
        reaction: 'Stevens-Johnson syndrome',
        severity: 'severe',
      }),
    ]);
    expect(allergy.body.results[0]!.status).toBe('accepted');
    const { first, compact, raw } = await pages(reception.session.token, 0, 5000);
    expect(compact).toEqual(first);
    expect(JSON.stringify(raw)).not.toContain('Sulfamethoxazole');
    const redacted = raw.events.filter((row) => row.length === 14);
    expect(redacted).toHaveLength(1);
    expect(redacted[0]![4]).toBe('AllergyRecorded');
    expect(redacted[0]![13]).toBe(1);
    const forDoctor = await pages(doctor.session.token, 0, 5000);
    expect(JSON.stringify(forDoctor.raw)).toContain('Sulfamethoxazole');
  });

  it('refuses a page too large for its format, and formats it does not know', async () => {
    const session = await signUpClinic(server.url);
    const ask = (query: string) =>
      api<{ error: { code: string; details: { issues: { path: string }[] } } }>(
        server.url,
        `/sync/pull?${query}`,
        { token: session.token },
      );
    for (const query of [
      'after=0&limit=5001',
      'after=0&limit=10001&format=compact',
      'after=0&limit=10&format=columns',
    ]) {
      const refused = await ask(query);
      expect(refused.status, query).toBe(400);
      expect(refused.body.error.code).toBe('invalid_request');
    }
    expect((await ask('after=0&limit=5001')).body.error.details.issues[0]!.path).toBe('limit');
    expect((await ask('after=0&limit=10000&format=compact')).status).toBe(200);
  });
});
