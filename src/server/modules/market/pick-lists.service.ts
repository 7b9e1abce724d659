/**
 * Pick lists (分拣单) of a confirmed round: per pickup point (each buyer's allocated units, to
 * hand out) and per producer (units to pack, by pickup point), as JSON, PDF (printable, A4) or
 * XLSX. The printed words follow the reader's language (zh-CN, zh-TW or en).
 */
import type { Db } from '../../db/database.ts';
import type { RequestContext } from '../../http/actor.ts';
import { conflict } from '../../http/errors.ts';
import { renderPdf } from '../../files/pdf-report.ts';
import { toXlsx, XLSX_MIME, type FileOut } from '../../files/spreadsheet.ts';
import type { PickList, PickListView } from '../../../contracts/market.ts';
import type { Language } from '../../../contracts/language.ts';
import * as repo from './rounds.repository.ts';
import { roundFor } from './rounds.service.ts';
import { minuteInChina } from '../../../engine/calendar/working-days.ts';

const READY = new Set(['confirmed', 'packed', 'delivered', 'settled']);

export async function pickList(db: Db, ctx: RequestContext, roundId: string, by: PickListView): Promise<{ list: PickList; title: string }> {
  const { row } = await roundFor(db, ctx, 'market.coordinate', roundId);
  if (!READY.has(row.status)) throw conflict(`Sales round ${roundId} is ${row.status}: pick lists are made once producers have confirmed`, { status: row.status });
  const [offers, pickups, lines] = await Promise.all([
    repo.offersOfRound(db, row.area_code, row.id),
    repo.pickupsOfRound(db, row.area_code, row.id),
    repo.linesOfRound(db, row.area_code, row.id),
  ]);
  const offerById = new Map(offers.map((o) => [o.id, o]));
  const pickupName = new Map(pickups.map((p) => [p.facility_id, p.name]));
  const live = lines.filter((l) => l.order_status !== 'cancelled' && (l.allocated ?? l.quantity) > 0);
  const groups = new Map<string, PickList['groups'][number]>();
  const group = (key: string, name: string) => {
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { key, name, rows: [], totalUnits: 0 }));
    return g;
  };
  if (by === 'pickup') {
    for (const p of pickups) group(p.facility_id, p.name);
    for (const l of live) {
      const offer = offerById.get(l.offer_id)!;
      const g = group(l.pickup_facility_id, pickupName.get(l.pickup_facility_id) ?? l.pickup_facility_id);
      const quantity = l.allocated ?? l.quantity;
      g.rows.push({ who: l.buyer_name, productName: offer.product_name, unit: offer.unit, quantity, orderId: l.order_id });
      g.totalUnits += quantity;
    }
  } else {
    const sums = new Map<string, number>();
    for (const l of live) {
      const offer = offerById.get(l.offer_id)!;
      const key = `${offer.producer_id}|${offer.id}|${l.pickup_facility_id}`;
      sums.set(key, (sums.get(key) ?? 0) + (l.allocated ?? l.quantity));
    }
    for (const [key, quantity] of [...sums].sort(([a], [b]) => a.localeCompare(b))) {
      const [producerId, offerId, facilityId] = key.split('|') as [string, string, string];
      const offer = offerById.get(offerId)!;
      const g = group(producerId, offer.producer_name);
      g.rows.push({ who: pickupName.get(facilityId) ?? facilityId, productName: offer.product_name, unit: offer.unit, quantity, orderId: null });
      g.totalUnits += quantity;
    }
  }
  return { list: { roundId: row.id, by, groups: [...groups.values()] }, title: row.title };
}

/** The printed words of a pick list, in each language the platform speaks. */
const WORDS: Record<Language, {
  pickup: { title: string; who: string; group: string };
  producer: { title: string; who: string; group: string };
  product: string;
  quantity: string;
  unit: string;
  order: string;
  signature: string;
  made: string;
  total: (name: string, units: number) => string;
  footer: (title: string) => string;
}> = {
  'zh-CN': {
    pickup: { title: '自提点分拣单', who: '买家', group: '自提点' },
    producer: { title: '生产者备货单', who: '自提点', group: '生产者' },
    product: '产品',
    quantity: '数量',
    unit: '单位',
    order: '订单号',
    signature: '签收',
    made: '生成时间',
    total: (name, units) => `${name}（共 ${units} 件）`,
    footer: (title) => `邻里 · 产销对接 · ${title}`,
  },
  'zh-TW': {
    pickup: { title: '自取點分揀單', who: '買家', group: '自取點' },
    producer: { title: '生產者備貨單', who: '自取點', group: '生產者' },
    product: '產品',
    quantity: '數量',
    unit: '單位',
    order: '訂單號',
    signature: '簽收',
    made: '產生時間',
    total: (name, units) => `${name}（共 ${units} 件）`,
    footer: (title) => `鄰里 · 產銷對接 · ${title}`,
  },
  en: {
    pickup: { title: 'Pick list by pickup point', who: 'Buyer', group: 'Pickup point' },
    producer: { title: 'Packing list by producer', who: 'Pickup point', group: 'Producer' },
    product: 'Product',
    quantity: 'Quantity',
    unit: 'Unit',
    order: 'Order',
    signature: 'Signature',
    made: 'Made',
    total: (name, units) => `${name} (${units} units)`,
    footer: (title) => `Linli · Produce into the city · ${title}`,
  },
};

export async function pickListFile(db: Db, ctx: RequestContext, roundId: string, by: PickListView, format: 'pdf' | 'xlsx', language: Language = 'zh-CN'): Promise<FileOut> {
  const { list, title } = await pickList(db, ctx, roundId, by);
  const words = WORDS[language];
  const head = words[by];
  const name = `pick-list-${by}-${roundId}`;
  if (format === 'xlsx') {
    const rows: (string | number | null)[][] = [[head.group, head.who, words.product, words.quantity, words.unit, words.order]];
    for (const g of list.groups) for (const r of g.rows) rows.push([g.name, r.who, r.productName, r.quantity, r.unit, r.orderId]);
    return { body: await toXlsx([{ name: head.title, rows }]), contentType: XLSX_MIME, filename: `${name}.xlsx` };
  }
  const body = await renderPdf({
    title: head.title,
    subtitle: title,
    meta: [[words.made, minuteInChina(Date.now())]],
    sections: list.groups.map((g) => ({
      heading: words.total(g.name, g.totalUnits),
      table: {
        columns: [{ title: head.who, width: 2 }, { title: words.product, width: 2 }, { title: words.quantity, align: 'right' as const }, { title: words.unit }, { title: words.signature, width: 1.2 }],
        rows: g.rows.map((r) => [r.who, r.productName, String(r.quantity), r.unit, '']),
      },
    })),
    footer: words.footer(title),
  });
  return { body, contentType: 'application/pdf', filename: `${name}.pdf` };
}
