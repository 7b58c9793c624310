/**
 * The rules for a password a person chooses (sign-up, an admin adding a colleague),
 * after OWASP ASVS level 2: at least 12 characters, no composition rules, and nothing
 * easy to guess. What needs no dictionary is checked here, on the device and on the
 * server alike; the server also checks every new password against a list of common
 * passwords (zxcvbn) before it is stored.
 */
export const minPasswordLength = 12;
export const maxPasswordLength = 200;

/** What the forms say about a new password. */
export const passwordRuleText = `At least ${minPasswordLength} characters, not easy to guess: a few unrelated words work well`;

// Runs of characters people type when asked for a long password.
const sequences = [
  '0123456789',
  'abcdefghijklmnopqrstuvwxyz',
  'qwertyuiopasdfghjklzxcvbnm',
  'qwertzuiopasdfghjklyxcvbnm',
  'azertyuiopqsdfghjklmwxcvbn',
  '1qaz2wsx3edc4rfv5tgb6yhn7ujm8ik9ol0p',
];

/** Whether the text only walks along one of the sequences (either way, wrapping round). */
function isSequence(text: string) {
  const lower = text.toLowerCase();
  return sequences.some((sequence) => {
    const round = sequence.repeat(Math.ceil(lower.length / sequence.length) + 2);
    const reversed = [...round].reverse().join('');
    return round.includes(lower) || reversed.includes(lower);
  });
}

/** Whether the text is a short run of characters said again and again (aaaa, abcabc, 1212). */
function isRepeated(text: string) {
  for (let length = 1; length <= Math.min(4, text.length / 2); length += 1) {
    if (text.length % length !== 0) continue;
    if (text.slice(0, length).repeat(text.length / length) === text) return true;
  }
  return new Set(text.toLowerCase()).size <= 3;
}

const squeezed = (text: string) => text.toLowerCase().replace(/[\s._-]+/g, '');

/**
 * The first thing wrong with a new password that needs no dictionary to see, or null.
 * `email` is the account's: a password made of it (or its part before the @) is refused.
 */
export function passwordRuleProblem(password: string, email?: string): string | null {
  if (password.length < minPasswordLength)
    return `Password must be at least ${minPasswordLength} characters`;
  if (password.length > maxPasswordLength)
    return `Password must be at most ${maxPasswordLength} characters`;
  if (isRepeated(password)) return 'Password must not be one character or a few repeated';
  if (isSequence(password)) return 'Password must not be a run of digits, letters or keys';
  const address = email?.trim().toLowerCase();
  if (address) {
    const local = address.split('@')[0] ?? '';
    const given = squeezed(password);
    // The address, or its name part with a little added (asha.admin -> ashaadmin2024!).
    if (given.includes(squeezed(address))) return 'Password must not contain your email address';
    const name = squeezed(local);
    if (name.length >= 3 && given.includes(name) && given.length - name.length < 6)
      return 'Password must not be your email address or built from it';
  }
  return null;
}
