import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import { adjacencyGraphs, dictionary } from '@zxcvbn-ts/language-common';
import { passwordRuleProblem } from '@mymedic/shared';
import { HttpError } from '../errors';

// The common-passwords list, diceware words and keyboard layouts of zxcvbn-ts, built once.
const estimator = new ZxcvbnFactory({ dictionary, graphs: adjacencyGraphs });

/** zxcvbn's scale: 3 is "safely unguessable" (about 10^8 guesses and more). */
export const minimumScore = 3;

const warnings: Record<string, string> = {
  topTen: 'This password is among the most common ones: choose another',
  topHundred: 'This password is among the most common ones: choose another',
  common: 'This password is among the most common ones: choose another',
  similarToCommon: 'This password is a common one with a little changed: choose another',
  pwned: 'This password is among the most common ones: choose another',
  userInputs: 'Password must not be built from your email, name or practice',
  simpleRepeat: 'Password must not be one character or a few repeated',
  extendedRepeat: 'Password must not be one character or a few repeated',
  sequences: 'Password must not be a run of digits, letters or keys',
  straightRow: 'Password must not be a run of digits, letters or keys',
  keyPattern: 'Password must not be a run of digits, letters or keys',
  dates: 'Password must not be a date',
  recentYears: 'Password must not be a date',
};
const tooEasy = 'This password is too easy to guess: use three or four unrelated words';

/**
 * What is wrong with a password a person chooses, or null: the shared rules, then the
 * common-passwords check. `about` is what the account is known by (email, name,
 * practice): a password built from it is refused.
 */
export function chosenPasswordProblem(
  password: string,
  about: { email: string; names?: string[] },
): string | null {
  const ruled = passwordRuleProblem(password, about.email);
  if (ruled) return ruled;
  const local = about.email.split('@')[0] ?? '';
  const inputs = [about.email, local, ...local.split(/[._+-]+/), ...(about.names ?? [])]
    .flatMap((input) => [input, ...input.split(/\s+/)])
    .filter((input) => input.length >= 3);
  const result = estimator.check(password, inputs);
  if (result.score >= minimumScore) return null;
  return (result.feedback.warning && warnings[result.feedback.warning]) || tooEasy;
}

/**
 * Refuses a weak chosen password with 400 `weak_password`, its message naming the
 * problem and `details.issues` pointing at the field (as a form's other errors do).
 */
export function assertChosenPassword(
  password: string,
  about: { email: string; names?: string[] },
  field: string,
) {
  const problem = chosenPasswordProblem(password, about);
  if (problem) {
    throw new HttpError(400, 'weak_password', problem, {
      issues: [{ path: field, message: problem }],
    });
  }
}
