/**
 * Needs (居民需求): raised by residents in the portal or recorded by workers on residents' behalf
 * with evidence; supports, one per person per need whatever the channel; the community's answers
 * (internal, then published); merges of duplicates keeping supports; thresholds per community.
 * Every write is one transaction; every read is scoped by area.
 */
import type { Static } from 'typebox';
import type { Db } from '../../db/database.ts';
import { newId } from '../../db/ids.ts';
import { encodeOffsetCursor, decodeOffsetCursor } from '../../db/cursor.ts';
import { mayDo, requirePermission, requireScope, scopedArea, type Actor, type RequestContext } from '../../http/actor.ts';
import { conflict, invalidField, notFound } from '../../http/errors.ts';
import { recordAudit } from '../audit/audit.service.ts';
import type { Need, NeedDetail, NewNeed, NewNeedAnswer, NewSupport } from '../../../contracts/linkage-api.ts';
import type { Action } from '../../../contracts/policy.ts';
import * as repo from './needs.repository.ts';
import { toNeed, toNeedDetail, type NeedReaderFacts } from './needs.schema.ts';
import { eventRow } from './timeline.ts';

const STAFF_ACTION: Action = 'needs.answer';
/** States in which a need still takes supports and answers. */
const LIVE = new Set(['open', 'underConsideration', 'takenUp']);

async function needFor(db: Db, ctx: RequestContext, id: string, action: Action): Promise<{ actor: Actor; row: repo.NeedRow }> {
  const actor = requirePermission(ctx, action);
  const row = await repo.findNeed(db, id);
  if (!row) throw notFound('Need', id);
  requireScope(actor, row.area_code);
  return { actor, row };
}

async function supporterKeysOf(db: Db, actor: Actor): Promise<string[]> {
  const person = await repo.personOfUser(db, actor.userId);
  return person ? [`person:${person.id}`, `user:${actor.userId}`] : [`user:${actor.userId}`];
}

async function readerFacts(db: Db, actor: Actor, ids: string[]): Promise<NeedReaderFacts> {
  const keys = await supporterKeysOf(db, actor);
  const answers = new Map<string, Awaited<ReturnType<typeof repo.answersOf>>>();
  for (const a of await repo.answersOf(db, ids)) answers.set(a.need_id, [...(answers.get(a.need_id) ?? []), a]);
  return {
    staff: mayDo(actor, STAFF_ACTION),
    userId: actor.userId,
    supported: await repo.supportKeysOf(db, ids, keys),
    followed: await repo.followedOf(db, ids, actor.userId),
    answers,
    projects: await repo.projectIdsOf(db, ids),
  };
}

export interface NeedListQuery {
  area?: string;
  status?: string;
  category?: string;
  followed?: boolean;
  limit?: number;
  cursor?: string;
}

export async function listNeeds(db: Db, ctx: RequestContext, q: NeedListQuery): Promise<{ items: Need[]; total: number; nextCursor: string | null }> {
  const actor = requirePermission(ctx, 'needs.read');
  const scope = scopedArea(actor, q.area);
  const limit = q.limit ?? 50;
  const offset = decodeOffsetCursor(q.cursor);
  const { rows, total } = await repo.listNeeds(db, { scope, status: q.status, category: q.category, followedBy: q.followed ? actor.userId : undefined, limit, offset });
  const facts = await readerFacts(
    db,
    actor,
    rows.map((r) => r.id),
  );
  return { items: rows.map((r) => toNeed(r, facts)), total, nextCursor: offset + rows.length < total ? encodeOffsetCursor(offset + rows.length) : null };
}

export async function getNeed(db: Db, ctx: RequestContext, id: string): Promise<NeedDetail> {
  const { actor, row } = await needFor(db, ctx, id, 'needs.read');
  const facts = await readerFacts(db, actor, [id]);
  const supports = facts.staff ? await repo.supportsOf(db, row.area_code, id) : [];
  return toNeedDetail(row, facts, supports);
}

export async function raiseNeed(db: Db, ctx: RequestContext, input: NewNeed): Promise<NeedDetail> {
  const actor = requirePermission(ctx, 'needs.raise');
  const areaCode = input.areaCode ?? actor.scope;
  if (!/^[0-9]{12}$/.test(areaCode)) throw invalidField('areaCode', 'must be a community (12 digits)', 'invalid_format');
  requireScope(actor, areaCode);
  if (!(await repo.areaExists(db, areaCode))) throw invalidField('areaCode', 'does not exist', 'unknown_reference');
  const resident = actor.role === 'resident';
  let personId: string | null = null;
  if (resident) {
    if (input.evidenceKind || input.evidence || input.onBehalfOfPersonId) throw invalidField('evidence', 'a resident raises a need in their own name', 'not_allowed');
    personId = (await repo.personOfUser(db, actor.userId))?.id ?? null;
  } else {
    if (!input.evidenceKind) throw invalidField('evidenceKind', 'is required when a worker records a need on residents\u2019 behalf', 'required');
    if (!input.evidence?.trim()) throw invalidField('evidence', 'is required when a worker records a need on residents\u2019 behalf', 'required');
    if (input.onBehalfOfPersonId) {
      const person = await repo.findPerson(db, input.onBehalfOfPersonId);
      if (!person) throw invalidField('onBehalfOfPersonId', 'does not exist', 'unknown_reference');
      if (!person.area_code.startsWith(actor.scope)) throw invalidField('onBehalfOfPersonId', 'lies outside your scope', 'not_in_scope');
      personId = person.id;
    }
  }
  if (!input.title.trim()) throw invalidField('title', 'must not be blank', 'required');
  if (!input.description.trim()) throw invalidField('description', 'must not be blank', 'required');
  if (input.photo && !/^data:image\/(png|jpeg|webp);base64,[A-Za-z0-9+/=]+$/.test(input.photo)) throw invalidField('photo', 'must be a PNG, JPEG or WebP data URL', 'invalid_format');
  const id = newId();
  const at = new Date().toISOString();
  await db.transaction().execute(async (trx) => {
    await repo.insertNeed(trx, {
      area_code: areaCode,
      id,
      category: input.category,
      title: input.title.trim(),
      description: input.description.trim(),
      photo: input.photo ?? null,
      channel: resident ? 'portal' : 'worker',
      evidence_kind: resident ? null : (input.evidenceKind ?? null),
      evidence: resident ? null : (input.evidence?.trim() ?? null),
      status: 'open',
      merged_into_id: null,
      raised_by_user_id: actor.userId,
      raised_by_person_id: personId,
      recorded_by_user_id: resident ? null : actor.userId,
      created_at: at,
      updated_at: at,
    });
    await repo.follow(trx, areaCode, id, actor.userId);
    await repo.insertEvent(trx, eventRow(actor, areaCode, 'need', id, null, 'open'));
    await recordAudit(trx, ctx, { action: 'linkage.need.raise', areaCode, targetType: 'need', targetId: id, details: { channel: resident ? 'portal' : 'worker' } });
  });
  return getNeed(db, ctx, id);
}

/**
 * A support: a resident supports in their own name (as their registry person when their account is
 * linked to one); a worker records an in-person supporter identified in the registry. Either way the
 * key is the person, so one neighbour never counts twice across channels (409 `duplicate`).
 */
export async function supportNeed(db: Db, ctx: RequestContext, id: string, input: Static<typeof NewSupport>): Promise<NeedDetail> {
  const { actor, row } = await needFor(db, ctx, id, 'needs.support');
  if (!LIVE.has(row.status)) throw conflict(`Need ${id} is ${row.status}: it takes no supports`, { rule: 'status', status: row.status });
  let key: string;
  let personId: string | null = null;
  let personArea: string | null = null;
  let userId: string | null = null;
  let channel: 'portal' | 'inPerson';
  if (actor.role === 'resident') {
    if (input.personId) throw invalidField('personId', 'a resident supports in their own name', 'not_allowed');
    const person = await repo.personOfUser(db, actor.userId);
    key = person ? `person:${person.id}` : `user:${actor.userId}`;
    personId = person?.id ?? null;
    personArea = person?.area_code ?? null;
    userId = actor.userId;
    channel = 'portal';
  } else {
    if (!input.personId) throw invalidField('personId', 'is required: an in-person supporter is identified in the registry', 'required');
    const person = await repo.findPerson(db, input.personId);
    if (!person) throw invalidField('personId', 'does not exist', 'unknown_reference');
    if (!person.area_code.startsWith(actor.scope)) throw invalidField('personId', 'lies outside your scope', 'not_in_scope');
    key = `person:${person.id}`;
    personId = person.id;
    personArea = person.area_code;
    userId = person.user_id;
    channel = 'inPerson';
  }
  await db.transaction().execute(async (trx) => {
    // A resident's portal support made before their account was linked to their person counts as that person.
    const altKeys = userId && key.startsWith('person:') ? [key, `user:${userId}`] : [key];
    if ((await repo.supportKeysOf(trx, [id], altKeys)).size > 0) throw conflict('This person already supports this need', { rule: 'duplicate', field: 'personId' });
    const inserted = await repo.insertSupport(trx, {
      area_code: row.area_code,
      need_id: id,
      supporter_key: key,
      channel,
      user_id: userId,
      person_id: personId,
      person_area_code: personArea,
      recorded_by_user_id: channel === 'inPerson' ? actor.userId : null,
      at: new Date().toISOString(),
    });
    if (!inserted) throw conflict('This person already supports this need', { rule: 'duplicate', field: 'personId' });
    await repo.recountSupports(trx, row.area_code, id);
    await recordAudit(trx, ctx, { action: 'linkage.need.support', areaCode: row.area_code, targetType: 'need', targetId: id, details: { channel } });
  });
  return getNeed(db, ctx, id);
}

export async function followNeed(db: Db, ctx: RequestContext, id: string, on: boolean): Promise<NeedDetail> {
  const { actor, row } = await needFor(db, ctx, id, 'needs.follow');
  if (on) await repo.follow(db, row.area_code, id, actor.userId);
  else await repo.unfollow(db, row.area_code, id, actor.userId);
  return getNeed(db, ctx, id);
}

/** The community's answer; the internal note stays inside, the public text is published now or later. */
export async function answerNeed(db: Db, ctx: RequestContext, id: string, input: Static<typeof NewNeedAnswer>): Promise<NeedDetail> {
  const { actor, row } = await needFor(db, ctx, id, 'needs.answer');
  if (!LIVE.has(row.status)) throw conflict(`Need ${id} is ${row.status}: it cannot be answered`, { rule: 'status', status: row.status });
  if (input.decision === 'notTakenUp' && !input.reason?.trim()) throw invalidField('reason', 'is required when a need is not taken up', 'required');
  if (input.publish && !input.publicText?.trim()) throw invalidField('publicText', 'is required to publish an answer', 'required');
  const at = new Date().toISOString();
  await db.transaction().execute(async (trx) => {
    if (!(await repo.updateNeedStatus(trx, id, row.version, input.decision))) throw conflict('The need changed meanwhile; reload it', { rule: 'version' });
    await repo.insertAnswer(trx, {
      area_code: row.area_code,
      need_id: id,
      id: newId(),
      decision: input.decision,
      reason: input.reason?.trim() || null,
      internal_note: input.internalNote?.trim() || null,
      public_text: input.publicText?.trim() || null,
      published_at: input.publish ? at : null,
      published_by: input.publish ? actor.username : null,
      at,
      user_id: actor.userId,
      username: actor.username,
    });
    await repo.insertEvent(trx, eventRow(actor, row.area_code, 'need', id, row.status, input.decision, input.reason?.trim() || null));
    await recordAudit(trx, ctx, { action: 'linkage.need.answer', areaCode: row.area_code, targetType: 'need', targetId: id, details: { decision: input.decision, published: Boolean(input.publish) } });
  });
  return getNeed(db, ctx, id);
}

export async function publishAnswer(db: Db, ctx: RequestContext, id: string, answerId: string, publicText: string | undefined): Promise<NeedDetail> {
  const { actor, row } = await needFor(db, ctx, id, 'needs.answer');
  const answer = await repo.findAnswer(db, id, answerId);
  if (!answer) throw notFound('Answer', answerId);
  const text = publicText?.trim() || answer.public_text;
  if (!text) throw invalidField('publicText', 'is required to publish an answer', 'required');
  if (answer.published_at) throw conflict('This answer is already published', { rule: 'published' });
  await db.transaction().execute(async (trx) => {
    await repo.publishAnswer(trx, row.area_code, answerId, text, actor.username);
    await recordAudit(trx, ctx, { action: 'linkage.need.publishAnswer', areaCode: row.area_code, targetType: 'need', targetId: id, details: { answerId } });
  });
  return getNeed(db, ctx, id);
}

/** Merges a duplicate into another need of the same community; supports move, one per person. */
export async function mergeNeed(db: Db, ctx: RequestContext, id: string, intoId: string): Promise<NeedDetail> {
  const { actor, row } = await needFor(db, ctx, id, 'needs.answer');
  if (intoId === id) throw invalidField('intoId', 'must name another need', 'inconsistent');
  const into = await repo.findNeed(db, intoId);
  if (!into) throw invalidField('intoId', 'does not exist', 'unknown_reference');
  requireScope(actor, into.area_code);
  if (into.area_code !== row.area_code) throw invalidField('intoId', 'must be a need of the same community', 'inconsistent');
  if (row.status === 'merged') throw conflict(`Need ${id} is already merged`, { rule: 'status', status: row.status });
  if (!LIVE.has(into.status)) throw conflict(`Need ${intoId} is ${into.status}: nothing merges into it`, { rule: 'status', status: into.status });
  await db.transaction().execute(async (trx) => {
    if (!(await repo.updateNeedStatus(trx, id, row.version, 'merged', intoId))) throw conflict('The need changed meanwhile; reload it', { rule: 'version' });
    const moved = await repo.moveSupports(trx, row.area_code, id, intoId);
    await repo.recountSupports(trx, row.area_code, id);
    await repo.recountSupports(trx, row.area_code, intoId);
    await repo.insertMerge(trx, { area_code: row.area_code, id: newId(), from_need_id: id, into_need_id: intoId, supports_moved: moved, at: new Date().toISOString(), user_id: actor.userId, username: actor.username });
    await repo.insertEvent(trx, eventRow(actor, row.area_code, 'need', id, row.status, 'merged', intoId));
    await recordAudit(trx, ctx, { action: 'linkage.need.merge', areaCode: row.area_code, targetType: 'need', targetId: id, details: { intoId, moved } });
  });
  return getNeed(db, ctx, intoId);
}

export async function getThreshold(db: Db, ctx: RequestContext, code: string): Promise<{ threshold: number }> {
  const actor = requirePermission(ctx, 'needs.read');
  const area = scopedArea(actor, code, 'code');
  return { threshold: await repo.threshold(db, area) };
}

export async function setThreshold(db: Db, ctx: RequestContext, code: string, value: number): Promise<{ threshold: number }> {
  const actor = requirePermission(ctx, 'needs.answer');
  const area = scopedArea(actor, code, 'code');
  if (area.length !== 12) throw invalidField('code', 'must be a community (12 digits)', 'invalid_format');
  await db.transaction().execute(async (trx) => {
    await repo.setThreshold(trx, area, value, actor.userId);
    await recordAudit(trx, ctx, { action: 'linkage.need.threshold', areaCode: area, details: { threshold: value } });
  });
  return { threshold: value };
}
