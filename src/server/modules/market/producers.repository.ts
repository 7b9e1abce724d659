import type { Insertable, Selectable } from 'kysely';
import type { Db } from '../../db/database.ts';
import { withinArea } from '../../db/area-scope.ts';
import type { MarketHubsTable, MarketPairingsTable, MarketProducersTable, MarketProductsTable } from '../../db/tables/market.ts';

export type ProducerRow = Selectable<MarketProducersTable> & { area_name: string | null };
export type ProductRow = Selectable<MarketProductsTable> & { producer_name: string };
export type HubRow = Selectable<MarketHubsTable> & { area_name: string | null };
export type PairingRow = Selectable<MarketPairingsTable> & { urban_area_name: string | null; rural_area_name: string | null };

function producers(db: Db) {
  return db
    .selectFrom('market_producers as p')
    .leftJoin('areas as a', 'a.code', 'p.area_code')
    .selectAll('p')
    .select('a.name as area_name');
}

export function listProducers(db: Db, area: string): Promise<ProducerRow[]> {
  return producers(db)
    .where((eb) => withinArea(eb, 'p.area_code', area))
    .orderBy('p.area_code')
    .orderBy('p.name')
    .limit(1000)
    .execute();
}

export function findProducer(db: Db, id: string): Promise<ProducerRow | undefined> {
  return producers(db).where('p.id', '=', id).executeTakeFirst();
}

export async function insertProducer(db: Db, row: Insertable<MarketProducersTable>): Promise<void> {
  await db.insertInto('market_producers').values(row).execute();
}

function products(db: Db) {
  return db
    .selectFrom('market_products as p')
    .innerJoin('market_producers as r', (j) => j.onRef('r.area_code', '=', 'p.area_code').onRef('r.id', '=', 'p.producer_id'))
    .selectAll('p')
    .select('r.name as producer_name');
}

export function listProducts(db: Db, area: string, producerId?: string): Promise<ProductRow[]> {
  let query = products(db).where((eb) => withinArea(eb, 'p.area_code', area));
  if (producerId) query = query.where('p.producer_id', '=', producerId);
  return query.orderBy('p.area_code').orderBy('p.id').limit(1000).execute();
}

export function findProduct(db: Db, id: string): Promise<ProductRow | undefined> {
  return products(db).where('p.id', '=', id).executeTakeFirst();
}

export async function insertProduct(db: Db, row: Insertable<MarketProductsTable>): Promise<void> {
  await db.insertInto('market_products').values(row).execute();
}

/** Compare-and-set on version: false when someone else changed it first. */
export async function updateProduct(db: Db, row: ProductRow, changes: Partial<Insertable<MarketProductsTable>>): Promise<boolean> {
  const result = await db
    .updateTable('market_products')
    .set({ ...changes, version: row.version + 1 })
    .where('area_code', '=', row.area_code)
    .where('id', '=', row.id)
    .where('version', '=', row.version)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

function hubs(db: Db) {
  return db.selectFrom('market_hubs as h').leftJoin('areas as a', 'a.code', 'h.area_code').selectAll('h').select('a.name as area_name');
}

export function listHubs(db: Db, area: string): Promise<HubRow[]> {
  return hubs(db)
    .where((eb) => withinArea(eb, 'h.area_code', area))
    .orderBy('h.area_code')
    .orderBy('h.name')
    .limit(1000)
    .execute();
}

export function findHub(db: Db, id: string): Promise<HubRow | undefined> {
  return hubs(db).where('h.id', '=', id).executeTakeFirst();
}

export async function insertHub(db: Db, row: Insertable<MarketHubsTable>): Promise<void> {
  await db.insertInto('market_hubs').values(row).execute();
}

export function listPairings(db: Db, area: string): Promise<PairingRow[]> {
  return db
    .selectFrom('market_pairings as p')
    .leftJoin('areas as u', 'u.code', 'p.urban_area_code')
    .leftJoin('areas as r', 'r.code', 'p.rural_area_code')
    .selectAll('p')
    .select(['u.name as urban_area_name', 'r.name as rural_area_name'])
    .where((eb) => eb.or([withinArea(eb, 'p.urban_area_code', area), withinArea(eb, 'p.rural_area_code', area)]))
    .orderBy('p.urban_area_code')
    .orderBy('p.rural_area_code')
    .limit(1000)
    .execute();
}

export async function isPaired(db: Db, urban: string, rural: string): Promise<boolean> {
  const row = await db.selectFrom('market_pairings').select('rural_area_code').where('urban_area_code', '=', urban).where('rural_area_code', '=', rural).executeTakeFirst();
  return row !== undefined;
}

export async function insertPairing(db: Db, row: Insertable<MarketPairingsTable>): Promise<void> {
  await db.insertInto('market_pairings').values(row).execute();
}
