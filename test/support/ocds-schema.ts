import { readFileSync } from 'node:fs';
import { Ajv, type ValidateFunction } from 'ajv';
import ajvFormats from 'ajv-formats';

// ajv-formats is CommonJS: its module object carries the plugin as `default` too.
const addFormats = ajvFormats.default;

/**
 * The published OCDS 1.1 release-package schema (test/fixtures/ocds-1.1, see its README) compiled
 * with the Ajv already installed. The schemas are draft-04; Ajv 8 speaks draft-07 and later, and the
 * keywords these two files use (type, properties, required, enum, pattern, format, items,
 * minItems, uniqueItems, $ref into definitions) mean the same in both. Only the root `id` is
 * spelt `$id` and the draft-04 `$schema` line is dropped when loading, in memory; the files stay
 * byte-for-byte copies.
 */
export function ocdsReleasePackageValidator(): ValidateFunction {
  const load = (name: string): Record<string, unknown> => {
    const schema = JSON.parse(readFileSync(new URL(`../fixtures/ocds-1.1/${name}`, import.meta.url), 'utf8')) as Record<string, unknown>;
    const { id, $schema: _draft, ...rest } = schema;
    return { $id: id, ...rest };
  };
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addSchema(load('release-schema.json'));
  return ajv.compile(load('release-package-schema.json'));
}
