/**
 * The service catalog (公共服务事项目录): the master items a province-wide admin defines, their
 * publication by a county or a township for its area (which may shorten the committed limit, never
 * lengthen it), and the effective catalog of an area — what its residents see and apply for.
 *
 * For the requests module: `getEffectiveItem(db, itemCode, communityCode)` (no access check; the
 * caller has checked its own) and `effectiveCatalog(db, areaCode)`.
 */
import type { Db } from '../../db/database.ts';
import { isUniqueViolation } from '../../db/unique-violation.ts';
import type { ServiceItemRow } from '../../db/tables/service-catalog.ts';
import { normalizeAreaCode } from '../../../contracts/area-code.ts';
import { requirePermission, scopedArea, type RequestContext } from '../../http/actor.ts';
import { conflict, invalidField, invalidFields, notFound, type FieldProblem } from '../../http/errors.ts';
import type {
  CatalogQuery,
  EffectiveCatalog,
  PublicationInput,
  PublicationList,
  ServiceItemChanges,
  ServiceItemInput,
  ServiceItemList,
} from '../../../contracts/service-catalog.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { findArea } from '../areas/areas.service.ts';
import { nameSearchText, searchModeOf } from '../areas/search-text.ts';
import * as repo from './catalog.repository.ts';
import {
  levelOfPublishingCode,
  orderedFields,
  toEffectiveItem,
  toPublication,
  toServiceItem,
  toSummary,
  type EffectiveLimit,
  type EffectiveServiceItem,
  type Publication,
  type ServiceItem,
} from './catalog.schema.ts';

// ---- rules ----

function duplicates(keys: readonly string[]): string[] {
  const seen = new Set<string>();
  const twice = new Set<string>();
  for (const key of keys) (seen.has(key) ? twice : seen).add(key);
  return [...twice];
}

/** What is wrong with an item beyond its schema: limits, keys, options. */
export function itemProblems(input: Omit<ServiceItemInput, 'code'>): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (!input.name.trim()) problems.push({ field: 'name', problem: 'must not be blank', code: 'required' });
  if (!input.department.trim()) problems.push({ field: 'department', problem: 'must not be blank', code: 'required' });
  if (input.committedDays > input.statutoryDays) {
    problems.push({ field: 'committedDays', problem: `${input.committedDays} working days exceeds the statutory limit of ${input.statutoryDays}`, code: 'out_of_range' });
  }
  for (const key of duplicates(input.materials.map((m) => m.key))) problems.push({ field: 'materials', problem: `lists the key ${key} twice`, code: 'duplicate' });
  for (const key of duplicates(input.fields.map((f) => f.key))) problems.push({ field: 'fields', problem: `lists the key ${key} twice`, code: 'duplicate' });
  input.fields.forEach((field, i) => {
    const choice = field.type === 'single' || field.type === 'multi';
    const options = field.options ?? [];
    if (choice && options.length === 0) problems.push({ field: `fields.${i}.options`, problem: `a ${field.type} field needs at least one option`, code: 'required' });
    if (!choice && field.options !== undefined) problems.push({ field: `fields.${i}.options`, problem: `a ${field.type} field has no options`, code: 'inconsistent' });
    for (const key of duplicates(options.map((o) => o.key))) problems.push({ field: `fields.${i}.options`, problem: `lists the key ${key} twice`, code: 'duplicate' });
  });
  return problems;
}

function throwProblems(problems: FieldProblem[]): void {
  if (problems.length === 1) throw invalidField(problems[0]!.field, problems[0]!.problem, problems[0]!.code);
  if (problems.length > 1) throw invalidFields(problems);
}

function itemRowOf(input: Omit<ServiceItemInput, 'code'>, now: string, generated: boolean) {
  const name = input.name.trim();
  const search = nameSearchText(name);
  return {
    name,
    name_zh_tw: input.nameZhTw?.trim() || null,
    name_en: input.nameEn?.trim() || null,
    name_initials: search.initials,
    name_pinyin: search.pinyin,
    category: input.category,
    department: input.department.trim(),
    deciding_level: input.decidingLevel,
    legal_basis: input.legalBasis.trim(),
    conditions: input.conditions.trim(),
    materials: JSON.stringify(input.materials),
    committed_days: input.committedDays,
    statutory_days: input.statutoryDays,
    fee_yuan: input.feeYuan,
    fee_note: input.feeNote?.trim() || null,
    channels: JSON.stringify(input.channels),
    agency_allowed: input.agencyAllowed,
    fields: JSON.stringify(orderedFields(input.fields)),
    generated,
    updated_at: now,
  };
}

// ---- the master catalog ----

function filterOf(query: CatalogQuery): repo.ItemFilter {
  const filter: repo.ItemFilter = { category: query.category };
  if (query.q?.trim()) {
    const mode = searchModeOf(query.q);
    if (mode.kind === 'letters') filter.letters = mode.letters;
    else filter.name = mode.text;
  }
  return filter;
}

export async function listMasterItems(db: Db, ctx: RequestContext, query: CatalogQuery): Promise<ServiceItemList> {
  requirePermission(ctx, 'serviceCatalog.manage');
  const rows = await repo.listItems(db, filterOf(query));
  return { items: rows.map((row) => toSummary(toServiceItem(row))) };
}

export async function getMasterItem(db: Db, ctx: RequestContext, code: string): Promise<ServiceItem> {
  requirePermission(ctx, 'serviceCatalog.manage');
  const row = await repo.findItem(db, code);
  if (!row) throw notFound('Service item', code);
  return toServiceItem(row);
}

/** For the demo seed and the admin route: one item written with its audit entry. */
export async function createItem(db: Db, ctx: RequestContext, input: ServiceItemInput, options: { generated?: boolean } = {}): Promise<ServiceItem> {
  const actor = requirePermission(ctx, 'serviceCatalog.define');
  throwProblems(itemProblems(input));
  const now = new Date().toISOString();
  const row = { code: input.code, ...itemRowOf(input, now, options.generated ?? false), version: 1, created_at: now };
  try {
    await db.transaction().execute(async (trx) => {
      await repo.insertItem(trx, row);
      await recordAudit(trx, ctx, { action: 'serviceCatalog.itemCreated', areaCode: actor.scope, targetType: 'serviceItem', targetId: input.code });
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw conflict(`Service item ${input.code} already exists`, { field: 'code', code: 'duplicate' });
    throw error;
  }
  return toServiceItem((await repo.findItem(db, input.code))!);
}

export async function updateItem(db: Db, ctx: RequestContext, code: string, changes: ServiceItemChanges): Promise<ServiceItem> {
  const actor = requirePermission(ctx, 'serviceCatalog.define');
  const { version, ...content } = changes;
  const current = await repo.findItem(db, code);
  if (!current) throw notFound('Service item', code);
  throwProblems(itemProblems(content));
  const now = new Date().toISOString();
  await db.transaction().execute(async (trx) => {
    const row = itemRowOf(content, now, Boolean(current.generated));
    if (!(await repo.updateItem(trx, code, version, row))) {
      throw conflict(`Service item ${code} was changed by someone else (version ${current.version}, you sent ${version}); read it again`, {
        version: current.version,
      });
    }
    await recordAudit(trx, ctx, { action: 'serviceCatalog.itemUpdated', areaCode: actor.scope, targetType: 'serviceItem', targetId: code });
  });
  return toServiceItem((await repo.findItem(db, code))!);
}

// ---- the effective catalog of an area ----

/** The publishing areas at or above `areaCode`: its county and its township, where it has them. */
function publishingChain(areaCode: string): string[] {
  return [6, 9].filter((length) => areaCode.length >= length).map((length) => areaCode.slice(0, length));
}

/**
 * For each item published at or above `areaCode`: the deepest publication and the limit that holds
 * (the shortest along the chain: a deeper level never lengthens, and a later shortening above wins).
 */
async function effectiveLimits(db: Db, areaCode: string, items: Map<string, ServiceItem>, itemCode?: string): Promise<Map<string, EffectiveLimit>> {
  const rows = await repo.publicationsAt(db, publishingChain(areaCode), itemCode);
  const limits = new Map<string, EffectiveLimit>();
  for (const row of rows) {
    const item = items.get(row.item_code);
    if (!item) continue;
    const known = limits.get(row.item_code);
    const days = Math.min(known?.committedDays ?? item.committedDays, row.committed_days ?? item.committedDays);
    const deeper = !known || row.area_code.length > known.areaCode.length;
    limits.set(row.item_code, {
      areaCode: deeper ? row.area_code : known.areaCode,
      areaName: deeper ? row.area_name : known.areaName,
      level: levelOfPublishingCode(deeper ? row.area_code : known.areaCode),
      committedDays: days,
    });
  }
  return limits;
}

function byCode(rows: ServiceItemRow[]): Map<string, ServiceItem> {
  return new Map(rows.map((row) => [row.code, toServiceItem(row)]));
}

/**
 * What a resident of `areaCode` sees (no access check: callers check theirs): the items published
 * for it by its county or township, each with the limit that holds there, by category and code.
 */
export async function effectiveCatalog(db: Db, areaCode: string, query: CatalogQuery = {}): Promise<EffectiveServiceItem[]> {
  const published = await repo.publicationsAt(db, publishingChain(areaCode));
  const codes = [...new Set(published.map((p) => p.item_code))];
  const items = byCode(await repo.listItems(db, { ...filterOf(query), codes }));
  const limits = await effectiveLimits(db, areaCode, items);
  return [...items.values()].filter((item) => limits.has(item.code)).map((item) => toEffectiveItem(item, limits.get(item.code)!));
}

/**
 * For the requests module: the item as it holds in the community, with its effective committed
 * limit; 404 when the code names no item or the item is not published there. No access check.
 */
export async function getEffectiveItem(db: Db, itemCode: string, communityCode: string): Promise<EffectiveServiceItem> {
  const row = await repo.findItem(db, itemCode);
  if (!row) throw notFound('Service item', itemCode);
  const items = byCode([row]);
  const limit = (await effectiveLimits(db, communityCode, items, itemCode)).get(itemCode);
  if (!limit) throw notFound('Service item', `${itemCode} in area ${communityCode}`);
  return toEffectiveItem(items.get(itemCode)!, limit);
}

export async function readCatalog(db: Db, ctx: RequestContext, rawArea: string, query: CatalogQuery): Promise<EffectiveCatalog> {
  const actor = requirePermission(ctx, 'serviceCatalog.read');
  const areaCode = scopedArea(actor, rawArea, 'code');
  const items = await effectiveCatalog(db, areaCode, query);
  return { areaCode, items: items.map((item) => ({ ...toSummary(item), publication: item.publication })) };
}

export async function readCatalogItem(db: Db, ctx: RequestContext, rawArea: string, itemCode: string): Promise<EffectiveServiceItem> {
  const actor = requirePermission(ctx, 'serviceCatalog.read');
  const areaCode = scopedArea(actor, rawArea, 'code');
  return getEffectiveItem(db, itemCode, areaCode);
}

// ---- publication ----

/** A county or a township of the actor's scope that exists. */
async function publishingArea(db: Db, ctx: RequestContext, rawArea: string): Promise<string> {
  const actor = requirePermission(ctx, 'serviceCatalog.publish');
  const areaCode = scopedArea(actor, rawArea, 'code');
  if (areaCode.length !== 6 && areaCode.length !== 9) {
    throw invalidField('code', `${areaCode} is not a county or a township: only they publish catalog items`, 'not_allowed');
  }
  if (!(await findArea(db, areaCode))) throw notFound('Area', areaCode);
  return areaCode;
}

export async function listPublications(db: Db, ctx: RequestContext, rawArea: string): Promise<PublicationList> {
  const actor = requirePermission(ctx, 'serviceCatalog.publish');
  const areaCode = scopedArea(actor, rawArea, 'code');
  const above = publishingChain(areaCode).filter((code) => code !== areaCode);
  const rows = [...(await repo.publicationsAt(db, above)), ...(await repo.publicationsWithin(db, areaCode))];
  const items = byCode(await repo.listItems(db, { codes: [...new Set(rows.map((r) => r.item_code))] }));
  const result: Publication[] = [];
  for (const row of rows) {
    const item = items.get(row.item_code);
    if (!item) continue;
    const limit = (await effectiveLimits(db, row.area_code, items, row.item_code)).get(row.item_code);
    result.push(toPublication(row, item, limit?.committedDays ?? item.committedDays));
  }
  return { items: result };
}

export async function publishItem(db: Db, ctx: RequestContext, rawArea: string, itemCode: string, input: PublicationInput): Promise<Publication> {
  const areaCode = await publishingArea(db, ctx, rawArea);
  const actor = ctx.actor!;
  const itemRow = await repo.findItem(db, itemCode);
  if (!itemRow) throw notFound('Service item', itemCode);
  const items = byCode([itemRow]);
  const item = items.get(itemCode)!;
  const parent = normalizeAreaCode(areaCode.slice(0, 6));
  const above = areaCode.length === 9 && parent ? (await effectiveLimits(db, parent, items, itemCode)).get(itemCode) : undefined;
  const limitAbove = above?.committedDays ?? item.committedDays;
  if (input.committedDays !== null && input.committedDays > limitAbove) {
    throw invalidField(
      'committedDays',
      `${input.committedDays} working days would lengthen the limit of ${limitAbove} that holds ${above ? `in ${above.areaCode}` : 'for the item'}; a publication may only shorten it`,
      'out_of_range',
    );
  }
  const now = new Date().toISOString();
  try {
    await db.transaction().execute(async (trx) => {
      const existing = await repo.findPublication(trx, areaCode, itemCode);
      if (existing) {
        await repo.updatePublication(trx, areaCode, itemCode, { committed_days: input.committedDays, published_by: actor.username, updated_at: now });
      } else {
        await repo.insertPublication(trx, {
          area_code: areaCode,
          item_code: itemCode,
          committed_days: input.committedDays,
          published_by: actor.username,
          created_at: now,
          updated_at: now,
        });
      }
      await recordAudit(trx, ctx, {
        action: existing ? 'serviceCatalog.publicationChanged' : 'serviceCatalog.published',
        areaCode,
        targetType: 'serviceItem',
        targetId: itemCode,
        details: { committedDays: input.committedDays, before: existing?.committed_days ?? null },
      });
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw conflict(`Item ${itemCode} was published for ${areaCode} at the same moment; read it again`);
    throw error;
  }
  const row = (await repo.publicationsAt(db, [areaCode], itemCode))[0]!;
  const limit = (await effectiveLimits(db, areaCode, items, itemCode)).get(itemCode)!;
  return toPublication(row, item, limit.committedDays);
}

export async function unpublishItem(db: Db, ctx: RequestContext, rawArea: string, itemCode: string): Promise<void> {
  const areaCode = await publishingArea(db, ctx, rawArea);
  await db.transaction().execute(async (trx) => {
    const existing = await repo.findPublication(trx, areaCode, itemCode);
    if (!existing) throw notFound('Publication', `${itemCode} in ${areaCode}`);
    await repo.deletePublication(trx, areaCode, itemCode);
    await recordAudit(trx, ctx, { action: 'serviceCatalog.unpublished', areaCode, targetType: 'serviceItem', targetId: itemCode });
  });
}

// ---- the demo seed (system writes: no actor, no audit entry) ----

export interface SystemItem {
  input: ServiceItemInput;
  /** Whether a figure of the item (a limit, a fee) is invented for the demo. */
  generated: boolean;
}

/** Writes items and publications as the system (the demo seed); the same rules as the routes. */
export async function createCatalogAsSystem(
  db: Db,
  items: readonly SystemItem[],
  publications: readonly { areaCode: string; itemCode: string; committedDays: number | null }[],
): Promise<void> {
  const now = new Date().toISOString();
  for (const { input } of items) {
    const problems = itemProblems(input);
    if (problems.length) throw new Error(`demo item ${input.code}: ${problems.map((p) => `${p.field} ${p.problem}`).join('; ')}`);
  }
  const committed = new Map(items.map(({ input }) => [input.code, input.committedDays]));
  await db.transaction().execute(async (trx) => {
    for (const { input, generated } of items) await repo.insertItem(trx, { code: input.code, ...itemRowOf(input, now, generated), version: 1, created_at: now });
    for (const p of publications) {
      const base = committed.get(p.itemCode);
      if (base === undefined) throw new Error(`demo publication of unknown item ${p.itemCode}`);
      if (p.committedDays !== null && p.committedDays > base) throw new Error(`demo publication of ${p.itemCode} lengthens its limit`);
      await repo.insertPublication(trx, { area_code: p.areaCode, item_code: p.itemCode, committed_days: p.committedDays, published_by: null, created_at: now, updated_at: now });
    }
  });
}
