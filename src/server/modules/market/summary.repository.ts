import { sql } from 'kysely';
import type { Db } from '../../db/database.ts';
import { withinArea } from '../../db/area-scope.ts';

/** One community's count or sum, with the community's urban/rural kind. */
export interface CommunityFigure {
  area_code: string;
  kind: string | null;
  n: number | string | bigint | null;
}

/** The community's effective kind (an admin's override first). */
const KIND = sql<string | null>`coalesce(a.kind_override, a.kind)`.as('kind');

// Each query groups by community (a few thousand rows at most in a county): the service rolls
// them up to the area, its urban/rural split and its children.

export function producersByCommunity(db: Db, area: string): Promise<CommunityFigure[]> {
  return db
    .selectFrom('market_producers as p')
    .leftJoin('areas as a', 'a.code', 'p.area_code')
    .select(['p.area_code', KIND, (eb) => eb.fn.countAll().as('n')])
    .where((eb) => withinArea(eb, 'p.area_code', area))
    .groupBy(['p.area_code', sql`coalesce(a.kind_override, a.kind)`])
    .execute() as Promise<CommunityFigure[]>;
}

export function productsByCommunity(db: Db, area: string): Promise<CommunityFigure[]> {
  return db
    .selectFrom('market_products as p')
    .leftJoin('areas as a', 'a.code', 'p.area_code')
    .select(['p.area_code', KIND, (eb) => eb.fn.countAll().as('n')])
    .where((eb) => withinArea(eb, 'p.area_code', area))
    .groupBy(['p.area_code', sql`coalesce(a.kind_override, a.kind)`])
    .execute() as Promise<CommunityFigure[]>;
}

/** Rounds open now, by their hub's community. */
export function openRoundsByCommunity(db: Db, area: string): Promise<CommunityFigure[]> {
  return db
    .selectFrom('market_rounds as r')
    .leftJoin('areas as a', 'a.code', 'r.area_code')
    .select(['r.area_code', KIND, (eb) => eb.fn.countAll().as('n')])
    .where((eb) => withinArea(eb, 'r.area_code', area))
    .where('r.status', '=', 'open')
    .groupBy(['r.area_code', sql`coalesce(a.kind_override, a.kind)`])
    .execute() as Promise<CommunityFigure[]>;
}

/** Orders not cancelled, by their hub's community. */
export function ordersByCommunity(db: Db, area: string): Promise<CommunityFigure[]> {
  return db
    .selectFrom('market_orders as o')
    .leftJoin('areas as a', 'a.code', 'o.area_code')
    .select(['o.area_code', KIND, (eb) => eb.fn.countAll().as('n')])
    .where((eb) => withinArea(eb, 'o.area_code', area))
    .where('o.status', '!=', 'cancelled')
    .groupBy(['o.area_code', sql`coalesce(a.kind_override, a.kind)`])
    .execute() as Promise<CommunityFigure[]>;
}

/** What settlements owe producers, by the producer's village (the money goes there). */
export function settledByCommunity(db: Db, area: string): Promise<CommunityFigure[]> {
  return db
    .selectFrom('market_settlements as s')
    .innerJoin('market_producers as p', 'p.id', 's.producer_id')
    .leftJoin('areas as a', 'a.code', 'p.area_code')
    .select(['p.area_code', KIND, sql<number>`sum(s.amount_cents)`.as('n')])
    .where((eb) => withinArea(eb, 'p.area_code', area))
    .groupBy(['p.area_code', sql`coalesce(a.kind_override, a.kind)`])
    .execute() as Promise<CommunityFigure[]>;
}

export function areaNames(db: Db, codes: string[]): Promise<{ code: string; name: string }[]> {
  if (codes.length === 0) return Promise.resolve([]);
  return db.selectFrom('areas').select(['code', 'name']).where('code', 'in', codes).execute();
}
