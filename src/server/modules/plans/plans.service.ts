import { newId as uuidv7 } from '../../db/ids.ts';
import type { Db } from '../../db/database.ts';
import { isWithinScope, parentCodeOf } from '../../../contracts/area-code.ts';
import {
  INDICATOR_BY_CODE,
  INDICATORS,
  isIndicatorCode,
  PLAN_LIMITS,
  SPLITS,
  type IndicatorCode,
  type IndicatorDefinition,
  type Split,
} from '../../../contracts/indicators.ts';
import type { NewPlanRequest, Plan, PlanIndicator, PlanProgress, ProgressItem, Target, TargetsRequest } from '../../../contracts/indicators-api.ts';
import { checkPlanIndicator, progressOf, timeOfDate } from '../../../engine/indicators/index.ts';
import { requirePermission, type Actor, scopedArea, type RequestContext } from '../../http/actor.ts';
import { invalidFields, conflict, invalidField, notFound, type FieldProblem } from '../../http/errors.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { findArea } from '../areas/areas.service.ts';
import { indexOf, periodParam, snapshotOf, valueAt, type Snapshot } from '../indicators/indicators.service.ts';
import * as repo from './plans.repository.ts';

export type { PlanRecord } from './plans.repository.ts';

/** Who may make and adopt plans and set targets. */

/** The area itself and its ancestors, nearest first. */
export function chainOf(area: string): string[] {
  const chain: string[] = [];
  for (let c: string | null = area; c; c = parentCodeOf(c)) chain.push(c);
  return chain;
}

/** A plan made by an area is seen by that area, the areas under it and the areas above it. */
function visibleFrom(plan: repo.PlanRecord, scope: string): boolean {
  if (plan.area === null) return true;
  return isWithinScope(plan.area, scope) || isWithinScope(scope, plan.area);
}

/** A plan can be adopted by its own area and those under it (the template by any). */
function adoptableBy(plan: repo.PlanRecord, area: string): boolean {
  return plan.area === null || isWithinScope(area, plan.area);
}

function toPlan(plan: repo.PlanRecord, actor: Actor): Plan {
  return {
    id: plan.id,
    name: plan.name,
    startYear: plan.startYear,
    endYear: plan.endYear,
    area: plan.area ?? '',
    template: plan.template,
    templateId: plan.templateId,
    notes: plan.notes,
    indicators: plan.indicators,
    adoptions: plan.adoptions.filter((a) => isWithinScope(a.area, actor.scope) || isWithinScope(actor.scope, a.area)),
    createdAt: plan.createdAt,
  };
}

async function visiblePlan(db: Db, actor: Actor, id: string): Promise<repo.PlanRecord> {
  const plan = await repo.findPlan(db, id);
  // A plan outside the reader's sight is as good as absent: its existence is not disclosed.
  if (!plan || !visibleFrom(plan, actor.scope)) throw notFound('Plan', id);
  return plan;
}

export async function listPlans(db: Db, ctx: RequestContext) {
  const actor = requirePermission(ctx, 'plans.read');
  const plans = (await repo.listPlans(db)).filter((p) => visibleFrom(p, actor.scope)).map((p) => toPlan(p, actor));
  return { items: plans, total: plans.length, nextCursor: null };
}

/** The templates a local plan can start from, the newest period first. */
export async function listTemplates(db: Db, ctx: RequestContext) {
  const actor = requirePermission(ctx, 'plans.read');
  const templates = (await repo.listPlans(db))
    .filter((p) => p.template)
    .sort((a, b) => b.endYear - a.endYear || b.startYear - a.startYear)
    .map((p) => toPlan(p, actor));
  return { items: templates, total: templates.length, nextCursor: null };
}

export async function getPlan(db: Db, ctx: RequestContext, id: string): Promise<Plan> {
  const actor = requirePermission(ctx, 'plans.read');
  return toPlan(await visiblePlan(db, actor, id), actor);
}

/** A template to start from (`template`): its indicators, baselines, targets and sources are copied, then `indicators` override them. */
export type NewPlanInput = NewPlanRequest;

type PlanEntry = { indicator: IndicatorCode; split: Split; baseline: Target | null; target: Target | null; source: string | null };

/**
 * A template's indicators as a plan for [startYear, endYear] takes them: a target whose year
 * falls outside the period keeps its value and moves to the plan's last year (the source says
 * so); a baseline after the plan's last year is left out.
 */
function fromTemplate(template: repo.PlanRecord, startYear: number, endYear: number): PlanEntry[] {
  return template.indicators.map((i) => {
    const moved = i.target !== null && (i.target.year < startYear || i.target.year > endYear);
    const target = i.target && moved ? { value: i.target.value, year: endYear } : i.target;
    const baseline = i.baseline && i.baseline.year <= (target?.year ?? endYear) ? i.baseline : null;
    const origin = `模板 ${template.name}${i.source ? `：${i.source}` : ''}`;
    return {
      indicator: i.indicator,
      split: i.split,
      baseline,
      target,
      source: moved ? `${origin}（目标年份由${i.target!.year}年${i.target!.year < endYear ? '顺延' : '提前'}至${endYear}年）` : origin,
    };
  });
}

/**
 * Checks a list of indicator entries: each names a known indicator once per split, and `check`
 * says what else is wrong with it (fields relative to the entry); fields come back as `prefix[n].field`.
 */
function entryProblems<T extends { indicator: string; split: Split }>(
  list: readonly T[],
  prefix: string,
  check: (item: T, definition: IndicatorDefinition) => FieldProblem[],
): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const seen = new Set<string>();
  list.forEach((item, n) => {
    const at = `${prefix}[${n}]`;
    if (!isIndicatorCode(item.indicator)) {
      problems.push({
        field: `${at}.indicator`,
        problem: `unknown indicator "${item.indicator}"; one of ${INDICATORS.map((d) => d.code).join(', ')}`,
        code: 'unknown_reference',
        params: { value: item.indicator },
      });
      return;
    }
    const key = `${item.indicator}/${item.split}`;
    if (seen.has(key)) problems.push({ field: `${at}.split`, problem: `${item.indicator} (${item.split}) is listed twice`, code: 'duplicate' });
    seen.add(key);
    for (const p of check(item, INDICATOR_BY_CODE.get(item.indicator)!)) problems.push({ field: `${at}.${p.field}`, problem: p.problem });
  });
  return problems;
}

function rejectProblems(problems: FieldProblem[]): void {
  if (!problems.length) return;
  if (problems.length === 1) throw invalidField(problems[0]!.field, problems[0]!.problem, problems[0]!.code, problems[0]!.params);
  throw invalidFields(problems);
}

interface PlanHead {
  id: string;
  area: string;
  name: string;
  startYear: number;
  endYear: number;
  templateId: string | null;
  notes: string | null;
  createdBy: string | null;
}

async function insertPlanWithIndicators(db: Db, head: PlanHead, entries: PlanEntry[]): Promise<void> {
  await repo.insertPlan(db, {
    id: head.id,
    area_code: head.area,
    name: head.name,
    start_year: head.startYear,
    end_year: head.endYear,
    template: false,
    template_id: head.templateId,
    notes: head.notes,
    created_by: head.createdBy,
    created_at: new Date().toISOString(),
  });
  await repo.insertPlanIndicators(
    db,
    entries.map((i) => ({
      plan_id: head.id,
      indicator: i.indicator,
      split: i.split,
      baseline_value: i.baseline?.value ?? null,
      baseline_year: i.baseline?.year ?? null,
      target_value: i.target?.value ?? null,
      target_year: i.target?.year ?? null,
      source: i.source,
    })),
  );
}

/**
 * The demo's current plan: an area's plan for a period started from a template and adopted by
 * that area, made by the system (no request, no audit). Used by the demo seed only.
 */
export async function seedPlanFromTemplate(db: Db, input: { area: string; templateId: string; name: string; startYear: number; endYear: number; notes: string }): Promise<string> {
  const template = await repo.findPlan(db, input.templateId);
  if (!template?.template) throw new Error(`no template ${input.templateId}`);
  const id = uuidv7();
  await db.transaction().execute(async (trx) => {
    await insertPlanWithIndicators(trx, { id, area: input.area, name: input.name, startYear: input.startYear, endYear: input.endYear, templateId: template.id, notes: input.notes, createdBy: null }, fromTemplate(template, input.startYear, input.endYear));
    await repo.insertAdoption(trx, { area_code: input.area, plan_id: id, adopted_at: new Date().toISOString(), adopted_by: null });
  });
  return id;
}

export async function createPlan(db: Db, ctx: RequestContext, input: NewPlanInput): Promise<Plan> {
  const actor = requirePermission(ctx, 'plans.write');
  const area = scopedArea(actor, input.area);
  if (!(await findArea(db, area))) throw notFound('Area', area);
  const given = input.indicators ?? [];
  const problems: FieldProblem[] = [];
  if (!input.name.trim()) problems.push({ field: 'name', problem: 'must not be empty', code: 'required' });
  if (input.endYear < input.startYear) problems.push({ field: 'endYear', problem: `${input.endYear} is before startYear ${input.startYear}`, code: 'inconsistent' });
  else if (input.endYear - input.startYear + 1 > PLAN_LIMITS.periodMaxYears)
    problems.push({
      field: 'endYear',
      problem: `${input.startYear}–${input.endYear} is ${input.endYear - input.startYear + 1} years; a plan covers at most ${PLAN_LIMITS.periodMaxYears}`,
      code: 'out_of_range',
      params: { max: PLAN_LIMITS.periodMaxYears },
    });
  let template: repo.PlanRecord | undefined;
  if (input.template !== undefined) {
    template = await repo.findPlan(db, input.template);
    if (!template || !template.template) {
      const ids = (await repo.listPlans(db)).filter((p) => p.template).map((p) => p.id);
      problems.push({ field: 'template', problem: `"${input.template}" is not a template; one of ${ids.join(', ')}`, code: 'unknown_reference', params: { value: input.template } });
      template = undefined;
    }
  }
  problems.push(
    ...entryProblems(given, 'indicators', (item, definition) =>
      checkPlanIndicator({ baseline: item.baseline ?? null, target: item.target ?? null, range: definition.range }),
    ),
  );
  rejectProblems(problems);
  // One plan of its own per area and year: a second one over the same years is a conflict, not a new plan.
  const overlapping = await repo.overlappingPlans(db, area, input.startYear, input.endYear);
  if (overlapping.length) {
    const o = overlapping[0]!;
    throw conflict(`Area ${area} already has a plan for ${o.startYear}–${o.endYear} (${o.name}), which overlaps ${input.startYear}–${input.endYear}`, {
      area,
      plans: overlapping.map((p) => p.id),
    });
  }
  const entries = new Map<string, PlanEntry>();
  if (template) for (const e of fromTemplate(template, input.startYear, input.endYear)) entries.set(`${e.indicator}/${e.split}`, e);
  for (const i of given) {
    entries.set(`${i.indicator}/${i.split}`, { indicator: i.indicator as IndicatorCode, split: i.split, baseline: i.baseline ?? null, target: i.target ?? null, source: null });
  }
  const id = uuidv7();
  await db.transaction().execute(async (trx) => {
    await insertPlanWithIndicators(trx, { id, area, name: input.name.trim(), startYear: input.startYear, endYear: input.endYear, templateId: template?.id ?? null, notes: input.notes?.trim() || null, createdBy: actor.userId }, [
      ...entries.values(),
    ]);
    await recordAudit(trx, ctx, {
      action: 'plan.create',
      areaCode: area,
      targetType: 'plan',
      targetId: id,
      details: { name: input.name, startYear: input.startYear, endYear: input.endYear, template: template?.id ?? null },
    });
  });
  return getPlan(db, ctx, id);
}

export async function adoptPlan(db: Db, ctx: RequestContext, id: string, input: { area?: string }): Promise<Plan> {
  const actor = requirePermission(ctx, 'plans.write');
  const area = scopedArea(actor, input.area);
  const plan = await visiblePlan(db, actor, id);
  if (!(await findArea(db, area))) throw notFound('Area', area);
  if (!adoptableBy(plan, area)) throw invalidField('area', `${area} is not within ${plan.area}, which made this plan`);
  if (plan.adoptions.some((a) => a.area === area)) throw conflict(`Area ${area} has already adopted this plan`, { area, plan: id });
  await db.transaction().execute(async (trx) => {
    await repo.insertAdoption(trx, { area_code: area, plan_id: id, adopted_at: new Date().toISOString(), adopted_by: actor.userId });
    await recordAudit(trx, ctx, { action: 'plan.adopt', areaCode: area, targetType: 'plan', targetId: id });
  });
  return getPlan(db, ctx, id);
}

export type TargetsInput = TargetsRequest;

/** Replaces an adopting area's own targets for the plan (an empty list clears them). */
export async function setTargets(db: Db, ctx: RequestContext, id: string, input: TargetsInput): Promise<PlanProgress> {
  const actor = requirePermission(ctx, 'plans.write');
  const area = scopedArea(actor, input.area);
  const plan = await visiblePlan(db, actor, id);
  if (!plan.adoptions.some((a) => a.area === area)) throw conflict(`Area ${area} has not adopted this plan: adopt it first`, { area, plan: id });
  const problems = entryProblems(input.targets, 'targets', (t, definition) => {
    const baseline = plan.indicators.find((p) => p.indicator === t.indicator && p.split === t.split)?.baseline ?? null;
    // The baseline is the plan's; a year clash is the target's to fix.
    return checkPlanIndicator({ baseline, target: { value: t.value, year: t.year }, range: definition.range }).map((p) => ({
      field: p.field.startsWith('baseline') ? 'year' : p.field.replace('target.', ''),
      problem: p.problem,
    }));
  });
  rejectProblems(problems);
  const now = new Date().toISOString();
  await db.transaction().execute(async (trx) => {
    await repo.replaceTargets(
      trx,
      area,
      id,
      input.targets.map((t) => ({ area_code: area, plan_id: id, indicator: t.indicator, split: t.split, target_value: t.value, target_year: t.year, set_at: now, set_by: actor.userId })),
    );
    await recordAudit(trx, ctx, { action: 'plan.targets', areaCode: area, targetType: 'plan', targetId: id, details: { targets: input.targets.length } });
  });
  return getProgress(db, ctx, id, { area });
}

const splitOrder = (s: Split) => SPLITS.indexOf(s);
const indicatorOrder = (c: IndicatorCode) => INDICATORS.findIndex((d) => d.code === c);

/** Each indicator of the plan for the area: baseline, the target that applies, actual, gap, pace. */
export async function progressItems(db: Db, plan: repo.PlanRecord, area: string, snapshot: Snapshot): Promise<ProgressItem[]> {
  const chain = chainOf(area);
  const own = await repo.targetsAlong(db, plan.id, chain);
  const keys = new Map<string, { indicator: IndicatorCode; split: Split }>();
  for (const p of plan.indicators) keys.set(`${p.indicator}/${p.split}`, p);
  for (const t of own) keys.set(`${t.indicator}/${t.split}`, { indicator: t.indicator, split: t.split });
  const i = indexOf(snapshot, area);
  const time = timeOfDate(snapshot.asOf);
  const items = [...keys.values()].map(({ indicator, split }): ProgressItem => {
    const definition = INDICATOR_BY_CODE.get(indicator)!;
    const planned: PlanIndicator | undefined = plan.indicators.find((p) => p.indicator === indicator && p.split === split);
    // The nearest area's own target wins: the area's, else its nearest adopting ancestor's, else the plan's.
    const set = chain.map((c) => own.find((t) => t.area === c && t.indicator === indicator && t.split === split)).find(Boolean);
    const target = set ? { value: set.value, year: set.year } : (planned?.target ?? null);
    const baseline = planned?.baseline ?? null;
    const value = valueAt(snapshot, definition, split, i);
    const progress = progressOf({ higherIsBetter: definition.higherIsBetter, baseline, target, actual: { value: value.value, time } });
    return {
      indicator,
      split,
      baseline,
      target,
      targetSetBy: set ? set.area : null,
      actual: { value: value.value, numerator: value.numerator, denominator: value.denominator, period: snapshot.period.text, status: value.status },
      ...progress,
    };
  });
  return items.sort((a, b) => indicatorOrder(a.indicator) - indicatorOrder(b.indicator) || splitOrder(a.split) - splitOrder(b.split));
}

export async function getProgress(db: Db, ctx: RequestContext, id: string, q: { area?: string; period?: string }): Promise<PlanProgress> {
  const actor = requirePermission(ctx, 'plans.read');
  const area = scopedArea(actor, q.area);
  const period = periodParam(q.period);
  const plan = await visiblePlan(db, actor, id);
  const snapshot = await snapshotOf(db, period);
  const i = indexOf(snapshot, area);
  return {
    plan: { id: plan.id, name: plan.name },
    area: { code: area, name: snapshot.names[i]! },
    period: period.text,
    items: await progressItems(db, plan, area, snapshot),
  };
}

/**
 * The plan an area follows: the nearest adoption along its chain, else the national template of
 * the current year, else the latest one (after 2025, the 十四五 template until a newer one ships).
 */
export async function planFor(db: Db, area: string): Promise<repo.PlanRecord | undefined> {
  const chain = chainOf(area);
  const adopted = await repo.adoptionsAlong(db, chain);
  for (const code of chain) {
    const hit = adopted.find((a) => a.area === code);
    if (hit) return repo.findPlan(db, hit.planId);
  }
  const year = new Date().getUTCFullYear();
  const templates = (await repo.listPlans(db)).filter((p) => p.template && p.area === null).sort((a, b) => b.endYear - a.endYear);
  return templates.find((p) => p.startYear <= year && year <= p.endYear) ?? templates[0];
}

/** A plan id from a request, visible to the reader; 404 otherwise. */
export async function planParam(db: Db, actor: Actor, id: string): Promise<repo.PlanRecord> {
  return visiblePlan(db, actor, id);
}
