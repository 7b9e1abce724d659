import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { DatabaseHandle } from '../db/database.ts';
import type { NewAreaStatisticsRow } from '../db/schema.ts';
import { asMultiPolygon, boundingBox, centroidOf, pointInMultiPolygon, type MultiPolygon } from '../../engine/geo/polygon.ts';
import { hashSeed, seededRandom } from '../../engine/random.ts';
import { seedDemoFacilities } from './demo-facilities.ts';
import { seedDemoVillageRegistry } from './demo-residents.ts';
import type { Role } from '../../contracts/roles.ts';
import { importDivisions, readDivisionFiles, type AreaPlace } from '../modules/areas/divisions-import.ts';
import { communityKind } from '../../engine/areas/urban-rural.ts';
import { createUserAsSystem, hashPassword } from '../modules/accounts/accounts.service.ts';
import { saveAreaStatistics } from '../modules/areas/areas.service.ts';
import { NATIONAL_14TH_TEMPLATE_ID } from '../modules/plans/plans.repository.ts';
import { seedPlanFromTemplate } from '../modules/plans/plans.service.ts';

export const DEMO_CITY = '3408';
export const DEMO_COUNTY = '340828';
import { DEMO_PASSWORD } from '../modules/accounts/demo-password.ts';

export { DEMO_PASSWORD };
export const DEMO_YEARS = [2024, 2025] as const;
const SEED = 20161020;

export const DEMO_DIR = fileURLToPath(new URL('../../../data/anqing/', import.meta.url));

/** Mountainous counties, whose villages are older and emptier (working-age people are away). */
const MOUNTAIN_COUNTIES = new Set(['340828', '340825', '340826', '340827', '340822']);
/** The economic development zone has no boundary of its own; it lies in 宜秀区's. */
const BOUNDARY_OF: Record<string, string> = { '340871': '340811' };

export interface DemoAccount {
  username: string;
  role: Role;
  scope: string;
  displayName: string;
}

interface County {
  code: string;
  shape: MultiPolygon;
}

function loadCounties(): Map<string, County> {
  const geo = JSON.parse(readFileSync(`${DEMO_DIR}counties.geojson`, 'utf8')) as {
    features: { properties: { code: string }; geometry: { type: string; coordinates: unknown } }[];
  };
  return new Map(geo.features.map((f) => [f.properties.code, { code: f.properties.code, shape: asMultiPolygon(f.geometry) }]));
}

/** A point inside the shape, near `near` when given (within `spread` degrees), by rejection sampling. */
function pointInside(shape: MultiPolygon, random: () => number, near?: [number, number], spread = 0.03): [number, number] {
  const box = boundingBox(shape);
  for (let attempt = 0; attempt < 2000; attempt++) {
    const lon = near && attempt < 1000 ? near[0] + (random() - 0.5) * 2 * spread : box.minLon + random() * (box.maxLon - box.minLon);
    const lat = near && attempt < 1000 ? near[1] + (random() - 0.5) * 2 * spread : box.minLat + random() * (box.maxLat - box.minLat);
    if (pointInMultiPolygon(lon, lat, shape)) return [Math.round(lon * 1e6) / 1e6, Math.round(lat * 1e6) / 1e6];
  }
  throw new Error('could not place a point inside the boundary');
}

const round6 = (x: number) => Math.round(x * 1e6) / 1e6;

function between(random: () => number, low: number, high: number): number {
  return low + random() * (high - low);
}

/** Plausible yearly figures for one community: sizes, ageing and migration differ urban/rural. */
function communityStatistics(code: string, kind: 'urban' | 'rural', mountain: boolean, year: number): NewAreaStatisticsRow {
  const random = seededRandom(hashSeed(code));
  const urban = kind === 'urban';
  const base = urban ? between(random, 2500, 11000) : between(random, mountain ? 700 : 1200, mountain ? 2800 : 3800);
  // Cities grow slowly; villages keep emptying.
  const trend = urban ? 1 + 0.012 * (year - 2025) : 1 - 0.02 * (year - 2025);
  const resident = Math.round(base * trend);
  const registered = Math.round(resident * (urban ? between(random, 0.7, 0.95) : between(random, mountain ? 1.25 : 1.1, mountain ? 1.6 : 1.35)));
  const aged = Math.round(resident * (urban ? between(random, 0.15, 0.22) : between(random, mountain ? 0.26 : 0.21, mountain ? 0.34 : 0.28)));
  const children = Math.round(resident * (urban ? between(random, 0.12, 0.16) : between(random, 0.13, 0.19)));
  const households = Math.round(resident / (urban ? between(random, 2.4, 2.9) : between(random, 2.7, 3.4)));
  return {
    area_code: code,
    year,
    resident_population: resident,
    registered_population: registered,
    households,
    aged_60_plus: aged,
    children_under_16: children,
    generated: true,
  };
}

export interface DemoSummary {
  areas: number;
  communities: number;
  accounts: DemoAccount[];
  seconds: number;
}

/**
 * Seeds the demo city: its real division codes and names, generated centroids inside the
 * real county boundaries, generated statistics, and the demo accounts. Deterministic.
 */
export async function seedDemo(handle: DatabaseHandle, options: { secretKey?: Buffer } = {}): Promise<DemoSummary> {
  const started = performance.now();
  const { db } = handle;
  const counties = loadCounties();
  const rows = readDivisionFiles(DEMO_DIR).areas.filter((a) => a.level >= 4 && a.code.startsWith(DEMO_CITY));
  const townshipCentre = new Map<string, [number, number]>();
  const places = new Map<string, AreaPlace>();
  const statistics: NewAreaStatisticsRow[] = [];
  for (const row of rows) {
    const countyCode = row.code.slice(0, 6);
    const county = counties.get(BOUNDARY_OF[countyCode] ?? countyCode);
    if (!county) throw new Error(`no boundary for county ${countyCode}`);
    const random = seededRandom(hashSeed(`${SEED}:${row.code}`));
    if (row.level === 4) {
      const centre = pointInside(county.shape, random);
      townshipCentre.set(row.code, centre);
      places.set(row.code, { lon: centre[0], lat: centre[1], generated: true });
      continue;
    }
    const kind = communityKind(row.name);
    const centre = townshipCentre.get(row.code.slice(0, 9));
    const [lon, lat] = pointInside(county.shape, random, centre, kind === 'urban' ? 0.02 : 0.05);
    places.set(row.code, { lon, lat, generated: true });
    for (const year of DEMO_YEARS) statistics.push(communityStatistics(row.code, kind, MOUNTAIN_COUNTIES.has(countyCode), year));
  }
  // Counties and the city sit at the centroids of their real boundaries (derived, not generated).
  for (const county of counties.values()) {
    const [lon, lat] = centroidOf(county.shape);
    places.set(county.code, { lon: round6(lon), lat: round6(lat), generated: false });
  }
  const [cityLon, cityLat] = centroidOf([...counties.values()].flatMap((c) => c.shape));
  places.set(DEMO_CITY, { lon: round6(cityLon), lat: round6(cityLat), generated: false });
  const imported = await importDivisions(handle, DEMO_DIR, { places });
  await saveAreaStatistics(db, statistics);

  const accounts = demoAccounts(
    rows.filter((r) => r.level === 5 && r.code.startsWith(DEMO_COUNTY)).map((r) => ({ code: r.code, kind: communityKind(r.name) })),
  );
  // The demo accounts share one published password, so one (slow, by design) hash serves them all.
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  let residentUserId: string | null = null;
  for (const account of accounts) {
    const user = await createUserAsSystem(db, { ...account, password: DEMO_PASSWORD }, { demo: true, passwordHash });
    if (account.role === 'resident') residentUserId = user.id;
  }
  await seedDemoFacilities(db, DEMO_CITY);
  await seedDemoPlan(db);
  // A small registry (one village, the demo resident's household among it); `npm start` adds the county's.
  const village = accounts.find((a) => a.role === 'resident')!.scope;
  const villageName = rows.find((r) => r.code === village)?.name ?? village;
  await seedDemoVillageRegistry(handle, { code: village, name: villageName }, { residentUserId, secretKey: options.secretKey });
  // The service side, each part from its own file (src/server/seed/demo-<part>.ts):
  // -- demo: workers --
  await (await import('./demo-workers.ts')).seedDemoWorkers(db, { secretKey: options.secretKey });
  // -- demo: organizations --
  await (await import('./demo-organizations.ts')).seedDemoOrganizations(db, DEMO_CITY);
  // -- demo: volunteers --
  await (await import('./demo-volunteers.ts')).seedDemoVolunteers(db, village, residentUserId);
  // -- demo: service catalog --
  await (await import('./demo-service-catalog.ts')).seedDemoServiceCatalog(db, DEMO_COUNTY, village.slice(0, 9));
  // -- demo: service requests --
  await (await import('./demo-service-requests.ts')).seedDemoServiceRequests(db, village, residentUserId);
  // -- demo: agency --
  await (await import('./demo-agency.ts')).seedDemoAgency(db, village);
  // -- demo: linkage: procurement --
  await (await import('./demo-linkage.ts')).seedDemoLinkage(db, village);
  // -- demo: linkage: delivery --
  await (await import('./demo-linkage-delivery.ts')).seedDemoLinkageDelivery(db, village);
  // -- demo: care: cases --
  await (await import('./demo-care.ts')).seedDemoCare(db, village);
  // -- demo: care: referrals and family --
  await (await import('./demo-care-family.ts')).seedDemoCareFamily(db, village, { secretKey: options.secretKey });
  // -- demo: market: information points --
  await (await import('./demo-info-points.ts')).seedDemoInfoPoints(db, village);
  // -- demo: market: sales --
  await (await import('./demo-market.ts')).seedDemoMarket(db, village);
  return {
    areas: imported.inserted + imported.updated + imported.unchanged,
    communities: statistics.length / DEMO_YEARS.length,
    accounts,
    seconds: (performance.now() - started) / 1000,
  };
}

/** The demo plan's period: five years from the year the demo is seeded, so the dashboard has targets now. */
export function demoPlanPeriod(now = new Date()): { startYear: number; endYear: number } {
  const startYear = now.getUTCFullYear();
  return { startYear, endYear: startYear + 4 };
}

/**
 * The city's current plan, started from the national 十四五 template and adopted by the city, so
 * every area of the demo has targets in the current year. It is a demo plan, and says so: its
 * targets are the template's 2025 figures carried to the plan's last year, not the city's own.
 */
async function seedDemoPlan(db: DatabaseHandle['db']): Promise<void> {
  const { startYear, endYear } = demoPlanPeriod();
  await seedPlanFromTemplate(db, {
    area: DEMO_CITY,
    templateId: NATIONAL_14TH_TEMPLATE_ID,
    name: `安庆市城乡社区服务体系建设规划（${startYear}-${endYear}年，演示）`,
    startYear,
    endYear,
    notes: `演示数据：由“十四五”城乡社区服务体系建设规划模板生成，目标沿用全国规划的2025年目标并顺延至${endYear}年，不是安庆市的实际规划。`,
  });
}

/** The demo accounts: a village of 岳西县 for the worker and resident, its township for the others. */
export function demoAccounts(countyCommunities: { code: string; kind: string | null }[]): DemoAccount[] {
  const village = countyCommunities.filter((c) => c.kind === 'rural').sort((a, b) => a.code.localeCompare(b.code))[0];
  if (!village) throw new Error('the demo county has no village');
  const township = village.code.slice(0, 9);
  return [
    { username: 'demo-admin', role: 'admin', scope: DEMO_CITY, displayName: '演示管理员' },
    { username: 'demo-city', role: 'official', scope: DEMO_CITY, displayName: '市民政局（演示）' },
    { username: 'demo-county', role: 'official', scope: DEMO_COUNTY, displayName: '岳西县民政局（演示）' },
    { username: 'demo-worker', role: 'communityWorker', scope: village.code, displayName: '村社区工作者（演示）' },
    { username: 'demo-social', role: 'socialWorker', scope: township, displayName: '乡镇社工站社工（演示）' },
    { username: 'demo-agent', role: 'agent', scope: township, displayName: '便民服务代办员（演示）' },
    { username: 'demo-org', role: 'organizationMember', scope: DEMO_COUNTY, displayName: '社会组织成员（演示）' },
    { username: 'demo-evaluator', role: 'evaluator', scope: DEMO_CITY, displayName: '第三方评估员（演示）' },
    // Before demo-resident: the seed keeps the last resident's id as the demo resident's.
    { username: 'demo-parent', role: 'resident', scope: village.code, displayName: '在外务工的家长（演示）' },
    { username: 'demo-resident', role: 'resident', scope: village.code, displayName: '村民（演示）' },
  ];
}
