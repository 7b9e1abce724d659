/**
 * Open311 GeoReport v2 output: the same document as JSON or as XML. The XML is schemaless and
 * without a namespace, as the specification asks; JSON follows its "Spark convention" mapping of
 * that XML (a list element becomes an array of its items, the item element's name dropped).
 *
 * A document is written once, as a tree: `{ root: 'services', item: 'service', value: [...] }`
 * lists, plain objects for elements with children, scalars for text; `listOf` names each list's
 * item element for XML.
 */

export type Open311Format = 'json' | 'xml';

export type Open311Value = string | number | boolean | null | Open311Value[] | { [key: string]: Open311Value };

/** The element name of one entry of each list element, for XML (`services` → `service`). */
const LIST_ITEMS: Record<string, string> = {
  services: 'service',
  service_requests: 'request',
  errors: 'error',
  attributes: 'attribute',
  values: 'value',
  endpoints: 'endpoint',
  formats: 'format',
};

/** XML 1.0 forbids most control characters even escaped; they are dropped. */
function xmlText(value: string): string {
  return value
    // eslint-disable-next-line no-control-regex -- these are the characters XML 1.0 cannot carry
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

function element(name: string, value: Open311Value, indent: string): string {
  if (value === null || value === undefined) return `${indent}<${name}/>\n`;
  if (Array.isArray(value)) {
    const item = LIST_ITEMS[name] ?? 'item';
    return `${indent}<${name}>\n${value.map((v) => element(item, v, `${indent}  `)).join('')}${indent}</${name}>\n`;
  }
  if (typeof value === 'object') {
    const children = Object.entries(value)
      .map(([k, v]) => element(k, v, `${indent}  `))
      .join('');
    return `${indent}<${name}>\n${children}${indent}</${name}>\n`;
  }
  return `${indent}<${name}>${xmlText(String(value))}</${name}>\n`;
}

/** The document `value` under the root element `root`, in the asked format: [body, content type]. */
export function render(format: Open311Format, root: string, value: Open311Value): [string, string] {
  if (format === 'json') return [JSON.stringify(value), 'application/json; charset=utf-8'];
  return [`<?xml version="1.0" encoding="utf-8"?>\n${element(root, value, '')}`, 'text/xml; charset=utf-8'];
}

export interface Open311Error {
  code: number | string;
  description: string;
}

/** The standard's error document: a list of `{ code, description }`. */
export function renderErrors(format: Open311Format, errors: readonly Open311Error[]): [string, string] {
  return render(
    format,
    'errors',
    errors.map((e) => ({ code: e.code, description: e.description })),
  );
}

/** The format a path asks for by its suffix (`.json`, `.xml`), and the path without it. */
export function splitFormat(name: string): { base: string; format: Open311Format } | null {
  const match = /^(.*)\.(json|xml)$/.exec(name);
  if (!match || !match[1]) return null;
  return { base: match[1], format: match[2] as Open311Format };
}
