import { newId } from '../../db/ids.ts';
import { decodeCursor, encodeCursor } from '../../db/cursor.ts';
import type { Db } from '../../db/database.ts';
import { isUniqueViolation } from '../../db/unique-violation.ts';
import { AGENCY_LIMITS, CUSTODY_STEPS, type AgentLeg, type CustodyRecord, type CustodyStep, type Errand, type ErrandDetail, type LegStanding, type NewCustodyStep } from '../../../contracts/agency.ts';
import { dateInChina } from '../../../engine/calendar/working-days.ts';
import { legClock, legStanding } from '../../../engine/agency/agent-legs.ts';
import { requirePermission, requireScope, scopedArea, type Actor, type RequestContext } from '../../http/actor.ts';
import { conflict, forbidden, invalidField, notFound } from '../../http/errors.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { notify, usersOfPersons } from '../notifications/notifications.service.ts';
import { workingCalendar } from './calendar.service.ts';
import * as repo from './custody.repository.ts';
import { personOfUser } from './mandates.repository.ts';
import type { PageOf } from './mandates.service.ts';

/** The legs the agent owes, by the step that starts them: what is owed next and in how many working days. */
const LEG_AFTER: Partial<Record<CustodyStep, { owes: CustodyStep; limitDays: number }>> = {
  received: { owes: 'handedToUnit', limitDays: AGENCY_LIMITS.handToUnitDaysDefault },
  resultCollected: { owes: 'returned', limitDays: AGENCY_LIMITS.returnToResidentDaysDefault },
};

/** Request statuses in which there is a result to collect. */
const RESULT_READY = ['decided', 'delivered', 'closed'];

export function nextStep(last: string | null): CustodyStep | null {
  if (last === null) return CUSTODY_STEPS[0];
  const at = CUSTODY_STEPS.indexOf(last as CustodyStep);
  return CUSTODY_STEPS[at + 1] ?? null;
}

function legOf(row: repo.ErrandRow, today: string): AgentLeg | null {
  if (row.due_by === null || row.warn_from === null || row.last_step === null || row.last_step_at === null) return null;
  const leg = LEG_AFTER[row.last_step as CustodyStep];
  if (!leg) return null;
  return { step: leg.owes, since: row.last_step_at, limitDays: leg.limitDays, warnFrom: row.warn_from, dueBy: row.due_by, standing: legStanding({ warnFrom: row.warn_from, dueBy: row.due_by }, today) };
}

function toErrand(row: repo.ErrandRow, today: string): Errand {
  return {
    requestId: row.request_id,
    areaCode: row.area_code,
    mandateId: row.mandate_id,
    agentUserId: row.agent_user_id,
    principalPersonId: row.principal_person_id,
    principalName: row.principal_name,
    itemCode: row.item_code,
    requestNumber: row.request_number,
    requestStatus: row.request_status,
    filedAt: row.filed_at,
    lastStep: row.last_step as CustodyStep | null,
    nextStep: nextStep(row.last_step),
    leg: legOf(row, today),
  };
}

export function toCustodyRecord(row: repo.CustodyStepRow): CustodyRecord {
  const items: unknown = JSON.parse(row.items);
  return {
    id: row.id,
    step: row.step as CustodyStep,
    at: row.at,
    by: row.username,
    items: Array.isArray(items) ? items.map(String) : [],
    note: row.note,
    confirmation: row.confirmation as CustodyRecord['confirmation'],
    confirmedBy: row.confirmed_by,
    dueBy: row.due_by,
    late: Boolean(row.late),
  };
}

// ---- opening an errand (the requests module's filing event) ----

export interface FiledErrand {
  requestId: string;
  requestNumber: string | null;
  requestStatus: string;
  areaCode: string;
  mandateId: string;
  agentUserId: string;
  principalPersonId: string;
  principalName: string;
  itemCode: string;
  filedAt: string;
}

/** Opens the errand of a request an agent filed under a mandate; inside the filing's transaction. */
export async function openErrand(db: Db, e: FiledErrand): Promise<void> {
  if (await repo.findErrand(db, e.requestId)) return;
  await repo.insertErrand(db, {
    area_code: e.areaCode,
    request_id: e.requestId,
    mandate_id: e.mandateId,
    agent_user_id: e.agentUserId,
    principal_person_id: e.principalPersonId,
    principal_name: e.principalName,
    item_code: e.itemCode,
    request_number: e.requestNumber,
    request_status: e.requestStatus,
    filed_at: e.filedAt,
    last_step: null,
    last_step_at: null,
    due_by: null,
    warn_from: null,
    warned: false,
    overdue_notified: false,
    version: 1,
  });
}

/** Keeps an errand's copy of its request's status current (the requests module's events). */
export async function noteRequestStatus(db: Db, requestId: string, status: string): Promise<repo.ErrandRow | undefined> {
  const row = await repo.findErrand(db, requestId);
  if (row && row.request_status !== status) await repo.noteRequest(db, row.area_code, requestId, { request_status: status });
  return row;
}

/** The errand of a request, if an agent carries it (for the notifications of its events). */
export async function errandOf(db: Db, requestId: string): Promise<{ agentUserId: string; areaCode: string } | null> {
  const row = await repo.findErrand(db, requestId);
  return row ? { agentUserId: row.agent_user_id, areaCode: row.area_code } : null;
}

// ---- access ----

/**
 * An errand the actor may read: staff within their scope, the agent who carries it, the principal.
 * 404 for none (and for an agent's or resident's errand that is not theirs), 403 outside the scope.
 */
export async function loadReadableErrand(db: Db, actor: Actor, requestId: string): Promise<repo.ErrandRow> {
  const row = await repo.findErrand(db, requestId);
  if (!row) throw notFound('Errand of request', requestId);
  requireScope(actor, row.area_code);
  if (actor.role === 'agent' && row.agent_user_id !== actor.userId) throw notFound('Errand of request', requestId);
  if (actor.role === 'resident') {
    const own = await personOfUser(db, actor.userId);
    if (own?.id !== row.principal_person_id) throw notFound('Errand of request', requestId);
  }
  return row;
}

/** For a route's preValidation: the custody of this errand is the caller's to record (404/403 otherwise), before the body is checked. */
export async function requireCustodyAccess(db: Db, ctx: RequestContext, requestId: string): Promise<repo.ErrandRow> {
  const actor = requirePermission(ctx, 'agency.custody');
  const row = await loadReadableErrand(db, actor, requestId);
  if (row.agent_user_id !== actor.userId) throw forbidden('Only the agent who carries the errand records its custody', { reason: 'role', action: 'agency.custody' });
  return row;
}

// ---- writes ----

/**
 * Records the next custody step of an errand: received from the resident → handed to the unit →
 * result collected → returned to the resident, each once and in this order (409 naming the step
 * sent and the one due). The result is collected only once the request is decided; the return
 * needs the resident's confirmation. A step the agent owed past its due date is marked late, and
 * the step starting a new leg of the agent's sets that leg's warning and due dates by the working
 * calendar of the principal's community.
 */
export async function recordCustodyStep(db: Db, ctx: RequestContext, requestId: string, input: NewCustodyStep): Promise<ErrandDetail> {
  const actor = requirePermission(ctx, 'agency.custody');
  const errand = await requireCustodyAccess(db, ctx, requestId);
  const expected = nextStep(errand.last_step);
  if (expected === null) {
    throw conflict(`Custody step ${input.step} cannot follow returned: the errand was returned to the resident at ${errand.last_step_at}`, { step: input.step, lastStep: errand.last_step, expected: null });
  }
  if (input.step !== expected) {
    throw conflict(`Custody step ${input.step} cannot follow ${errand.last_step ?? 'no step'}: the next step is ${expected}`, { step: input.step, lastStep: errand.last_step, expected });
  }
  if (input.step === 'resultCollected' && !RESULT_READY.includes(errand.request_status ?? '')) {
    throw conflict(`Custody step resultCollected cannot be recorded while the request is ${errand.request_status ?? 'unknown'}: it needs a decision first`, { step: input.step, requestStatus: errand.request_status });
  }
  const items = input.items.map((i) => i.trim());
  const blank = items.findIndex((i) => i === '');
  if (blank >= 0) throw invalidField(`items.${blank}`, 'must not be blank', 'required');
  if (input.step === 'returned') {
    if (!input.confirmation) throw invalidField('confirmation', "is required: how the resident confirmed the return", 'required');
    if (!input.confirmedBy?.trim()) throw invalidField('confirmedBy', 'is required: who confirmed the return', 'required');
  } else if (input.confirmation !== undefined || input.confirmedBy !== undefined) {
    throw invalidField(input.confirmation !== undefined ? 'confirmation' : 'confirmedBy', 'belongs to the returned step only', 'inconsistent');
  }

  const now = new Date().toISOString();
  const today = dateInChina(now);
  const owed = errand.due_by !== null && errand.last_step !== null && LEG_AFTER[errand.last_step as CustodyStep]?.owes === input.step ? errand.due_by : null;
  const leg = LEG_AFTER[input.step];
  const clock = leg ? legClock(await workingCalendar(db, errand.area_code), today, leg.limitDays, AGENCY_LIMITS.legWarningShare) : null;
  const seq = CUSTODY_STEPS.indexOf(input.step) + 1;
  const stepId = newId();
  try {
    await db.transaction().execute(async (trx) => {
      await repo.insertStep(trx, {
        area_code: errand.area_code,
        id: stepId,
        request_id: requestId,
        step: input.step,
        seq,
        at: now,
        user_id: actor.userId,
        username: actor.username,
        items: JSON.stringify(items),
        note: input.note?.trim() || null,
        confirmation: input.confirmation ?? null,
        confirmed_by: input.confirmedBy?.trim() || null,
        due_by: owed,
        late: owed !== null && today > owed,
      });
      const updated = await repo.updateErrand(trx, errand.area_code, requestId, errand.version, {
        last_step: input.step,
        last_step_at: now,
        due_by: clock?.dueBy ?? null,
        warn_from: clock?.warnFrom ?? null,
        warned: false,
        overdue_notified: false,
      });
      if (!updated) throw conflict(`The custody of request ${requestId} changed while this step was recorded`, { step: input.step });
      await recordAudit(trx, ctx, {
        action: 'custody.record',
        areaCode: errand.area_code,
        targetType: 'serviceRequest',
        targetId: requestId,
        details: { step: input.step, items: items.length, late: owed !== null && today > owed },
      });
      const principalUser = (await usersOfPersons(trx, [errand.principal_person_id])).get(errand.principal_person_id);
      if (principalUser) {
        await notify(trx, [
          {
            userId: principalUser,
            areaCode: errand.area_code,
            kind: 'custodyStepRecorded',
            requestId,
            params: { step: input.step, requestNumber: errand.request_number ?? undefined, itemCode: errand.item_code },
          },
        ]);
      }
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw conflict(`Custody step ${input.step} of request ${requestId} was recorded by another request at the same time`, { step: input.step });
    throw error;
  }
  return errandDetail(db, (await repo.findErrand(db, requestId))!);
}

/**
 * Sends the warning and overdue notices of the agents' own legs, each once: a notice is marked
 * sent in the same transaction that queues it, and only by the process whose update found it
 * unsent, so two schedulers on one PostgreSQL do not both send it.
 */
export async function sweepAgentLegs(db: Db, now: Date = new Date()): Promise<{ warnings: number; overdue: number }> {
  const today = dateInChina(now);
  const sent = { warnings: 0, overdue: 0 };
  for (const row of await repo.legsToNotify(db, today, 500)) {
    const leg = legOf(row, today);
    if (!leg) continue;
    const notice = leg.standing === 'overdue' ? 'overdue_notified' : 'warned';
    if (notice === 'warned' && Boolean(row.warned)) continue;
    await db.transaction().execute(async (trx) => {
      if (!(await repo.markLegNotice(trx, row, notice))) return;
      // An overdue leg was also past its warning: one notice says it.
      if (notice === 'overdue_notified') await repo.markLegNotice(trx, row, 'warned');
      await notify(trx, [
        {
          userId: row.agent_user_id,
          areaCode: row.area_code,
          kind: notice === 'warned' ? 'agentLegWarning' : 'agentLegOverdue',
          requestId: row.request_id,
          params: { step: leg.step, dueAt: leg.dueBy, principalName: row.principal_name, requestNumber: row.request_number ?? undefined, itemCode: row.item_code },
        },
      ]);
      if (notice === 'warned') sent.warnings++;
      else sent.overdue++;
    });
  }
  return sent;
}

// ---- reads ----

async function errandDetail(db: Db, row: repo.ErrandRow): Promise<ErrandDetail> {
  const steps = await repo.stepsOf(db, row.area_code, row.request_id);
  return { ...toErrand(row, dateInChina(new Date())), steps: steps.map(toCustodyRecord) };
}

export async function getErrand(db: Db, ctx: RequestContext, requestId: string): Promise<ErrandDetail> {
  const actor = requirePermission(ctx, 'agency.read');
  return errandDetail(db, await loadReadableErrand(db, actor, requestId));
}

/** The errand and its steps for a receipt; the caller has checked access. */
export async function errandForReceipt(db: Db, actor: Actor, requestId: string): Promise<{ errand: repo.ErrandRow; steps: CustodyRecord[] }> {
  const errand = await loadReadableErrand(db, actor, requestId);
  return { errand, steps: (await repo.stepsOf(db, errand.area_code, requestId)).map(toCustodyRecord) };
}

export interface ErrandListQuery {
  area?: string;
  open?: boolean;
  standing?: LegStanding;
  limit?: number;
  cursor?: string;
}

/** Errands in the actor's scope, newest first: an agent's own cases, a resident's own. */
export async function listErrands(db: Db, ctx: RequestContext, q: ErrandListQuery): Promise<PageOf<Errand>> {
  const actor = requirePermission(ctx, 'agency.read');
  const scope = scopedArea(actor, q.area);
  const limit = q.limit ?? 50;
  const after = decodeCursor(q.cursor, ['isoDateTime', 'uuid']);
  let principalPersonId: string | undefined;
  if (actor.role === 'resident') {
    const own = await personOfUser(db, actor.userId);
    if (!own) return { items: [], total: 0, nextCursor: null };
    principalPersonId = own.id;
  }
  const today = dateInChina(new Date());
  const { rows, total } = await repo.listErrands(db, {
    scope,
    agentUserId: actor.role === 'agent' ? actor.userId : undefined,
    principalPersonId,
    open: q.open,
    standing: q.standing,
    today,
    after: after ? { filedAt: after[0]!, requestId: after[1]! } : undefined,
    limit,
  });
  const last = rows.at(-1);
  return {
    items: rows.map((r) => toErrand(r, today)),
    total,
    nextCursor: rows.length === limit && last ? encodeCursor([new Date(last.filed_at).toISOString(), last.request_id]) : null,
  };
}
