import { sql } from 'kysely';
import type { Db } from '../../db/database.ts';
import { withinArea } from '../../db/area-scope.ts';

/** Every comprehensive facility with its status history, oldest event first per facility. */
export async function loadFacilityHistory(db: Db) {
  return db
    .selectFrom('facility_events as e')
    .innerJoin('facilities as f', (j) => j.onRef('f.area_code', '=', 'e.area_code').onRef('f.id', '=', 'e.facility_id'))
    .select(['f.id', 'f.area_code', 'f.lon', 'f.lat', 'f.floor_area', 'e.date', 'e.to_status'])
    .where('f.kind', '=', 'comprehensive')
    .orderBy('f.id')
    .orderBy('e.date')
    .orderBy('e.at')
    .execute();
}

/** Roles whose recorded work counts as the platform being in use in a community. */
export const WORKER_ROLES = ['communityWorker', 'socialWorker', 'agent'] as const;

/**
 * Record types whose writes are a community's work on the platform (registers, care, services).
 * Reading, revealing and exporting are not work; neither are officials' planning or accounts.
 */
const WORK_RECORDS = ['household', 'person', 'facility', 'visit', 'care', 'request', 'project'];

/** Whether an action by a worker account is work in a community (as workedAreas counts it). */
export function isWorkAction(action: string): boolean {
  return WORK_RECORDS.some((r) => action.startsWith(`${r}.`)) && !action.includes('.reveal') && !action.includes('export');
}

/**
 * The areas (as recorded in the audit log) in which worker accounts recorded work between two
 * instants (ISO 8601, `from` included, `to` excluded).
 */
export async function workedAreas(db: Db, from: string, to: string): Promise<string[]> {
  const rows = await db
    .selectFrom('audit_log as a')
    .innerJoin('users as u', 'u.id', 'a.user_id')
    .select('a.area_code')
    .distinct()
    .where('a.outcome', '=', 'ok')
    .where('a.at', '>=', from)
    .where('a.at', '<', to)
    .where('u.role', 'in', [...WORKER_ROLES])
    .where((eb) => eb.or(WORK_RECORDS.map((r) => eb('a.action', 'like', `${r}.%`))))
    .where('a.action', 'not like', '%.reveal%')
    .where('a.action', 'not like', '%export%')
    .where(sql<boolean>`length(a.area_code) = 12`)
    .execute();
  return rows.map((r) => r.area_code);
}

/** Whether any figure or facility the area's values rest on was generated (demo data). */
export async function hasGeneratedData(db: Db, area: string): Promise<boolean> {
  const [stat, facility] = await Promise.all([
    db.selectFrom('area_statistics').select('area_code').where('generated', '=', true).where((eb) => withinArea(eb, 'area_code', area)).limit(1).executeTakeFirst(),
    db.selectFrom('facilities').select('area_code').where('generated', '=', true).where((eb) => withinArea(eb, 'area_code', area)).limit(1).executeTakeFirst(),
  ]);
  return stat !== undefined || facility !== undefined;
}
