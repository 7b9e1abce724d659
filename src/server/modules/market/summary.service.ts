/**
 * The market's figures of an area for the officials' dashboard: producers and products of its
 * villages and what settled rounds owe them (by the producer's village: where the money goes),
 * open rounds and orders of its hubs (by the hub's community: where the buyers are); each split
 * urban/rural by the kind of that community, and rolled up to the area's children.
 */
import type { Db } from '../../db/database.ts';
import { requirePermission, scopedArea, type RequestContext } from '../../http/actor.ts';
import type { MarketFigures, MarketSummary } from '../../../contracts/market.ts';
import * as repo from './summary.repository.ts';

/** Code lengths of the five levels; a child's code is the next length's prefix of a community's. */
const LEVEL_LENGTHS = [2, 4, 6, 9, 12];

const zero = (): MarketFigures => ({ producers: 0, products: 0, openRounds: 0, orders: 0, settledCents: 0 });

export async function marketSummary(db: Db, ctx: RequestContext, q: { area?: string }): Promise<MarketSummary> {
  const actor = requirePermission(ctx, 'market.figures');
  const area = scopedArea(actor, q.area);
  const [producers, products, openRounds, orders, settledCents] = await Promise.all([
    repo.producersByCommunity(db, area),
    repo.productsByCommunity(db, area),
    repo.openRoundsByCommunity(db, area),
    repo.ordersByCommunity(db, area),
    repo.settledByCommunity(db, area),
  ]);
  const childLength = LEVEL_LENGTHS.find((length) => length > area.length);
  const total = zero();
  const urban = zero();
  const rural = zero();
  const children = new Map<string, MarketFigures>();
  const add = (field: keyof MarketFigures, rows: repo.CommunityFigure[]) => {
    for (const row of rows) {
      const n = Number(row.n ?? 0);
      total[field] += n;
      if (row.kind === 'urban') urban[field] += n;
      else if (row.kind === 'rural') rural[field] += n;
      if (childLength !== undefined) {
        const code = row.area_code.slice(0, childLength);
        const figures = children.get(code) ?? zero();
        figures[field] += n;
        children.set(code, figures);
      }
    }
  };
  add('producers', producers);
  add('products', products);
  add('openRounds', openRounds);
  add('orders', orders);
  add('settledCents', settledCents);
  const names = new Map((await repo.areaNames(db, [area, ...children.keys()])).map((a) => [a.code, a.name]));
  return {
    area: { code: area, name: names.get(area) ?? null },
    total,
    urban,
    rural,
    children: [...children.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([code, figures]) => ({ code, name: names.get(code) ?? null, figures })),
  };
}
