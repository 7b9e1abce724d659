import type { TFunction } from 'i18next';
import { fieldProblems } from '../../api/client.ts';
import type { ProblemCode } from '../../../../contracts/problems.ts';

/**
 * A 400's field problems carry stable codes (`details.problems[].code`) and the values their
 * sentence holds (`params`), translated by `problemCodeText`; forms use those. An import's report
 * still says each row's problem in English only: the patterns below turn the import's sentences
 * into the user's language until the import report carries codes too.
 */
const PATTERNS: [RegExp, (m: RegExpMatchArray) => [key: string, params?: Record<string, string>]][] = [
  // The resident registry: ID numbers (GB 11643) and the facts they must agree with. First: the
  // date problems inside an ID number would otherwise read as a plain bad date.
  [/^must have 18 characters, has (\d+)$/, (m) => ['idLength', { count: m[1]! }]],
  [/^must be 17 digits followed by a digit or X$/, () => ['idCharacters']],
  [/^holds the birth date (\S+), which is not a calendar date/, (m) => ['idDate', { date: m[1]! }]],
  [/^holds the birth date (\S+), which is (too early|in the future)/, (m) => ['idDate', { date: m[1]! }]],
  [/wrong check character \(the last one should be (\w)\)/, (m) => ['idCheck', { expected: m[1]! }]],
  [/does not match the record: it (.*)$/s, (m) => [/birth date/.test(m[1]!) && /sex/.test(m[1]!) ? 'idMismatchBoth' : /birth date/.test(m[1]!) ? 'idMismatchBirth' : 'idMismatchSex']],
  [/^is required \(or give the ID number\)$/, () => ['requiredOrId']],
  [/already on record/, () => ['idTaken']],
  [/^is for inflow residents only$/, () => ['inflowOnly']],
  [/^is required for someone away/, () => ['awayToRequired']],
  [/^is for people away \(outflow\) only$/, () => ['outflowOnly']],
  [/^is before the birth date$/, () => ['beforeBirth']],
  [/is not a 6-, 9- or 12-digit division code/, () => ['notDivisionCode']],
  [/a household head needs a household/, () => ['headNeedsHousehold']],
  [/already has a head/, () => ['alreadyHead']],
  [/is not a mobile \(11 digits/, () => ['notPhone']],
  [/^is required$/, () => ['required']],
  [/^"(.*)" is not a number$/s, (m) => ['notNumber', { value: m[1]! }]],
  [/^"(.*)" is neither/s, (m) => ['notYesNo', { value: m[1]! }]],
  [/is not a 12-digit community code/, () => ['notCommunityCode']],
  [/^community (\d+) does not exist/, (m) => ['communityMissing', { code: m[1]! }]],
  [/^(\d+) is not a community/, (m) => ['notCommunity', { code: m[1]! }]],
  [/^community (\d+) is outside your scope/, (m) => ['outsideScope', { code: m[1]! }]],
  [/lies outside the boundary/, () => ['outsideCounty']],
  [/is not a longitude and latitude/, () => ['notLonLat']],
  [/needs both longitude and latitude/, () => ['bothOrNeither']],
  [/^"(.*)" is not a facility kind/s, (m) => ['notKind', { value: m[1]! }]],
  [/^"(.*)" is not a status/s, (m) => ['notStatus', { value: m[1]! }]],
  [/^"(.*)" is not a construction mode/s, (m) => ['notMode', { value: m[1]! }]],
  [/is not a (calendar )?date/, () => ['notDate']],
  [/^is in the future$/, () => ['future']],
  [/^is too early$/, () => ['tooEarly']],
  [/^is before (\S+), when/, (m) => ['beforeStatus', { date: m[1]! }]],
  [/exceeds the floor area/, () => ['exceedsFloorArea']],
  [/must be more than 0/, () => ['areaRange']],
  [/needs its year/, () => ['fundingYear']],
  [/is not a year/, () => ['notYear']],
  [/is out of range/, () => ['outOfRange']],
  [/twice; give one amount/, () => ['duplicateFunding']],
  [/is too long|longer than|lists more than/, () => ['tooLong']],
  [/^must not be blank$/, () => ['blank']],
  [/cannot become/, () => ['transition']],
  [/reopened explicitly/, () => ['reopen']],
  [/say why the facility reopens/, () => ['reopenReason']],
];

export function problemText(t: TFunction, problem: string): string {
  for (const [pattern, make] of PATTERNS) {
    const m = problem.match(pattern);
    if (m) {
      const [key, params] = make(m);
      return (t as unknown as (key: string, options?: object) => string)(`problems.${key}`, params ?? {});
    }
  }
  return t('problems.other');
}

/** A 400's problem in the user's language, from its stable code (src/contracts/problems.ts) and parameters, never its English sentence. */
export function problemCodeText(t: TFunction, code: ProblemCode, params?: Record<string, string | number>): string {
  return (t as unknown as (key: string, options?: object) => string)(`problemCodes.${code}`, params ?? {});
}

/**
 * One imported row's problem in the user's language: by its stable code and parameters (the cell's
 * value, a community code, the row it repeats) where the import gives them, as the person import
 * does; by its sentence otherwise (the facility import, until it gives codes too).
 */
export function rowProblemText(t: TFunction, p: { code?: ProblemCode; params?: Record<string, string | number>; problem: string }): string {
  if (!p.code) return problemText(t, p.problem);
  const tt = t as unknown as (key: string, options?: object) => string;
  if (p.params?.row !== undefined && p.code === 'duplicate') return tt('problems.sameAsRow', { row: p.params.row });
  const said = problemCodeText(t, p.code, p.params);
  const value = p.params?.value ?? p.params?.code;
  return value !== undefined && value !== '' ? tt('problems.withValue', { value, problem: said }) : said;
}

/** Whether a problem was recognised (otherwise the original is worth showing beside the general sentence). */
export function problemKnown(problem: string): boolean {
  return PATTERNS.some(([pattern]) => pattern.test(problem));
}

/** An API field (location.lon, funding.0.amount, accessibility.stepFreeEntrance) in the user's language. */
export function fieldLabel(t: TFunction, field: string): string {
  const parts = field.split('.');
  const key = parts[0] === 'location' && parts[1] ? parts[1] : parts[0] === 'funding' && parts[2] === 'year' ? 'fundingYear' : parts[0] === 'accessibility' && parts[1] ? parts[1] : parts[0]!;
  const label = t(`fields.${key}` as 'fields.name', { defaultValue: '' });
  return label || t(`facilities.${key}` as 'facilities.name', { defaultValue: key });
}

/**
 * A 400's field problems as form errors: the form item name each belongs to, and the message in
 * the user's language. `names` maps API fields to form items where they differ.
 */
export function fieldErrors(t: TFunction, error: unknown, known: readonly string[]): { name: string; errors: string[] }[] | null {
  const problems = fieldProblems(error);
  if (!problems.length) return null;
  const byName = new Map<string, string[]>();
  for (const d of problems) {
    const parts = d.field.split('.');
    let names: string[];
    if (parts[0] === 'location') names = parts[1] ? [parts[1]] : ['lon', 'lat'];
    else if (parts[0] === 'accessibility' && parts[1]) names = [parts[1]];
    else names = [parts[0]!];
    for (const name of names) {
      if (!known.includes(name)) continue;
      // The code says what kind of problem it is; its parameters carry the values (the check
      // character an ID number should end with).
      const text = problemCodeText(t, d.code, d.params);
      byName.set(name, [...(byName.get(name) ?? []), text]);
    }
  }
  return byName.size ? [...byName].map(([name, errors]) => ({ name, errors: [...new Set(errors)] })) : null;
}
