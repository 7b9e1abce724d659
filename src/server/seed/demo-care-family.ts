/**
 * The demo of care referrals and the family in the city: in the demo village, a left-behind child's
 * parent working away signs in as `demo-parent` (a resident account linked to their registry record
 * marked 外出, the link made by the village worker after a video identity check). The guardian has
 * consented to referrals and to sharing; the worker and the parent have written to each other (one
 * asks for a video call); the child is referred to the demo organization, which accepted. Written
 * straight to the tables like the other demo seeds (no audit entries: no platform activity).
 */
import { newId } from '../db/ids.ts';
import { addPeriod } from '../../engine/care/schedule.ts';
import type { Db } from '../db/database.ts';
import { personalDataCipher } from '../modules/residents/personal-data.ts';

const DAY = 86_400_000;

export async function seedDemoCareFamily(db: Db, village: string, options: { secretKey?: Buffer } = {}): Promise<{ linked: boolean }> {
  const parentUser = await db.selectFrom('users').select(['id', 'display_name']).where('username', '=', 'demo-parent').executeTakeFirst();
  const worker = await db.selectFrom('users').select(['id', 'username']).where('username', '=', 'demo-worker').executeTakeFirst();
  if (!parentUser || !worker) return { linked: false };
  if (await db.selectFrom('care_family_links').select('id').where('user_id', '=', parentUser.id).executeTakeFirst()) return { linked: true };

  // A left-behind child of the village whose parent is away and has no account yet.
  const sixteenYearsAgo = new Date(Date.now() - 16 * 365.25 * DAY).toISOString().slice(0, 10);
  const children = await db
    .selectFrom('left_behind_flags')
    .innerJoin('persons', (j) => j.onRef('persons.area_code', '=', 'left_behind_flags.area_code').onRef('persons.id', '=', 'left_behind_flags.person_id'))
    .select(['persons.id', 'persons.area_code', 'persons.household_id', 'persons.name'])
    .where('left_behind_flags.area_code', '=', village)
    .where('left_behind_flags.kind', '=', 'leftBehindChild')
    .where('persons.birth_date', '>', sixteenYearsAgo)
    .orderBy('persons.id')
    .execute();
  let chosen: { child: (typeof children)[number]; parent: { id: string; away_to: string | null; relation: string } } | null = null;
  for (const child of children) {
    if (!child.household_id) continue;
    const parent = await db
      .selectFrom('persons')
      .select(['id', 'away_to', 'relation', 'user_id'])
      .where('area_code', '=', child.area_code)
      .where('household_id', '=', child.household_id)
      .where('away_to', 'is not', null)
      .where('user_id', 'is', null)
      .where('id', '!=', child.id)
      .orderBy('birth_date')
      .executeTakeFirst();
    if (parent) {
      chosen = { child, parent };
      break;
    }
  }
  if (!chosen) return { linked: false };
  const { child, parent } = chosen;
  const now = Date.now();
  const at = (daysAgo: number) => new Date(now - daysAgo * DAY).toISOString();

  // The child's case: the one the cases part opened, else one opened here for the demo.
  let kase = await db.selectFrom('care_cases').select(['id']).where('area_code', '=', child.area_code).where('person_id', '=', child.id).where('status', '=', 'open').executeTakeFirst();
  if (!kase) {
    const id = newId();
    await db
      .insertInto('care_cases')
      .values({
        area_code: child.area_code,
        id,
        person_id: child.id,
        household_id: child.household_id,
        care_group: 'leftBehindChild',
        flag_id: null,
        status: 'open',
        risk_level: 'medium',
        owner_id: worker.id,
        summary: null,
        opened_on: at(40).slice(0, 10),
        closed_on: null,
        close_reason: null,
        group_ends_on: null,
        group_ended_on: null,
        last_visit_on: at(12).slice(0, 10),
        visit_due_on: new Date(now + 18 * DAY).toISOString().slice(0, 10),
        visit_stage: 0,
        next_assessment_on: null,
        next_check_on: null,
        generated: true,
        version: 1,
        created_at: at(40),
        created_by: worker.id,
        updated_at: at(12),
      })
      .execute();
    // The visit its last_visit_on names, so the schedule and left_behind_visited read it too.
    await db
      .insertInto('care_visits')
      .values({
        area_code: child.area_code,
        id: newId(),
        case_id: id,
        visited_on: at(12).slice(0, 10),
        mode: 'home',
        findings: JSON.stringify({ safety: { rating: 0 }, mood: { rating: 1 } }),
        actions: '了解近况，与在外务工的家长视频通话（演示）',
        next_steps: null,
        photos: '[]',
        due_on: addPeriod(at(40).slice(0, 10), 'month'),
        on_time: true,
        generated: true,
        recorded_at: at(12),
        recorded_by: worker.id,
        recorded_by_name: worker.username,
      })
      .execute();
    kase = { id };
  }

  await db.updateTable('persons').set({ user_id: parentUser.id }).where('area_code', '=', child.area_code).where('id', '=', parent.id).execute();
  const linkId = newId();
  await db
    .insertInto('care_family_links')
    .values({
      area_code: child.area_code,
      id: linkId,
      person_id: child.id,
      user_id: parentUser.id,
      relative_person_id: parent.id,
      relation: 'parent',
      guardian: true,
      identity_check: '演示：视频通话核验身份证，与户籍登记一致',
      linked_by: worker.id,
      linked_by_username: worker.username,
      linked_at: at(30),
      ended_at: null,
      version: 1,
    })
    .execute();
  const consent = (purpose: string, daysAgo: number) => ({
    area_code: child.area_code,
    id: newId(),
    person_id: child.id,
    purpose,
    given_by: 'guardian',
    given_by_name: parentUser.display_name,
    family_link_id: linkId,
    method: 'familyPage',
    note: null,
    given_at: at(daysAgo),
    recorded_by: parentUser.id,
    recorded_by_username: 'demo-parent',
    withdrawn_at: null,
    withdrawn_by: null,
    withdrawn_by_username: null,
    version: 1,
  });
  const referralConsent = consent('referral', 29);
  await db.insertInto('care_consents').values([referralConsent, consent('sharing', 29)]).execute();

  const cipher = options.secretKey ? personalDataCipher(options.secretKey) : null;
  await db
    .insertInto('care_family_contacts')
    .values({
      user_id: parentUser.id,
      area_code: child.area_code,
      city_address: `${parent.away_to ?? '浙江省杭州市'}（演示地址）`,
      phone_cipher: cipher ? cipher.encrypt('phone', '13800138000') : null,
      phone_hash: cipher ? cipher.lookupHash('phone', '13800138000') : null,
      updated_at: at(29),
      version: 1,
    })
    .execute();

  const message = (daysAgo: number, direction: 'fromFamily' | 'toFamily', body: string, kind: 'message' | 'videoCallRequest' = 'message', proposedAt: string | null = null) => ({
    area_code: child.area_code,
    id: newId(),
    person_id: child.id,
    family_user_id: parentUser.id,
    direction,
    kind,
    body,
    proposed_at: proposedAt,
    author_user_id: direction === 'fromFamily' ? parentUser.id : worker.id,
    author_username: direction === 'fromFamily' ? 'demo-parent' : worker.username,
    created_at: at(daysAgo),
    read_at: direction === 'fromFamily' ? at(daysAgo - 0.5) : null,
  });
  await db
    .insertInto('care_family_messages')
    .values([
      message(12, 'toFamily', '今天上门看望了孩子，身体和学习都好，爷爷奶奶照顾得很用心。'),
      message(11, 'fromFamily', '谢谢您！孩子最近有点不爱说话，麻烦多关心一下。'),
      message(10, 'toFamily', '好的，已联系社会组织的老师每周陪伴辅导，有情况随时告诉您。'),
      message(3, 'fromFamily', '周六晚上想和孩子视频，可以安排吗？', 'videoCallRequest', new Date(now + 4 * DAY).toISOString()),
    ])
    .execute();

  // Referred to the demo organization, which accepted.
  const orgUser = await db.selectFrom('users').select('id').where('username', '=', 'demo-org').executeTakeFirst();
  const membership = orgUser ? await db.selectFrom('organization_members').select('organization_id').where('user_id', '=', orgUser.id).executeTakeFirst() : undefined;
  const org = membership ? await db.selectFrom('organizations').select(['id', 'name', 'area_code']).where('id', '=', membership.organization_id).executeTakeFirst() : undefined;
  if (org) {
    const referralId = newId();
    await db
      .insertInto('care_referrals')
      .values({
        area_code: child.area_code,
        id: referralId,
        case_id: kase.id,
        person_id: child.id,
        target_kind: 'organization',
        target_id: org.id,
        target_name: org.name,
        target_area_code: org.area_code,
        need: '每周一次课后辅导与心理陪伴',
        status: 'accepted',
        basis: 'consent',
        consent_id: referralConsent.id,
        override_reason: null,
        override_by: null,
        override_by_username: null,
        respond_by: at(5),
        responded_at: at(8),
        response_note: '每周三下午安排志愿者上门',
        service_request_id: null,
        created_by: worker.id,
        created_by_username: worker.username,
        created_at: at(10),
        updated_at: at(8),
        version: 2,
      })
      .execute();
    await db
      .insertInto('care_referral_events')
      .values([
        { area_code: child.area_code, id: newId(), referral_id: referralId, at: at(10), user_id: worker.id, username: worker.username, action: 'created', from_status: null, to_status: 'inProgress', note: null },
        { area_code: child.area_code, id: newId(), referral_id: referralId, at: at(8), user_id: orgUser!.id, username: 'demo-org', action: 'accept', from_status: 'inProgress', to_status: 'accepted', note: '每周三下午安排志愿者上门' },
      ])
      .execute();
  }
  return { linked: true };
}
