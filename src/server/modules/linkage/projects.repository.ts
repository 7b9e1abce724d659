/**
 * SQL of projects designed from needs: the project, its need links, communities, budget lines,
 * indicators and phases; the registry count of a target group. The only file of projects that writes SQL.
 */
import type { Insertable } from 'kysely';
import type { Db } from '../../db/database.ts';
import { withinArea } from '../../db/area-scope.ts';
import type {
  LinkageBudgetLinesTable,
  LinkageIndicatorsTable,
  LinkagePhasesTable,
  LinkageProjectsTable,
} from '../../db/tables/linkage-procurement.ts';

export async function findProject(db: Db, id: string) {
  return db
    .selectFrom('linkage_projects as p')
    .leftJoin('areas as a', 'a.code', 'p.area_code')
    .selectAll('p')
    .select('a.name as area_name')
    .where('p.id', '=', id)
    .executeTakeFirst();
}
export type ProjectRow = NonNullable<Awaited<ReturnType<typeof findProject>>>;

export async function projectParts(db: Db, areaCode: string, id: string) {
  const [needs, communities, lines, indicators, phases, call, contract] = await Promise.all([
    db
      .selectFrom('linkage_project_needs as l')
      .innerJoin('linkage_needs as n', (j) => j.onRef('n.area_code', '=', 'l.need_area_code').onRef('n.id', '=', 'l.need_id'))
      .select(['n.id', 'n.area_code', 'n.title', 'n.supports', 'n.status'])
      .where('l.area_code', '=', areaCode)
      .where('l.project_id', '=', id)
      .orderBy('n.created_at')
      .execute(),
    db
      .selectFrom('linkage_project_communities as c')
      .leftJoin('areas as a', 'a.code', 'c.community_code')
      .select(['c.community_code', 'a.name'])
      .where('c.area_code', '=', areaCode)
      .where('c.project_id', '=', id)
      .orderBy('c.community_code')
      .execute(),
    db.selectFrom('linkage_budget_lines').selectAll().where('area_code', '=', areaCode).where('project_id', '=', id).orderBy('position').execute(),
    db.selectFrom('linkage_indicators').selectAll().where('area_code', '=', areaCode).where('project_id', '=', id).orderBy('position').execute(),
    db.selectFrom('linkage_phases').selectAll().where('area_code', '=', areaCode).where('project_id', '=', id).orderBy('position').execute(),
    db.selectFrom('linkage_calls').select(['id', 'status']).where('area_code', '=', areaCode).where('project_id', '=', id).where('status', '!=', 'cancelled').executeTakeFirst(),
    db.selectFrom('linkage_contracts').select('id').where('area_code', '=', areaCode).where('project_id', '=', id).executeTakeFirst(),
  ]);
  return { needs, communities, lines, indicators, phases, call: call ?? null, contract: contract ?? null };
}
export type ProjectParts = Awaited<ReturnType<typeof projectParts>>;

export async function listProjects(db: Db, f: { scope: string; status?: string; limit: number; offset: number }) {
  let q = db.selectFrom('linkage_projects as p').where((eb) => withinArea(eb, 'p.area_code', f.scope));
  if (f.status) q = q.where('p.status', '=', f.status);
  const total = Number((await q.select((eb) => eb.fn.countAll<number>().as('c')).executeTakeFirstOrThrow()).c);
  const rows = await q
    .leftJoin('areas as a', 'a.code', 'p.area_code')
    .leftJoin('linkage_calls as c', (j) => j.onRef('c.area_code', '=', 'p.area_code').onRef('c.project_id', '=', 'p.id').on('c.status', '!=', 'cancelled'))
    .select(['p.id', 'p.area_code', 'a.name as area_name', 'p.title', 'p.status', 'p.funding_source', 'p.budget_cents', 'p.updated_at', 'c.id as call_id', 'c.status as call_status'])
    .select((eb) =>
      eb
        .selectFrom('linkage_project_needs as l')
        .select((e) => e.fn.countAll<number>().as('n'))
        .whereRef('l.area_code', '=', 'p.area_code')
        .whereRef('l.project_id', '=', 'p.id')
        .as('need_count'),
    )
    .orderBy('p.updated_at', 'desc')
    .orderBy('p.id')
    .limit(f.limit)
    .offset(f.offset)
    .execute();
  return { rows, total };
}

export async function needsByIds(db: Db, ids: readonly string[]) {
  if (ids.length === 0) return [];
  return db.selectFrom('linkage_needs').select(['area_code', 'id', 'status', 'version']).where('id', 'in', ids).execute();
}

export async function insertProject(db: Db, row: Insertable<LinkageProjectsTable>): Promise<void> {
  await db.insertInto('linkage_projects').values(row).execute();
}

/** The project's call that is not cancelled, if any. */
export async function activeCall(db: Db, areaCode: string, projectId: string) {
  return db.selectFrom('linkage_calls').select(['id', 'status']).where('area_code', '=', areaCode).where('project_id', '=', projectId).where('status', '!=', 'cancelled').executeTakeFirst();
}

export async function updateProject(db: Db, id: string, version: number, changes: Partial<Insertable<LinkageProjectsTable>>): Promise<boolean> {
  const r = await db
    .updateTable('linkage_projects')
    .set({ ...changes, version: version + 1, updated_at: new Date().toISOString() })
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Replaces the design's parts (needs, communities, lines, indicators, phases). */
export async function replaceParts(
  db: Db,
  areaCode: string,
  projectId: string,
  parts: {
    needs: { area_code: string; id: string }[];
    communities: string[];
    lines: LinkageBudgetLinesTable[];
    indicators: LinkageIndicatorsTable[];
    phases: LinkagePhasesTable[];
  },
): Promise<void> {
  for (const t of ['linkage_project_needs', 'linkage_project_communities', 'linkage_budget_lines', 'linkage_indicators', 'linkage_phases'] as const) {
    await db.deleteFrom(t).where('area_code', '=', areaCode).where('project_id', '=', projectId).execute();
  }
  if (parts.needs.length) {
    await db
      .insertInto('linkage_project_needs')
      .values(parts.needs.map((n) => ({ area_code: areaCode, project_id: projectId, need_area_code: n.area_code, need_id: n.id })))
      .execute();
  }
  await db
    .insertInto('linkage_project_communities')
    .values(parts.communities.map((c) => ({ area_code: areaCode, project_id: projectId, community_code: c })))
    .execute();
  if (parts.lines.length) await db.insertInto('linkage_budget_lines').values(parts.lines).execute();
  if (parts.indicators.length) await db.insertInto('linkage_indicators').values(parts.indicators).execute();
  if (parts.phases.length) await db.insertInto('linkage_phases').values(parts.phases).execute();
}

export async function markNeedsTakenUp(db: Db, ids: readonly string[]): Promise<string[]> {
  if (ids.length === 0) return [];
  const rows = await db.selectFrom('linkage_needs').select(['id', 'area_code', 'status']).where('id', 'in', ids).where('status', 'in', ['open', 'underConsideration']).execute();
  if (rows.length) {
    await db
      .updateTable('linkage_needs')
      .set((eb) => ({ status: 'takenUp', version: eb('version', '+', 1), updated_at: new Date().toISOString() }))
      .where(
        'id',
        'in',
        rows.map((r) => r.id),
      )
      .execute();
  }
  return rows.map((r) => r.id);
}

export async function existingAreas(db: Db, codes: readonly string[]): Promise<Set<string>> {
  if (codes.length === 0) return new Set();
  const rows = await db.selectFrom('areas').select('code').where('code', 'in', codes).where('level', '=', 5).execute();
  return new Set(rows.map((r) => r.code));
}

/**
 * People of a target group in communities, from the registry: confirmed left-behind flags that
 * or the people living there (not `outflow`) of a category (elderly 60+ on `asOf`, disabled, hardship, all residents).
 */
export async function registryCount(db: Db, kind: string, communities: readonly string[], asOf: string): Promise<number> {
  if (communities.length === 0) return 0;
  if (kind === 'leftBehindChild' || kind === 'leftBehindElderly' || kind === 'leftBehindWoman') {
    const r = await db
      .selectFrom('left_behind_flags')
      .select((eb) => eb.fn.count<number>('person_id').distinct().as('c'))
      .where('area_code', 'in', communities)
      .where('kind', '=', kind)
      .where('status', '=', 'confirmed')
      .executeTakeFirstOrThrow();
    return Number(r.c);
  }
  let q = db.selectFrom('persons').select((eb) => eb.fn.countAll<number>().as('c')).where('area_code', 'in', communities).where('residence_status', '!=', 'outflow');
  if (kind === 'elderly') {
    const born = `${Number(asOf.slice(0, 4)) - 60}${asOf.slice(4)}`;
    q = q.where('birth_date', '<=', born);
  } else if (kind === 'disabled') q = q.where('disability_category', 'is not', null);
  else if (kind === 'hardship') q = q.where('hardship', 'is not', null);
  return Number((await q.executeTakeFirstOrThrow()).c);
}
