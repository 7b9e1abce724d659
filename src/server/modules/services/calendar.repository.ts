import type { Db } from '../../db/database.ts';
import type { ServiceCalendarDayRow } from '../../db/tables/service-catalog.ts';

export type CalendarDayRowWithArea = ServiceCalendarDayRow & { area_name: string | null };

/** Every local day of every area (a few dozen rows in practice): the calendar cache loads them all. */
export async function allLocalDays(db: Db): Promise<ServiceCalendarDayRow[]> {
  return db.selectFrom('service_calendar_days').selectAll().orderBy('date').orderBy('area_code').execute();
}

/** Local days of `areaCodes` (an area and those above it) within [from, to]. */
export async function localDaysAt(db: Db, areaCodes: readonly string[], from: string, to: string): Promise<CalendarDayRowWithArea[]> {
  if (areaCodes.length === 0) return [];
  return db
    .selectFrom('service_calendar_days')
    .leftJoin('areas', 'areas.code', 'service_calendar_days.area_code')
    .selectAll('service_calendar_days')
    .select('areas.name as area_name')
    .where('service_calendar_days.area_code', 'in', [...areaCodes])
    .where('service_calendar_days.date', '>=', from)
    .where('service_calendar_days.date', '<=', to)
    .orderBy('service_calendar_days.date')
    .orderBy('service_calendar_days.area_code')
    .execute();
}

export async function findLocalDay(db: Db, id: string): Promise<ServiceCalendarDayRow | undefined> {
  return db.selectFrom('service_calendar_days').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function insertLocalDay(db: Db, row: ServiceCalendarDayRow): Promise<void> {
  await db.insertInto('service_calendar_days').values(row).execute();
}

export async function deleteLocalDay(db: Db, id: string): Promise<void> {
  await db.deleteFrom('service_calendar_days').where('id', '=', id).execute();
}
