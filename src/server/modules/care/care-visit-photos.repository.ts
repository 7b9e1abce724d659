/**
 * The SQL of a care visit's photos (care-visit-photos.ts): one visit of a case, and its list of
 * photo addresses written compare-and-set on the list read, so two uploads at once never lose one.
 */
import type { Db } from '../../db/database.ts';
import type { VisitRow } from './cases.repository.ts';

export async function visitOfCase(db: Db, areaCode: string, caseId: string, visitId: string): Promise<VisitRow | undefined> {
  return db.selectFrom('care_visits').selectAll().where('area_code', '=', areaCode).where('case_id', '=', caseId).where('id', '=', visitId).executeTakeFirst();
}

/** Writes the photo list when it still is `before`; false when someone changed it meanwhile. */
export async function replacePhotos(db: Db, areaCode: string, visitId: string, before: string, after: string): Promise<boolean> {
  const result = await db.updateTable('care_visits').set({ photos: after }).where('area_code', '=', areaCode).where('id', '=', visitId).where('photos', '=', before).executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
