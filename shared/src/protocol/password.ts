import { refusal, sayInEnglish, type Refusal } from '../refusals';

/**
 * The rules for a password a person chooses (sign-up, an admin adding a colleague),
 * after OWASP ASVS level 2: at least 12 characters, no composition rules, and nothing
 * easy to guess. What needs no dictionary is checked here, on the device and on the
 * server alike; the server also checks every new password against a list of common
 * passwords (zxcvbn) before it is stored.
 */
export const minPasswordLength = 12;
export const maxPasswordLength = 200;

/** What the forms say about a new password (the English; the key is `password.rule`). */
export const passwordRuleText = sayInEnglish('password.rule', { min: minPasswordLength });

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
export function passwordRuleRefusal(password: string, email?: string): Refusal | null {
  if (password.length < minPasswordLength)
    return refusal('password.tooShort', { min: minPasswordLength });
  if (password.length > maxPasswordLength)
    return refusal('password.tooLong', { max: maxPasswordLength });
  if (isRepeated(password)) return refusal('password.repeated');
  if (isSequence(password)) return refusal('password.sequence');
  const address = email?.trim().toLowerCase();
  if (address) {
    const local = address.split('@')[0] ?? '';
    const given = squeezed(password);
    // The address, or its name part with a little added (asha.admin -> ashaadmin2024!).
    if (given.includes(squeezed(address))) return refusal('password.containsEmail');
    const name = squeezed(local);
    if (name.length >= 3 && given.includes(name) && given.length - name.length < 6)
      return refusal('password.builtFromEmail');
  }
  return null;
}

/** The same problem's English sentence, or null. */
export const passwordRuleProblem = (password: string, email?: string): string | null =>
  passwordRuleRefusal(password, email)?.message ?? null;
