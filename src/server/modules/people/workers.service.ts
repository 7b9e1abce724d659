/**
 * The registry of community and social workers: profiles (personal numbers encrypted, masked,
 * reads audited as in the resident registry), posts, qualifications and their verification,
 * registrations with continuing education, trainings and supervision; and the per-community
 * counts the workforce indicators are built from.
 */
import { newId } from '../../db/ids.ts';
import { decodeCursor as decodeKeyset, encodeCursor } from '../../db/cursor.ts';
import type { Db } from '../../db/database.ts';
import { isUniqueViolation } from '../../db/unique-violation.ts';
import { recordsChanged } from '../../db/record-changes.ts';
import type { NewWorkerRow, WorkerPostsTable, WorkerQualificationsTable, WorkerUpdate } from '../../db/tables/workers.ts';
import { normalizeAreaCode } from '../../../contracts/area-code.ts';
import { isCalendarDate, normalizeIdNumber, parseIdNumber } from '../../../engine/identity/id-number.ts';
import { heldOn, rangesOverlap, verifiedLevelOn, workforceCounts, type WorkforceCounts } from '../../../engine/workforce/index.ts';
import { requireActor, requirePermission, requireScope, scopedArea, mayDo, type Actor, type RequestContext } from '../../http/actor.ts';
import { AppError, conflict, forbidden, invalidField, invalidFields, notFound, badRequest, type FieldProblem } from '../../http/errors.ts';
import { recordAudit, recordRead } from '../audit/audit.service.ts';
import { findArea } from '../areas/areas.service.ts';
import { toSimplified } from '../areas/search-text.ts';
import { nameInitials } from '../residents/name-initials.ts';
import { normalizePhone, phoneProblem, personalDataCipher, type PersonalDataCipher } from '../residents/personal-data.ts';
import { maskText } from '../residents/read-audit.ts';
import type { CommunityCounts, SourceWindow } from '../indicators/indicator-sources.ts';
import * as repo from './workers.repository.ts';
import { exportFile, FileProblem, readTable, rowsToWorkers, templateFile, type FileFormat, type FileOut } from './workers-files.ts';
import {
  DEFAULT_EDUCATION_HOURS,
  QUALIFICATION_LEVELS,
  WORKER_LIMITS,
  factsOf,
  toPost,
  toQualification,
  toRegistration,
  toSupervision,
  toTraining,
  toWorker,
  type EducationRequirements,
  type NewPost,
  type NewQualification,
  type NewRegistration,
  type NewSupervision,
  type NewTraining,
  type NewWorker,
  type PostEnd,
  type PostKind,
  type QualificationDecision,
  type QualificationLevel,
  type Worker,
  type WorkerChanges,
  type WorkerDetail,
  type WorkerFilter,
} from './workers.schema.ts';
import type { WorkerImportProblem, WorkforceMap } from '../../../contracts/workers-api.ts';
import { problemCodeOf } from '../../../contracts/problems.ts';
import { todayInChina } from '../../../engine/calendar/working-days.ts';

export interface WorkersDeps {
  readonly db: Db;
  readonly cipher: PersonalDataCipher;
}

export function workersDeps(db: Db, secretKey: Buffer): WorkersDeps {
  return { db, cipher: personalDataCipher(secretKey) };
}

export const today = todayInChina;

// ---- rules ----

/** Posts at township level (社工站, 儿童督导员) and those at community level (社区工作者, 儿童主任). */
const TOWNSHIP_POSTS: readonly PostKind[] = ['stationStaff', 'childrenSupervisor'];
const COMMUNITY_POSTS: readonly PostKind[] = ['communityWorker', 'childrenDirector'];

function throwFirst(problems: FieldProblem[]): void {
  if (problems.length === 0) return;
  if (problems.length === 1) throw invalidField(problems[0]!.field, problems[0]!.problem, problems[0]!.code, problems[0]!.params);
  throw invalidFields(problems);
}

function dateProblem(field: string, date: string): FieldProblem | null {
  if (!isCalendarDate(date)) return { field, problem: `"${date}" is not a calendar date`, code: 'invalid_format' };
  if (date < '1949-10-01') return { field, problem: 'is too early', code: 'out_of_range' };
  if (date > '2100-12-31') return { field, problem: 'is too late', code: 'out_of_range' };
  return null;
}

/** A community or township that exists: its canonical code, or a problem. */
async function placeProblem(db: Db, field: string, raw: string, cache?: Map<string, boolean>): Promise<{ code: string | null; problem: FieldProblem | null }> {
  const code = normalizeAreaCode(raw);
  if (!code || (code.length !== 9 && code.length !== 12)) return { code: null, problem: { field, problem: 'must be a community (12 digits) or a township (9 digits)', code: 'invalid_format', params: { value: raw } } };
  let known = cache?.get(code);
  if (known === undefined) {
    const area = await findArea(db, code);
    known = area !== undefined && (area.level === 4 || area.level === 5);
    cache?.set(code, known);
  }
  if (!known) return { code, problem: { field, problem: `area ${code} does not exist`, code: 'unknown_reference', params: { code } } };
  return { code, problem: null };
}

function postProblems(input: { kind: PostKind; from: string; to?: string | null }, code: string | null, prefix: string): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (code && TOWNSHIP_POSTS.includes(input.kind) && code.length !== 9) {
    problems.push({ field: `${prefix}areaCode`, problem: `a ${input.kind} post belongs to a township (9 digits)`, code: 'inconsistent' });
  }
  if (code && COMMUNITY_POSTS.includes(input.kind) && code.length !== 12) {
    problems.push({ field: `${prefix}areaCode`, problem: `a ${input.kind} post belongs to a community (12 digits)`, code: 'inconsistent' });
  }
  const from = dateProblem(`${prefix}from`, input.from);
  if (from) problems.push(from);
  if (input.to) {
    const to = dateProblem(`${prefix}to`, input.to);
    if (to) problems.push(to);
    else if (!from && input.to < input.from) problems.push({ field: `${prefix}to`, problem: `is before the post's first day ${input.from}`, code: 'out_of_range' });
  }
  return problems;
}

interface Personal {
  idNumber?: string | null;
  phone?: string | null;
}

/** The personal numbers checked and normalised (undefined: not sent; null: cleared). */
function personalProblems(input: Personal, problems: FieldProblem[]): { idNumber: string | null | undefined; phone: string | null | undefined } {
  let idNumber: string | null | undefined = input.idNumber;
  if (idNumber) {
    const parsed = parseIdNumber(idNumber, today());
    if (!parsed.ok) {
      problems.push(
        parsed.expected
          ? { field: 'idNumber', problem: parsed.problem, code: 'wrong_check_character', params: { expected: parsed.expected } }
          : { field: 'idNumber', problem: parsed.problem, code: 'invalid_format' },
      );
    }
    else idNumber = parsed.facts.idNumber;
  } else if (idNumber === '') idNumber = null;
  let phone: string | null | undefined = input.phone;
  if (phone) {
    phone = normalizePhone(phone);
    const p = phoneProblem(phone);
    if (p) problems.push({ field: 'phone', problem: p, code: 'invalid_format' });
  } else if (phone === '') phone = null;
  return { idNumber, phone };
}

function sealed(deps: WorkersDeps, numbers: { idNumber: string | null | undefined; phone: string | null | undefined }) {
  const out: Partial<NewWorkerRow> = {};
  if (numbers.idNumber !== undefined) {
    out.id_number_cipher = numbers.idNumber === null ? null : deps.cipher.encrypt('idNumber', numbers.idNumber);
    out.id_number_hash = numbers.idNumber === null ? null : deps.cipher.lookupHash('idNumber', numbers.idNumber);
  }
  if (numbers.phone !== undefined) {
    out.phone_cipher = numbers.phone === null ? null : deps.cipher.encrypt('phone', numbers.phone);
    out.phone_hash = numbers.phone === null ? null : deps.cipher.lookupHash('phone', numbers.phone);
  }
  return out;
}

function nameColumns(name: string) {
  const trimmed = name.trim();
  return { name: trimmed, name_search: toSimplified(trimmed), name_initials: nameInitials(trimmed) };
}

/** A unique index refused the write: which one, said as a 409. */
function duplicateOf(error: unknown): Error | null {
  if (!isUniqueViolation(error)) return null;
  const text = String((error as Error).message ?? '');
  if (text.includes('certificate')) return conflict('This certificate number is already registered for that qualification level', { field: 'certificateNumber' });
  if (text.includes('user')) return conflict('That account is already linked to another worker', { field: 'userId' });
  if (text.includes('supervision')) return conflict('This supervision link already exists from that day', { field: 'superviseeId' });
  return conflict('A worker with this ID number is already registered', { field: 'idNumber' });
}

async function inTransaction<T>(db: Db, work: (trx: Db) => Promise<T>): Promise<T> {
  try {
    return await db.transaction().execute(work);
  } catch (e) {
    throw duplicateOf(e) ?? e;
  }
}

function changed(db: Db): void {
  recordsChanged(db, 'workforce');
}

// ---- access ----

/** A worker the actor may reach: 404 when there is none, 403 when registered outside their scope. */
async function loadInScope(db: Db, actor: Actor, id: string): Promise<repo.WorkerRowWithArea> {
  const row = await repo.findWorker(db, id);
  if (!row) throw notFound('Worker', id);
  requireScope(actor, row.area_code);
  return row;
}

/**
 * The route guard (before the body is read or validated): the role may do the route's action,
 * and a worker named in the path exists and lies in scope.
 */
export async function guardRoute(db: Db, ctx: RequestContext, action: Parameters<typeof requirePermission>[1], workerId: string | undefined): Promise<void> {
  const actor = requirePermission(ctx, action);
  if (workerId !== undefined) await loadInScope(db, actor, workerId);
}

// ---- reads ----

async function detail(deps: WorkersDeps, row: repo.WorkerRowWithArea, reveal: boolean): Promise<WorkerDetail> {
  const { db } = deps;
  const now = today();
  const [posts, qualifications, registrations, trainings, supervisions, requirements] = await Promise.all([
    repo.postsOf(db, [row.id]),
    repo.qualificationsOf(db, [row.id]),
    repo.registrationsOf(db, row.id),
    repo.trainingsOf(db, row.id),
    repo.supervisionsOf(db, row.id),
    requirementMap(db),
  ]);
  const p = posts.get(row.id) ?? [];
  const q = qualifications.get(row.id) ?? [];
  const facts = factsOf(p, q);
  // The requirement applies to the highest level held: verified, else the highest declared.
  const declared = q.filter((x) => x.status !== 'rejected').map((x) => QUALIFICATION_LEVELS.indexOf(x.level as QualificationLevel));
  const level = (verifiedLevelOn(facts.qualifications, now) as QualificationLevel | null) ?? (declared.length ? QUALIFICATION_LEVELS[Math.max(...declared)]! : null);
  return {
    ...toWorker(row, p, q, deps.cipher, reveal, now),
    revealed: reveal,
    posts: p.map((x) => toPost(x, now)),
    qualifications: q.map(toQualification),
    registrations: registrations.map((r) => toRegistration(r, trainings, level, requirements, now)),
    trainings: trainings.map(toTraining),
    supervisors: supervisions.filter((s) => s.supervisee_id === row.id).map(toSupervision),
    supervisees: supervisions.filter((s) => s.supervisor_id === row.id).map(toSupervision),
  };
}

export async function getWorker(deps: WorkersDeps, ctx: RequestContext, id: string, options: { reveal?: boolean } = {}): Promise<WorkerDetail> {
  const actor = requirePermission(ctx, 'workers.read');
  if (options.reveal && !mayDo(actor, 'workers.reveal')) {
    throw forbidden(`Role ${actor.role} may not see full ID and phone numbers`, { action: 'workers.reveal', reason: 'personalData' });
  }
  const row = await loadInScope(deps.db, actor, id);
  if (options.reveal) {
    // The full numbers leave only once the read is on record.
    await recordAudit(deps.db, ctx, {
      action: 'worker.reveal',
      areaCode: row.area_code,
      targetType: 'worker',
      targetId: row.id,
      details: { fields: ['idNumber', 'phone'].filter((_, i) => [row.id_number_cipher, row.phone_cipher][i] !== null) },
    });
  } else {
    await recordRead(deps.db, ctx, { action: 'worker.read', areaCode: row.area_code, targetType: 'worker', targetId: row.id, ids: [row.id] });
  }
  return detail(deps, row, Boolean(options.reveal));
}

/** The profile linked to the actor's own account (a worker reads their own record). */
export async function getOwnWorker(deps: WorkersDeps, ctx: RequestContext): Promise<WorkerDetail> {
  const actor = requirePermission(ctx, 'workers.readOwn');
  const row = await repo.findWorkerOfUser(deps.db, actor.userId);
  if (!row) throw notFound('Worker profile of user', actor.username);
  await recordRead(deps.db, ctx, { action: 'worker.read_own', areaCode: row.area_code, targetType: 'worker', targetId: row.id, ids: [row.id] });
  return detail(deps, row, false);
}

export interface WorkerListQuery extends WorkerFilter {
  limit?: number;
  cursor?: string;
}

function listFilter(deps: WorkersDeps, scope: string, q: WorkerFilter): Omit<repo.WorkerListFilter, 'limit'> {
  const f: Omit<repo.WorkerListFilter, 'limit'> = { scope, postKind: q.postKind, qualification: q.qualification, urbanRural: q.urbanRural, pendingVerification: q.verification === 'pending', day: today() };
  const text = q.q?.trim();
  if (text) {
    const compact = text.replace(/\s+/g, '');
    if (/^[0-9]{17}[0-9Xx]$/.test(compact)) f.idNumberHash = deps.cipher.lookupHash('idNumber', normalizeIdNumber(compact));
    else if (/^[A-Za-z]+$/.test(compact)) f.initials = compact.toLowerCase();
    else f.nameContains = toSimplified(text);
  }
  return f;
}

/** What the audit log keeps of a list query: the filters, and the search text masked. */
function queryRecord(q: WorkerFilter): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(q)) {
    if (value === undefined || key === 'cursor') continue;
    out[key] = key === 'q' && typeof value === 'string' ? maskText(value.trim()) : value;
  }
  return out;
}

async function toWorkers(deps: WorkersDeps, rows: repo.WorkerRowWithArea[]): Promise<Worker[]> {
  const ids = rows.map((r) => r.id);
  const [posts, qualifications] = await Promise.all([repo.postsOf(deps.db, ids), repo.qualificationsOf(deps.db, ids)]);
  const now = today();
  return rows.map((r) => toWorker(r, posts.get(r.id) ?? [], qualifications.get(r.id) ?? [], deps.cipher, false, now));
}

export async function listWorkers(deps: WorkersDeps, ctx: RequestContext, q: WorkerListQuery): Promise<{ items: Worker[]; total: number; nextCursor: string | null }> {
  const actor = requirePermission(ctx, 'workers.read');
  const scope = scopedArea(actor, q.area);
  const limit = q.limit ?? 50;
  let after: { areaCode: string; id: string } | undefined;
  if (q.cursor) {
    const [areaCode, id] = decodeKeyset(q.cursor, ['areaCode', 'text'])!;
    after = { areaCode: areaCode!, id: id! };
  }
  const { rows, total } = await repo.listWorkers(deps.db, { ...listFilter(deps, scope, q), after, limit });
  const { cursor: _cursor, limit: _limit, ...filter } = q;
  await recordRead(deps.db, ctx, { action: 'worker.read_list', areaCode: scope, targetType: 'worker', ids: rows.map((r) => r.id), total, query: queryRecord(filter) });
  const last = rows.at(-1);
  return { items: await toWorkers(deps, rows), total, nextCursor: rows.length === limit && last ? encodeCursor([last.area_code, last.id]) : null };
}

/** The most communities one workforce map holds (a city's, with room to spare). */
const MAP_COMMUNITIES_MAX = 5000;

/**
 * The communities under the area with who is in post there today: how many workers match the
 * post-kind and qualification filters, and whether a social worker is in post (the same rule as
 * social_worker_presence). Counts only, no person: not a read of personal data.
 */
export async function workforceMap(deps: WorkersDeps, ctx: RequestContext, q: Pick<WorkerFilter, 'area' | 'postKind' | 'qualification' | 'urbanRural'>): Promise<WorkforceMap> {
  const actor = requirePermission(ctx, 'workers.read');
  const scope = scopedArea(actor, q.area);
  const day = today();
  const [communities, counts, workforce] = await Promise.all([
    repo.communitiesUnder(deps.db, scope, q.urbanRural, MAP_COMMUNITIES_MAX + 1),
    repo.workersInPostByCommunity(deps.db, { scope, day, postKind: q.postKind, qualification: q.qualification }),
    workforceOn(deps.db, day),
  ]);
  return {
    communities: communities.slice(0, MAP_COMMUNITIES_MAX).map((c) => ({
      code: c.code,
      name: c.name,
      lon: c.lon,
      lat: c.lat,
      urbanRural: c.urban_rural,
      workers: counts.get(c.code) ?? 0,
      socialWorker: workforce.socialWorkerPresence.has(c.code),
    })),
    truncated: communities.length > MAP_COMMUNITIES_MAX,
  };
}

/** Every worker the filters match (up to the export limit), masked; the export is audited. */
export async function workersForExport(deps: WorkersDeps, ctx: RequestContext, q: WorkerFilter): Promise<{ workers: Worker[]; details: Map<string, { posts: WorkerDetail['posts']; qualifications: WorkerDetail['qualifications'] }> }> {
  const actor = requirePermission(ctx, 'workers.read');
  const scope = scopedArea(actor, q.area);
  const { rows, total } = await repo.listWorkers(deps.db, { ...listFilter(deps, scope, q), limit: WORKER_LIMITS.exportRowsMax });
  if (total > WORKER_LIMITS.exportRowsMax) throw badRequest(`${total} workers match; an export holds at most ${WORKER_LIMITS.exportRowsMax}: narrow the filters`);
  await recordRead(deps.db, ctx, { action: 'worker.read_export', areaCode: scope, targetType: 'worker', ids: rows.map((r) => r.id), total, query: queryRecord(q) });
  const ids = rows.map((r) => r.id);
  const [posts, qualifications] = await Promise.all([repo.postsOf(deps.db, ids), repo.qualificationsOf(deps.db, ids)]);
  const now = today();
  const details = new Map<string, { posts: WorkerDetail['posts']; qualifications: WorkerDetail['qualifications'] }>();
  for (const id of ids) details.set(id, { posts: (posts.get(id) ?? []).map((p) => toPost(p, now)), qualifications: (qualifications.get(id) ?? []).map(toQualification) });
  return { workers: rows.map((r) => toWorker(r, posts.get(r.id) ?? [], qualifications.get(r.id) ?? [], deps.cipher, false, now)), details };
}

// ---- writes ----

function newPostRow(workerId: string, code: string, input: { kind: PostKind; title?: string | null; from: string; to?: string | null }, now: string): WorkerPostsTable {
  return { id: newId(), worker_id: workerId, area_code: code, kind: input.kind, title: input.title?.trim() || null, from_date: input.from, to_date: input.to ?? null, created_at: now };
}

function newQualificationRow(workerId: string, input: NewQualification, now: string): WorkerQualificationsTable {
  return {
    id: newId(),
    worker_id: workerId,
    level: input.level,
    certificate_number: input.certificateNumber.trim(),
    year: input.year,
    status: 'declared',
    evidence: null,
    decided_by_id: null,
    decided_by: null,
    decided_at: null,
    declared_at: now,
  };
}

/** Checks a user account to link: it exists and no other worker has it. */
async function userProblem(db: Db, userId: string | null | undefined, self: string | null): Promise<FieldProblem | null> {
  if (!userId) return null;
  if (!(await repo.userExists(db, userId))) return { field: 'userId', problem: `user ${userId} does not exist`, code: 'unknown_reference' };
  const linked = await repo.userLinked(db, userId);
  if (linked && linked.id !== self) return { field: 'userId', problem: 'is already linked to another worker', code: 'duplicate' };
  return null;
}

interface CheckedWorker {
  row: NewWorkerRow;
  post: WorkerPostsTable | null;
  qualification: WorkerQualificationsTable | null;
}

/**
 * Checks a new worker (and its first post and qualification) for everything but scope, and builds
 * its rows. Problems are collected, not thrown, so an import can name every one.
 */
async function checkNewWorker(
  deps: WorkersDeps,
  input: NewWorker & { qualification?: NewQualification },
  now: string,
  options: { cache?: Map<string, boolean>; generated?: boolean } = {},
): Promise<{ problems: FieldProblem[]; checked: CheckedWorker | null; places: string[] }> {
  const problems: FieldProblem[] = [];
  if (!input.name.trim()) problems.push({ field: 'name', problem: 'must not be blank', code: 'required' });
  const place = await placeProblem(deps.db, 'areaCode', input.areaCode, options.cache);
  if (place.problem) problems.push(place.problem);
  const numbers = personalProblems(input, problems);
  if (numbers.idNumber && (await repo.findWorkerByIdNumberHash(deps.db, deps.cipher.lookupHash('idNumber', numbers.idNumber)))) {
    problems.push({ field: 'idNumber', problem: 'a worker with this ID number is already registered', code: 'duplicate' });
  }
  const user = await userProblem(deps.db, input.userId, null);
  if (user) problems.push(user);
  let postCode: string | null = null;
  if (input.post) {
    const p = await placeProblem(deps.db, 'post.areaCode', input.post.areaCode, options.cache);
    if (p.problem) problems.push(p.problem);
    postCode = p.code;
    problems.push(...postProblems(input.post, p.code, 'post.'));
  }
  if (input.qualification && input.qualification.year > Number(now.slice(0, 4))) {
    problems.push({ field: 'qualification.year', problem: 'is in the future', code: 'out_of_range' });
  }
  const places = [place.code, postCode].filter((c): c is string => c !== null);
  if (problems.length) return { problems, checked: null, places };
  const id = newId();
  return {
    problems,
    places,
    checked: {
      row: {
        id,
        area_code: place.code!,
        ...nameColumns(input.name),
        id_number_cipher: null,
        id_number_hash: null,
        phone_cipher: null,
        phone_hash: null,
        ...sealed(deps, numbers),
        user_id: input.userId ?? null,
        generated: options.generated ?? false,
        version: 1,
        created_at: now,
        updated_at: now,
      },
      post: input.post ? newPostRow(id, postCode!, input.post, now) : null,
      qualification: input.qualification ? newQualificationRow(id, input.qualification, now) : null,
    },
  };
}

async function insertChecked(trx: Db, ctx: RequestContext, all: CheckedWorker[], via?: string): Promise<void> {
  await repo.insertWorkers(trx, all.map((c) => c.row));
  await repo.insertPosts(trx, all.flatMap((c) => (c.post ? [c.post] : [])));
  await repo.insertQualifications(trx, all.flatMap((c) => (c.qualification ? [c.qualification] : [])));
  for (const c of all) {
    await recordAudit(trx, ctx, {
      action: 'worker.create',
      areaCode: c.row.area_code,
      targetType: 'worker',
      targetId: c.row.id,
      details: { name: maskText(c.row.name), post: c.post ? { areaCode: c.post.area_code, kind: c.post.kind } : null, ...(via ? { via } : {}) },
    });
  }
}

export async function createWorker(deps: WorkersDeps, ctx: RequestContext, input: NewWorker): Promise<WorkerDetail> {
  const actor = requirePermission(ctx, 'workers.write');
  // Scope first: an area outside it is refused before anything about it is told.
  for (const raw of [input.areaCode, input.post?.areaCode]) {
    const code = raw === undefined ? null : normalizeAreaCode(raw);
    if (code) requireScope(actor, code);
  }
  const now = new Date().toISOString();
  const { problems, checked } = await checkNewWorker(deps, input, now);
  const duplicate = problems.find((p) => p.code === 'duplicate');
  if (duplicate) throw conflict(`${duplicate.field}: ${duplicate.problem}`, { field: duplicate.field });
  throwFirst(problems);
  await inTransaction(deps.db, (trx) => insertChecked(trx, ctx, [checked!]));
  changed(deps.db);
  return detail(deps, (await repo.findWorker(deps.db, checked!.row.id))!, false);
}

export async function updateWorker(deps: WorkersDeps, ctx: RequestContext, id: string, input: WorkerChanges): Promise<WorkerDetail> {
  const actor = requirePermission(ctx, 'workers.write');
  const row = await loadInScope(deps.db, actor, id);
  if (input.version !== row.version) {
    throw conflict(`Worker ${id} has changed since you read it (version ${input.version}, now ${row.version}); reload and try again`, { currentVersion: row.version });
  }
  const problems: FieldProblem[] = [];
  if (input.name !== undefined && !input.name.trim()) problems.push({ field: 'name', problem: 'must not be blank', code: 'required' });
  const numbers = personalProblems(input, problems);
  if (numbers.idNumber) {
    const other = await repo.findWorkerByIdNumberHash(deps.db, deps.cipher.lookupHash('idNumber', numbers.idNumber));
    if (other && other.id !== id) problems.push({ field: 'idNumber', problem: 'a worker with this ID number is already registered', code: 'duplicate' });
  }
  const user = await userProblem(deps.db, input.userId, id);
  if (user) problems.push(user);
  const duplicate = problems.find((p) => p.code === 'duplicate');
  if (duplicate) throw conflict(`${duplicate.field}: ${duplicate.problem}`, { field: duplicate.field });
  throwFirst(problems);
  const now = new Date().toISOString();
  const changes: WorkerUpdate = { ...(input.name !== undefined ? nameColumns(input.name) : {}), ...sealed(deps, numbers), updated_at: now };
  if (input.userId !== undefined) changes.user_id = input.userId;
  const { version: _version, ...fields } = input;
  await inTransaction(deps.db, async (trx) => {
    if (!(await repo.updateWorker(trx, id, row.version, changes))) throw conflict(`Worker ${id} changed while you were saving; reload and try again`);
    await recordAudit(trx, ctx, { action: 'worker.update', areaCode: row.area_code, targetType: 'worker', targetId: id, details: { fields: Object.keys(fields), version: row.version + 1 } });
  });
  return detail(deps, (await repo.findWorker(deps.db, id))!, false);
}

/** A write to one part of a worker: the worker in scope, the change and its audit entry in one transaction. */
async function writePart(deps: WorkersDeps, ctx: RequestContext, action: 'workers.write' | 'workers.verify', id: string, write: (trx: Db, row: repo.WorkerRowWithArea, actor: Actor, now: string) => Promise<void>, check?: (row: repo.WorkerRowWithArea, actor: Actor) => Promise<void>): Promise<WorkerDetail> {
  const actor = requirePermission(ctx, action);
  const row = await loadInScope(deps.db, actor, id);
  if (check) await check(row, actor);
  const now = new Date().toISOString();
  await inTransaction(deps.db, async (trx) => {
    await write(trx, row, actor, now);
    await repo.touchWorker(trx, id, now);
  });
  changed(deps.db);
  return detail(deps, (await repo.findWorker(deps.db, id))!, false);
}

export async function addPost(deps: WorkersDeps, ctx: RequestContext, id: string, input: NewPost): Promise<WorkerDetail> {
  let code = '';
  return writePart(
    deps,
    ctx,
    'workers.write',
    id,
    async (trx, row) => {
      const post = newPostRow(id, code, input, new Date().toISOString());
      await repo.insertPosts(trx, [post]);
      await recordAudit(trx, ctx, { action: 'worker.post_add', areaCode: code, targetType: 'worker', targetId: id, details: { post: post.id, kind: post.kind, from: post.from_date, to: post.to_date, workerArea: row.area_code } });
    },
    async (_row, actor) => {
      const normalized = normalizeAreaCode(input.areaCode);
      if (normalized) requireScope(actor, normalized);
      const place = await placeProblem(deps.db, 'areaCode', input.areaCode);
      throwFirst([...(place.problem ? [place.problem] : []), ...postProblems(input, place.code, '')]);
      code = place.code!;
    },
  );
}

export async function endPost(deps: WorkersDeps, ctx: RequestContext, id: string, postId: string, input: PostEnd): Promise<WorkerDetail> {
  return writePart(
    deps,
    ctx,
    'workers.write',
    id,
    async (trx, row) => {
      await repo.endPost(trx, postId, input.to);
      await recordAudit(trx, ctx, { action: 'worker.post_end', areaCode: row.area_code, targetType: 'worker', targetId: id, details: { post: postId, to: input.to } });
    },
    async (_row, actor) => {
      const post = await repo.findPost(deps.db, id, postId);
      if (!post) throw notFound('Post', postId);
      requireScope(actor, post.area_code);
      if (post.to_date !== null) throw conflict(`The post ended on ${post.to_date} already`);
      const p = dateProblem('to', input.to);
      if (p) throwFirst([p]);
      if (input.to < post.from_date) throw invalidField('to', `is before the post's first day ${post.from_date}`, 'out_of_range');
    },
  );
}

export async function declareQualification(deps: WorkersDeps, ctx: RequestContext, id: string, input: NewQualification): Promise<WorkerDetail> {
  if (!input.certificateNumber.trim()) throw invalidField('certificateNumber', 'must not be blank', 'required');
  if (input.year > Number(today().slice(0, 4))) throw invalidField('year', 'is in the future', 'out_of_range');
  return writePart(deps, ctx, 'workers.write', id, async (trx, row, _actor, now) => {
    const q = newQualificationRow(id, input, now);
    await repo.insertQualifications(trx, [q]);
    await recordAudit(trx, ctx, { action: 'worker.qualification_declare', areaCode: row.area_code, targetType: 'worker', targetId: id, details: { qualification: q.id, level: q.level, year: q.year } });
  });
}

/** Verifies or rejects a declared qualification: officials in scope, never one's own. */
export async function decideQualification(deps: WorkersDeps, ctx: RequestContext, id: string, qualificationId: string, input: QualificationDecision): Promise<WorkerDetail> {
  if (!input.evidence.trim()) throw invalidField('evidence', 'must not be blank', 'required');
  return writePart(
    deps,
    ctx,
    'workers.verify',
    id,
    async (trx, row, actor, now) => {
      const done = await repo.decideQualification(trx, qualificationId, { status: input.decision, evidence: input.evidence.trim(), decided_by_id: actor.userId, decided_by: actor.username, decided_at: now });
      if (!done) throw conflict('The qualification was decided meanwhile; reload');
      await recordAudit(trx, ctx, {
        action: input.decision === 'verified' ? 'worker.qualification_verify' : 'worker.qualification_reject',
        areaCode: row.area_code,
        targetType: 'worker',
        targetId: id,
        details: { qualification: qualificationId },
      });
    },
    async (row, actor) => {
      const q = await repo.findQualification(deps.db, id, qualificationId);
      if (!q) throw notFound('Qualification', qualificationId);
      if (row.user_id !== null && row.user_id === actor.userId) throw forbidden('Nobody verifies their own qualification', { reason: 'own' });
      if (q.status !== 'declared') throw conflict(`The qualification is ${q.status} already; only a declared one is decided`, { status: q.status });
    },
  );
}

export async function addRegistration(deps: WorkersDeps, ctx: RequestContext, id: string, input: NewRegistration): Promise<WorkerDetail> {
  throwFirst([dateProblem('validFrom', input.validFrom), dateProblem('validTo', input.validTo)].filter((p): p is FieldProblem => p !== null));
  if (input.validTo < input.validFrom) throw invalidField('validTo', `is before validFrom ${input.validFrom}`, 'out_of_range');
  return writePart(
    deps,
    ctx,
    'workers.write',
    id,
    async (trx, row, _actor, now) => {
      const r = { id: newId(), worker_id: id, number: input.number?.trim() || null, valid_from: input.validFrom, valid_to: input.validTo, created_at: now };
      await repo.insertRegistrations(trx, [r]);
      await recordAudit(trx, ctx, { action: 'worker.registration_add', areaCode: row.area_code, targetType: 'worker', targetId: id, details: { registration: r.id, validFrom: r.valid_from, validTo: r.valid_to } });
    },
    async () => {
      const existing = await repo.registrationsOf(deps.db, id);
      const overlapping = existing.find((r) => rangesOverlap({ from: r.valid_from, to: r.valid_to }, { from: input.validFrom, to: input.validTo }));
      if (overlapping) throw invalidField('validFrom', `overlaps the registration valid ${overlapping.valid_from} to ${overlapping.valid_to}`, 'inconsistent');
    },
  );
}

export async function addTraining(deps: WorkersDeps, ctx: RequestContext, id: string, input: NewTraining): Promise<WorkerDetail> {
  const p = dateProblem('date', input.date);
  if (p) throwFirst([p]);
  if (input.date > today()) throw invalidField('date', 'is in the future: record a training once it has taken place', 'out_of_range');
  if (!input.title.trim()) throw invalidField('title', 'must not be blank', 'required');
  return writePart(deps, ctx, 'workers.write', id, async (trx, row, _actor, now) => {
    const t = { id: newId(), worker_id: id, title: input.title.trim(), provider: input.provider?.trim() || null, date: input.date, hours: input.hours, continuing_education: input.continuingEducation ?? true, created_at: now };
    await repo.insertTrainings(trx, [t]);
    await recordAudit(trx, ctx, { action: 'worker.training_add', areaCode: row.area_code, targetType: 'worker', targetId: id, details: { training: t.id, hours: t.hours, date: t.date } });
  });
}

export async function addSupervision(deps: WorkersDeps, ctx: RequestContext, id: string, input: NewSupervision): Promise<WorkerDetail> {
  if (input.superviseeId === id) throw invalidField('superviseeId', 'a worker does not supervise themselves', 'inconsistent');
  throwFirst([dateProblem('from', input.from), input.to ? dateProblem('to', input.to) : null].filter((p): p is FieldProblem => p !== null));
  if (input.to && input.to < input.from) throw invalidField('to', `is before from ${input.from}`, 'out_of_range');
  return writePart(
    deps,
    ctx,
    'workers.write',
    id,
    async (trx, row, _actor, now) => {
      const s = { id: newId(), supervisor_id: id, supervisee_id: input.superviseeId, from_date: input.from, to_date: input.to ?? null, created_at: now };
      await repo.insertSupervisions(trx, [s]);
      await repo.touchWorker(trx, input.superviseeId, now);
      await recordAudit(trx, ctx, { action: 'worker.supervision_add', areaCode: row.area_code, targetType: 'worker', targetId: id, details: { supervision: s.id, supervisee: s.supervisee_id, from: s.from_date } });
    },
    async (_row, actor) => {
      const supervisee = await repo.findWorker(deps.db, input.superviseeId);
      if (!supervisee) throw invalidField('superviseeId', `worker ${input.superviseeId} does not exist`, 'unknown_reference');
      requireScope(actor, supervisee.area_code);
      const existing = await repo.supervisionsBetween(deps.db, id, input.superviseeId);
      const overlapping = existing.find((s) => rangesOverlap({ from: s.from_date, to: s.to_date }, { from: input.from, to: input.to ?? null }));
      if (overlapping) throw conflict(`This worker already supervises them from ${overlapping.from_date}`, { field: 'superviseeId' });
    },
  );
}

// ---- continuing-education requirements ----

async function requirementMap(db: Db): Promise<Map<string, number>> {
  const rows = await repo.educationRequirements(db);
  const out = new Map<string, number>(Object.entries(DEFAULT_EDUCATION_HOURS));
  for (const r of rows) out.set(r.level, r.hours);
  return out;
}

export async function getRequirements(db: Db, ctx: RequestContext): Promise<EducationRequirements> {
  requirePermission(ctx, 'workers.read');
  const map = await requirementMap(db);
  return { assistant: map.get('assistant')!, intermediate: map.get('intermediate')!, senior: map.get('senior')! };
}

export async function setRequirements(db: Db, ctx: RequestContext, input: EducationRequirements): Promise<EducationRequirements> {
  const actor = requirePermission(ctx, 'workers.configure');
  const now = new Date().toISOString();
  const before = await getRequirements(db, ctx);
  await db.transaction().execute(async (trx) => {
    for (const level of QUALIFICATION_LEVELS) await repo.setEducationRequirement(trx, level, input[level], now, actor.username);
    await recordAudit(trx, ctx, { action: 'worker.requirements_set', targetType: 'worker_requirements', details: { from: before, to: input } });
  });
  return getRequirements(db, ctx);
}

// ---- import (the file side is workers-files.ts) ----

export interface ImportRow {
  row: number;
  input: NewWorker & { qualification?: NewQualification };
}

/** One row's problem: its stable code and the values its sentence carries (contracts WorkerImportProblem). */
export type ImportRowProblem = WorkerImportProblem;

/**
 * Checks every row (scope, area, numbers, duplicates inside the file and against the registry),
 * then writes the good ones in one transaction. Returns the problems and the new ids.
 */
export async function importWorkerRows(
  deps: WorkersDeps,
  ctx: RequestContext,
  rows: ImportRow[],
  mode: 'allOrNothing' | 'goodRowsOnly',
  summary: Record<string, unknown>,
  /** Problems found before (in reading the file): with allOrNothing, any means nothing is written. */
  earlierProblems = 0,
): Promise<{ problems: ImportRowProblem[]; ids: string[] }> {
  const actor = requirePermission(ctx, 'workers.write');
  const problems: ImportRowProblem[] = [];
  const good: CheckedWorker[] = [];
  const cache = new Map<string, boolean>();
  const now = new Date().toISOString();
  const seenId = new Map<string, number>();
  const seenCertificate = new Map<string, number>();
  for (const { row, input } of rows) {
    const outside = [input.areaCode, input.post?.areaCode].map((raw) => (raw ? normalizeAreaCode(raw) : null)).find((code) => code && !code.startsWith(actor.scope));
    if (outside) {
      const field = outside === (input.areaCode ? normalizeAreaCode(input.areaCode) : null) ? 'areaCode' : 'post.areaCode';
      problems.push({ row, field, column: null, problem: `area ${outside} is outside your scope ${actor.scope}`, code: 'not_in_scope', params: { code: outside } });
      continue;
    }
    const { problems: found, checked } = await checkNewWorker(deps, input, now, { cache });
    const rowProblems: ImportRowProblem[] = found.map((p) => ({ row, field: p.field, column: null, problem: p.problem, code: p.code ?? problemCodeOf(p.problem), ...(p.params ? { params: p.params } : {}) }));
    if (checked?.row.id_number_hash) {
      const first = seenId.get(checked.row.id_number_hash);
      if (first !== undefined) rowProblems.push({ row, field: 'idNumber', column: null, problem: `the same ID number as row ${first}`, code: 'duplicate', params: { row: first } });
      else seenId.set(checked.row.id_number_hash, row);
    }
    if (checked?.qualification) {
      const key = `${checked.qualification.level}:${checked.qualification.certificate_number}`;
      const first = seenCertificate.get(key);
      if (first !== undefined) rowProblems.push({ row, field: 'qualification.certificateNumber', column: null, problem: `the same certificate as row ${first}`, code: 'duplicate', params: { row: first } });
      else seenCertificate.set(key, row);
    }
    if (rowProblems.length) problems.push(...rowProblems);
    else if (checked) good.push(checked);
  }
  problems.sort((a, b) => a.row - b.row);
  if ((problems.length || earlierProblems) && mode === 'allOrNothing') return { problems, ids: [] };
  if (good.length) {
    await inTransaction(deps.db, async (trx) => {
      await insertChecked(trx, ctx, good, 'import');
      await recordAudit(trx, ctx, { action: 'worker.import', targetType: 'worker', details: { ...summary, created: good.length, rejected: new Set(problems.map((p) => p.row)).size } });
    });
    changed(deps.db);
  }
  return { problems, ids: good.map((g) => g.row.id) };
}

export interface ImportReport {
  mode: 'allOrNothing' | 'goodRowsOnly';
  rows: number;
  created: number;
  rejected: number;
  problems: ImportRowProblem[];
  ids: string[];
}

/** Who may import; checked by the route before the file is read (and again below). */
export function authorizeImport(ctx: RequestContext): void {
  requirePermission(ctx, 'workers.write');
}

/**
 * Imports workers from a CSV or XLSX file. Every row is checked before anything is written; by
 * default one bad row rejects the file (400 import_rejected with the report), with goodRowsOnly
 * the good rows are created and the bad ones reported. The writes are one transaction: a failure
 * part way leaves the registry as it was.
 */
export async function importWorkers(deps: WorkersDeps, ctx: RequestContext, file: { body: Buffer; format: FileFormat; mode: ImportReport['mode'] }): Promise<ImportReport> {
  requirePermission(ctx, 'workers.write');
  let parsed: ReturnType<typeof rowsToWorkers>;
  try {
    parsed = rowsToWorkers(await readTable(file.body, file.format, { maxDataRows: WORKER_LIMITS.importRowsMax }));
  } catch (e) {
    if (e instanceof FileProblem) throw invalidField('file', e.message);
    throw e;
  }
  if (parsed.dataRows === 0) throw invalidField('file', 'has no rows below the header', 'required');
  const checked = await importWorkerRows(deps, ctx, parsed.rows, file.mode, { format: file.format, mode: file.mode, rows: parsed.dataRows }, parsed.problems.length);
  const problems = [...parsed.problems, ...checked.problems].sort((a, b) => a.row - b.row);
  const rejected = new Set(problems.map((p) => p.row)).size;
  const report: ImportReport = { mode: file.mode, rows: parsed.dataRows, created: checked.ids.length, rejected, problems, ids: checked.ids };
  if (problems.length && file.mode === 'allOrNothing') {
    throw new AppError(400, 'import_rejected', `${rejected} of ${parsed.dataRows} rows have problems; nothing was imported (fix them, or import with mode=goodRowsOnly)`, { ...report, created: 0, ids: [] });
  }
  return report;
}

export function importTemplate(ctx: RequestContext, format: FileFormat): Promise<FileOut> {
  requireActor(ctx);
  return templateFile(format);
}

export async function exportWorkers(deps: WorkersDeps, ctx: RequestContext, q: WorkerFilter, format: FileFormat): Promise<FileOut> {
  const { workers, details } = await workersForExport(deps, ctx, q);
  return exportFile(workers, details, format, today().replace(/-/g, ''));
}

// ---- for the seed (no access check) ----

export interface SystemWorker {
  areaCode: string;
  name: string;
  idNumber?: string | null;
  phone?: string | null;
  userId?: string | null;
  posts: { areaCode: string; kind: PostKind; title?: string | null; from: string; to?: string | null }[];
  qualifications: { level: QualificationLevel; certificateNumber: string; year: number; verifiedAt?: string | null }[];
  trainings?: { title: string; provider?: string | null; date: string; hours: number }[];
  registration?: { number: string | null; validFrom: string; validTo: string } | null;
}

/**
 * Creates workers as the system (the demo seed), marked generated. The caller vouches for the
 * areas; numbers are encrypted like any other. Returns the new ids in order.
 */
export async function createWorkersAsSystem(deps: WorkersDeps, inputs: SystemWorker[]): Promise<string[]> {
  const now = new Date().toISOString();
  const workers: NewWorkerRow[] = [];
  const posts: WorkerPostsTable[] = [];
  const qualifications: WorkerQualificationsTable[] = [];
  const trainings: Parameters<typeof repo.insertTrainings>[1] = [];
  const registrations: Parameters<typeof repo.insertRegistrations>[1] = [];
  for (const input of inputs) {
    const id = newId();
    workers.push({
      id,
      area_code: input.areaCode,
      ...nameColumns(input.name),
      id_number_cipher: null,
      id_number_hash: null,
      phone_cipher: null,
      phone_hash: null,
      ...sealed(deps, { idNumber: input.idNumber ?? null, phone: input.phone ?? null }),
      user_id: input.userId ?? null,
      generated: true,
      version: 1,
      created_at: now,
      updated_at: now,
    });
    for (const p of input.posts) posts.push(newPostRow(id, p.areaCode, p, now));
    for (const q of input.qualifications) {
      const row = newQualificationRow(id, q, now);
      if (q.verifiedAt) Object.assign(row, { status: 'verified', evidence: '演示数据：生成的核验记录', decided_by: 'system', decided_at: q.verifiedAt });
      qualifications.push(row);
    }
    for (const t of input.trainings ?? []) trainings.push({ id: newId(), worker_id: id, title: t.title, provider: t.provider ?? null, date: t.date, hours: t.hours, continuing_education: true, created_at: now });
    if (input.registration) registrations.push({ id: newId(), worker_id: id, number: input.registration.number, valid_from: input.registration.validFrom, valid_to: input.registration.validTo, created_at: now });
  }
  await deps.db.transaction().execute(async (trx) => {
    await repo.insertWorkers(trx, workers);
    await repo.insertPosts(trx, posts);
    await repo.insertQualifications(trx, qualifications);
    await repo.insertTrainings(trx, trainings);
    for (let i = 0; i < registrations.length; i += 300) await repo.insertRegistrations(trx, registrations.slice(i, i + 300));
  });
  changed(deps.db);
  return workers.map((w) => w.id);
}

export async function userIdOf(db: Db, username: string): Promise<string | undefined> {
  return repo.userIdByUsername(db, username);
}

/** Whether any worker under the area is generated (demo data). */
export async function hasGeneratedWorkers(db: Db, area: string): Promise<boolean> {
  return repo.hasGenerated(db, area);
}

// ---- indicators (no access check: the snapshot is read through the indicators' own) ----

const pending = new WeakMap<Db, Map<string, Promise<WorkforceCounts>>>();

/**
 * The workforce counts per community on a day. The four workforce indicators of one snapshot ask
 * at once; they share one read while it runs.
 */
export function workforceOn(db: Db, day: string): Promise<WorkforceCounts> {
  let byDay = pending.get(db);
  if (!byDay) pending.set(db, (byDay = new Map()));
  const running = byDay.get(day);
  if (running) return running;
  const load = (async () => {
    const [posts, qualifications] = await Promise.all([repo.communityPostsHeldOn(db, day), repo.verifiedQualificationsBefore(db, nextDayStart(day))]);
    const workers = new Map<string, { posts: { areaCode: string; kind: string; from: string; to: string | null }[]; qualifications: { level: string; status: string; decidedOn: string | null }[] }>();
    for (const p of posts) {
      let w = workers.get(p.worker_id);
      if (!w) workers.set(p.worker_id, (w = { posts: [], qualifications: [] }));
      w.posts.push({ areaCode: p.area_code, kind: p.kind, from: p.from_date, to: p.to_date });
    }
    for (const q of qualifications) workers.get(q.worker_id)?.qualifications.push({ level: q.level, status: q.status, decidedOn: q.decided_at?.slice(0, 10) ?? null });
    return workforceCounts(workers.values(), day);
  })();
  byDay.set(day, load);
  const forget = () => {
    if (byDay.get(day) === load) byDay.delete(day);
  };
  load.then(forget, forget);
  return load;
}

function nextDayStart(day: string): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString();
}

/** The indicator sources (src/server/modules/indicators/indicators.service.ts reads these). */
export const workforceSources = {
  socialWorkerPresence: async (db: Db, w: SourceWindow): Promise<CommunityCounts> => (await workforceOn(db, w.asOf)).socialWorkerPresence,
  socialWorkers: async (db: Db, w: SourceWindow): Promise<CommunityCounts> => (await workforceOn(db, w.asOf)).socialWorkers,
  communityWorkers: async (db: Db, w: SourceWindow): Promise<CommunityCounts> => (await workforceOn(db, w.asOf)).communityWorkers,
  certificateShare: async (db: Db, w: SourceWindow): Promise<{ numerator: CommunityCounts; denominator: CommunityCounts }> => {
    const counts = await workforceOn(db, w.asOf);
    return { numerator: counts.certifiedCommunityWorkers, denominator: counts.communityWorkers };
  },
};

export { heldOn };
