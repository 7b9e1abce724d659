/**
 * Activities of a project (活动): when, where (a registered facility where there is one), what
 * kind; attendance person by person from the resident registry, so one can count whom a project
 * reached (how many confirmed left-behind children); volunteers' minutes, recorded as service
 * records through the volunteers service (claimed there, verified by an organizer there).
 */
import { newId } from '../../db/ids.ts';
import { decodeCursor, encodeCursor } from '../../db/cursor.ts';
import { isUniqueViolation } from '../../db/unique-violation.ts';
import type { Activity, ActivityPage, ActivitySummary, AttendanceInput, NewActivity, VolunteerInput } from '../../../contracts/linkage-delivery-api.ts';
import type { ActivityKind } from '../../../contracts/linkage-delivery.ts';
import { mayDo, requirePermission, type RequestContext } from '../../http/actor.ts';
import { conflict, forbidden, invalidField, notFound } from '../../http/errors.ts';
import { maskName } from '../../../engine/identity/name-mask.ts';
import { recordAudit, recordRead } from '../audit/audit.service.ts';
import { getPerson } from '../residents/residents.service.ts';
import { getFacility } from '../facilities/facilities.service.ts';
import { recordHours } from '../people/volunteers.service.ts';
import type { LinkageActivityRow } from '../../db/tables/linkage-delivery.ts';
import * as repo from './delivery.repository.ts';
import { projectFor, requireDelivering, requireProjectScope, type DeliveryDeps } from './delivery.service.ts';
import { startDeliveryIn } from './project-life.service.ts';
import { todayInChina } from '../../../engine/calendar/working-days.ts';

function summary(r: LinkageActivityRow): ActivitySummary {
  return {
    id: r.id,
    projectId: r.project_id,
    heldOn: r.held_on,
    kind: r.kind as ActivityKind,
    title: r.title,
    place: r.place,
    facilityId: r.facility_id,
    communityCode: r.community_code,
    attendance: r.attendance,
    leftBehindChildren: r.left_behind_children,
    volunteerMinutes: r.volunteer_minutes,
    version: r.version,
  };
}

async function detail(deps: DeliveryDeps, id: string): Promise<Activity> {
  const row = (await repo.findActivity(deps.db, id))!;
  const [people, volunteers] = await Promise.all([repo.attendees(deps.db, row.area_code, row.id), repo.activityVolunteers(deps.db, row.area_code, row.id)]);
  return {
    ...summary(row),
    notes: row.notes,
    createdAt: row.created_at,
    attendees: people.map((p) => ({ personId: p.person_id, name: maskName(p.name), areaCode: p.person_area_code, leftBehindChild: Boolean(p.left_behind_child) })),
    volunteers: volunteers.map((v) => ({ volunteerId: v.volunteer_id, name: maskName(v.name ?? ''), minutes: v.minutes, hoursId: v.hours_id })),
  };
}

/** The activity of `id` for an actor allowed `action` on its project. */
async function activityFor(deps: DeliveryDeps, ctx: RequestContext, id: string, action: 'linkageDelivery.read' | 'linkageDelivery.write') {
  // Role first: a role the action does not list is refused whatever the id.
  requirePermission(ctx, action);
  const row = await repo.findActivity(deps.db, id);
  if (!row) throw notFound('Activity', id);
  return { row, ...(await projectFor(deps.db, ctx, row.project_id, action)) };
}

export async function createActivity(deps: DeliveryDeps, ctx: RequestContext, projectId: string, input: NewActivity): Promise<Activity> {
  const { actor, project, communities } = await projectFor(deps.db, ctx, projectId, 'linkageDelivery.write');
  requireDelivering(project);
  if (!communities.includes(input.communityCode) && input.communityCode !== project.area_code) {
    throw invalidField('communityCode', `is not one of the project's communities (${communities.join(', ')})`, 'not_allowed');
  }
  const today = todayInChina();
  if (input.heldOn > today) throw invalidField('heldOn', 'is in the future: record an activity once it was held', 'out_of_range');
  let facilityAreaCode: string | null = null;
  if (input.facilityId) {
    const facility = await getFacility(deps.db, ctx, input.facilityId).catch((e: unknown) => {
      if ((e as { statusCode?: number }).statusCode === 404) throw invalidField('facilityId', 'is not a registered facility', 'unknown_reference');
      throw e;
    });
    facilityAreaCode = facility.areaCode;
  }
  const id = newId();
  const now = new Date().toISOString();
  await deps.db.transaction().execute(async (trx) => {
    await repo.insertActivity(trx, {
      area_code: project.area_code,
      id,
      project_id: project.id,
      held_on: input.heldOn,
      kind: input.kind,
      title: input.title.trim(),
      place: input.place.trim(),
      facility_area_code: facilityAreaCode,
      facility_id: input.facilityId ?? null,
      community_code: input.communityCode,
      notes: input.notes?.trim() || null,
      created_by: actor.userId,
      created_at: now,
      updated_at: now,
    });
    // The first activity of a contracted project starts its delivery.
    const started = await startDeliveryIn(trx, actor, project, `activity ${id}`);
    await recordAudit(trx, ctx, { action: 'linkage.activity.create', areaCode: project.area_code, targetType: 'activity', targetId: id, details: { projectId: project.id, heldOn: input.heldOn, kind: input.kind, ...(started ? { projectStatus: 'delivering' } : {}) } });
  });
  return detail(deps, id);
}

export async function listActivities(deps: DeliveryDeps, ctx: RequestContext, projectId: string, q: { limit?: number; cursor?: string }): Promise<ActivityPage> {
  const { project } = await projectFor(deps.db, ctx, projectId, 'linkageDelivery.read');
  const limit = q.limit ?? 50;
  let before: { heldOn: string; id: string } | undefined;
  if (q.cursor) {
    const decoded = decodeCursor(q.cursor, ['text', 'uuid']);
    if (!decoded) throw invalidField('cursor', 'is not a cursor of this list', 'invalid_format');
    before = { heldOn: decoded[0]!, id: decoded[1]! };
  }
  const rows = await repo.listActivities(deps.db, project.area_code, project.id, { before, limit });
  const counts = await repo.countActivities(deps.db, project.area_code, project.id);
  const last = rows.at(-1);
  return { items: rows.map(summary), total: counts.activities, nextCursor: rows.length === limit && last ? encodeCursor([last.held_on, last.id]) : null };
}

export async function getActivity(deps: DeliveryDeps, ctx: RequestContext, id: string): Promise<Activity> {
  await activityFor(deps, ctx, id, 'linkageDelivery.read');
  const activity = await detail(deps, id);
  // The attendees are registry persons (masked names, the left-behind mark): a read on record.
  if (activity.attendees.length > 0) {
    const row = (await repo.findActivity(deps.db, id))!;
    await recordRead(deps.db, ctx, { action: 'linkage.attendance.read_list', areaCode: row.area_code, targetType: 'person', targetId: id, ids: activity.attendees.map((a) => a.personId) });
  }
  return activity;
}

/**
 * Records who attended. Each person is read through the residents service (scope-checked and
 * audited there) and must live in one of the project's communities: otherwise 400 naming the
 * entry, and nobody of the request is recorded. People already recorded stay recorded once.
 */
export async function addAttendance(deps: DeliveryDeps, ctx: RequestContext, id: string, input: AttendanceInput): Promise<Activity> {
  const { row, actor, project, communities } = await activityFor(deps, ctx, id, 'linkageDelivery.write');
  // Attendees are read from the resident registry: an organization member, who does not read it,
  // leaves attendance to the organization's social workers or the community's (docs/linkage-delivery.md).
  if (!mayDo(actor, 'registry.read')) {
    throw forbidden(`Attendance is taken from the resident registry, which role ${actor.role} does not read: a social or community worker records it`, { action: 'registry.read', reason: 'role' });
  }
  requireDelivering(project);
  const places = communities.length ? communities : [project.area_code];
  const unique = [...new Set(input.personIds)];
  const found: { personId: string; areaCode: string; child: boolean }[] = [];
  for (const personId of unique) {
    const field = `personIds.${input.personIds.indexOf(personId)}`;
    const person = await getPerson(deps.residents, ctx, personId).catch((e: unknown) => {
      const status = (e as { statusCode?: number }).statusCode;
      if (status === 404) throw invalidField(field, 'is not a person of the registry', 'unknown_reference');
      if (status === 403) throw invalidField(field, 'lives outside the project’s communities', 'not_in_scope');
      throw e;
    });
    if (!places.some((c) => person.areaCode === c || person.areaCode.startsWith(c))) {
      throw invalidField(field, `lives in ${person.areaCode}, outside the project's communities (${places.join(', ')})`, 'not_in_scope', { areaCode: person.areaCode });
    }
    const child = person.leftBehind.some((f) => f.kind === 'leftBehindChild' && f.status === 'confirmed' && f.applies);
    found.push({ personId, areaCode: person.areaCode, child });
  }
  const now = new Date().toISOString();
  await deps.db.transaction().execute(async (trx) => {
    const already = await repo.attendingIds(trx, row.area_code, row.id);
    const fresh = found.filter((f) => !already.has(f.personId));
    await repo.insertAttendance(
      trx,
      fresh.map((f) => ({ area_code: row.area_code, project_id: row.project_id, activity_id: row.id, person_id: f.personId, person_area_code: f.areaCode, left_behind_child: f.child, recorded_at: now, recorded_by: actor.userId })),
    );
    await repo.recountActivity(trx, row.area_code, row.id, now);
    await recordAudit(trx, ctx, { action: 'linkage.attendance.add', areaCode: row.area_code, targetType: 'activity', targetId: row.id, details: { added: fresh.length, personIds: fresh.map((f) => f.personId) } });
  });
  return detail(deps, id);
}

export async function removeAttendance(deps: DeliveryDeps, ctx: RequestContext, id: string, personId: string): Promise<Activity> {
  const { row, project } = await activityFor(deps, ctx, id, 'linkageDelivery.write');
  requireDelivering(project);
  await deps.db.transaction().execute(async (trx) => {
    const removed = await repo.deleteAttendance(trx, row.area_code, row.id, personId);
    if (removed === 0) throw notFound('Attendance of person', personId);
    await repo.recountActivity(trx, row.area_code, row.id, new Date().toISOString());
    await recordAudit(trx, ctx, { action: 'linkage.attendance.remove', areaCode: row.area_code, targetType: 'activity', targetId: row.id, details: { personId } });
  });
  return detail(deps, id);
}

/**
 * A volunteer's minutes at the activity. The service record is made by the volunteers service
 * (claimed there; an organizer other than the volunteer verifies it there, and only verified
 * hours count); this keeps the link. One entry per volunteer per activity (409 for a second).
 */
export async function addVolunteer(deps: DeliveryDeps, ctx: RequestContext, id: string, input: VolunteerInput): Promise<Activity> {
  const { row, project, communities } = await activityFor(deps, ctx, id, 'linkageDelivery.write');
  requireDelivering(project);
  requireProjectScope(ctx.actor!, project.area_code, communities);
  const existing = await repo.activityVolunteers(deps.db, row.area_code, row.id);
  if (existing.some((v) => v.volunteer_id === input.volunteerId)) throw conflict(`Volunteer ${input.volunteerId} is recorded at this activity already`, { reason: 'duplicate' });
  const hours = await recordHours(deps.db, ctx, input.volunteerId, { serviceDate: row.held_on, minutes: input.minutes, activity: `${project.title}: ${row.title}`.slice(0, 100) }).catch((e: unknown) => {
    if ((e as { statusCode?: number }).statusCode === 404) throw invalidField('volunteerId', 'is not a registered volunteer', 'unknown_reference');
    throw e;
  });
  const now = new Date().toISOString();
  try {
    await deps.db.transaction().execute(async (trx) => {
      await repo.insertActivityVolunteer(trx, { area_code: row.area_code, activity_id: row.id, volunteer_id: input.volunteerId, volunteer_area_code: hours.areaCode, minutes: input.minutes, hours_id: hours.id, recorded_at: now });
      await repo.recountActivity(trx, row.area_code, row.id, now);
      await recordAudit(trx, ctx, { action: 'linkage.activity.volunteer', areaCode: row.area_code, targetType: 'activity', targetId: row.id, details: { volunteerId: input.volunteerId, minutes: input.minutes, hoursId: hours.id } });
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw conflict(`Volunteer ${input.volunteerId} is recorded at this activity already`, { reason: 'duplicate' });
    throw error;
  }
  return detail(deps, id);
}
