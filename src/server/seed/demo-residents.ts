import { randomBytes } from 'node:crypto';
import type { DatabaseHandle } from '../db/database.ts';
import type { DisabilityCategory, Relation, Sex } from '../../contracts/residents.ts';
import { makeIdNumber } from '../../engine/identity/id-number.ts';
import { hashSeed, seededRandom } from '../../engine/random.ts';
import { areaPoints } from '../modules/areas/areas.service.ts';
import { communitiesWithRegistry, saveGeneratedRegistry, type GeneratedHousehold } from '../modules/residents/residents-import.ts';
import { residentsDeps, type PersonValues } from '../modules/residents/residents.service.ts';

/**
 * A generated resident registry: plausible households of a mountainous county (ageing, working-
 * age adults away as migrant workers, children and elderly left behind), Chinese names from a
 * small generator (surnames by frequency, given-name characters), valid ID numbers issued in
 * the county. Deterministic for a seed; every row is marked generated.
 */

const SEED = 20161020;
/** The registry is generated as it stood on this day, so it is the same whenever it is seeded. */
export const REGISTRY_AS_OF = '2025-06-30';

/** Common surnames of 岳西 and the province, with rough weights (储 and 汪 are local). */
const SURNAMES: [string, number][] = [
  ['王', 90], ['储', 70], ['汪', 60], ['刘', 55], ['程', 50], ['陈', 48], ['李', 45], ['张', 45], ['吴', 40], ['胡', 38],
  ['徐', 30], ['方', 28], ['余', 26], ['朱', 24], ['黄', 22], ['杨', 20], ['周', 18], ['何', 16], ['江', 16], ['潘', 14],
  ['钱', 12], ['叶', 12], ['彭', 10], ['詹', 10], ['郑', 10], ['孙', 9], ['赵', 9], ['高', 8], ['金', 8], ['查', 7],
  ['许', 7], ['操', 7], ['石', 6], ['曹', 6], ['章', 6], ['柯', 5], ['邓', 5], ['万', 5], ['单', 4], ['曾', 4],
];
const MALE_CHARS = '伟强军勇杰涛明超华平刚建国志红兵林峰磊鹏辉斌飞浩波春海东旭文武德宏庆家俊宇晨阳子轩浩然博涵';
const FEMALE_CHARS = '芳娟敏静丽艳霞燕玲红梅兰英秀琴桂珍凤莲萍雪慧婷欣怡佳琪梦瑶涵雨诗悦晓菲';
const AWAY_TO = ['浙江省杭州市', '江苏省苏州市', '上海市', '广东省东莞市', '广东省深圳市', '安徽省合肥市', '浙江省宁波市', '江苏省南京市', '北京市', '福建省厦门市'];
const DISABILITIES: DisabilityCategory[] = ['physical', 'physical', 'physical', 'visual', 'hearing', 'intellectual', 'mental', 'speech', 'multiple'];
const MOBILE_PREFIXES = ['133', '135', '136', '138', '139', '150', '151', '152', '155', '158', '177', '180', '181', '187', '189', '199'];

type Random = () => number;

function weighted<T>(random: Random, items: [T, number][]): T {
  const total = items.reduce((s, [, w]) => s + w, 0);
  let r = random() * total;
  for (const [item, w] of items) if ((r -= w) < 0) return item;
  return items[items.length - 1]![0];
}

const pick = <T>(random: Random, list: readonly T[] | string): T => list[Math.floor(random() * list.length)] as T;
const between = (random: Random, low: number, high: number) => low + Math.floor(random() * (high - low + 1));

function dateBetween(random: Random, from: string, to: string): string {
  const a = Date.parse(`${from}T00:00:00Z`);
  const b = Date.parse(`${to}T00:00:00Z`);
  return new Date(a + Math.floor(random() * ((b - a) / 86_400_000 + 1)) * 86_400_000).toISOString().slice(0, 10);
}

/** A birth date for someone aged between low and high (whole years) on REGISTRY_AS_OF. */
function bornAged(random: Random, low: number, high: number): string {
  const year = Number(REGISTRY_AS_OF.slice(0, 4));
  return dateBetween(random, `${year - high - 1}-07-01`, `${year - low}-06-30`);
}

export class NameGenerator {
  constructor(private readonly random: Random) {}
  surname(): string {
    return weighted(this.random, SURNAMES);
  }
  given(sex: Sex): string {
    const chars = sex === 'male' ? MALE_CHARS : FEMALE_CHARS;
    return this.random() < 0.75 ? pick<string>(this.random, chars) + pick<string>(this.random, chars) : pick<string>(this.random, chars);
  }
}

/** Hands out ID numbers issued in one county, never the same twice. */
class IdNumbers {
  private readonly used = new Set<string>();
  constructor(
    private readonly county: string,
    private readonly random: Random,
  ) {}
  next(birthDate: string, sex: Sex): string {
    const seq = Math.floor(this.random() * 1000);
    for (let attempt = 0; attempt < 1000; attempt++) {
      const id = makeIdNumber(this.county, birthDate, sex, (seq + attempt * 2) % 1000);
      if (!this.used.has(id)) {
        this.used.add(id);
        return id;
      }
    }
    throw new Error(`no free ID number for ${birthDate}`);
  }
}

interface Context {
  random: Random;
  names: NameGenerator;
  ids: IdNumbers;
  county: string;
  withNumbers: boolean;
}

function person(c: Context, fields: { name: string; sex: Sex; birthDate: string; relation: Relation; away?: boolean; migrant?: boolean }): PersonValues {
  const { random } = c;
  const adult = fields.birthDate <= bornAged(() => 0, 18, 18);
  const away = fields.away ?? false;
  const disabled = random() < 0.055;
  const grade = disabled ? weighted(random, [[1, 1], [2, 2], [3, 3], [4, 4]] as [number, number][]) : null;
  const awaySince = away ? dateBetween(random, '2015-01-01', '2025-05-31') : null;
  return {
    name: fields.name,
    sex: fields.sex,
    birthDate: fields.birthDate,
    idNumber: c.withNumbers ? c.ids.next(fields.birthDate, fields.sex) : null,
    phone: c.withNumbers && adult && random() < 0.85 ? `${pick<string>(random, MOBILE_PREFIXES)}${String(Math.floor(random() * 1e8)).padStart(8, '0')}` : null,
    ethnicity: random() < 0.996 ? '汉族' : pick(random, ['回族', '畲族', '满族']),
    relation: fields.relation,
    hukouAreaCode: c.county,
    residenceStatus: away ? 'outflow' : 'local',
    residencePermitNumber: null,
    awayTo: away ? pick(random, AWAY_TO) : null,
    awaySince: awaySince && awaySince > fields.birthDate ? awaySince : away ? REGISTRY_AS_OF : null,
    migrantWorker: away ? (fields.migrant ?? random() < 0.9) : false,
    accompanyingFamily: false,
    disability: grade ? { category: pick(random, DISABILITIES), grade } : null,
    hardship: null,
    livingAlone: false,
    notes: null,
  };
}

/** One household of a mountain village or a county town, by a weighted kind. */
function household(c: Context, urban: boolean): PersonValues[] {
  const { random, names } = c;
  const kind = weighted(random, urban
    ? [['threeGenerations', 20], ['nuclear', 40], ['elderlyCouple', 15], ['elderlyAlone', 8], ['single', 12], ['inflowFamily', 5]]
    : [['threeGenerations', 38], ['nuclear', 17], ['elderlyCouple', 22], ['elderlyAlone', 13], ['single', 10]]);
  const surname = names.surname();
  const wifeSurname = () => names.surname();
  const members: PersonValues[] = [];
  const awayShare = urban ? 0.2 : 0.55;
  if (kind === 'elderlyAlone') {
    const sex: Sex = random() < 0.6 ? 'female' : 'male';
    const head = person(c, { name: (sex === 'female' ? wifeSurname() : surname) + names.given(sex), sex, birthDate: bornAged(random, 66, 92), relation: 'head' });
    head.livingAlone = true;
    if (random() < 0.25) head.hardship = random() < 0.5 ? 'extremePoverty' : 'minimumLivingAllowance';
    members.push(head);
    return members;
  }
  if (kind === 'single') {
    const sex: Sex = random() < 0.6 ? 'male' : 'female';
    members.push(person(c, { name: surname + names.given(sex), sex, birthDate: bornAged(random, 20, 55), relation: 'head', away: random() < awayShare }));
    return members;
  }
  const elderly = kind === 'elderlyCouple' || kind === 'threeGenerations';
  const headBorn = elderly ? bornAged(random, kind === 'elderlyCouple' ? 60 : 55, 84) : bornAged(random, 25, 50);
  const head = person(c, { name: surname + names.given('male'), sex: 'male', birthDate: headBorn, relation: 'head', away: !elderly && random() < awayShare });
  members.push(head);
  if (random() < 0.9) {
    const wifeBorn = dateBetween(random, addYears(headBorn, -1), addYears(headBorn, 4));
    const wifeAway = !elderly && head.residenceStatus === 'outflow' && random() < 0.45;
    members.push(person(c, { name: wifeSurname() + names.given('female'), sex: 'female', birthDate: min(wifeBorn, bornAged(random, 20, 20)), relation: 'spouse', away: wifeAway }));
  }
  if (kind === 'elderlyCouple') {
    // Their grown children are on the same hukou but away.
    const children = between(random, 1, 3);
    for (let k = 0; k < children; k++) {
      const sex: Sex = random() < 0.5 ? 'male' : 'female';
      const born = clampAge(dateBetween(random, addYears(headBorn, 22), addYears(headBorn, 38)), 18);
      members.push(person(c, { name: surname + names.given(sex), sex, birthDate: born, relation: 'child', away: random() < 0.8 }));
    }
  } else if (kind === 'threeGenerations') {
    const sonBorn = clampAge(dateBetween(random, addYears(headBorn, 22), addYears(headBorn, 32)), 20);
    const pattern = weighted(random, [['bothAway', 38], ['fatherAway', 34], ['bothHome', 20], ['motherAway', 8]] as [string, number][]);
    members.push(person(c, { name: surname + names.given('male'), sex: 'male', birthDate: sonBorn, relation: 'child', away: pattern === 'bothAway' || pattern === 'fatherAway', migrant: true }));
    const inLawBorn = clampAge(dateBetween(random, addYears(sonBorn, -1), addYears(sonBorn, 4)), 19);
    members.push(person(c, { name: wifeSurname() + names.given('female'), sex: 'female', birthDate: inLawBorn, relation: 'childInLaw', away: pattern === 'bothAway' || pattern === 'motherAway', migrant: true }));
    const kids = weighted(random, [[1, 45], [2, 45], [3, 10]] as [number, number][]);
    for (let k = 0; k < kids; k++) {
      const sex: Sex = random() < 0.53 ? 'male' : 'female';
      const born = dateBetween(random, maxDate(addYears(inLawBorn, 20), addYears(REGISTRY_AS_OF, -17)), REGISTRY_AS_OF);
      members.push(person(c, { name: surname + names.given(sex), sex, birthDate: born, relation: 'grandchild' }));
    }
  } else {
    const kids = weighted(random, urban ? ([[1, 60], [2, 35], [3, 5]] as [number, number][]) : ([[1, 40], [2, 45], [3, 15]] as [number, number][]));
    for (let k = 0; k < kids; k++) {
      const sex: Sex = random() < 0.53 ? 'male' : 'female';
      const born = dateBetween(random, maxDate(addYears(headBorn, 21), addYears(REGISTRY_AS_OF, -22)), REGISTRY_AS_OF);
      members.push(person(c, { name: surname + names.given(sex), sex, birthDate: born, relation: 'child', away: born < addYears(REGISTRY_AS_OF, -18) && random() < awayShare }));
    }
  }
  if (kind === 'inflowFamily') {
    const hukou = pick(random, ['340826', '340827', '340825', '342401', '340881']);
    for (const m of members) {
      m.residenceStatus = 'inflow';
      m.awayTo = null;
      m.awaySince = null;
      m.hukouAreaCode = hukou;
      m.migrantWorker = m.relation === 'head' || m.relation === 'spouse';
      m.accompanyingFamily = !m.migrantWorker;
      if (m.migrantWorker && c.withNumbers && m.idNumber) m.residencePermitNumber = `34082825${String(Math.floor(random() * 1e8)).padStart(8, '0')}`;
    }
  }
  const poor = random();
  if (poor < (urban ? 0.02 : 0.05)) members[0]!.hardship = 'minimumLivingAllowance';
  else if (poor < (urban ? 0.05 : 0.09)) members[0]!.hardship = 'lowIncome';
  return members;
}

function addYears(date: string, years: number): string {
  const y = Number(date.slice(0, 4)) + years;
  const md = date.slice(5) === '02-29' ? '02-28' : date.slice(5);
  return `${String(y).padStart(4, '0')}-${md}`;
}
const min = (a: string, b: string) => (a < b ? a : b);
const maxDate = (a: string, b: string) => (a > b ? a : b);
/** No later than the day someone turns `age`. */
const clampAge = (date: string, age: number) => min(date, addYears(REGISTRY_AS_OF, -age));

function address(name: string, urban: boolean, k: number, random: Random): string {
  const base = name.replace(/(居委会|村委会|社区|村)$/, '');
  return urban ? `${base}社区${between(random, 1, 30)}栋${between(random, 1, 6)}0${between(random, 1, 4)}室` : `${base}村${between(random, 1, 15)}组${k + 1}号`;
}

/** The households of one community, deterministic for its code. */
export function communityHouseholds(
  community: { code: string; name: string; urban: boolean },
  targetPersons: number,
  shared: { ids: IdNumbers; withNumbers: boolean; county: string },
): GeneratedHousehold[] {
  const random = seededRandom(hashSeed(`${SEED}:registry:${community.code}`));
  const c: Context = { random, names: new NameGenerator(random), ids: shared.ids, county: shared.county, withNumbers: shared.withNumbers };
  const out: GeneratedHousehold[] = [];
  let persons = 0;
  for (let k = 0; persons < targetPersons; k++) {
    const members = household(c, community.urban);
    persons += members.length;
    out.push({ areaCode: community.code, number: String(k + 1).padStart(5, '0'), address: address(community.name, community.urban, k, random), hukou: members.some((m) => m.residenceStatus !== 'inflow'), members });
  }
  return out;
}

/** The demo resident's own household: she stays with the children and her parents-in-law while her husband works away. */
function demoResidentHousehold(village: { code: string; name: string }, c: Context, userId: string): GeneratedHousehold {
  const { random, names } = c;
  const surname = '储';
  const husband = person(c, { name: `${surname}建国`, sex: 'male', birthDate: '1986-03-12', relation: 'child', away: true, migrant: true });
  husband.awaySince = '2022-02-20';
  husband.awayTo = '浙江省杭州市';
  const resident = person(c, { name: '汪秀兰', sex: 'female', birthDate: '1988-09-05', relation: 'childInLaw' });
  resident.disability = null;
  const members: (PersonValues & { userId?: string | null })[] = [
    { ...person(c, { name: `${surname}德明`, sex: 'male', birthDate: '1957-11-02', relation: 'head' }), disability: null },
    { ...person(c, { name: `程桂珍`, sex: 'female', birthDate: '1959-04-18', relation: 'spouse' }), disability: null },
    { ...husband, disability: null },
    { ...resident, userId },
    { ...person(c, { name: `${surname}子轩`, sex: 'male', birthDate: '2014-06-01', relation: 'grandchild' }), disability: null },
    { ...person(c, { name: `${surname}雨涵`, sex: 'female', birthDate: '2018-10-23', relation: 'grandchild' }), disability: null },
  ];
  void names;
  return { areaCode: village.code, number: '00000', address: address(village.name, false, 0, random), hukou: true, members };
}

/** How many households the small (test) registry of the demo village holds. */
export const DEMO_VILLAGE_HOUSEHOLDS = 50;

function villageContext(county: string, withNumbers: boolean) {
  const ids = new IdNumbers(county, seededRandom(hashSeed(`${SEED}:ids:${county}`)));
  return { ids, withNumbers, county };
}

function demoVillageHouseholds(village: { code: string; name: string }, shared: ReturnType<typeof villageContext>, residentUserId: string | null): GeneratedHousehold[] {
  const random = seededRandom(hashSeed(`${SEED}:demo-village:${village.code}`));
  const c: Context = { random, names: new NameGenerator(random), ids: shared.ids, county: shared.county, withNumbers: shared.withNumbers };
  const households: GeneratedHousehold[] = [];
  if (residentUserId !== null) households.push(demoResidentHousehold(village, c, residentUserId));
  for (let k = households.length; k < DEMO_VILLAGE_HOUSEHOLDS; k++) {
    households.push({ areaCode: village.code, number: String(k).padStart(5, '0'), address: address(village.name, false, k, random), hukou: true, members: household(c, false) });
  }
  return households;
}

/**
 * The small registry the demo (and every test) starts with: one village of ~50 households,
 * the demo resident's among them. ID and phone numbers are generated only when the secret
 * key they are encrypted with is given.
 */
export async function seedDemoVillageRegistry(
  handle: DatabaseHandle,
  village: { code: string; name: string },
  options: { residentUserId: string | null; secretKey?: Buffer },
): Promise<{ households: number; persons: number; flags: number }> {
  const shared = villageContext(village.code.slice(0, 6), options.secretKey !== undefined);
  // Without a key no number is generated, so the throwaway key never encrypts anything.
  const deps = residentsDeps(handle, options.secretKey ?? randomBytes(32));
  return saveGeneratedRegistry(deps, demoVillageHouseholds(village, shared, options.residentUserId), { asOf: REGISTRY_AS_OF });
}

export interface RegistrySummary {
  communities: number;
  households: number;
  persons: number;
  flags: number;
  seconds: number;
}

/**
 * The full generated registry of a county (岳西县 by default): about `scale` × 300,000 persons
 * across its communities, in proportion to their registered population, skipping communities
 * that already have a registry (the demo village). For `npm start`'s first seed and benchmarks.
 */
export async function seedDemoRegistry(
  handle: DatabaseHandle,
  options: { scale?: number; secretKey: Buffer; county?: string; persons?: number; onCommunity?: (done: number, total: number) => void },
): Promise<RegistrySummary> {
  const started = performance.now();
  const county = options.county ?? '340828';
  const target = Math.round((options.persons ?? 300_000) * (options.scale ?? 1));
  const deps = residentsDeps(handle, options.secretKey);
  const points = await areaPoints(handle.db);
  const communities: { code: string; name: string; urban: boolean; weight: number }[] = [];
  points.tree.codes.forEach((code, i) => {
    if (points.tree.level[i] !== 5 || !code.startsWith(county)) return;
    const weight = Number.isNaN(points.residentPopulation[i]!) ? 1000 : points.residentPopulation[i]!;
    communities.push({ code, name: points.names[i]!, urban: points.kinds[i] === 'urban', weight: weight * (points.kinds[i] === 'urban' ? 0.9 : 1.35) });
  });
  if (communities.length === 0) throw new Error(`county ${county} has no communities`);
  const existing = await communitiesWithRegistry(deps, county);
  const shared = villageContext(county, true);
  // The demo village's numbers are handed out first, exactly as its own seed did, so none repeats.
  for (const code of existing) {
    const c = communities.find((x) => x.code === code);
    if (c) demoVillageHouseholds(c, shared, 'reserved');
  }
  const totalWeight = communities.reduce((s, c) => s + c.weight, 0);
  const summary: RegistrySummary = { communities: 0, households: 0, persons: 0, flags: 0, seconds: 0 };
  let batch: GeneratedHousehold[] = [];
  let batchPersons = 0;
  const flush = async () => {
    if (!batch.length) return;
    const saved = await saveGeneratedRegistry(deps, batch, { asOf: REGISTRY_AS_OF });
    summary.households += saved.households;
    summary.persons += saved.persons;
    summary.flags += saved.flags;
    batch = [];
    batchPersons = 0;
  };
  let done = 0;
  for (const c of communities) {
    done++;
    if (existing.has(c.code)) continue;
    const households = communityHouseholds(c, Math.max(20, Math.round((target * c.weight) / totalWeight)), shared);
    batch.push(...households);
    batchPersons += households.reduce((s, h) => s + h.members.length, 0);
    summary.communities++;
    if (batchPersons >= 50_000) await flush();
    options.onCommunity?.(done, communities.length);
  }
  await flush();
  summary.seconds = (performance.now() - started) / 1000;
  return summary;
}
