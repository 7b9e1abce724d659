/**
 * Open311 GeoReport v2 (http://wiki.open311.org/GeoReport_v2) over the service catalog and the
 * service requests. The standard's shapes, field by field; the platform's own model stays richer
 * behind it (see docs/services.md for the mapping).
 *
 * - `jurisdiction_id` is an area code; a key reaches its area and everything under it.
 * - Every method except discovery needs an `api_key` an admin issued (the catalog is public
 *   information, but the requests carry personal data, and one rule for all is simpler to run).
 * - Requests are read and filed through the requests module with the rights of the account the
 *   key was issued with (a key without one reads the catalog only).
 */
import type { Db } from '../../db/database.ts';
import { isWithinScope, normalizeAreaCode } from '../../../contracts/area-code.ts';
import { OPEN_STATUSES, type NewServiceRequest, type ServiceRequestDetail, type ServiceRequestSummary } from '../../../contracts/service-requests.ts';
import { checkFormValues } from '../../../engine/services/form-values.ts';
import type { RequestContext } from '../../http/actor.ts';
import { AppError, badRequest, forbidden } from '../../http/errors.ts';
import { findArea } from '../areas/areas.service.ts';
import { effectiveCatalog, getEffectiveItem } from './catalog.service.ts';
import type { EffectiveServiceItem, FormField } from './catalog.schema.ts';
import { open311Client, type Open311Client } from './open311-keys.service.ts';
import { fileRequest, getRequest, listRequests, type RequestsDeps } from './requests.service.ts';
import type { Open311Value } from './open311-format.ts';

export const GEOREPORT_V2 = 'http://wiki.open311.org/GeoReport_v2';
/** The standard's default and largest answer to GET requests. */
const REQUESTS_MAX = 1000;
const SPAN_MAX_DAYS = 90;
const DAY_MS = 86_400_000;

/** Open311's own error for a missing, unknown or revoked key (403, the standard says). */
export const invalidKey = () => new AppError(403, 'invalid_api_key', 'Missing or invalid api_key');

/** The client an `api_key` names: 403 when it names none. */
export async function requireClient(db: Db, apiKey: unknown): Promise<Open311Client> {
  const client = await open311Client(db, typeof apiKey === 'string' ? apiKey : undefined);
  if (!client) throw invalidKey();
  return client;
}

/** The jurisdiction a call names: 400 when missing, 404 when no such area, 403 outside the key's area. */
export async function requireJurisdiction(db: Db, client: Open311Client, raw: unknown): Promise<string> {
  if (typeof raw !== 'string' || raw.trim() === '') {
    throw badRequest(`jurisdiction_id was not provided: this endpoint serves many jurisdictions; give an area code (your key reaches ${client.areaCode})`);
  }
  const code = normalizeAreaCode(raw);
  if (!code || !(await findArea(db, code))) throw new AppError(404, 'not_found', `jurisdiction_id ${raw} was not found`);
  if (!isWithinScope(code, client.areaCode)) {
    throw forbidden(`jurisdiction_id ${code} lies outside the area of this api_key (${client.areaCode})`, { areaCode: code, scope: client.areaCode, reason: 'scope' });
  }
  return code;
}

/** The request context of a client's account (403 for a catalog-only key). */
export function clientContext(client: Open311Client, base: RequestContext): RequestContext {
  if (!client.actor) throw forbidden('This api_key may read the service catalog only: it was issued without an account for requests', { reason: 'role' });
  return { ...base, actor: client.actor };
}

// ---- discovery ----

export function discovery(url: string, changeset: string): Open311Value {
  return {
    changeset,
    contact: '邻里 Linli — ask the platform’s administrators of your county (see /api/docs for the full API)',
    key_service: 'API keys are issued by an administrator of the area (Linli: 区域 → Open311 密钥)',
    endpoints: [
      {
        specification: GEOREPORT_V2,
        url,
        changeset,
        type: 'production',
        formats: ['text/xml', 'application/json'],
      },
    ],
  };
}

// ---- services and service definitions ----

const DATATYPES: Record<FormField['type'], string> = { text: 'string', number: 'number', date: 'datetime', single: 'singlevaluelist', multi: 'multivaluelist' };

function serviceOf(item: EffectiveServiceItem): Open311Value {
  const limit = `承诺时限 ${item.committedDays} 个工作日（法定 ${item.statutoryDays} 个工作日）`;
  return {
    service_code: item.code,
    service_name: item.name,
    description: [item.department, limit, item.conditions].filter(Boolean).join('；'),
    metadata: item.fields.length > 0,
    type: 'realtime',
    keywords: [item.nameEn, item.nameZhTw, item.department].filter(Boolean).join(', '),
    group: item.category,
  };
}

export async function services(db: Db, jurisdiction: string): Promise<Open311Value> {
  return (await effectiveCatalog(db, jurisdiction)).map(serviceOf);
}

export async function serviceDefinition(db: Db, jurisdiction: string, serviceCode: string): Promise<Open311Value> {
  const item = await getEffectiveItem(db, serviceCode, jurisdiction);
  return {
    service_code: item.code,
    attributes: item.fields.map((field, index) => ({
      variable: true,
      code: field.key,
      datatype: DATATYPES[field.type],
      required: field.required,
      datatype_description: field.type === 'date' ? 'YYYY-MM-DD' : field.type === 'number' ? 'a decimal number' : null,
      order: index + 1,
      description: field.description ? `${field.label}：${field.description}` : field.label,
      ...(field.options ? { values: field.options.map((o) => ({ key: o.key, name: o.label })) } : {}),
    })),
  };
}

// ---- service requests ----

/** What the applicant (and the public record) may read of a request, in the standard's fields. */
function requestOf(request: ServiceRequestSummary | ServiceRequestDetail): Open311Value {
  const detail = 'clocks' in request ? request : null;
  const open = OPEN_STATUSES.includes(request.status);
  const notes = [request.status, request.outcome, detail?.decisionReason ?? detail?.notAcceptedReason].filter(Boolean).join(': ');
  const updated = detail?.events.at(-1)?.at ?? request.submittedAt;
  return {
    service_request_id: request.id,
    status: open ? 'open' : 'closed',
    status_notes: notes,
    service_name: request.itemName,
    service_code: request.itemCode,
    description: null,
    agency_responsible: request.unitName ?? request.unitCode,
    service_notice: null,
    requested_datetime: request.submittedAt,
    updated_datetime: updated,
    expected_datetime: detail?.clocks.expectedAt ?? request.dueAt,
    address: request.communityName,
    address_id: request.communityCode,
    zipcode: null,
    lat: null,
    long: null,
    media_url: null,
  };
}

function instant(raw: unknown, field: string): number | undefined {
  if (raw === undefined || raw === '') return undefined;
  const text = String(raw);
  const time = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(text) ? Date.parse(text) : NaN;
  if (!Number.isFinite(time)) throw badRequest(`${field} must be a w3 date-time with its zone, e.g. 2026-01-01T00:00:00+08:00`);
  return time;
}

function list(raw: unknown): string[] {
  const values = Array.isArray(raw) ? raw : raw === undefined ? [] : [raw];
  return values.flatMap((v) => String(v).split(',')).map((v) => v.trim()).filter(Boolean);
}

export interface RequestsQuery {
  service_request_id?: unknown;
  service_code?: unknown;
  start_date?: unknown;
  end_date?: unknown;
  status?: unknown;
}

/** GET requests: by ids (overriding the rest), or by code, date span (≤ 90 days, default the last 90) and status. */
export async function requests(deps: RequestsDeps, ctx: RequestContext, jurisdiction: string, query: RequestsQuery, now = Date.now()): Promise<Open311Value> {
  const ids = list(query.service_request_id);
  if (ids.length > 0) {
    if (ids.length > REQUESTS_MAX) throw badRequest(`service_request_id lists more than ${REQUESTS_MAX} ids`);
    const found: Open311Value[] = [];
    for (const id of ids) {
      try {
        const detail = await getRequest(deps, ctx, id);
        if (isWithinScope(detail.communityCode, jurisdiction)) found.push(requestOf(detail));
      } catch (error) {
        // An id this client cannot read is left out, as an unknown one is.
        if (!(error instanceof AppError) || (error.statusCode !== 404 && error.statusCode !== 403)) throw error;
      }
    }
    return found;
  }
  const statuses = list(query.status);
  for (const s of statuses) if (s !== 'open' && s !== 'closed') throw badRequest(`status must be open or closed, not ${s}`);
  let end = instant(query.end_date, 'end_date');
  let start = instant(query.start_date, 'start_date');
  if (end === undefined) end = start === undefined ? now : start + SPAN_MAX_DAYS * DAY_MS;
  if (start === undefined) start = end - SPAN_MAX_DAYS * DAY_MS;
  if (start > end) throw badRequest('start_date is after end_date');
  if (end - start > SPAN_MAX_DAYS * DAY_MS) throw badRequest(`start_date to end_date spans more than ${SPAN_MAX_DAYS} days`);
  const open = statuses.length === 1 ? statuses[0] === 'open' : undefined;
  const itemCode = query.service_code === undefined || query.service_code === '' ? undefined : String(query.service_code);
  // The requests the account reaches within the jurisdiction: the narrower of the two areas.
  const scope = ctx.actor!.scope;
  const area = isWithinScope(jurisdiction, scope) ? jurisdiction : isWithinScope(scope, jurisdiction) ? scope : jurisdiction;

  const found: Open311Value[] = [];
  let cursor: string | undefined;
  // The span is a condition of the query (the submitted index), newest first, page by page
  // until the standard's limit is reached.
  const submitted = { from: new Date(start).toISOString(), to: new Date(end).toISOString() };
  for (;;) {
    const page = await listRequests(deps, ctx, { area, itemCode, open, submitted, limit: 500, cursor });
    for (const request of page.items) {
      if (open === false && OPEN_STATUSES.includes(request.status)) continue;
      found.push(requestOf(request));
      if (found.length >= REQUESTS_MAX) return found;
    }
    if (!page.nextCursor) return found;
    cursor = page.nextCursor;
  }
}

export async function request(deps: RequestsDeps, ctx: RequestContext, jurisdiction: string, id: string): Promise<Open311Value> {
  const detail = await getRequest(deps, ctx, id);
  if (!isWithinScope(detail.communityCode, jurisdiction)) throw new AppError(404, 'not_found', `service_request_id ${id} was not found in jurisdiction ${jurisdiction}`);
  return [requestOf(detail)];
}

/** Tokens: requests are created at once (type realtime), so a token is the request's own id. */
export async function token(deps: RequestsDeps, ctx: RequestContext, jurisdiction: string, value: string): Promise<Open311Value> {
  const detail = await getRequest(deps, ctx, value);
  if (!isWithinScope(detail.communityCode, jurisdiction)) throw new AppError(404, 'not_found', `token ${value} was not found`);
  return [{ service_request_id: detail.id, token: value }];
}

/** `attribute[code]=v` and `attribute[code][]=v` of a form body, by code. */
export function attributesOf(form: Record<string, unknown>): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [key, raw] of Object.entries(form)) {
    const match = /^attribute\[([^\]]+)\](\[\])?$/.exec(key);
    if (!match) continue;
    const code = match[1]!;
    const values = Array.isArray(raw) ? raw.map(String) : [String(raw)];
    const before = out[code];
    const merged = before === undefined ? values : [...(Array.isArray(before) ? before : [before]), ...values];
    out[code] = match[2] || merged.length > 1 ? merged : merged[0]!;
  }
  return out;
}

/**
 * POST requests (form-encoded). The applicant is a registry person: `account_id` names them
 * (the person's id), `address_id` the community they live in (12 digits, within the jurisdiction:
 * the one location parameter taken);
 * `attribute[code]` the item's form values; `description` the note. Names, phone and e-mail are
 * not taken: the registry holds them. Filed on the phone channel unless the item has none.
 */
export async function postRequest(deps: RequestsDeps, ctx: RequestContext, jurisdiction: string, form: Record<string, unknown>, idempotencyKey?: string): Promise<Open311Value> {
  const serviceCode = typeof form.service_code === 'string' ? form.service_code : '';
  if (!serviceCode) throw badRequest('service_code was not provided');
  const person = typeof form.account_id === 'string' ? form.account_id : '';
  if (!person) throw badRequest('account_id was not provided: give the registry id of the applicant');
  const rawCommunity = typeof form.address_id === 'string' ? form.address_id : '';
  if (!rawCommunity) throw badRequest('address_id was not provided: give the 12-digit code of the applicant’s community (the location this endpoint takes)');
  const community = normalizeAreaCode(rawCommunity);
  if (!community || community.length !== 12) throw badRequest('address_id must be the 12-digit code of the applicant’s community');
  if (!isWithinScope(community, jurisdiction)) throw badRequest(`address_id ${community} lies outside jurisdiction ${jurisdiction}`);
  const item = await getEffectiveItem(deps.db, serviceCode, community);
  // Form-encoded values are text: typed by the item's fields before the requests module checks them.
  const typed = checkFormValues(item.fields, attributesOf(form), { coerce: true });
  const formValues: Record<string, string | number | string[]> = { ...typed.values };
  for (const problem of typed.problems) {
    const raw = attributesOf(form)[problem.field];
    if (raw !== undefined) formValues[problem.field] = raw;
  }
  const description = typeof form.description === 'string' && form.description.trim() ? form.description.trim().slice(0, 2000) : undefined;
  const input: NewServiceRequest = {
    itemCode: item.code,
    applicantPersonId: person,
    communityCode: community,
    channel: item.channels.includes('phone') ? 'phone' : 'window',
    formValues,
    ...(description ? { note: description } : {}),
  };
  const { detail } = await fileRequest(deps.db, ctx, input, { idempotencyKey, settings: deps.settings });
  return [{ service_request_id: detail.id, service_notice: `承诺 ${item.committedDays} 个工作日内办结；受理编号 ${detail.number}`, account_id: person }];
}
