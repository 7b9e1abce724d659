import type { Db } from '../db/database.ts';
import type { ConstructionMode, FacilityKind, FacilityStatus, FundingSource } from '../../contracts/facilities.ts';
import { pointInMultiPolygon } from '../../engine/geo/polygon.ts';
import { hashSeed, seededRandom } from '../../engine/random.ts';
import { areaPoints, countyBoundary } from '../modules/areas/areas.service.ts';
import { countFacilities, createFacilitiesAsSystem, type SystemFacility } from '../modules/facilities/facilities.service.ts';

const SEED = 20161020;

/**
 * The shares of communities with an operating comprehensive facility: the 2016 national figures
 * the 城乡社区服务体系建设规划（2016-2020年） starts from (82% urban, 12.3% rural).
 */
export const DEMO_COMPREHENSIVE_SHARE = { urban: 0.82, rural: 0.123 } as const;

/** Other kinds: the share of communities that have one (operating), urban and rural. */
const OTHER_KINDS: { kind: FacilityKind; urban: number; rural: number; name: string; services: string[] }[] = [
  { kind: 'elderlyDayCare', urban: 0.45, rural: 0.15, name: '老年人日间照料中心', services: ['日间照料', '助餐', '健康监测', '文化娱乐'] },
  { kind: 'childrenHome', urban: 0.35, rural: 0.3, name: '儿童之家', services: ['课后托管', '亲子活动', '心理关爱'] },
  { kind: 'healthStation', urban: 0.25, rural: 0.7, name: '卫生服务站', services: ['基本医疗', '公共卫生', '家庭医生签约'] },
  { kind: 'cultureSports', urban: 0.4, rural: 0.35, name: '文体活动室', services: ['图书阅览', '健身', '文艺排练'] },
  { kind: 'infoPoint', urban: 0.05, rural: 0.4, name: '益农信息社', services: ['便民缴费', '农产品上行', '信息咨询'] },
  { kind: 'serviceWindow', urban: 0.2, rural: 0.1, name: '便民服务窗口', services: ['社保认证', '代办代缴', '证明开具'] },
];

const COMPREHENSIVE_SERVICES = ['社会保障', '社会救助', '养老服务', '就业服务', '便民服务', '文体活动', '党群服务'];
const SUFFIX = /(社区居民委员会|社区居委会|居民委员会|村民委员会|居委会|村委会|社区|村)$/;

function between(random: () => number, low: number, high: number): number {
  return low + random() * (high - low);
}

function dateIn(random: () => number, fromYear: number, toYear: number): string {
  const start = Date.UTC(fromYear, 0, 1);
  const end = Date.UTC(toYear, 11, 31);
  return new Date(start + Math.floor(random() * ((end - start) / 86_400_000)) * 86_400_000).toISOString().slice(0, 10);
}

function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

interface Community {
  code: string;
  name: string;
  urban: boolean;
  lon: number;
  lat: number;
}

/** A point near the community's centroid, inside its county; the centroid itself when the jitter falls outside. */
function placeNear(c: Community, random: () => number): { lon: number; lat: number } {
  const spread = c.urban ? 0.003 : 0.008;
  const lon = Math.round((c.lon + (random() - 0.5) * 2 * spread) * 1e6) / 1e6;
  const lat = Math.round((c.lat + (random() - 0.5) * 2 * spread) * 1e6) / 1e6;
  const boundary = countyBoundary(c.code.slice(0, 6));
  return !boundary || pointInMultiPolygon(lon, lat, boundary) ? { lon, lat } : { lon: c.lon, lat: c.lat };
}

function history(random: () => number, status: FacilityStatus, mode: ConstructionMode): SystemFacility['history'] {
  const planned = dateIn(random, 2011, 2014);
  if (status === 'planned') {
    const d = dateIn(random, 2023, 2025);
    return [{ date: d, from: null, to: 'planned', reason: '纳入城乡社区服务体系建设规划' }];
  }
  if (status === 'underConstruction') {
    const d = dateIn(random, 2024, 2025);
    return [
      { date: addDays(d, -Math.floor(between(random, 120, 400))), from: null, to: 'planned', reason: '纳入城乡社区服务体系建设规划' },
      { date: d, from: 'planned', to: 'underConstruction', reason: '开工建设' },
    ];
  }
  const steps: SystemFacility['history'] = [{ date: planned, from: null, to: 'planned', reason: '纳入建设计划' }];
  let last = planned;
  if (mode !== 'repurposed') {
    last = addDays(last, Math.floor(between(random, 60, 300)));
    steps.push({ date: last, from: 'planned', to: 'underConstruction', reason: '开工建设' });
  }
  last = addDays(last, Math.floor(between(random, 90, 500)));
  steps.push({ date: last, from: steps.at(-1)!.to, to: 'operating', reason: '竣工验收并投入使用' });
  if (status === 'closed') {
    steps.push({ date: dateIn(random, 2022, 2024), from: 'operating', to: 'closed', reason: '村庄撤并，设施停用' });
  }
  return steps;
}

function funding(random: () => number, urban: boolean, floorArea: number, year: number): { source: FundingSource; year: number; amount: number }[] {
  const total = Math.round((floorArea * between(random, 1800, 3200)) / 1000) * 1000;
  const government = Math.round((total * (urban ? between(random, 0.7, 0.95) : between(random, 0.55, 0.8))) / 1000) * 1000;
  const list: { source: FundingSource; year: number; amount: number }[] = [{ source: 'government', year, amount: government }];
  const rest = total - government;
  if (rest <= 0) return list;
  if (!urban) list.push({ source: 'collective', year, amount: Math.round((rest * between(random, 0.5, 1)) / 1000) * 1000 });
  const social = total - list.reduce((s, f) => s + f.amount, 0);
  if (social > 0) list.push({ source: 'social', year, amount: social });
  return list;
}

function comprehensive(c: Community, status: FacilityStatus): SystemFacility {
  const random = seededRandom(hashSeed(`${SEED}:comprehensive:${c.code}`));
  const modes: ConstructionMode[] = c.urban ? ['new', 'coBuilt', 'renovated', 'repurposed'] : ['new', 'renovated', 'expanded', 'repurposed'];
  const mode = modes[Math.floor(random() * modes.length)]!;
  const floorArea = Math.round(c.urban ? between(random, 300, 1500) : between(random, 200, 800));
  const activityArea = Math.round(floorArea * between(random, 0.6, 0.85));
  const steps = history(random, status, mode);
  const built = Number((steps.find((s) => s.to === 'underConstruction') ?? steps[0]!).date.slice(0, 4));
  const base = c.name.replace(SUFFIX, '');
  return {
    areaCode: c.code,
    name: c.urban ? `${base}社区综合服务中心` : `${base}村综合服务站`,
    kind: 'comprehensive',
    constructionMode: mode,
    floorArea,
    activityArea,
    location: placeNear(c, random),
    funding: funding(random, c.urban, floorArea, built),
    services: COMPREHENSIVE_SERVICES.filter(() => random() < 0.8),
    openingHours: random() < 0.5 ? '周一至周五 8:30-12:00, 14:30-17:30' : '周一至周六 8:30-17:30',
    accessibility: { stepFreeEntrance: random() < (c.urban ? 0.8 : 0.4), accessibleToilet: random() < (c.urban ? 0.6 : 0.2) },
    selfServiceTerminal: random() < (c.urban ? 0.5 : 0.15),
    history: steps,
  };
}

/**
 * Generated facilities across the demo city, deterministic: the communities are ranked by a
 * hash of their code and the first 82% of urban and 12.3% of rural ones get an operating
 * comprehensive facility; some others have one planned, under construction or closed; other
 * kinds are spread by their own shares.
 */
export async function seedDemoFacilities(db: Db, city: string): Promise<number> {
  if ((await countFacilities(db, city)) > 0) return 0;
  const points = await areaPoints(db);
  const communities: Community[] = [];
  points.tree.codes.forEach((code, i) => {
    if (points.tree.level[i] !== 5 || !code.startsWith(city) || Number.isNaN(points.lon[i]!)) return;
    communities.push({ code, name: points.names[i]!, urban: points.kinds[i] === 'urban', lon: points.lon[i]!, lat: points.lat[i]! });
  });
  const rank = (c: Community) => hashSeed(`${SEED}:rank:${c.code}`);
  const facilities: SystemFacility[] = [];
  for (const urban of [true, false]) {
    const group = communities.filter((c) => c.urban === urban).sort((a, b) => rank(a) - rank(b) || (a.code < b.code ? -1 : 1));
    const operating = Math.round(group.length * (urban ? DEMO_COMPREHENSIVE_SHARE.urban : DEMO_COMPREHENSIVE_SHARE.rural));
    group.forEach((c, k) => {
      if (k < operating) facilities.push(comprehensive(c, 'operating'));
      else {
        const r = seededRandom(hashSeed(`${SEED}:pipeline:${c.code}`))();
        if (r < 0.08) facilities.push(comprehensive(c, 'underConstruction'));
        else if (r < 0.16) facilities.push(comprehensive(c, 'planned'));
        else if (r < 0.18) facilities.push(comprehensive(c, 'closed'));
      }
    });
  }
  for (const c of communities) {
    for (const other of OTHER_KINDS) {
      const random = seededRandom(hashSeed(`${SEED}:${other.kind}:${c.code}`));
      if (random() >= (c.urban ? other.urban : other.rural)) continue;
      const floorArea = Math.round(between(random, 60, 400));
      const base = c.name.replace(SUFFIX, '');
      const mode: ConstructionMode = random() < 0.6 ? 'repurposed' : 'renovated';
      facilities.push({
        areaCode: c.code,
        name: `${base}${other.name}`,
        kind: other.kind,
        constructionMode: mode,
        floorArea,
        activityArea: Math.round(floorArea * between(random, 0.5, 0.9)),
        location: placeNear(c, random),
        funding: [],
        services: other.services,
        openingHours: '周一至周日 8:00-18:00',
        accessibility: { stepFreeEntrance: random() < 0.5, accessibleToilet: random() < 0.3 },
        selfServiceTerminal: other.kind === 'serviceWindow' || other.kind === 'infoPoint' ? random() < 0.6 : false,
        history: history(random, 'operating', mode),
      });
    }
  }
  return createFacilitiesAsSystem(db, facilities);
}
