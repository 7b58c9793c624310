import { describe, expect, it } from 'vitest';
import { signupRequestSchema } from './auth';
import { passwordRuleProblem } from './password';

describe('the rules of a chosen password', () => {
  it('refuses short, repeated and sequential passwords and ones made of the email', () => {
    const email = 'asha.admin@hillside.example';
    expect(passwordRuleProblem('password123', email)).toBe(
      'Password must be at least 12 characters',
    );
    for (const repeated of ['aaaaaaaaaaaa', 'abababababab', 'abcabcabcabc', '121212121212'])
      expect(passwordRuleProblem(repeated, email)).toBe(
        'Password must not be one character or a few repeated',
      );
    for (const run of ['123456789012', 'zyxwvutsrqpo', 'qwertyuiopas'])
      expect(passwordRuleProblem(run, email)).toBe(
        'Password must not be a run of digits, letters or keys',
      );
    expect(passwordRuleProblem('ASHA.ADMIN@hillside.example', email)).toBe(
      'Password must not contain your email address',
    );
    expect(passwordRuleProblem('asha.admin2024!', email)).toBe(
      'Password must not be your email address or built from it',
    );
  });

  it('takes a long passphrase, with or without the email given', () => {
    expect(passwordRuleProblem('correct horse battery', 'asha@hillside.example')).toBeNull();
    expect(passwordRuleProblem('ward round on tuesday 2b')).toBeNull();
  });

  it('reports the problem as an issue of the password field', () => {
    const parsed = signupRequestSchema.safeParse({
      organization: { kind: 'clinic', name: 'Hillside' },
      admin: { full_name: 'Asha', email: 'asha@hillside.example', password: '1234567890' },
      device_id: 'web-desk-0001',
    });
    expect(parsed.success).toBe(false);
    expect(parsed.error!.issues.map((issue) => [issue.path.join('.'), issue.message])).toEqual([
      ['admin.password', 'Password must be at least 12 characters'],
    ]);
    const sequence = signupRequestSchema.safeParse({
      organization: { kind: 'clinic', name: 'Hillside' },
      admin: { full_name: 'Asha', email: 'asha@hillside.example', password: '123456789012' },
      device_id: 'web-desk-0001',
    });
    expect(sequence.error!.issues.map((issue) => [issue.path.join('.'), issue.message])).toEqual([
      ['admin.password', 'Password must not be a run of digits, letters or keys'],
    ]);
  });
});
