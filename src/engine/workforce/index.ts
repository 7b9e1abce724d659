/**
 * Who the workforce indicators count, and how (docs/people.md): pure rules over a worker's posts
 * and qualifications on one day. No I/O.
 *
 * - A post is held on a day from its first day to its last (`to`, inclusive; null: still held).
 * - A community worker (社区工作者) is a worker holding, that day, a post of kind communityWorker
 *   or socialWorker in a community (a 12-digit code). Township posts (社工站, 儿童督导员) and
 *   children's directors or other posts alone do not make a community worker.
 * - A social worker (社会工作者) is a worker holding any post in a community that day who either
 *   holds a social-work qualification verified on or before the day, or whose post is itself a
 *   socialWorker post. A declared (unverified) or rejected certificate does not count.
 * - A worker with posts in several communities counts 1/k in each of the k communities, so
 *   totals over an area never count one person twice.
 */

export const COMMUNITY_WORKER_POSTS: readonly string[] = ['communityWorker', 'socialWorker'];

export interface PostFact {
  areaCode: string;
  kind: string;
  from: string;
  to: string | null;
}

export interface QualificationFact {
  level: string;
  status: string;
  /** The day it was verified or rejected (YYYY-MM-DD), null while declared. */
  decidedOn: string | null;
}

export interface WorkerFacts {
  posts: readonly PostFact[];
  qualifications: readonly QualificationFact[];
}

export const LEVEL_ORDER: readonly string[] = ['assistant', 'intermediate', 'senior'];

export function heldOn(post: Pick<PostFact, 'from' | 'to'>, day: string): boolean {
  return post.from <= day && (post.to === null || post.to >= day);
}

const isCommunity = (code: string) => code.length === 12;

/** The highest qualification level verified on or before the day, or null. */
export function verifiedLevelOn(qualifications: readonly QualificationFact[], day: string): string | null {
  let best = -1;
  for (const q of qualifications) {
    if (q.status !== 'verified' || q.decidedOn === null || q.decidedOn > day) continue;
    best = Math.max(best, LEVEL_ORDER.indexOf(q.level));
  }
  return best < 0 ? null : LEVEL_ORDER[best]!;
}

/** Whether the registry counts the worker a social worker on the day (in a community post). */
export function isSocialWorkerOn(worker: WorkerFacts, day: string): boolean {
  const posts = worker.posts.filter((p) => isCommunity(p.areaCode) && heldOn(p, day));
  if (posts.length === 0) return false;
  return posts.some((p) => p.kind === 'socialWorker') || verifiedLevelOn(worker.qualifications, day) !== null;
}

/**
 * Whether a worker is a social worker on the day in the registry's sense, wherever their post
 * lies (a township station included): in any post, and verified-qualified or in a socialWorker post.
 */
export function actsAsSocialWorkerOn(worker: WorkerFacts, day: string): boolean {
  const posts = worker.posts.filter((p) => heldOn(p, day));
  if (posts.length === 0) return false;
  return posts.some((p) => p.kind === 'socialWorker') || verifiedLevelOn(worker.qualifications, day) !== null;
}

export interface WorkforceCounts {
  /** Per community: social workers in post (fractional for people in several communities). */
  socialWorkers: Map<string, number>;
  /** Per community: 1 where at least one social worker is in post. */
  socialWorkerPresence: Map<string, number>;
  /** Per community: community workers in post. */
  communityWorkers: Map<string, number>;
  /** Per community: community workers holding a verified social-work qualification. */
  certifiedCommunityWorkers: Map<string, number>;
}

function add(map: Map<string, number>, key: string, value: number): void {
  map.set(key, (map.get(key) ?? 0) + value);
}

/** Per-community counts of the workforce indicators on one day. */
export function workforceCounts(workers: Iterable<WorkerFacts>, day: string): WorkforceCounts {
  const out: WorkforceCounts = { socialWorkers: new Map(), socialWorkerPresence: new Map(), communityWorkers: new Map(), certifiedCommunityWorkers: new Map() };
  for (const worker of workers) {
    const held = worker.posts.filter((p) => isCommunity(p.areaCode) && heldOn(p, day));
    if (held.length === 0) continue;
    const certified = verifiedLevelOn(worker.qualifications, day) !== null;
    const communities = [...new Set(held.map((p) => p.areaCode))];
    const social = certified || held.some((p) => p.kind === 'socialWorker');
    if (social) {
      for (const c of communities) {
        add(out.socialWorkers, c, 1 / communities.length);
        out.socialWorkerPresence.set(c, 1);
      }
    }
    const staffed = [...new Set(held.filter((p) => COMMUNITY_WORKER_POSTS.includes(p.kind)).map((p) => p.areaCode))];
    for (const c of staffed) {
      add(out.communityWorkers, c, 1 / staffed.length);
      if (certified) add(out.certifiedCommunityWorkers, c, 1 / staffed.length);
    }
  }
  return out;
}

export interface TrainingFact {
  date: string;
  hours: number;
  continuingEducation: boolean;
}

/** Continuing-education hours of trainings dated inside [from, to] (both inclusive). */
export function educationHours(trainings: readonly TrainingFact[], from: string, to: string): number {
  let sum = 0;
  for (const t of trainings) if (t.continuingEducation && t.date >= from && t.date <= to) sum += t.hours;
  return Math.round(sum * 100) / 100;
}

/** Whether two date ranges [from, to] (to null: open) overlap. */
export function rangesOverlap(a: { from: string; to: string | null }, b: { from: string; to: string | null }): boolean {
  return (a.to === null || b.from <= a.to) && (b.to === null || a.from <= b.to);
}
