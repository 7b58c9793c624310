import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import { adjacencyGraphs, dictionary } from '@zxcvbn-ts/language-common';
import {
  issueAt,
  passwordRuleRefusal,
  refusal,
  type Refusal,
  type RefusalKey,
} from '@mymedic/shared';
import { HttpError } from '../errors';

// The common-passwords list, diceware words and keyboard layouts of zxcvbn-ts, built once.
const estimator = new ZxcvbnFactory({ dictionary, graphs: adjacencyGraphs });

/** zxcvbn's scale: 3 is "safely unguessable" (about 10^8 guesses and more). */
export const minimumScore = 3;

const warnings: Record<string, RefusalKey> = {
  topTen: 'password.common',
  topHundred: 'password.common',
  common: 'password.common',
  similarToCommon: 'password.commonChanged',
  pwned: 'password.common',
  userInputs: 'password.builtFromYou',
  simpleRepeat: 'password.repeated',
  extendedRepeat: 'password.repeated',
  sequences: 'password.sequence',
  straightRow: 'password.sequence',
  keyPattern: 'password.sequence',
  dates: 'password.date',
  recentYears: 'password.date',
};

/**
 * What is wrong with a password a person chooses, or null: the shared rules, then the
 * common-passwords check. `about` is what the account is known by (email, name,
 * practice): a password built from it is refused.
 */
export function chosenPasswordProblem(
  password: string,
  about: { email: string; names?: string[] },
): Refusal | null {
  const ruled = passwordRuleRefusal(password, about.email);
  if (ruled) return ruled;
  const local = about.email.split('@')[0] ?? '';
  const inputs = [about.email, local, ...local.split(/[._+-]+/), ...(about.names ?? [])]
    .flatMap((input) => [input, ...input.split(/\s+/)])
    .filter((input) => input.length >= 3);
  const result = estimator.check(password, inputs);
  if (result.score >= minimumScore) return null;
  const warning = result.feedback.warning ? warnings[result.feedback.warning] : undefined;
  return refusal(warning ?? 'password.tooEasy');
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
    throw new HttpError(400, 'weak_password', problem, { issues: [issueAt(field, problem)] });
  }
}
