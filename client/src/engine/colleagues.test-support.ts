import { uuidv7, type SessionResponse } from '@mymedic/shared';

/** A member of staff the admin adds, signed in: a second person in the same clinic. */
export async function colleague(
  serverUrl: string,
  admin: SessionResponse,
  role: 'doctor' | 'nurse' | 'receptionist',
  fullName: string,
): Promise<SessionResponse> {
  const email = `${role}-${uuidv7()}@hillside.example`;
  const password = 'a colleague password 7';
  const post = async (path: string, body: unknown, token?: string) =>
    (await fetch(`${serverUrl}${path}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: JSON.stringify(body),
    }).then((response) => response.json())) as unknown;
  await post('/users', { email, full_name: fullName, roles: [role], password }, admin.token);
  return (await post('/auth/login', {
    email,
    password,
    device_id: `desk-${uuidv7()}`,
  })) as SessionResponse;
}
