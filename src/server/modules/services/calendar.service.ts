/**
 * The working-day calendar of an area: the national holidays and make-up working days (调休) from
 * the `chinese-days` package (national-calendar.ts), with the local days an admin or official adds
 * for an area laid over them (a local holiday, a worked Saturday). Limits are counted by the pure
 * engine in src/engine/calendar/working-days.ts.
 *
 * For the requests module: `workingCalendar(db, areaCode)` → a WorkingCalendar for
 * `addWorkingDays` / `workingDaysBetween` / `isWorkingDay` (re-exported here). Each answer says in
 * `assumedYears` which years it counted Monday–Friday because the calendar does not know them.
 *
 * Cache: the local days are read once per database and kept; a change in this process drops them
 * at once. Another server process on the same PostgreSQL sees the change within CACHE_TTL_MS.
 */
import type { Db } from '../../db/database.ts';
import { newId } from '../../db/ids.ts';
import { isUniqueViolation } from '../../db/unique-violation.ts';
import type { ServiceCalendarDayRow } from '../../db/tables/service-catalog.ts';
import { isIsoDate, overlayCalendar, type WorkingCalendar } from '../../../engine/calendar/working-days.ts';
import { AREA_CODE_LENGTHS } from '../../../contracts/area-code.ts';
import { requirePermission, requireScope, scopedArea, type RequestContext } from '../../http/actor.ts';
import { conflict, invalidField, notFound } from '../../http/errors.ts';
import type { CalendarDayInput, CalendarYear, LocalCalendarDay } from '../../../contracts/service-catalog.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { findArea } from '../areas/areas.service.ts';
import * as repo from './calendar.repository.ts';
import { nationalCalendar, nationalDays } from './national-calendar.ts';

export {
  addWorkingDays,
  dateInChina,
  endOfDayInChina,
  isWorkingDay,
  workingDaysBetween,
  type CalendarAnswer,
  type IsoDate,
  type WorkingCalendar,
} from '../../../engine/calendar/working-days.ts';

/** How long another process's change may take to show here (PostgreSQL with several processes). */
export const CACHE_TTL_MS = 60_000;

interface CacheEntry {
  loadedAt: number;
  rows: Promise<ServiceCalendarDayRow[]>;
  byArea: Map<string, WorkingCalendar>;
}

const cache = new WeakMap<Db, CacheEntry>();

/** Drops this process's cached local days (after a change). */
export function invalidateWorkingCalendar(db: Db): void {
  cache.delete(db);
}

function entryOf(db: Db): CacheEntry {
  let entry = cache.get(db);
  if (!entry || Date.now() - entry.loadedAt > CACHE_TTL_MS) {
    const rows = repo.allLocalDays(db);
    entry = { loadedAt: Date.now(), rows, byArea: new Map() };
    cache.set(db, entry);
    rows.catch(() => {
      if (cache.get(db) === entry) cache.delete(db);
    });
  }
  return entry;
}

/** The area and the areas above it, by the code's prefixes. */
function chainOf(areaCode: string): string[] {
  return AREA_CODE_LENGTHS.filter((length) => length <= areaCode.length).map((length) => areaCode.slice(0, length));
}

/**
 * The working calendar that holds in `areaCode` (a community, usually: the applicant's): national
 * days with the local days of the area and every area above it laid over them (a deeper area's
 * day wins where two disagree). Without an area: the national calendar alone.
 */
export async function workingCalendar(db: Db, areaCode?: string): Promise<WorkingCalendar> {
  if (!areaCode) return nationalCalendar();
  const entry = entryOf(db);
  const known = entry.byArea.get(areaCode);
  if (known) return known;
  const chain = new Set(chainOf(areaCode));
  const rows = (await entry.rows).filter((row) => chain.has(row.area_code)).sort((a, b) => a.area_code.length - b.area_code.length);
  let calendar = nationalCalendar();
  for (const row of rows) {
    calendar = overlayCalendar(calendar, row.kind === 'holiday' ? { holidays: [row.date] } : { workingDays: [row.date] });
  }
  entry.byArea.set(areaCode, calendar);
  return calendar;
}

function toLocalDay(row: repo.CalendarDayRowWithArea): LocalCalendarDay {
  return {
    id: row.id,
    areaCode: row.area_code,
    areaName: row.area_name,
    date: row.date,
    kind: row.kind,
    note: row.note,
    createdBy: row.created_by,
    createdAt: row.created_at,
  };
}

export async function readCalendarYear(db: Db, ctx: RequestContext, rawArea: string, year?: number): Promise<CalendarYear> {
  const actor = requirePermission(ctx, 'serviceCalendar.read');
  const areaCode = scopedArea(actor, rawArea, 'code');
  const y = year ?? new Date().getUTCFullYear();
  const local = await repo.localDaysAt(db, chainOf(areaCode), `${y}-01-01`, `${y}-12-31`);
  return {
    areaCode,
    year: y,
    known: nationalCalendar().knownYears.has(y),
    national: nationalDays(y).map((d) => ({ date: d.date, kind: d.kind, name: d.name })),
    local: local.map(toLocalDay),
  };
}

export async function addLocalDay(db: Db, ctx: RequestContext, rawArea: string, input: CalendarDayInput): Promise<LocalCalendarDay> {
  const actor = requirePermission(ctx, 'serviceCalendar.write');
  const areaCode = scopedArea(actor, rawArea, 'code');
  if (!isIsoDate(input.date)) throw invalidField('date', `${input.date} is not a calendar date`, 'invalid_format');
  const area = await findArea(db, areaCode);
  if (!area) throw notFound('Area', areaCode);
  const row: ServiceCalendarDayRow = {
    id: newId(),
    area_code: areaCode,
    date: input.date,
    kind: input.kind,
    note: input.note.trim(),
    created_by: actor.username,
    created_at: new Date().toISOString(),
  };
  if (!row.note) throw invalidField('note', 'must not be blank', 'required');
  try {
    await db.transaction().execute(async (trx) => {
      await repo.insertLocalDay(trx, row);
      await recordAudit(trx, ctx, { action: 'serviceCalendar.dayAdded', areaCode, targetType: 'calendarDay', targetId: row.id, details: { date: row.date, kind: row.kind } });
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw conflict(`${areaCode} already has a local day on ${input.date}; remove it first`, { field: 'date', code: 'duplicate' });
    throw error;
  }
  invalidateWorkingCalendar(db);
  return toLocalDay({ ...row, area_name: area.name });
}

export async function removeLocalDay(db: Db, ctx: RequestContext, rawArea: string, id: string): Promise<void> {
  const actor = requirePermission(ctx, 'serviceCalendar.write');
  const areaCode = scopedArea(actor, rawArea, 'code');
  await db.transaction().execute(async (trx) => {
    const row = await repo.findLocalDay(trx, id);
    if (!row || row.area_code !== areaCode) throw notFound('Calendar day', id);
    requireScope(actor, row.area_code);
    await repo.deleteLocalDay(trx, id);
    await recordAudit(trx, ctx, { action: 'serviceCalendar.dayRemoved', areaCode, targetType: 'calendarDay', targetId: id, details: { date: row.date, kind: row.kind } });
  });
  invalidateWorkingCalendar(db);
}
