import type { FastifyServerOptions } from 'fastify';

/**
 * Keeps personal numbers out of the server log. A search by ID number travels in the query string
 * (`GET /persons?q=340828…`), and Fastify logs every request's URL, as do its "route not found"
 * lines and the errors it reports. So every log line passes through here:
 * - the values of query parameters that carry personal data (a search text, a name, a number) are
 *   replaced by `[redacted]`;
 * - anything else that looks like an 18-character ID number or an 11-digit mobile number, anywhere
 *   in a URL, a message or an error, is masked as the API masks it.
 */

/** Query parameters whose values are personal (a search text is a name, an ID or a phone number). */
export const PERSONAL_QUERY_PARAMETERS: ReadonlySet<string> = new Set([
  'q',
  'name',
  'idnumber',
  'phone',
  'address',
  'username',
  'password',
  'residencepermitnumber',
]);

const REDACTED = '[redacted]';
// Digits not preceded or followed by another digit: an ID number (17 digits and a check digit or X) or a mainland mobile.
const ID_NUMBER = /(?<![0-9])[0-9]{6}[0-9]{8}[0-9]{3}[0-9Xx](?![0-9A-Za-z])/g;
const MOBILE = /(?<![0-9])1[3-9][0-9]{9}(?![0-9])/g;

/** Masks ID-number-like and mobile-like digit runs: 3408**********123X, 138****5678. */
export function maskPersonalNumbers(text: string): string {
  return text
    .replace(ID_NUMBER, (id) => `${id.slice(0, 4)}${'*'.repeat(10)}${id.slice(-4)}`)
    .replace(MOBILE, (phone) => `${phone.slice(0, 3)}****${phone.slice(-4)}`);
}

function parameterName(raw: string): string {
  try {
    return decodeURIComponent(raw.replace(/\+/g, ' ')).toLowerCase();
  } catch {
    return raw.toLowerCase();
  }
}

/** A query string with personal parameters' values replaced and other values masked. */
function redactQuery(query: string): string {
  return query
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      if (eq < 0) return maskPersonalNumbers(pair);
      const name = pair.slice(0, eq);
      return PERSONAL_QUERY_PARAMETERS.has(parameterName(name)) ? `${name}=${REDACTED}` : `${name}=${maskPersonalNumbers(pair.slice(eq + 1))}`;
    })
    .join('&');
}

/** A request URL as the log may keep it. */
export function redactUrl(url: string): string {
  const at = url.indexOf('?');
  if (at < 0) return maskPersonalNumbers(url);
  return `${maskPersonalNumbers(url.slice(0, at))}?${redactQuery(url.slice(at + 1))}`;
}

/** Free text (a log message, an error message or stack) with every query string in it redacted. */
export function redactText(text: string): string {
  return maskPersonalNumbers(text.replace(/\?([^\s"'<>]*)/g, (_, query: string) => `?${redactQuery(query)}`));
}

function redactValue(value: unknown, depth: number): unknown {
  if (typeof value === 'string') return redactText(value);
  if (depth <= 0 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => redactValue(v, depth - 1));
  // Only plain data (what serializers produce); requests, sockets and buffers are left to their serializers.
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return value;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) out[key] = redactValue(v, depth - 1);
  return out;
}

interface LoggedRequest {
  method: string;
  url: string;
  hostname?: string;
  ip?: string;
  socket?: { remotePort?: number };
}

/** The pino options of the server's logger: the level, and redaction of every line. */
export function loggerOptions(level: string): Exclude<FastifyServerOptions['logger'], boolean | undefined> {
  return {
    level,
    serializers: {
      req: (request: LoggedRequest) => ({
        method: request.method,
        url: redactUrl(request.url),
        host: request.hostname,
        remoteAddress: request.ip,
        remotePort: request.socket?.remotePort,
      }),
      err: (error: Error & { code?: unknown; statusCode?: unknown }) => ({
        type: error.name,
        message: redactText(error.message),
        stack: redactText(error.stack ?? ''),
        code: error.code,
        statusCode: error.statusCode,
      }),
    },
    formatters: {
      // Values a line carries besides req and err (a url, a path, a message in an object).
      log: (object: Record<string, unknown>) => redactValue(object, 3) as Record<string, unknown>,
    },
    hooks: {
      // The message text itself ("Route GET:/api/v1/persons?q=… not found").
      logMethod(args: unknown[], method: (...args: unknown[]) => void) {
        method.apply(this, args.map((a) => (typeof a === 'string' ? redactText(a) : a)));
      },
    },
  };
}
