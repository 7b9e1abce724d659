/**
 * Per-field merge of an offline edit against the record as the server holds it now.
 *
 * A device edits a copy of a record while offline and later sends, per field it changed, the
 * value it started from (`base`) and the value it set (`value`). Each field is decided alone:
 * - the server still holds the base → the device's value is applied;
 * - the server already holds the device's value (the same edit made twice, or a replay) → nothing
 *   to do;
 * - the server holds a third value → both sides changed it: a conflict, and neither side's value
 *   is silently dropped (the server keeps its value until someone resolves the conflict).
 * Fields the device did not change are never written, so an edit of one field never overwrites
 * another person's edit of another field (the complaint against last-write-wins case systems).
 */

/** A field's value as the sync protocol carries it: JSON. */
export type FieldValue = null | boolean | number | string | FieldValue[] | { [key: string]: FieldValue };

export interface FieldEdit {
  /** The value the device started from. */
  base: FieldValue;
  /** The value the device set. */
  value: FieldValue;
}

export interface FieldConflict {
  field: string;
  base: FieldValue;
  device: FieldValue;
  server: FieldValue;
}

export interface MergeOutcome {
  /** Fields to write, with the device's values. */
  apply: Record<string, FieldValue>;
  /** Fields the server already holds as the device set them. */
  already: string[];
  /** Fields both sides changed to different values. */
  conflicts: FieldConflict[];
}

/** JSON with object keys sorted: two values are the same value when their canonical texts are equal. */
export function canonical(value: FieldValue | undefined): string {
  if (value === undefined) return 'null';
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  return `{${Object.keys(value)
    .sort()
    .map((key) => `${JSON.stringify(key)}:${canonical(value[key])}`)
    .join(',')}}`;
}

export function sameValue(a: FieldValue | undefined, b: FieldValue | undefined): boolean {
  return canonical(a) === canonical(b);
}

/**
 * Merges a device's field edits into the server's current values. Edits whose value equals their
 * base (nothing changed on the device) are ignored.
 */
export function mergeFields(edits: Readonly<Record<string, FieldEdit>>, server: Readonly<Record<string, FieldValue | undefined>>): MergeOutcome {
  const outcome: MergeOutcome = { apply: {}, already: [], conflicts: [] };
  for (const field of Object.keys(edits).sort()) {
    const { base, value } = edits[field]!;
    if (sameValue(base, value)) continue;
    const current = server[field] ?? null;
    if (sameValue(current, value)) outcome.already.push(field);
    else if (sameValue(current, base)) outcome.apply[field] = value;
    else outcome.conflicts.push({ field, base, device: value, server: current });
  }
  return outcome;
}
