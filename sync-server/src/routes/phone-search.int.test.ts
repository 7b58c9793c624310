import { uuidv7, type SessionResponse } from '@mymedic/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signUpClinic, startTestServer, type TestServer } from '../../test/test-server';
import { api, registration, testDatabases, TestDevice } from '../../test/support';

interface Found {
  results: { patient_id: string; phone: string | null }[];
}

describe.each(testDatabases)('finding a patient by phone on $name', ({ url }) => {
  let server: TestServer;
  let admin: SessionResponse;
  const wanjiru = uuidv7();
  const otieno = uuidv7();
  const hughes = uuidv7();

  beforeAll(async () => {
    server = await startTestServer({ ...(url ? { databaseUrl: url } : {}) });
    admin = await signUpClinic(server.url, undefined, { also_doctor: true, country: 'KE' });
    const device = new TestDevice(server.url, admin);
    const pushed = await device.push([
      device.command(
        'RegisterPatient',
        'patient',
        wanjiru,
        registration({ full_name: 'Jane Wanjiru', phone: '0712 345 678' }),
      ),
      device.command(
        'RegisterPatient',
        'patient',
        hughes,
        registration({ full_name: 'Tom Hughes', phone: '+44 20 7946 0958' }),
      ),
    ]);
    expect(pushed.status).toBe(200);
    const recorded = await server.database.query(
      `SELECT 1 FROM event_store WHERE aggregate_id = $1 AND data ->> 'phone' = '+254712345678'`,
      [wanjiru],
    );
    expect(recorded.rows).toHaveLength(1);
    // Another device of the clinic, whose receptionist typed the number another way.
    await device.push([
      device.command(
        'RegisterPatient',
        'patient',
        otieno,
        registration({ full_name: 'Peter Otieno', phone: '254 733 111222' }),
      ),
    ]);
    await server.app.projector.catchUp(admin.user.hospital_id);
  });
  afterAll(() => server.close());

  const search = async (typed: string) => {
    const found = await api<Found>(server.url, `/patients/search?q=${encodeURIComponent(typed)}`, {
      token: admin.token,
    });
    expect(found.status).toBe(200);
    return found.body.results.map((result) => result.patient_id);
  };

  it('finds a number recorded in E.164 whatever common format it is typed in', async () => {
    for (const typed of ['0712 345 678', '+254712345678', '254-712-345678', '712345678'])
      expect(await search(typed), typed).toEqual([wanjiru]);
  });

  it('finds a number typed one way at registration and another in the search', async () => {
    for (const typed of ['0733111222', '+254 733 111 222', '733-111-222'])
      expect(await search(typed), typed).toEqual([otieno]);
  });

  it("finds another country's number typed internationally, and a part of a number", async () => {
    expect(await search('+44 20 7946 0958')).toEqual([hughes]);
    expect(await search('0712 345')).toEqual([wanjiru]);
    expect(await search('0799 999 999')).toEqual([]);
  });
});
