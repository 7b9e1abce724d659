import type { FormValues } from '../../api/requests.ts';

/** The values to send: blanks left out (an optional field left empty is not a value). */
export function cleanFormValues(values: Record<string, unknown> | undefined): FormValues {
  const out: FormValues = {};
  for (const [key, value] of Object.entries(values ?? {})) {
    if (value === undefined || value === null || value === '') continue;
    if (Array.isArray(value)) {
      if (value.length > 0) out[key] = value.map(String);
      continue;
    }
    if (typeof value === 'number' || typeof value === 'string') out[key] = typeof value === 'string' ? value.trim() : value;
  }
  for (const [key, value] of Object.entries(out)) if (value === '') delete out[key];
  return out;
}
