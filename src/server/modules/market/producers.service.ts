/**
 * Producers (a farmer, a co-operative, a supply-and-marketing co-op outlet) and their products;
 * hubs and urban–rural pairings. An agent lists produce on behalf of farmers who have no phone:
 * whoever lists must hold the producer's village in their scope.
 */
import type { Db } from '../../db/database.ts';
import { newId } from '../../db/ids.ts';
import { isUniqueViolation } from '../../db/unique-violation.ts';
import { requirePermission, requireScope, scopedArea, type RequestContext } from '../../http/actor.ts';
import { conflict, invalidField, notFound } from '../../http/errors.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { findCommunity } from '../areas/areas.service.ts';
import type { Hub, NewHub, NewPairing, NewProduct, NewProducer, Pairing, Producer, Product, ProductChange, ProducerKind, HubKind } from '../../../contracts/market.ts';
import * as repo from './producers.repository.ts';

export function toProducer(row: repo.ProducerRow): Producer {
  return {
    id: row.id,
    areaCode: row.area_code,
    areaName: row.area_name,
    kind: row.kind as ProducerKind,
    name: row.name,
    description: row.description,
    hasAccount: row.user_id !== null,
    listedByAgent: Boolean(row.listed_by_agent),
    createdAt: row.created_at,
  };
}

export function toProduct(row: repo.ProductRow): Product {
  return {
    id: row.id,
    areaCode: row.area_code,
    producerId: row.producer_id,
    producerName: row.producer_name,
    name: row.name,
    unit: row.unit,
    priceCents: row.price_cents,
    quantity: row.quantity,
    hasPhoto: row.photo_sha256 !== null,
    harvestFrom: row.harvest_from,
    harvestTo: row.harvest_to,
    version: row.version,
    createdAt: row.created_at,
  };
}

function toHub(row: repo.HubRow): Hub {
  return { id: row.id, areaCode: row.area_code, areaName: row.area_name, kind: row.kind as HubKind, name: row.name, createdAt: row.created_at };
}

async function community(db: Db, code: string, field: string): Promise<{ code: string; name: string; kind: string | null }> {
  const found = await findCommunity(db, code);
  if (!found.area) throw invalidField(field, found.problem ?? 'is not a community', found.problem?.includes('does not exist') ? 'unknown_reference' : 'invalid_format');
  return { code: found.area.fullCode, name: found.area.name, kind: found.area.kind };
}

function harvestWindow(from: string | null | undefined, to: string | null | undefined): void {
  for (const [field, value] of [['harvestFrom', from], ['harvestTo', to]] as const) {
    if (value && Number.isNaN(Date.parse(`${value}T00:00:00Z`))) throw invalidField(field, 'is not a date', 'invalid_format');
  }
  if (from && to && from > to) throw invalidField('harvestTo', 'must not be before harvestFrom', 'inconsistent');
}

export async function listProducers(db: Db, ctx: RequestContext, q: { area?: string }): Promise<{ items: Producer[] }> {
  const actor = requirePermission(ctx, 'market.read');
  const area = scopedArea(actor, q.area);
  return { items: (await repo.listProducers(db, area)).map(toProducer) };
}

export async function createProducer(db: Db, ctx: RequestContext, input: NewProducer): Promise<Producer> {
  const actor = requirePermission(ctx, 'market.list');
  const area = scopedArea(actor, input.areaCode, 'areaCode');
  const village = await community(db, area, 'areaCode');
  const id = newId();
  await db.transaction().execute(async (trx) => {
    await repo.insertProducer(trx, {
      area_code: village.code,
      id,
      kind: input.kind,
      name: input.name.trim(),
      description: input.description?.trim() || null,
      user_id: null,
      listed_by_agent: actor.role === 'agent',
      created_at: new Date().toISOString(),
      created_by: actor.userId,
    });
    await recordAudit(trx, ctx, { action: 'market.producer.create', areaCode: village.code, targetType: 'marketProducer', targetId: id });
  });
  return toProducer((await repo.findProducer(db, id))!);
}

export async function listProducts(db: Db, ctx: RequestContext, q: { area?: string; producerId?: string }): Promise<{ items: Product[] }> {
  const actor = requirePermission(ctx, 'market.read');
  const area = scopedArea(actor, q.area);
  return { items: (await repo.listProducts(db, area, q.producerId)).map(toProduct) };
}

/** A product for whoever may see it: 404 unknown, 403 outside the actor's scope. */
export async function getProduct(db: Db, ctx: RequestContext, id: string): Promise<Product> {
  const actor = requirePermission(ctx, 'market.read');
  const row = await repo.findProduct(db, id);
  if (!row) throw notFound('Product', id);
  requireScope(actor, row.area_code);
  return toProduct(row);
}

export async function createProduct(db: Db, ctx: RequestContext, input: NewProduct): Promise<Product> {
  const actor = requirePermission(ctx, 'market.list');
  const producer = await repo.findProducer(db, input.producerId);
  if (!producer) throw invalidField('producerId', `producer ${input.producerId} does not exist`, 'unknown_reference');
  // Listing for a village outside one's scope is refused (403, audited), whoever the producer is.
  requireScope(actor, producer.area_code);
  harvestWindow(input.harvestFrom, input.harvestTo);
  const id = newId();
  const now = new Date().toISOString();
  await db.transaction().execute(async (trx) => {
    await repo.insertProduct(trx, {
      area_code: producer.area_code,
      id,
      producer_id: producer.id,
      name: input.name.trim(),
      unit: input.unit.trim(),
      price_cents: input.priceCents,
      quantity: input.quantity,
      photo_sha256: null,
      harvest_from: input.harvestFrom ?? null,
      harvest_to: input.harvestTo ?? null,
      created_at: now,
      created_by: actor.userId,
      updated_at: null,
      version: 1,
    });
    await recordAudit(trx, ctx, { action: 'market.product.create', areaCode: producer.area_code, targetType: 'marketProduct', targetId: id, details: { producerId: producer.id } });
  });
  return toProduct((await repo.findProduct(db, id))!);
}

export async function updateProduct(db: Db, ctx: RequestContext, id: string, input: ProductChange): Promise<Product> {
  const actor = requirePermission(ctx, 'market.list');
  const row = await repo.findProduct(db, id);
  if (!row) throw notFound('Product', id);
  requireScope(actor, row.area_code);
  if (row.version !== input.version) throw conflict(`Product ${id} changed since version ${input.version}`, { version: row.version });
  const from = input.harvestFrom === undefined ? row.harvest_from : input.harvestFrom;
  const to = input.harvestTo === undefined ? row.harvest_to : input.harvestTo;
  harvestWindow(from, to);
  await db.transaction().execute(async (trx) => {
    const saved = await repo.updateProduct(trx, row, {
      name: input.name?.trim() ?? row.name,
      unit: input.unit?.trim() ?? row.unit,
      price_cents: input.priceCents ?? row.price_cents,
      quantity: input.quantity ?? row.quantity,
      harvest_from: from,
      harvest_to: to,
      updated_at: new Date().toISOString(),
    });
    if (!saved) throw conflict(`Product ${id} changed meanwhile`, { version: row.version });
    await recordAudit(trx, ctx, { action: 'market.product.update', areaCode: row.area_code, targetType: 'marketProduct', targetId: id });
  });
  return toProduct((await repo.findProduct(db, id))!);
}

export async function listHubs(db: Db, ctx: RequestContext, q: { area?: string }): Promise<{ items: Hub[] }> {
  const actor = requirePermission(ctx, 'market.read');
  const area = scopedArea(actor, q.area);
  return { items: (await repo.listHubs(db, area)).map(toHub) };
}

export async function createHub(db: Db, ctx: RequestContext, input: NewHub): Promise<Hub> {
  const actor = requirePermission(ctx, 'market.coordinate');
  const area = scopedArea(actor, input.areaCode, 'areaCode');
  const place = await community(db, area, 'areaCode');
  const id = newId();
  await db.transaction().execute(async (trx) => {
    await repo.insertHub(trx, { area_code: place.code, id, kind: input.kind, name: input.name.trim(), created_at: new Date().toISOString(), created_by: actor.userId });
    await recordAudit(trx, ctx, { action: 'market.hub.create', areaCode: place.code, targetType: 'marketHub', targetId: id });
  });
  return toHub((await repo.findHub(db, id))!);
}

/**
 * The products a hub may offer: those of the villages paired with its community (结对). The hub's
 * staff see them though the villages lie outside their scope; what they see is the listing, no
 * personal data.
 */
export async function productsForHub(db: Db, ctx: RequestContext, hubId: string): Promise<{ items: Product[] }> {
  const actor = requirePermission(ctx, 'market.coordinate');
  const hub = await repo.findHub(db, hubId);
  if (!hub) throw notFound('Hub', hubId);
  requireScope(actor, hub.area_code);
  const villages = (await repo.listPairings(db, hub.area_code)).filter((p) => p.urban_area_code === hub.area_code).map((p) => p.rural_area_code);
  const lists = await Promise.all(villages.map((village) => repo.listProducts(db, village)));
  return { items: lists.flat().map(toProduct) };
}

export async function findHubRow(db: Db, id: string): Promise<repo.HubRow | undefined> {
  return repo.findHub(db, id);
}

export async function findProductRow(db: Db, id: string): Promise<repo.ProductRow | undefined> {
  return repo.findProduct(db, id);
}

export function isPaired(db: Db, urban: string, rural: string): Promise<boolean> {
  return repo.isPaired(db, urban, rural);
}

export async function listPairings(db: Db, ctx: RequestContext, q: { area?: string }): Promise<{ items: Pairing[] }> {
  const actor = requirePermission(ctx, 'market.read');
  const area = scopedArea(actor, q.area);
  return {
    items: (await repo.listPairings(db, area)).map((r) => ({
      urbanAreaCode: r.urban_area_code,
      urbanAreaName: r.urban_area_name,
      ruralAreaCode: r.rural_area_code,
      ruralAreaName: r.rural_area_name,
      createdAt: r.created_at,
    })),
  };
}

/** Pair an urban community (in the actor's scope) with a village (结对): its hubs may sell the village's produce. */
export async function createPairing(db: Db, ctx: RequestContext, input: NewPairing): Promise<Pairing> {
  const actor = requirePermission(ctx, 'market.coordinate');
  const urbanCode = scopedArea(actor, input.urbanAreaCode, 'urbanAreaCode');
  const urban = await community(db, urbanCode, 'urbanAreaCode');
  const rural = await community(db, input.ruralAreaCode, 'ruralAreaCode');
  if (urban.code === rural.code) throw invalidField('ruralAreaCode', 'must differ from urbanAreaCode', 'inconsistent');
  const createdAt = new Date().toISOString();
  try {
    await db.transaction().execute(async (trx) => {
      await repo.insertPairing(trx, { urban_area_code: urban.code, rural_area_code: rural.code, created_at: createdAt, created_by: actor.userId });
      await recordAudit(trx, ctx, { action: 'market.pairing.create', areaCode: urban.code, targetType: 'marketPairing', targetId: `${urban.code}:${rural.code}` });
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw conflict(`${urban.code} and ${rural.code} are already paired`, { field: 'ruralAreaCode' });
    throw error;
  }
  return { urbanAreaCode: urban.code, urbanAreaName: urban.name, ruralAreaCode: rural.code, ruralAreaName: rural.name, createdAt };
}
