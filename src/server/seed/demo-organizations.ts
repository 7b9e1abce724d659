import type { Db } from '../db/database.ts';
import type { OrganizationNature, OrganizationStatus, ServiceField } from '../../contracts/organizations.ts';
import { makeCreditCode, CREDIT_CODE_CHARSET } from '../../engine/people/credit-code.ts';
import { hashSeed, seededRandom } from '../../engine/random.ts';
import { areaPoints } from '../modules/areas/areas.service.ts';
import { createOrganizationsAsSystem, hasOrganizations, linkMemberAsSystem, type SystemOrganization } from '../modules/people/organizations.service.ts';
import { todayInChina } from '../../engine/calendar/working-days.ts';

const SEED = 20171227;
/** The demo county, whose first village's township holds the demo member's organization. */
const DEMO_COUNTY = '340828';

const SUFFIX = /(社区居民委员会|社区居委会|居民委员会|村民委员会|居委会|村委会)$/;

/** Kinds of community groups, with their nature and fields (what such groups in Anhui call themselves). */
const URBAN_GROUPS: { name: string; nature: OrganizationNature; fields: ServiceField[] }[] = [
  { name: '志愿服务队', nature: 'publicWelfare', fields: ['volunteering'] },
  { name: '老年协会', nature: 'mutualAid', fields: ['elderly'] },
  { name: '邻里互助会', nature: 'mutualAid', fields: ['livelihood', 'elderly'] },
  { name: '文体队', nature: 'service', fields: ['culture', 'sports'] },
  { name: '平安巡逻队', nature: 'publicWelfare', fields: ['safety'] },
  { name: '调解工作室', nature: 'service', fields: ['mediation'] },
  { name: '四点半课堂', nature: 'service', fields: ['children', 'education'] },
  { name: '环保志愿队', nature: 'publicWelfare', fields: ['environment', 'volunteering'] },
];
const RURAL_GROUPS: { name: string; nature: OrganizationNature; fields: ServiceField[] }[] = [
  { name: '红白理事会', nature: 'mutualAid', fields: ['livelihood'] },
  { name: '老年协会', nature: 'mutualAid', fields: ['elderly'] },
  { name: '乡贤理事会', nature: 'publicWelfare', fields: ['mediation', 'charity'] },
  { name: '留守儿童关爱队', nature: 'publicWelfare', fields: ['children', 'volunteering'] },
  { name: '文艺队', nature: 'service', fields: ['culture'] },
];

function dateIn(random: () => number, fromYear: number, toYear: number): string {
  const start = Date.UTC(fromYear, 0, 1);
  const end = Math.min(Date.UTC(toYear, 11, 31), Date.now() - 86_400_000);
  return new Date(start + Math.floor(random() * ((end - start) / 86_400_000)) * 86_400_000).toISOString().slice(0, 10);
}

function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

function pick<T>(random: () => number, list: readonly T[]): T {
  return list[Math.floor(random() * list.length)]!;
}

/** A status history ending in a plausible current status for a group of this management. */
function historyOf(random: () => number, start: string, management: 'registered' | 'filed' | 'guided'): SystemOrganization['history'] {
  const first: OrganizationStatus = management === 'registered' ? 'registered' : management === 'filed' ? 'filed' : 'incubating';
  const out: SystemOrganization['history'] = [{ date: start, from: null, to: first, reason: '演示数据' }];
  const r = random();
  if (management === 'guided' && r < 0.25) return out;
  const activeOn = addDays(start, 30 + Math.floor(random() * 200));
  if (activeOn >= todayInChina()) return out;
  out.push({ date: activeOn, from: first, to: 'active', reason: '开展活动' });
  if (r > 0.93) {
    const later = addDays(activeOn, 200 + Math.floor(random() * 300));
    if (later < todayInChina()) out.push({ date: later, from: 'active', to: 'abnormal', reason: '未按时报送年度报告' });
  }
  return out;
}

/**
 * Generated community social organizations across the demo city, deterministic and marked
 * generated: small groups guided by residents' and village committees (more in urban
 * communities than in villages), one group filed with each township serving several of its
 * communities, two bodies registered with each county's civil affairs (with valid credit codes);
 * some rated, one linked to the demo member account. Returns how many were made.
 */
export async function seedDemoOrganizations(db: Db, city: string): Promise<number> {
  if (await hasOrganizations(db, city)) return 0;
  const points = await areaPoints(db);
  const communities: { code: string; name: string; urban: boolean }[] = [];
  const townships = new Map<string, string>();
  const counties = new Map<string, string>();
  points.tree.codes.forEach((code, i) => {
    if (!code.startsWith(city)) return;
    const level = points.tree.level[i];
    if (level === 5) communities.push({ code, name: points.names[i]!, urban: points.kinds[i] === 'urban' });
    else if (level === 4) townships.set(code, points.names[i]!);
    else if (level === 3) counties.set(code, points.names[i]!);
  });
  communities.sort((a, b) => (a.code < b.code ? -1 : 1));
  const orgs: SystemOrganization[] = [];
  const usedCodes = new Set<string>();

  for (const c of communities) {
    const random = seededRandom(hashSeed(`${SEED}:${c.code}`));
    const short = c.name.replace(SUFFIX, '');
    const groups = c.urban ? URBAN_GROUPS : RURAL_GROUPS;
    const count = c.urban ? 1 + Math.floor(random() * 4) : Math.floor(random() * 1.7);
    const names = new Set<string>();
    for (let k = 0; k < count; k++) {
      const g = pick(random, groups);
      if (names.has(g.name)) continue;
      names.add(g.name);
      const start = dateIn(random, 2016, 2025);
      orgs.push({
        areaCode: c.code,
        name: `${short}${g.name}`,
        management: 'guided',
        nature: g.nature,
        fields: g.fields,
        communities: [c.code],
        history: historyOf(random, start, 'guided'),
        foundedOn: start,
        ratings: [],
      });
    }
  }

  const byTownship = new Map<string, string[]>();
  for (const c of communities) byTownship.set(c.code.slice(0, 9), [...(byTownship.get(c.code.slice(0, 9)) ?? []), c.code]);
  for (const [code, name] of [...townships].sort()) {
    const served = byTownship.get(code);
    if (!served?.length) continue;
    const random = seededRandom(hashSeed(`${SEED}:${code}`));
    const start = dateIn(random, 2017, 2024);
    const n = Math.min(served.length, 2 + Math.floor(random() * 4));
    const rated = random() < 0.3;
    orgs.push({
      areaCode: code,
      name: `${name}社区社会组织联合会`,
      management: 'filed',
      nature: 'service',
      fields: ['volunteering', 'elderly', 'children'],
      communities: served.slice(0, n),
      history: historyOf(random, start, 'filed'),
      foundedOn: start,
      ratings: rated ? [{ score: 650 + Math.floor(random() * 300), ratedOn: addDays(start, 400), assessor: '安庆市社会组织评估委员会（演示）' }] : [],
    });
  }

  for (const [code, name] of [...counties].sort()) {
    const served = communities.filter((c) => c.code.startsWith(code)).map((c) => c.code);
    if (!served.length) continue;
    const random = seededRandom(hashSeed(`${SEED}:${code}`));
    const bodies = [
      { name: `${name}社会工作服务中心`, kind: 'socialServiceAgency' as const, digit: '2', nature: 'service' as const, fields: ['elderly', 'children', 'hardship'] as ServiceField[] },
      { name: `${name}志愿者协会`, kind: 'socialGroup' as const, digit: '1', nature: 'publicWelfare' as const, fields: ['volunteering', 'charity'] as ServiceField[] },
    ];
    for (const b of bodies) {
      let creditCode: string;
      do {
        let org = 'MJ';
        for (let i = 0; i < 7; i++) org += CREDIT_CODE_CHARSET[Math.floor(random() * 31)];
        creditCode = makeCreditCode(`5${b.digit}${code}${org}`);
      } while (usedCodes.has(creditCode));
      usedCodes.add(creditCode);
      const start = dateIn(random, 2015, 2021);
      const step = Math.max(1, Math.floor(served.length / 8));
      orgs.push({
        areaCode: code,
        name: b.name,
        creditCode,
        management: 'registered',
        registeredKind: b.kind,
        nature: b.nature,
        fields: b.fields,
        communities: served.filter((_, i) => i % step === 0).slice(0, 8),
        history: historyOf(random, start, 'registered'),
        foundedOn: start,
        ratings: [{ score: 700 + Math.floor(random() * 290), ratedOn: addDays(start, 500), assessor: '安庆市社会组织评估委员会（演示）' }],
        creditRecords: [{ kind: 'award', date: addDays(start, 700), title: '优秀社会组织（演示）', source: `${name}民政局` }],
      });
    }
  }

  // The demo member's organization: filed with the township of the demo county's first village.
  const demoVillage = communities.filter((c) => c.code.startsWith(DEMO_COUNTY) && !c.urban)[0];
  let demoIndex = -1;
  if (demoVillage) {
    const township = demoVillage.code.slice(0, 9);
    const served = (byTownship.get(township) ?? []).slice(0, 3);
    demoIndex = orgs.length;
    orgs.push({
      areaCode: township,
      name: `${townships.get(township) ?? ''}邻里守望互助会`,
      management: 'filed',
      nature: 'mutualAid',
      fields: ['elderly', 'children', 'volunteering'],
      communities: served,
      history: [
        { date: '2021-03-01', from: null, to: 'incubating', reason: '入驻乡镇社会组织孵化基地（演示）' },
        { date: '2022-05-10', from: 'incubating', to: 'filed', reason: '乡镇（街道）备案（演示）' },
        { date: '2022-06-01', from: 'filed', to: 'active', reason: '开展活动（演示）' },
      ],
      foundedOn: '2021-03-01',
      address: `${townships.get(township) ?? ''}社会工作服务站`,
      description: '演示数据：为留守老人和留守儿童提供探访、代办、陪伴等互助服务。',
      ratings: [{ score: 780, ratedOn: '2024-11-20', assessor: '岳西县社会组织评估委员会（演示）' }],
      incubation: {
        base: `${townships.get(township) ?? ''}社会组织孵化基地`,
        mentor: '县社会工作服务中心督导（演示）',
        startedOn: '2021-03-01',
        plannedGraduation: '2022-03-01',
        graduatedOn: '2022-05-10',
        milestones: [
          { title: '完成章程和负责人选定', dueOn: '2021-05-01', doneOn: '2021-04-20' },
          { title: '开展首次互助活动', dueOn: '2021-09-01', doneOn: '2021-08-15' },
          { title: '乡镇备案', dueOn: '2022-03-01', doneOn: '2022-05-10' },
        ],
        notes: null,
      },
      creditRecords: [{ kind: 'evaluation', date: '2024-12-20', title: '留守老人探访项目结项评估：良好（演示）', source: '岳西县民政局' }],
    });
  }
  // Ratings and records a generated start date would put in the future are left out.
  const todayText = todayInChina();
  for (const o of orgs) {
    o.ratings = o.ratings?.filter((r) => r.ratedOn < todayText);
    o.creditRecords = o.creditRecords?.filter((r) => r.date < todayText);
  }
  const ids = await createOrganizationsAsSystem(db, orgs);
  if (demoIndex >= 0) await linkMemberAsSystem(db, ids[demoIndex]!, 'demo-org', '负责人');
  return ids.length;
}
