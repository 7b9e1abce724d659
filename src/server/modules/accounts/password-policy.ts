import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import * as zxcvbnCommon from '@zxcvbn-ts/language-common';
import type { ProblemCode } from '../../../contracts/problems.ts';
import { invalidField, type AppError } from '../../http/errors.ts';

export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_MAX_LENGTH = 256;
/** zxcvbn's score 3: "safely unguessable", about 10^8 guesses or more. */
export const PASSWORD_MIN_SCORE = 3;

/** The stable reasons a password is refused; the web shows a sentence for each. */
export type PasswordProblem = 'tooShort' | 'tooLong' | 'containsUsername' | 'demoPassword' | 'common' | 'tooWeak';

const COMMON_FILE = fileURLToPath(new URL('../../../../data/common-passwords/common-passwords.txt', import.meta.url));
let common: Set<string> | undefined;
/** data/common-passwords/common-passwords.txt, read once. */
function commonPasswords(): Set<string> {
  common ??= new Set(readFileSync(COMMON_FILE, 'utf8').split('\n').filter(Boolean));
  return common;
}

let estimator: ZxcvbnFactory | undefined;
function strength(password: string, userInputs: string[]): number {
  estimator ??= new ZxcvbnFactory({ dictionary: zxcvbnCommon.dictionary, graphs: zxcvbnCommon.adjacencyGraphs });
  // The estimate of a long password costs time and says nothing new: its first 64 characters decide.
  return estimator.check(password.slice(0, 64), userInputs).score;
}

const MESSAGES: Record<PasswordProblem, string> = {
  tooShort: `must be at least ${PASSWORD_MIN_LENGTH} characters`,
  tooLong: `must be at most ${PASSWORD_MAX_LENGTH} characters`,
  containsUsername: 'must not be or contain the username',
  demoPassword: 'must not be the published demo password',
  common: 'is one of the most common passwords',
  tooWeak: 'is too easy to guess: make it longer, or mix unrelated words, digits and signs',
};

/**
 * Why a password may not be set for this username, or null when it may: its length, the username
 * in it, the demo password, the list of common passwords shipped with the code, then the strength
 * estimate of zxcvbn-ts.
 */
export function passwordProblem(password: string, username: string, demoPassword: string): PasswordProblem | null {
  if ([...password].length < PASSWORD_MIN_LENGTH) return 'tooShort';
  if (password.length > PASSWORD_MAX_LENGTH) return 'tooLong';
  const lower = password.toLowerCase();
  const name = username.toLowerCase();
  if (name && (lower.includes(name) || (lower.trim().length >= 4 && name.includes(lower.trim())))) return 'containsUsername';
  if (lower === demoPassword.toLowerCase()) return 'demoPassword';
  if (commonPasswords().has(lower) || commonPasswords().has(lower.trim())) return 'common';
  if (strength(password, [username, demoPassword, 'linli']) < PASSWORD_MIN_SCORE) return 'tooWeak';
  return null;
}

const CODES: Record<PasswordProblem, ProblemCode> = {
  tooShort: 'too_short',
  tooLong: 'too_long',
  containsUsername: 'weak_password',
  demoPassword: 'weak_password',
  common: 'weak_password',
  tooWeak: 'weak_password',
};

/** 400 `validation_failed` naming the field, with problem code `too_short`, `too_long` or `weak_password`. */
export function passwordRejected(field: string, problem: PasswordProblem): AppError {
  return invalidField(field, MESSAGES[problem], CODES[problem]);
}

/** Throws a 400 naming the field when the policy refuses the password. */
export function checkPasswordPolicy(password: string, username: string, demoPassword: string, field = 'password'): void {
  const problem = passwordProblem(password, username, demoPassword);
  if (problem) throw passwordRejected(field, problem);
}
