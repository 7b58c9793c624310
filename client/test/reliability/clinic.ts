import type { Role, SessionResponse } from '@mymedic/shared';

/** The staff of a test clinic, one tablet each, in the order the property numbers them. */
export const staff = [
  { name: 'Dr. Amina Odhiambo', role: 'doctor' },
  { name: 'Njeri Wambui', role: 'nurse' },
  { name: 'Peter Mwangi', role: 'receptionist' },
  { name: 'Asha Admin', role: 'admin' },
] as const satisfies readonly { name: string; role: Role }[];

export interface Clinic {
  admin: SessionResponse;
  accounts: { email: string; password: string; role: Role; name: string }[];
}

const password = 'long ward round 7';

async function post<T>(url: string, path: string, body: unknown, headers: Record<string, string>) {
  const response = await fetch(`${url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  if (!response.ok)
    throw new Error(`${path} answered ${response.status}: ${await response.text()}`);
  return (await response.json()) as T;
}

/**
 * Signs up a clinic and creates its staff accounts through the API, straight to the
 * server (not through the faulty network). Each clinic comes from an address of its own
 * (X-Forwarded-For; the server trusts its proxy), so that many runs in a minute stay
 * under the sign-in rate limit that one real clinic would never reach.
 */
export async function openClinic(url: string, run: number): Promise<Clinic> {
  const address = { 'x-forwarded-for': `10.${(run >> 8) & 255}.${run & 255}.7` };
  const tag = crypto.randomUUID().slice(0, 8);
  const adminEmail = `asha-${tag}@hillside.example`;
  const admin = await post<SessionResponse>(
    url,
    '/auth/signup',
    {
      organization: { kind: 'clinic', name: `Hillside Clinic ${run}` },
      admin: { full_name: 'Asha Admin', email: adminEmail, password },
      device_id: `admin-desk-${tag}`,
    },
    address,
  );
  const accounts: Clinic['accounts'] = [];
  for (const member of staff) {
    if (member.role === 'admin') {
      accounts.push({ email: adminEmail, password, role: 'admin', name: member.name });
      continue;
    }
    const email = `${member.role}-${tag}@hillside.example`;
    await post(
      url,
      '/users',
      { email, full_name: member.name, role: member.role, password },
      { ...address, authorization: `Bearer ${admin.token}` },
    );
    accounts.push({ email, password, role: member.role, name: member.name });
  }
  return { admin, accounts };
}

/** Signs one person in on one tablet: the session is bound to that device's id. */
export function signIn(
  url: string,
  account: Clinic['accounts'][number],
  deviceId: string,
  run: number,
) {
  return post<SessionResponse>(
    url,
    '/auth/login',
    { email: account.email, password: account.password, device_id: deviceId },
    { 'x-forwarded-for': `10.${(run >> 8) & 255}.${run & 255}.7` },
  );
}
