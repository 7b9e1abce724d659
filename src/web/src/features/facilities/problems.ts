import type { TFunction } from 'i18next';
import { fieldProblems } from '../../api/client.ts';
import type { ProblemCode } from '../../../../contracts/problems.ts';

/**
 * A 400's field problems and an import's row problems carry stable codes (`code`) and the values
 * their sentence holds (`params`): the web says them in the user's language from those, never from
 * the English sentence.
 */

/**
 * Where one field's code has a more telling sentence than the general one (`problemCodes.<code>`):
 * `<field>:<code>` → the key under `problems`, which takes the same params.
 */
export const SPECIFIC: Record<string, string> = {
  'areaCode:invalid_format': 'notCommunityCode',
  'areaCode:unknown_reference': 'communityMissing',
  'areaCode:not_allowed': 'notCommunity',
  'areaCode:not_in_scope': 'outsideScope',
  'kind:not_allowed': 'notKind',
  'status:not_allowed': 'notStatus',
  'constructionMode:not_allowed': 'notMode',
  'statusDate:invalid_format': 'notDate',
  'location:inconsistent': 'bothOrNeither',
  'location:not_in_scope': 'outsideCounty',
  'location:invalid_format': 'notLonLat',
  'activityArea:inconsistent': 'exceedsFloorArea',
  'funding:duplicate': 'duplicateFunding',
  'accessibility.stepFreeEntrance:not_allowed': 'notYesNo',
  'accessibility.accessibleToilet:not_allowed': 'notYesNo',
  'selfServiceTerminal:not_allowed': 'notYesNo',
  // Any field: a spreadsheet cell that is not a number where one belongs.
  '*:invalid_type': 'notNumber',
};
/** The specific sentences that say the cell's value or community code themselves (the others are prefixed with it). */
const SAYS_VALUE = new Set(['communityMissing', 'notCommunity', 'outsideScope', 'notKind', 'notStatus', 'notMode', 'notYesNo', 'notNumber']);

/** A 400's problem in the user's language, from its stable code (src/contracts/problems.ts) and parameters, never its English sentence. */
export function problemCodeText(t: TFunction, code: ProblemCode, params?: Record<string, string | number>): string {
  return (t as unknown as (key: string, options?: object) => string)(`problemCodes.${code}`, params ?? {});
}

/**
 * One imported row's problem in the user's language, by its stable code and parameters (the cell's
 * value, a community code, the row it repeats). A problem without a code (an import that does not
 * give them yet) reads as the general sentence; the wizard shows the original beside it.
 */
export function rowProblemText(t: TFunction, p: { field: string; code?: ProblemCode; params?: Record<string, string | number> }): string {
  const tt = t as unknown as (key: string, options?: object) => string;
  if (!p.code) return tt('problems.other');
  if (p.params?.row !== undefined && p.code === 'duplicate') return tt('problems.sameAsRow', { row: p.params.row });
  const specific = SPECIFIC[`${p.field}:${p.code}`] ?? (p.params?.value !== undefined ? SPECIFIC[`*:${p.code}`] : undefined);
  const value = p.params?.value ?? p.params?.code;
  if (specific && SAYS_VALUE.has(specific)) return tt(`problems.${specific}`, { value: '', code: '', ...p.params });
  const said = specific ? tt(`problems.${specific}`, p.params ?? {}) : problemCodeText(t, p.code, p.params);
  return value !== undefined && value !== '' ? tt('problems.withValue', { value, problem: said }) : said;
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
