/**
 * Form values of a service request checked against the item's typed fields (the catalog's form
 * fields, which Open311 serves as a service definition's attributes). Pure: it answers the
 * problems, one per field, and the values in their stored form; the caller turns problems into
 * its 400 (`invalidField` with the code) and stores only when there are none.
 *
 * Types: `text` a string (blank counts as missing), `number` a finite number, `date` a real
 * calendar day YYYY-MM-DD, `single` one of the option keys, `multi` a list of distinct option
 * keys (an empty list counts as missing). With `coerce` (form-encoded input, Open311) a number
 * may come as decimal text and a multi value as one key or a list of them.
 */

export type FormValueFieldType = 'text' | 'number' | 'date' | 'single' | 'multi';

export interface FormValueField {
  readonly key: string;
  readonly type: FormValueFieldType;
  readonly required: boolean;
  readonly options?: readonly { readonly key: string }[];
}

export type FormValueProblemCode = 'required' | 'unknown_field' | 'invalid_type' | 'invalid_format' | 'not_allowed' | 'too_long';

export interface FormValueProblem {
  /** The field's key. */
  readonly field: string;
  readonly code: FormValueProblemCode;
  /** An English sentence for people reading the raw API. */
  readonly problem: string;
}

export type FormValue = string | number | string[];

export interface FormValuesCheck {
  readonly problems: FormValueProblem[];
  /** The values that passed, in stored form (text trimmed, numbers as numbers), keyed by field. */
  readonly values: Record<string, FormValue>;
}

/** Longest text value accepted. */
export const TEXT_VALUE_MAX_LENGTH = 2000;

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DECIMAL = /^-?(?:\d+(?:\.\d+)?|\.\d+)$/;

function isRealDate(text: string): boolean {
  const match = DATE.exec(text);
  if (!match) return false;
  const time = Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
  return new Date(time).toISOString().slice(0, 10) === text;
}

function isMissing(value: unknown): boolean {
  return value === undefined || value === null || (typeof value === 'string' && value.trim() === '') || (Array.isArray(value) && value.length === 0);
}

export function checkFormValues(
  fields: readonly FormValueField[],
  input: Readonly<Record<string, unknown>>,
  options: { coerce?: boolean } = {},
): FormValuesCheck {
  const problems: FormValueProblem[] = [];
  const values: Record<string, FormValue> = {};
  const known = new Map(fields.map((f) => [f.key, f]));
  for (const key of Object.keys(input)) {
    if (!known.has(key)) problems.push({ field: key, code: 'unknown_field', problem: `${key} is not a field of this item` });
  }
  for (const field of fields) {
    const raw = Object.hasOwn(input, field.key) ? input[field.key] : undefined;
    if (isMissing(raw)) {
      if (field.required) problems.push({ field: field.key, code: 'required', problem: `${field.key} is required` });
      continue;
    }
    const problem = (code: FormValueProblemCode, sentence: string) => problems.push({ field: field.key, code, problem: `${field.key} ${sentence}` });
    const allowed = new Set((field.options ?? []).map((o) => o.key));
    switch (field.type) {
      case 'text': {
        if (typeof raw !== 'string') problem('invalid_type', 'must be text');
        else if (raw.trim().length > TEXT_VALUE_MAX_LENGTH) problem('too_long', `must be at most ${TEXT_VALUE_MAX_LENGTH} characters`);
        else values[field.key] = raw.trim();
        break;
      }
      case 'number': {
        let number: number | null = null;
        if (typeof raw === 'number') number = raw;
        else if (options.coerce && typeof raw === 'string') number = DECIMAL.test(raw.trim()) ? Number(raw.trim()) : NaN;
        if (number === null) problem('invalid_type', 'must be a number');
        else if (!Number.isFinite(number)) problem('invalid_format', 'must be a decimal number');
        else values[field.key] = number;
        break;
      }
      case 'date': {
        if (typeof raw !== 'string') problem('invalid_type', 'must be a date written YYYY-MM-DD');
        else if (!isRealDate(raw.trim())) problem('invalid_format', 'must be a real date written YYYY-MM-DD');
        else values[field.key] = raw.trim();
        break;
      }
      case 'single': {
        if (typeof raw !== 'string') problem('invalid_type', 'must be one option key');
        else if (!allowed.has(raw)) problem('not_allowed', `must be one of ${[...allowed].join(', ')}`);
        else values[field.key] = raw;
        break;
      }
      case 'multi': {
        const list = Array.isArray(raw) ? raw : options.coerce && typeof raw === 'string' ? [raw] : null;
        if (!list || list.some((v) => typeof v !== 'string')) problem('invalid_type', 'must be a list of option keys');
        else if (list.some((v) => !allowed.has(v as string))) problem('not_allowed', `may hold only ${[...allowed].join(', ')}`);
        else if (new Set(list).size !== list.length) problem('not_allowed', 'must not name an option twice');
        else values[field.key] = [...(list as string[])];
        break;
      }
    }
  }
  return { problems, values };
}
