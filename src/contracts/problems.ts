/**
 * Stable codes for what is wrong with one field of a request. Every 400 `validation_failed`
 * answers `details.problems: [{ field, code, problem }]`: `field` names the field (dotted path),
 * `code` is one of these (the web translates it: `problems.<code>` in each locale), `problem` is
 * an English sentence for people reading the raw API. Clients match codes, never the sentences.
 */
export const PROBLEM_CODES = [
  /** The field is missing or blank. */
  'required',
  /** The request names a field the API does not know. */
  'unknown_field',
  /** Wrong JSON type (a number where text belongs, …). */
  'invalid_type',
  /** Text longer (or a list with more entries) than allowed. */
  'too_long',
  /** Text shorter (or a list with fewer entries) than required. */
  'too_short',
  /** Text that does not have the expected form (a code, a date, an ID number, a phone number…). */
  'invalid_format',
  /** A number or date outside the allowed range. */
  'out_of_range',
  /** A value that is not one of the allowed choices. */
  'not_allowed',
  /** An area outside the user's scope, or a record that lies elsewhere than the request says. */
  'not_in_scope',
  /** A paging cursor this API did not give out. */
  'invalid_cursor',
  /** Refers to something that does not exist (an area, a person, a template…). */
  'unknown_reference',
  /** Two fields or entries that contradict each other, or a value the record's state refuses. */
  'inconsistent',
  /** Already used where it must be unique. */
  'duplicate',
  /** A password the policy refuses: the username in it, a common or the demo password, too easy to guess. */
  'weak_password',
  /** Anything else wrong with the value. */
  'invalid',
  /** An agent files for a resident without a valid mandate (missing, expired, revoked, not covering the item). */
  'mandate_required',
  /** An ID number (GB 11643) whose check character is wrong; `params.expected` is the one it should end with. */
  'wrong_check_character',
  /** Nothing to work on: no community of the area with a location or residents (siting's demand). */
  'no_demand',
  /** No candidate left to choose from (every one already served); list candidates. */
  'no_candidates',
  /** More than can be computed at once (an area too large to site in one go); `params.max` where one applies. */
  'too_large',
] as const;
export type ProblemCode = (typeof PROBLEM_CODES)[number];

export interface Problem {
  field: string;
  code: ProblemCode;
  problem: string;
  /** The values the sentence carries, for clients to put in their own words (`expected`, `max`, `count`, …). */
  params?: Record<string, string | number>;
}

export function isProblemCode(value: unknown): value is ProblemCode {
  return typeof value === 'string' && (PROBLEM_CODES as readonly string[]).includes(value);
}

/**
 * The code a plain problem sentence implies, for the places that still throw one without a code.
 * The server calls it once when it builds the error; clients never parse sentences.
 */
export function problemCodeOf(problem: string): ProblemCode {
  const p = problem.toLowerCase();
  if (/outside (your|the actor's) scope|not in (your )?scope|outside the scope|lies (in|outside)/.test(p)) return 'not_in_scope';
  if (/cursor/.test(p)) return 'invalid_cursor';
  if (/is required|must not be (blank|empty)|is missing/.test(p)) return 'required';
  if (/not a known field|unknown field|must not have additional/.test(p)) return 'unknown_field';
  if (/must be (string|number|integer|boolean|object|array|null)\b/.test(p)) return 'invalid_type';
  if (/at most|longer than|must not have more than|too long|too many/.test(p)) return 'too_long';
  if (/at least|fewer than|too short|must not have fewer/.test(p)) return 'too_short';
  if (/already (used|exists|taken)|duplicate/.test(p)) return 'duplicate';
  if (/does not exist|no such|unknown (area|template|person|plan|indicator)|not found/.test(p)) return 'unknown_reference';
  if (/must be one of|must be equal to one of|is not one of|not allowed/.test(p)) return 'not_allowed';
  if (/between|must be (>|<|greater|less|positive|non-negative)|before|after|in the future|out of range|exceed/.test(p)) return 'out_of_range';
  if (/must match|is not a|format|pattern|not valid|invalid|check digit|digits/.test(p)) return 'invalid_format';
  return 'invalid';
}
