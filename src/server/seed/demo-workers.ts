import { randomBytes } from 'node:crypto';
import type { Db } from '../db/database.ts';
import type { PostKind, QualificationLevel } from '../../contracts/workers.ts';
import { makeIdNumber } from '../../engine/identity/id-number.ts';
import { hashSeed, seededRandom } from '../../engine/random.ts';
import { areaPoints } from '../modules/areas/areas.service.ts';
import { createWorkersAsSystem, hasGeneratedWorkers, userIdOf, workersDeps, type SystemWorker } from '../modules/people/workers.service.ts';
import { NameGenerator } from './demo-residents.ts';

const SEED = 20161020;

/**
 * The generated workforce of the demo city (all marked generated). The shares are chosen so the
 * dashboard shows the gap the plans describe: nearly every urban community has a social worker,
 * most villages do not; certificates are common among urban community workers and rare in villages.
 */
export const DEMO_WORKFORCE = {
  /** Community workers per community (inclusive range). */
  communityWorkers: { urban: [3, 6], rural: [1, 3] },
  /** Chance that a community worker holds a social-work qualification. */
  certified: { urban: 0.45, rural: 0.1 },
  /** Chance that a community also has a social worker in a social-work post (bought services). */
  socialWorkerPost: { urban: 0.3, rural: 0.05 },
  /** Chance that a qualification is already verified (the rest wait, declared). */
  verified: 0.85,
} as const;

type Random = () => number;
const between = (random: Random, low: number, high: number) => low + Math.floor(random() * (high - low + 1));
const pick = <T>(random: Random, list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
const MOBILE_PREFIXES = ['133', '135', '138', '139', '150', '151', '155', '158', '177', '180', '187', '189', '199'];

function dateBetween(random: Random, fromYear: number, toYear: number): string {
  const a = Date.UTC(fromYear, 0, 1);
  const b = Date.UTC(toYear, 11, 31);
  return new Date(a + Math.floor(random() * ((b - a) / 86_400_000)) * 86_400_000).toISOString().slice(0, 10);
}

function addYears(date: string, years: number): string {
  return `${Number(date.slice(0, 4)) + years}${date.slice(4)}`.replace(/-02-29$/, '-02-28');
}

function level(random: Random): QualificationLevel {
  const r = random();
  return r < 0.7 ? 'assistant' : r < 0.97 ? 'intermediate' : 'senior';
}

/**
 * Seeds the workforce of every community and township of `city` (default the demo city) and links
 * the demo social worker's account to a township social-work station post. Deterministic; a city
 * that already has generated workers is left alone. Returns how many workers were made.
 */
export async function seedDemoWorkers(db: Db, options: { secretKey?: Buffer; city?: string } = {}): Promise<number> {
  const city = options.city ?? '3408';
  if (await hasGeneratedWorkers(db, city)) return 0;
  const deps = workersDeps(db, options.secretKey ?? randomBytes(32));
  const points = await areaPoints(db);
  const socialUser = await userIdOf(db, 'demo-social');
  const socialScope = socialUser ? (await db.selectFrom('users').select('scope_code').where('id', '=', socialUser).executeTakeFirst())?.scope_code : undefined;
  const usedIds = new Set<string>();
  let certificate = 0;
  const workers: SystemWorker[] = [];

  const person = (random: Random, names: NameGenerator, areaCode: string): Pick<SystemWorker, 'name' | 'idNumber' | 'phone'> => {
    const sex = random() < 0.62 ? 'female' : 'male';
    const birth = dateBetween(random, 1968, 1998);
    let idNumber = '';
    for (let seq = between(random, 0, 999), n = 0; n < 1000; n++, seq = (seq + 2) % 1000) {
      idNumber = makeIdNumber(areaCode.slice(0, 6), birth, sex, seq);
      if (!usedIds.has(idNumber)) break;
    }
    usedIds.add(idNumber);
    const phone = `${pick(random, MOBILE_PREFIXES)}${String(Math.floor(random() * 1e8)).padStart(8, '0')}`;
    return { name: names.surname() + names.given(sex), idNumber, phone };
  };

  const qualification = (random: Random, since: string): Pick<SystemWorker, 'qualifications' | 'trainings' | 'registration'> => {
    const year = Math.max(2008, Math.min(2024, Number(since.slice(0, 4)) + between(random, -2, 4)));
    const verified = random() < DEMO_WORKFORCE.verified;
    const verifiedAt = verified ? `${dateBetween(random, year, Math.min(year + 1, 2024))}T02:00:00.000Z` : null;
    const l = level(random);
    const number = `${l === 'assistant' ? 'A' : l === 'intermediate' ? 'B' : 'C'}${year}34${String(++certificate).padStart(6, '0')}`;
    const validFrom = verifiedAt ? verifiedAt.slice(0, 10) : null;
    return {
      qualifications: [{ level: l, certificateNumber: number, year, verifiedAt }],
      registration: validFrom ? { number: `DJ${number}`, validFrom, validTo: addYears(validFrom, 3) } : null,
      trainings: validFrom
        ? Array.from({ length: between(random, 1, 4) }, (_, i) => ({

            title: pick(random, ['社会工作伦理与实务', '社区治理专题培训', '儿童保护与个案管理', '老年社会工作', '社会救助政策解读', '督导实务']),
            provider: pick(random, ['安庆市民政局', '安徽省社会工作协会', '岳西县社工站']),
            date: dateBetween(random, Number(validFrom.slice(0, 4)), Math.min(Number(validFrom.slice(0, 4)) + 1 + i, 2025)),
            hours: pick(random, [8, 12, 16, 24]),
          }))
        : [],
    };
  };

  for (let i = 0; i < points.tree.codes.length; i++) {
    const code = points.tree.codes[i]!;
    if (!code.startsWith(city)) continue;
    const level5 = points.tree.level[i] === 5;
    const level4 = points.tree.level[i] === 4;
    if (!level4 && !level5) continue;
    const random = seededRandom(hashSeed(`${SEED}:workers:${code}`));
    const names = new NameGenerator(random);
    if (level4) {
      // The township social-work station (社工站): one or two staff, and a children's supervisor.
      const staff = between(random, 1, 2);
      for (let s = 0; s < staff; s++) {
        const from = dateBetween(random, 2020, 2024);
        const linked = s === 0 && socialUser !== undefined && socialScope === code;
        workers.push({
          areaCode: code,
          ...person(random, names, code),
          ...(linked ? { userId: socialUser } : {}),
          posts: [{ areaCode: code, kind: 'stationStaff', title: '社工站驻站社工', from }],
          ...(random() < 0.7 || linked ? qualification(random, from) : { qualifications: [] }),
        });
      }
      const from = dateBetween(random, 2019, 2024);
      workers.push({ areaCode: code, ...person(random, names, code), posts: [{ areaCode: code, kind: 'childrenSupervisor', title: '儿童督导员', from }], qualifications: [] });
      continue;
    }
    const urban = points.kinds[i] === 'urban';
    const [low, high] = urban ? DEMO_WORKFORCE.communityWorkers.urban : DEMO_WORKFORCE.communityWorkers.rural;
    const count = between(random, low, high);
    for (let w = 0; w < count; w++) {
      const from = dateBetween(random, 2012, 2024);
      const posts: SystemWorker['posts'] = [{ areaCode: code, kind: 'communityWorker', title: w === 0 ? (urban ? '居委会主任' : '村委会主任') : urban ? '专职社区工作者' : '村两委成员', from }];
      // In a village one of them is also the children's director (儿童主任).
      if (!urban && w === count - 1) posts.push({ areaCode: code, kind: 'childrenDirector' as PostKind, title: '儿童主任', from: dateBetween(random, 2019, 2024) });
      const certified = random() < (urban ? DEMO_WORKFORCE.certified.urban : DEMO_WORKFORCE.certified.rural);
      workers.push({ areaCode: code, ...person(random, names, code), posts, ...(certified ? qualification(random, from) : { qualifications: [] }) });
    }
    if (random() < (urban ? DEMO_WORKFORCE.socialWorkerPost.urban : DEMO_WORKFORCE.socialWorkerPost.rural)) {
      const from = dateBetween(random, 2018, 2024);
      workers.push({ areaCode: code, ...person(random, names, code), posts: [{ areaCode: code, kind: 'socialWorker', title: '驻点社工（政府购买服务）', from }], ...qualification(random, from) });
    }
  }
  const ids = await createWorkersAsSystem(deps, workers);
  return ids.length;
}
