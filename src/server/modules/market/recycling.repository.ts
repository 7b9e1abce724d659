import type { Db } from '../../db/database.ts';
import { withinArea } from '../../db/area-scope.ts';
import type { PickupRow, RecyclingPickupsTable } from '../../db/tables/info-points.ts';
import type { Insertable } from 'kysely';

export type PickupRowWithNames = PickupRow & { area_name: string | null; resident_name: string | null; collector_name: string | null };

function pickupsWithNames(db: Db) {
  return db
    .selectFrom('recycling_pickups')
    .leftJoin('areas', 'areas.code', 'recycling_pickups.area_code')
    .leftJoin('users as residents', 'residents.id', 'recycling_pickups.resident_user_id')
    .leftJoin('users as collectors', 'collectors.id', 'recycling_pickups.collector_user_id')
    .selectAll('recycling_pickups')
    .select(['areas.name as area_name', 'residents.display_name as resident_name', 'collectors.display_name as collector_name']);
}

export async function insertPickup(db: Db, row: Insertable<RecyclingPickupsTable>): Promise<void> {
  await db.insertInto('recycling_pickups').values(row).execute();
}

export async function findPickup(db: Db, id: string): Promise<PickupRowWithNames | undefined> {
  return pickupsWithNames(db).where('recycling_pickups.id', '=', id).executeTakeFirst();
}

/** Moves a pickup on if it is still at `version` and in `status` (compare and set). */
export async function movePickup(db: Db, row: PickupRow, version: number, changes: Partial<Omit<PickupRow, 'area_code' | 'id' | 'version'>>): Promise<boolean> {
  const result = await db
    .updateTable('recycling_pickups')
    .set({ ...changes, version: version + 1 })
    .where('area_code', '=', row.area_code)
    .where('id', '=', row.id)
    .where('version', '=', version)
    .where('status', '=', row.status)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function pickupsOfResident(db: Db, userId: string, limit: number): Promise<PickupRowWithNames[]> {
  return pickupsWithNames(db).where('recycling_pickups.resident_user_id', '=', userId).orderBy('recycling_pickups.requested_at', 'desc').limit(limit).execute();
}

export async function pointsOfResident(db: Db, userId: string): Promise<number> {
  const { points } = await db
    .selectFrom('recycling_pickups')
    .select((eb) => eb.fn.coalesce(eb.fn.sum<number>('points'), eb.lit(0)).as('points'))
    .where('resident_user_id', '=', userId)
    .where('status', '=', 'completed')
    .executeTakeFirstOrThrow();
  return Number(points);
}

export async function listPickups(db: Db, f: { scope: string; status?: string; limit: number }): Promise<{ rows: PickupRowWithNames[]; total: number }> {
  let counted = db.selectFrom('recycling_pickups').where((eb) => withinArea(eb, 'recycling_pickups.area_code', f.scope));
  let page = pickupsWithNames(db).where((eb) => withinArea(eb, 'recycling_pickups.area_code', f.scope));
  if (f.status) {
    counted = counted.where('recycling_pickups.status', '=', f.status);
    page = page.where('recycling_pickups.status', '=', f.status);
  }
  const { total } = await counted.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow();
  const rows = await page.orderBy('recycling_pickups.window_start').orderBy('recycling_pickups.id').limit(f.limit).execute();
  return { rows, total: Number(total) };
}
