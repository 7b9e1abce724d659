import type { Db } from '../../db/database.ts';
import { withinArea } from '../../db/area-scope.ts';
import type { NewPlanningScenarioRow } from '../../db/schema.ts';
import type { ScenarioRowWithArea } from './planning.schema.ts';

/** Scenarios with their area's name (the areas reference table is read, never written). */
function scenariosWithArea(db: Db) {
  return db
    .selectFrom('planning_scenarios')
    .leftJoin('areas', 'areas.code', 'planning_scenarios.area_code')
    .selectAll('planning_scenarios')
    .select('areas.name as area_name');
}

export async function insertScenario(db: Db, row: NewPlanningScenarioRow): Promise<void> {
  await db.insertInto('planning_scenarios').values(row).execute();
}

export async function findScenario(db: Db, id: string): Promise<ScenarioRowWithArea | undefined> {
  return scenariosWithArea(db).where('planning_scenarios.id', '=', id).executeTakeFirst();
}

export async function findScenarios(db: Db, ids: string[]): Promise<ScenarioRowWithArea[]> {
  return scenariosWithArea(db).where('planning_scenarios.id', 'in', ids).execute();
}

/** One page under the area, newest first (UUIDv7 ids sort by creation), with the total. */
export async function listScenarios(
  db: Db,
  f: { scope: string; before?: string; limit: number },
): Promise<{ rows: ScenarioRowWithArea[]; total: number }> {
  const { total } = await db
    .selectFrom('planning_scenarios')
    .where((eb) => withinArea(eb, 'area_code', f.scope))
    .select((eb) => eb.fn.countAll<number>().as('total'))
    .executeTakeFirstOrThrow();
  let page = scenariosWithArea(db).where((eb) => withinArea(eb, 'planning_scenarios.area_code', f.scope));
  if (f.before) page = page.where('planning_scenarios.id', '<', f.before);
  const rows = await page.orderBy('planning_scenarios.id', 'desc').limit(f.limit).execute();
  return { rows, total: Number(total) };
}

export async function deleteScenario(db: Db, areaCode: string, id: string): Promise<boolean> {
  const result = await db.deleteFrom('planning_scenarios').where('area_code', '=', areaCode).where('id', '=', id).executeTakeFirst();
  return Number(result.numDeletedRows) === 1;
}

/** Marks the scenario adopted unless it already is (`facilities`: what it created, as JSON); false when it was (or is gone). */
export async function markAdopted(
  db: Db,
  areaCode: string,
  id: string,
  adoption: { at: string; username: string; facilities: string },
): Promise<boolean> {
  const result = await db
    .updateTable('planning_scenarios')
    .set({ adopted_at: adoption.at, adopted_by_username: adoption.username, adopted_facility_ids: adoption.facilities })
    .where('area_code', '=', areaCode)
    .where('id', '=', id)
    .where('adopted_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
