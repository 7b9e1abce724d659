import fc from 'fast-check';
import { sql } from 'kysely';
import type { FastifyInstance } from 'fastify';
import type { Client } from './app.ts';
import type { Db } from '../../src/server/db/database.ts';

/**
 * Schema-driven fuzzing: arbitraries built from each route's schemas as the OpenAPI document
 * (app.swagger()) states them, mixed with the classic nasty strings, encodings, sizes and
 * numbers. Each input is sent as the given client; the promises checked are: no 5xx, every
 * error in the envelope, and no row changed by a rejected write. Used by the fuzz test (a
 * sample in `npm test`) and `npm run bench -- fuzz --count N` (the long run).
 */
type Schema = Record<string, unknown> & {
  type?: string | string[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  enum?: unknown[];
  const?: unknown;
  anyOf?: Schema[];
  oneOf?: Schema[];
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minItems?: number;
  maxItems?: number;
  format?: string;
};

export interface FuzzTarget {
  method: string;
  /** OpenAPI path with {name} placeholders, under /api/v1. */
  path: string;
  params: { name: string; schema: Schema }[];
  query: { name: string; schema: Schema; required: boolean }[];
  body: Schema | null;
  /** Takes a raw file (imports): JSON bodies and files both get sent. */
  upload: boolean;
}

/** Routes not fuzzed: they end the session the fuzzer writes with. */
const SKIPPED = new Set(['POST /api/v1/auth/logout', 'POST /api/v1/auth/password', 'PUT /api/v1/auth/password']);

export function fuzzTargets(app: FastifyInstance): FuzzTarget[] {
  const doc = (app as unknown as { swagger(): { paths: Record<string, Record<string, OpenApiOperation>> } }).swagger();
  const targets: FuzzTarget[] = [];
  for (const [path, operations] of Object.entries(doc.paths)) {
    if (!path.startsWith('/api/v1/')) continue;
    for (const [method, op] of Object.entries(operations)) {
      const m = method.toUpperCase();
      if (!['GET', 'POST', 'PUT', 'PATCH', 'DELETE'].includes(m) || SKIPPED.has(`${m} ${path}`)) continue;
      const parameters = op.parameters ?? [];
      const content = op.requestBody?.content ?? {};
      targets.push({
        method: m,
        path,
        params: parameters.filter((p) => p.in === 'path').map((p) => ({ name: p.name, schema: p.schema ?? {} })),
        query: parameters.filter((p) => p.in === 'query').map((p) => ({ name: p.name, schema: p.schema ?? {}, required: Boolean(p.required) })),
        body: (content['application/json']?.schema as Schema | undefined) ?? null,
        upload: path.endsWith('/import'),
      });
    }
  }
  return targets;
}

interface OpenApiOperation {
  parameters?: { in: string; name: string; required?: boolean; schema?: Schema }[];
  requestBody?: { content?: Record<string, { schema?: unknown }> };
}

/** Strings that have broken parsers, databases and terminals. */
export const NASTY_STRINGS = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\ud800',
  '\ud800x',
  'x\udc00',
  '\ufeff',
  '\u202e',
  '\u200b',
  '🏘️邻里',
  '𠀀',
  '\r\n',
  '\t',
  "'; DROP TABLE persons; --",
  '" OR 1=1 --',
  '%',
  '%%',
  '%00',
  '../../etc/passwd',
  '<script>alert(1)</script>',
  '=HYPERLINK("http://x")',
  '@SUM(A1)',
  '-1',
  '0',
  '1e400',
  '-1e400',
  'NaN',
  'Infinity',
  'null',
  'true',
  '__proto__',
  'constructor',
  '{"__proto__":{"polluted":1}}',
  '340828100001',
  '34082810000100',
  '99999999999999999999',
  'x'.repeat(201),
  'y'.repeat(5000),
  '岳'.repeat(1000),
];

export const NASTY_NUMBERS = [0, -0, -1, 1, 0.5, -0.5, 1e-300, 1e300, -1e300, 2 ** 31, 2 ** 53, -(2 ** 53), 9007199254740993, 1e21, 99999999999999999999];

/** Percent-encodings a browser would never send. */
const NASTY_ENCODINGS = ['%FF', '%ED%A0%80', '%00', '%', '%E0%A4%A', '%C0%AF', '%F4%90%80%80', '+', '%2B', '%25', '%0A', '%3Cx%3E'];

const nastyValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(...NASTY_STRINGS),
  fc.constantFrom(...NASTY_NUMBERS),
  fc.constantFrom(null, true, false, [], {}, [null], { __proto__: null }),
  fc.string(),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.integer(),
  fc.double(),
);

function schemaTypes(schema: Schema): string[] {
  if (Array.isArray(schema.type)) return schema.type;
  return schema.type ? [schema.type] : [];
}

/** Values that fit `schema` (as far as its keywords say), or nearly: the fuzzer's main source. */
export function valueFor(schema: Schema, depth = 0): fc.Arbitrary<unknown> {
  if (depth > 4) return fc.constant(null);
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (schema.enum) return fc.constantFrom(...schema.enum);
  const alternatives = schema.anyOf ?? schema.oneOf;
  if (alternatives?.length) return fc.oneof(...alternatives.map((s) => valueFor(s, depth + 1)));
  const types = schemaTypes(schema);
  if (types.length > 1) return fc.oneof(...types.map((type) => valueFor({ ...schema, type }, depth + 1)));
  switch (types[0]) {
    case 'string': {
      if (schema.pattern) {
        try {
          return fc.stringMatching(new RegExp(schema.pattern)).map((s) => s.slice(0, schema.maxLength ?? 200));
        } catch {
          // a pattern fast-check cannot generate from: plain strings
        }
      }
      if (schema.format === 'date') return fc.date({ min: new Date('1900-01-01'), max: new Date('2100-12-31'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
      if (schema.format === 'date-time') return fc.date({ noInvalidDate: true, min: new Date('1970-01-01'), max: new Date('2100-01-01') }).map((d) => d.toISOString());
      if (schema.format === 'uuid') return fc.uuid();
      return fc.string({ minLength: schema.minLength ?? 0, maxLength: Math.min(schema.maxLength ?? 30, 60) });
    }
    case 'integer': {
      const min = schema.minimum ?? (schema.exclusiveMinimum !== undefined ? schema.exclusiveMinimum + 1 : -1e6);
      const max = schema.maximum ?? (schema.exclusiveMaximum !== undefined ? schema.exclusiveMaximum - 1 : 1e6);
      return fc.integer({ min: Math.max(Math.ceil(min), -(2 ** 31)), max: Math.min(Math.floor(max), 2 ** 31) });
    }
    case 'number': {
      const min = schema.minimum ?? schema.exclusiveMinimum ?? -1e6;
      const max = schema.maximum ?? schema.exclusiveMaximum ?? 1e6;
      return fc.double({ min: Math.max(min, -1e12), max: Math.min(max, 1e12), noNaN: true, noDefaultInfinity: true });
    }
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array':
      return fc.array(valueFor(schema.items ?? {}, depth + 1), { minLength: schema.minItems ?? 0, maxLength: Math.min(schema.maxItems ?? 4, 6) });
    case 'object': {
      const properties = schema.properties ?? {};
      const required = new Set(schema.required ?? []);
      const record: Record<string, fc.Arbitrary<unknown>> = {};
      for (const [key, child] of Object.entries(properties)) record[key] = valueFor(child, depth + 1);
      return fc.record(record, { requiredKeys: Object.keys(properties).filter((k) => required.has(k)) });
    }
    default:
      return nastyValue;
  }
}

/** A value for `schema`, or (one time in four) something hostile in its place. */
const fuzzedValue = (schema: Schema, depth = 0): fc.Arbitrary<unknown> =>
  fc.oneof({ weight: 3, arbitrary: depth > 0 ? valueFor(schema, depth) : mutatedValue(schema) }, { weight: 1, arbitrary: nastyValue });

/** A fitting object with one field replaced, removed or added. */
function mutatedValue(schema: Schema): fc.Arbitrary<unknown> {
  if (schemaTypes(schema)[0] !== 'object' || !schema.properties) return valueFor(schema);
  const keys = Object.keys(schema.properties);
  return fc.tuple(valueFor(schema), fc.constantFrom(...keys, '__unknown__', '__proto__'), nastyValue, fc.integer({ min: 0, max: 3 })).map(([value, key, nasty, how]) => {
    const out = { ...(value as Record<string, unknown>) };
    if (how === 0) out[key] = nasty;
    else if (how === 1) delete out[key];
    else if (how === 2) Object.defineProperty(out, key, { value: nasty, enumerable: true, configurable: true, writable: true });
    return out;
  });
}

/** Percent-encodes any string; a lone surrogate becomes the (invalid) bytes a careless client would send. */
function encodeAny(text: string): string {
  try {
    return encodeURIComponent(text);
  } catch {
    return encodeURIComponent(text.replace(/[\ud800-\udfff]/g, (c, i: number) => (/[\ud800-\udbff][\udc00-\udfff]/.test(text.slice(i - 1, i + 1)) || /[\ud800-\udbff][\udc00-\udfff]/.test(text.slice(i, i + 2)) ? c : '\u{F8FF}'))).replace(
      /%EF%A3%BF/g,
      '%ED%A0%80',
    );
  }
}

const queryText = (value: unknown): string => encodeAny(typeof value === 'string' ? value : (JSON.stringify(value) ?? ''));

export interface FuzzInput {
  method: string;
  url: string;
  headers: Record<string, string>;
  payload?: string | Buffer;
  target: string;
}

/** One HTTP request for `target`: path, query and body each fitting, hostile or raw-encoded. */
export function inputFor(target: FuzzTarget): fc.Arbitrary<FuzzInput> {
  const param = (schema: Schema) =>
    fc.oneof(
      { weight: 3, arbitrary: valueFor(schema).map((v) => encodeAny(String(v))) },
      { weight: 1, arbitrary: fc.constantFrom(...NASTY_STRINGS).map((s) => queryText(s)) },
      { weight: 1, arbitrary: fc.constantFrom(...NASTY_ENCODINGS) },
    );
  const params = fc.tuple(...target.params.map((p) => param(p.schema)));
  const queryPairs = fc.tuple(
    ...target.query.map((q) =>
      fc.oneof(
        { weight: 2, arbitrary: fc.constant(null) },
        { weight: 3, arbitrary: fuzzedValue(q.schema, 1).map((v) => `${q.name}=${queryText(typeof v === 'object' ? JSON.stringify(v) : String(v))}`) },
        { weight: 1, arbitrary: fc.constantFrom(...NASTY_ENCODINGS).map((e) => `${q.name}=${e}`) },
      ),
    ),
    fc.oneof({ weight: 5, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: fc.constantFrom('unknown=1', '__proto__=1', 'a%FF=1', '%00=x', 'limit=1&limit=2') }),
  );
  const body: fc.Arbitrary<{ payload?: string | Buffer; type?: string }> = target.body
    ? fc.oneof(
        { weight: 6, arbitrary: fuzzedValue(target.body).map((v) => ({ payload: JSON.stringify(v) ?? 'null', type: 'application/json' })) },
        {
          weight: 1,
          arbitrary: fc.constantFrom(
            { payload: '{', type: 'application/json' },
            { payload: '', type: 'application/json' },
            { payload: '{"a":1,"a":2}', type: 'application/json' },
            { payload: '{"__proto__":{"x":1}}', type: 'application/json' },
            { payload: `${'['.repeat(5000)}${']'.repeat(5000)}`, type: 'application/json' },
            { payload: Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0x22, 0x7d]), type: 'application/json' },
            { payload: '<a/>', type: 'application/xml' },
            { payload: 'a=1', type: 'application/x-www-form-urlencoded' },
          ),
        },
      )
    : target.upload
      ? fc.constantFrom(
          { payload: 'a,b\n1,2\n', type: 'text/csv' },
          { payload: Buffer.from([0x50, 0x4b, 3, 4, 0, 0]), type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' },
          { payload: '\u0000\u0000', type: 'text/csv' },
          { payload: '{}', type: 'application/json' },
        )
      : fc.oneof({ weight: 5, arbitrary: fc.constant({}) }, { weight: 1, arbitrary: fc.constant({ payload: '{"unexpected":true}', type: 'application/json' }) });
  return fc.tuple(params, queryPairs, body).map(([values, pairs, b]): FuzzInput => {
    let path = target.path;
    target.params.forEach((p, i) => (path = path.replace(`{${p.name}}`, values[i] || '%20')));
    const query = pairs.filter((x): x is string => x !== null).join('&');
    return {
      method: target.method,
      url: query ? `${path}?${query}` : path,
      headers: (b.type ? { 'content-type': b.type } : {}) as Record<string, string>,
      ...(b.payload !== undefined ? { payload: b.payload } : {}),
      target: `${target.method} ${target.path}`,
    };
  });
}

/** Tables whose rows a refused request may legitimately add: the record of the refusal itself. */
const LOG_TABLES = new Set(['audit_log', 'sessions', 'security_log', 'login_failures', 'kysely_migration', 'kysely_migration_lock']);

/**
 * A checksum of every table but the logs: row count, and version sum and latest update where the
 * table has them. Returns a function that computes it (the table list is read once).
 */
export async function tableChecksums(db: Db, dialect: 'sqlite' | 'postgres'): Promise<() => Promise<string>> {
  const tables =
    dialect === 'sqlite'
      ? (await sql<{ name: string }>`select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name`.execute(db)).rows.map((r) => r.name)
      : (await sql<{ name: string }>`select table_name as name from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE' order by table_name`.execute(db)).rows.map((r) => r.name);
  const selects: string[] = [];
  for (const table of tables) {
    if (LOG_TABLES.has(table)) continue;
    const columns =
      dialect === 'sqlite'
        ? (await sql<{ name: string }>`select name from pragma_table_info(${table})`.execute(db)).rows.map((r) => r.name)
        : (await sql<{ name: string }>`select column_name as name from information_schema.columns where table_schema = current_schema() and table_name = ${table}`.execute(db)).rows.map((r) => r.name);
    const version = columns.includes('version') ? 'coalesce(sum(version), 0)' : '0';
    const updated = columns.includes('updated_at') ? "coalesce(cast(max(updated_at) as text), '')" : "''";
    selects.push(`select '${table}' as t, count(*) as n, ${version} as v, ${updated} as u from "${table}"`);
  }
  const query = sql.raw<{ t: string; n: unknown; v: unknown; u: unknown }>(selects.join(' union all '));
  return async () => (await query.execute(db)).rows.map((r) => `${r.t}:${String(r.n)}/${String(r.v)}/${String(r.u)}`).join(' ');
}

export interface FuzzReport {
  requests: number;
  byStatus: Record<string, number>;
  byTarget: number;
  failures: string[];
}

/**
 * Sends `count` generated inputs over every target as `client`; returns what was seen and every
 * broken promise (a 5xx, an error outside the envelope, a rejected write that changed a row).
 */
export async function runFuzz(options: { app: FastifyInstance; client: Client; db: Db; dialect: 'sqlite' | 'postgres'; count: number; seed: number }): Promise<FuzzReport> {
  const targets = fuzzTargets(options.app);
  const inputs = fc.sample(fc.oneof(...targets.map((t) => inputFor(t))), { numRuns: options.count, seed: options.seed });
  const report: FuzzReport = { requests: 0, byStatus: {}, byTarget: targets.length, failures: [] };
  const checksum = await tableChecksums(options.db, options.dialect);
  // The state before the next write: read once, and again only after a write that was accepted.
  let before = await checksum();
  for (const input of inputs) {
    const write = input.method !== 'GET';
    const response = await options.client.request({ method: input.method as 'GET', url: input.url, headers: input.headers, ...(input.payload !== undefined ? { payload: input.payload } : {}) });
    report.requests++;
    const status = response.statusCode;
    report.byStatus[status] = (report.byStatus[status] ?? 0) + 1;
    const what = `${input.method} ${input.url.slice(0, 200)} ${typeof input.payload === 'string' ? input.payload.slice(0, 200) : input.payload ? '<bytes>' : ''}`;
    if (status >= 500) report.failures.push(`${status} for ${what}: ${response.body.slice(0, 300)}`);
    if (status >= 400) {
      let ok = false;
      try {
        const body = response.json();
        ok =
          Object.keys(body).sort().join() === 'error,requestId' &&
          typeof body.requestId === 'string' &&
          typeof body.error?.code === 'string' &&
          typeof body.error?.message === 'string' &&
          Object.keys(body.error).every((k) => ['code', 'message', 'details'].includes(k));
      } catch {
        ok = false;
      }
      if (!ok) report.failures.push(`${status} outside the envelope for ${what}: ${response.body.slice(0, 300)}`);
      if (write) {
        const after = await checksum();
        if (after !== before) {
          report.failures.push(`rejected write ${status} changed rows: ${what}`);
          before = after;
        }
      }
    } else if (write) {
      before = await checksum();
    }
    if (report.failures.length >= 20) break;
  }
  return report;
}
