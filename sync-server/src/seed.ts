import { uuidv7, type Actor } from '@mymedic/shared';
import { addStaffAccount, demoSeedPassword, signUp, type AccountServices } from './auth/accounts';
import { asSignIn } from './db/tenant';

// The reference's demo password, kept so its instructions work. It would not pass the
// rules for a chosen password (12 characters, not a common one): the seed alone skips them.
export const demoPassword = 'password123';
export const demoAccounts = [
  { email: 'test.doctor@example.com', full_name: 'Dr. Amina Njoroge', role: 'doctor' },
  { email: 'test.nurse@example.com', full_name: 'Grace Achieng', role: 'nurse' },
  { email: 'test.reception@example.com', full_name: 'Peter Kamau', role: 'receptionist' },
] as const;
export const demoAdmin = { email: 'test.admin@example.com', full_name: 'Joseph Mwangi' };

const demoPatients = [
  {
    full_name: 'Jane Wanjiru',
    date_of_birth: '1984-03-12',
    gender: 'female',
    phone: '+254 712 345678',
  },
  {
    full_name: 'John Otieno',
    date_of_birth: '1979-11-02',
    gender: 'male',
    phone: '+254 722 111222',
  },
  { full_name: 'Mary Akinyi', date_of_birth: '2016-06-30', gender: 'female', phone: null },
  {
    full_name: 'Samuel Kiprop',
    birth_year_estimate: 1948,
    gender: 'male',
    phone: '+254 733 987654',
  },
  {
    full_name: 'Fatuma Hassan',
    date_of_birth: '1992-01-19',
    gender: 'female',
    phone: '+254 701 246810',
  },
] as const;

/**
 * The demo clinic: an admin, a doctor, a nurse and a receptionist (all with the demo
 * password) and a few patients. Does nothing when the demo doctor already exists.
 */
export async function seedDemoClinic(services: AccountServices): Promise<boolean> {
  const { rows } = await asSignIn(services.database, (sql) =>
    sql.query('SELECT 1 FROM credentials WHERE email = $1', [demoAccounts[0].email]),
  );
  if (rows.length > 0) return false;
  const session = await signUp(
    services,
    {
      organization: { kind: 'clinic', name: 'Demo Clinic', country: 'KE' },
      admin: { ...demoAdmin, password: demoPassword },
      device_id: 'demo-seed',
    },
    demoSeedPassword,
  );
  const hospitalId = session.user.hospital_id;
  const admin = { user_id: session.user.user_id, roles: session.user.roles };
  const staff: { user_id: string }[] = [];
  for (const account of demoAccounts) {
    staff.push(
      await addStaffAccount(
        services,
        hospitalId,
        admin,
        {
          email: account.email,
          full_name: account.full_name,
          roles: [account.role],
          password: demoPassword,
        },
        demoSeedPassword,
      ),
    );
  }
  const issuedAt = services.clock().toISOString();
  const doctor: Actor = { user_id: staff[0]!.user_id, roles: ['doctor'] };
  await services.store.transaction(hospitalId, async (_sql, append) => {
    const outcome = await append(
      doctor,
      demoPatients.map((patient, index) => ({
        command_id: uuidv7(),
        type: 'RegisterPatient',
        aggregate_type: 'patient',
        aggregate_id: uuidv7(),
        expected_version: 0,
        payload: { ...patient, mrn: `DEMO-${String(index + 1).padStart(4, '0')}`, country: 'KE' },
        issued_at: issuedAt,
      })),
    );
    if ('refused' in outcome) throw new Error(`The demo patients were refused: ${outcome.refused}`);
  });
  return true;
}
