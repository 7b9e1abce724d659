/**
 * The demo village's information point (益农信息社), run by the township's agent (demo-agent): all
 * four services, its equipment, opened a month ago, and a service log over the last week (today
 * included), so the operator's phone page has a day's work and the village counts as covered by
 * the platform. Written straight to the tables like the other demo seeds (no audit entries); log
 * entries are marked `generated`. Deterministic for a given day.
 */
import type { Db } from '../db/database.ts';
import { newId } from '../db/ids.ts';
import { hashSeed, seededRandom } from '../../engine/random.ts';
import { chinaDate, startOfChinaDay } from '../../engine/services/request-clocks.ts';
import { SERVICE_LOG_KINDS, type ServiceLogKind } from '../../contracts/info-points.ts';
import * as repo from '../modules/market/info-points.repository.ts';
import type { NewInfoPointServiceRow } from '../db/tables/info-points.ts';

const DAY_MS = 86_400_000;
const RESIDENTS = ['汪桂英', '储德明', '王春兰', '刘长根', '吴秀珍', '程小军', '方玉梅', '汪家旺'];
const NOTES: Record<ServiceLogKind, string[]> = {
  payment: ['代缴电费', '代缴城乡居民医保', '话费充值', '代缴养老保险'],
  agency: ['代办高龄津贴认证', '代办社保卡挂失'],
  ecommerce: ['帮卖翠兰茶 5 斤', '网店上架土鸡蛋', '代收快递 3 件'],
  training: ['手机上网培训', '茶叶网店运营培训'],
  publicWelfare: ['防诈骗宣传', '惠农政策咨询', '天气与病虫害预警'],
};

export async function seedDemoInfoPoints(db: Db, village: string): Promise<{ points: number; services: number }> {
  const agent = await db.selectFrom('users').select('id').where('username', '=', 'demo-agent').executeTakeFirst();
  if (!agent || !village.startsWith((await db.selectFrom('users').select('scope_code').where('id', '=', agent.id).executeTakeFirstOrThrow()).scope_code)) return { points: 0, services: 0 };
  const name = (await db.selectFrom('areas').select('name').where('code', '=', village).executeTakeFirst())?.name ?? '';
  const now = Date.now();
  const opened = new Date(now - 30 * DAY_MS).toISOString();
  const id = newId();
  let services = 0;
  await db.transaction().execute(async (trx) => {
    await repo.insertPoint(trx, {
      area_code: village,
      id,
      name: `${name.replace(/(村民委员会|居民委员会|村委会)$/, '')}益农信息社`,
      facility_id: null,
      operator_user_id: agent.id,
      opening_hours: '周一至周六 8:00-17:30（农忙时节延长至 19:00）',
      equipment: JSON.stringify(['computer', 'printer', 'selfServiceTerminal', 'network']),
      services: JSON.stringify(['convenience', 'ecommerce', 'training', 'publicWelfare']),
      status: 'operating',
      version: 1,
      created_at: opened,
      created_by: null,
      updated_at: opened,
    });
    await repo.insertEvent(trx, { area_code: village, id: newId(), info_point_id: id, at: opened, by_user_id: null, from_status: null, to_status: 'operating', reason: '演示数据' });
    const today = chinaDate(new Date(now).toISOString());
    const random = seededRandom(hashSeed(`info-points:${village}:${today}`));
    const rows: NewInfoPointServiceRow[] = [];
    for (let back = 6; back >= 0; back--) {
      const day = chinaDate(new Date(now - back * DAY_MS).toISOString());
      const dayStart = Date.parse(startOfChinaDay(day));
      // Today: only what has happened by now (from 8:00 China time).
      const count = back === 0 ? 3 : 3 + Math.floor(random() * 5);
      for (let k = 0; k < count; k++) {
        const offset = (8 + random() * 9) * 3_600_000;
        let at = dayStart + offset;
        if (at > now) at = Math.max(dayStart, now - (k + 1) * 20 * 60_000);
        const kind = SERVICE_LOG_KINDS[Math.floor(random() * SERVICE_LOG_KINDS.length)]!;
        const notes = NOTES[kind];
        const withResident = kind !== 'publicWelfare' || random() < 0.3;
        rows.push({
          area_code: village,
          id: newId(),
          info_point_id: id,
          kind,
          resident_name: withResident ? RESIDENTS[Math.floor(random() * RESIDENTS.length)]! : null,
          served_at: new Date(at).toISOString(),
          note: notes[Math.floor(random() * notes.length)]!,
          source: 'manual',
          request_id: null,
          recorded_by: agent.id,
          recorded_at: new Date(at).toISOString(),
          generated: true,
        });
      }
    }
    await repo.insertServices(trx, rows);
    services = rows.length;
  });
  return { points: 1, services };
}
