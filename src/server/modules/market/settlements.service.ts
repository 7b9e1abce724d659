/**
 * Settlement records (结算): when a round is settled, what it owes each producer for the units
 * allocated to its live orders. Payment happens outside the platform; the record says when.
 */
import type { Db } from '../../db/database.ts';
import { requirePermission, requireScope, type RequestContext } from '../../http/actor.ts';
import { conflict, notFound } from '../../http/errors.ts';
import { recordAudit } from '../audit/audit.service.ts';
import type { Settlement, SettlementPaid } from '../../../contracts/market.ts';
import * as repo from './rounds.repository.ts';
import { roundFor } from './rounds.service.ts';

function toSettlement(row: repo.SettlementRow): Settlement {
  return {
    id: row.id,
    roundId: row.round_id,
    producerId: row.producer_id,
    producerName: row.producer_name,
    units: row.units,
    amountCents: row.amount_cents,
    status: row.status as Settlement['status'],
    paidAt: row.paid_at,
    paidNote: row.paid_note,
  };
}

export async function listSettlements(db: Db, ctx: RequestContext, roundId: string): Promise<{ items: Settlement[] }> {
  const { row } = await roundFor(db, ctx, 'market.coordinate', roundId);
  return { items: (await repo.settlementsOfRound(db, row.area_code, row.id)).map(toSettlement) };
}

export async function settlementFor(db: Db, ctx: RequestContext, id: string): Promise<repo.SettlementRow> {
  const actor = requirePermission(ctx, 'market.coordinate');
  const row = await repo.findSettlement(db, id);
  if (!row) throw notFound('Settlement', id);
  requireScope(actor, row.area_code);
  return row;
}

/** Record that a producer was paid (outside the platform), on which day. */
export async function markPaid(db: Db, ctx: RequestContext, id: string, input: SettlementPaid): Promise<Settlement> {
  const row = await settlementFor(db, ctx, id);
  await db.transaction().execute(async (trx) => {
    if (!(await repo.markPaid(trx, row.area_code, id, input.paidAt, input.note?.trim() || null))) throw conflict(`Settlement ${id} is already paid`, { status: 'paid' });
    await recordAudit(trx, ctx, { action: 'market.settlement.paid', areaCode: row.area_code, targetType: 'marketSettlement', targetId: id, details: { amountCents: row.amount_cents } });
  });
  return toSettlement((await repo.findSettlement(db, id))!);
}
