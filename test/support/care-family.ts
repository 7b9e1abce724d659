/** Factories of the care referrals and family tests: a care case and a user, written straight to their tables. */
import type { Insertable } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import type { Database } from '../../src/server/db/schema.ts';
import type { TestApp } from './app.ts';

/** A care case for a person, written straight to the cases part's table (its own service is tested there). */
export async function insertCase(
  t: TestApp,
  person: { id: string; area_code: string; household_id: string | null },
  ownerId: string,
  extra: { lastVisitOn?: string; visitDueOn?: string } = {},
  /** Any other column as the test needs it (group, status, risk, dates). */
  columns: Partial<Insertable<Database['care_cases']>> = {},
): Promise<string> {
  const id = uuidv7();
  const now = new Date().toISOString();
  await t.database.handle.db
    .insertInto('care_cases')
    .values({
      area_code: person.area_code,
      id,
      person_id: person.id,
      household_id: person.household_id,
      care_group: 'leftBehindChild',
      flag_id: null,
      status: 'open',
      risk_level: 'high',
      owner_id: ownerId,
      summary: '内部备注：不应给家属看',
      opened_on: now.slice(0, 10),
      closed_on: null,
      close_reason: null,
      group_ends_on: null,
      group_ended_on: null,
      last_visit_on: extra.lastVisitOn ?? null,
      visit_due_on: extra.visitDueOn ?? null,
      visit_stage: 0,
      next_assessment_on: null,
      next_check_on: null,
      generated: false,
      version: 1,
      created_at: now,
      created_by: ownerId,
      updated_at: now,
      ...columns,
    })
    .execute();
  return id;
}

export async function insertUser(t: TestApp, username: string, role: string, scope: string): Promise<string> {
  const db = t.database.handle.db;
  const template = await db.selectFrom('users').selectAll().where('username', '=', 'demo-resident').executeTakeFirstOrThrow();
  const id = uuidv7();
  await db.insertInto('users').values({ ...template, id, username, display_name: username, role, scope_code: scope, locked: false, demo: false }).execute();
  return id;
}

