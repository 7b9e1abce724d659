import type { Db } from '../db/database.ts';
import { newId } from '../db/ids.ts';
import type { NewTimeBankMovementRow, NewTimeBankTransferRow, NewVolunteerHoursRow, NewVolunteerRow, NewTimeBankAccountRow, NewTimeBankPostRow } from '../db/tables/volunteers.ts';
import { applyTransfer, payment, type BalanceLimits, type Movement } from '../../engine/people/ledger.ts';
import { hashSeed, seededRandom } from '../../engine/random.ts';
import { toSimplified } from '../modules/areas/search-text.ts';
import { nameInitials } from '../modules/residents/name-initials.ts';
import * as volunteersRepo from '../modules/people/volunteers.repository.ts';
import * as bankRepo from '../modules/people/time-bank.repository.ts';

/**
 * Generated volunteers and a time bank in the demo resident's village: about forty volunteers
 * drawn from the village's generated registry (the demo resident among them), half a year of
 * service records (most verified, some rejected, some awaiting verification), verified hours
 * credited to the volunteers' accounts, members paying each other for help, and open offers and
 * requests. Deterministic; every row is marked generated. Written in bulk (well under a second).
 */

const SKILLS = ['陪伴聊天', '理发', '代购送餐', '家电维修', '农技指导', '健康义诊', '课业辅导', '环境整治', '文艺演出', '法律咨询', '手机教学', '防汛巡查'];
const ACTIVITIES = ['陪伴独居老人', '上门理发', '为留守儿童辅导作业', '村道清扫', '教老人用智能手机', '代购药品送上门', '防汛巡查', '文艺演出排练', '义诊测血压', '修理电器'];
const AVAILABILITY = ['周末全天', '工作日晚上', '周末上午', '农闲时节', '随叫随到'];
const OFFERS = [['offer', '上门理发', 30], ['offer', '教用智能手机', 60], ['offer', '代买药品', 45], ['request', '帮忙搬运柴火', 90], ['request', '陪老人去镇卫生院', 120], ['request', '修理漏水水管', 60], ['offer', '辅导小学数学', 60], ['request', '收割时帮两天工', 480]] as const;

/** The demo bank's limits: a credit line of 10 hours, a ceiling of 100 hours. */
const MIN_BALANCE = -600;
const MAX_BALANCE = 6000;

export async function seedDemoVolunteers(db: Db, village: string, residentUserId: string | null): Promise<{ volunteers: number; records: number; transfers: number }> {
  const random = seededRandom(hashSeed(`volunteers:${village}`));
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const now = new Date();
  const day = (daysAgo: number) => new Date(now.getTime() - daysAgo * 86_400_000).toISOString().slice(0, 10);
  const at = (daysAgo: number, hour = 10) => new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() - daysAgo, hour)).toISOString();

  const persons = await db.selectFrom('persons').select(['id', 'name', 'birth_date', 'user_id']).where('area_code', '=', village).orderBy('id').execute();
  const ageOf = (birth: string) => now.getUTCFullYear() - Number(birth.slice(0, 4));
  const candidates = persons.filter((p) => p.user_id === null && ageOf(p.birth_date) >= 18 && ageOf(p.birth_date) <= 75);
  const chosen = candidates.filter(() => random() < 0.25).slice(0, 40);
  const own = persons.find((p) => p.user_id !== null && p.user_id === residentUserId);
  const people = own ? [own, ...chosen] : chosen;

  const created = at(200);
  const volunteers: NewVolunteerRow[] = people.map((p) => ({
    area_code: village,
    id: newId(),
    name: p.name,
    name_initials: nameInitials(p.name),
    name_simplified: toSimplified(p.name),
    user_id: p.user_id,
    person_id: p.id,
    skills: JSON.stringify([...new Set([pick(SKILLS), pick(SKILLS)])]),
    availability: pick(AVAILABILITY),
    service_areas: JSON.stringify([village]),
    generated: true,
    created_at: created,
    created_by: null,
  }));

  await bankRepo.insertBank(db, { area_code: village, active: true, min_balance: MIN_BALANCE, max_balance: MAX_BALANCE, credit_volunteer_hours: true, version: 1, updated_at: created, updated_by: null });
  const bankAccount: NewTimeBankAccountRow = { area_code: village, id: newId(), kind: 'bank', holder_key: 'bank', holder_name: '时间银行', user_id: null, volunteer_id: null, opened_at: created, generated: true };
  const accounts: NewTimeBankAccountRow[] = [bankAccount];
  const accountOf = new Map<string, string>();
  for (const v of volunteers) {
    const id = newId();
    accountOf.set(v.id!, id);
    accounts.push({ area_code: village, id, kind: 'member', holder_key: v.user_id ? `user:${v.user_id}` : `volunteer:${v.id}`, holder_name: v.name, user_id: v.user_id ?? null, volunteer_id: v.id!, opened_at: created, generated: true });
  }

  // Service records over the last 180 days; then the ledger, replayed in date order through the engine.
  const records: (NewVolunteerHoursRow & { daysAgo: number })[] = [];
  for (const [i, v] of volunteers.entries()) {
    const count = i === 0 && own ? 6 : 2 + Math.floor(random() * 8);
    for (let k = 0; k < count; k++) {
      const daysAgo = 2 + Math.floor(random() * 178);
      const roll = random();
      // The demo resident's latest record awaits verification, so the staff page has it to verify.
      const state = i === 0 && own && k === 0 ? 'claimed' : daysAgo < 10 && roll < 0.5 ? 'claimed' : roll < 0.9 ? 'verified' : 'rejected';
      records.push({
        area_code: village,
        id: newId(),
        volunteer_id: v.id!,
        service_date: day(daysAgo),
        minutes: 30 * (1 + Math.floor(random() * 8)),
        activity: pick(ACTIVITIES),
        state,
        claimed_at: at(daysAgo, 18),
        claimed_by: v.user_id ?? null,
        decided_at: state === 'claimed' ? null : at(daysAgo - 1, 9),
        decided_by: null,
        decided_by_name: state === 'claimed' ? null : '村社区工作者（演示）',
        reason: state === 'rejected' ? '当天活动签到表上没有记录' : null,
        transfer_id: null,
        generated: true,
        daysAgo,
      });
    }
  }
  records.sort((a, b) => b.daysAgo - a.daysAgo);

  const balances = new Map<string, number>();
  const sequences = new Map<string, number>();
  const limitsOf = (account: string): BalanceLimits => (account === bankAccount.id ? { min: Number.MIN_SAFE_INTEGER, max: null } : { min: MIN_BALANCE, max: MAX_BALANCE });
  const transfers: NewTimeBankTransferRow[] = [];
  const movements: NewTimeBankMovementRow[] = [];
  const post = (movementList: Movement[], kind: 'payment' | 'volunteerHours', memo: string, when: string, sourceKey: string | null): string | null => {
    const outcome = applyTransfer(movementList, (a) => balances.get(a) ?? 0, limitsOf);
    if (!outcome.ok) return null;
    const id = newId();
    transfers.push({ area_code: village, id, kind, memo, source_key: sourceKey, post_id: null, created_at: when, created_by: null, generated: true });
    for (const p of outcome.postings) {
      const sequence = (sequences.get(p.account) ?? 0) + 1;
      sequences.set(p.account, sequence);
      balances.set(p.account, p.balanceAfter);
      movements.push({ area_code: village, account_id: p.account, sequence, transfer_id: id, minutes: p.minutes, balance_after: p.balanceAfter, at: when });
    }
    return id;
  };
  const members = volunteers.map((v) => accountOf.get(v.id!)!);
  for (const r of records) {
    if (r.state !== 'verified') continue;
    r.transfer_id = post([{ account: bankAccount.id!, minutes: -r.minutes }, { account: accountOf.get(r.volunteer_id)!, minutes: r.minutes }], 'volunteerHours', r.activity, r.decided_at!, `hours:${r.id}`);
    // Now and then a member pays another for help at home (an elder paying for a haircut …).
    if (random() < 0.35 && members.length > 2) {
      const from = pick(members);
      const to = pick(members.filter((m) => m !== from));
      post(payment(from, [{ account: to, minutes: 30 * (1 + Math.floor(random() * 3)) }]), 'payment', pick(ACTIVITIES), at(r.daysAgo - 1, 15), null);
    }
  }

  const posts: NewTimeBankPostRow[] = OFFERS.map(([kind, title, minutes], i) => ({
    area_code: village,
    id: newId(),
    kind,
    account_id: members[(i * 5 + 1) % members.length]!,
    title,
    description: null,
    minutes,
    status: 'open',
    created_at: at(20 - i),
    closed_at: null,
    generated: true,
  }));

  await volunteersRepo.insertVolunteers(db, volunteers);
  await volunteersRepo.insertHours(db, records.map(({ daysAgo: _daysAgo, ...row }) => row));
  await bankRepo.insertAccounts(db, accounts);
  await bankRepo.insertTransfers(db, transfers, movements);
  if (members.length) await bankRepo.insertPosts(db, posts);
  return { volunteers: volunteers.length, records: records.length, transfers: transfers.length };
}
