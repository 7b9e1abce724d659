import type { WorkerQualificationRow, WorkerRegistrationRow, WorkerTrainingRow } from '../../db/tables/workers.ts';
import type { PostKind, QualificationLevel, QualificationStatus } from '../../../contracts/workers.ts';
import type {
  Qualification,
  Registration,
  Supervision,
  Training,
  Worker,
  WorkerPost,
} from '../../../contracts/workers-api.ts';
import { maskIdNumber } from '../../../engine/identity/id-number.ts';
import { educationHours, heldOn, actsAsSocialWorkerOn, verifiedLevelOn, type WorkerFacts } from '../../../engine/workforce/index.ts';
import { maskPhone, type PersonalDataCipher } from '../residents/personal-data.ts';
import type { PostRowWithArea, WorkerRowWithArea } from './workers.repository.ts';

// The shapes live in src/contracts/workers-api.ts and the vocabulary in workers.ts (the web reads both); this file maps rows to them.
export * from '../../../contracts/workers.ts';
export * from '../../../contracts/workers-api.ts';

/** The day a decision was made, from its timestamp. */
const dayOf = (at: string | null) => (at === null ? null : at.slice(0, 10));

export function factsOf(posts: readonly PostRowWithArea[], qualifications: readonly WorkerQualificationRow[]): WorkerFacts {
  return {
    posts: posts.map((p) => ({ areaCode: p.area_code, kind: p.kind, from: p.from_date, to: p.to_date })),
    qualifications: qualifications.map((q) => ({ level: q.level, status: q.status, decidedOn: dayOf(q.decided_at) })),
  };
}

export function toPost(row: PostRowWithArea, today: string): WorkerPost {
  return {
    id: row.id,
    areaCode: row.area_code,
    areaName: row.area_name,
    kind: row.kind as PostKind,
    title: row.title,
    from: row.from_date,
    to: row.to_date,
    current: heldOn({ from: row.from_date, to: row.to_date }, today),
  };
}

export function toQualification(row: WorkerQualificationRow): Qualification {
  return {
    id: row.id,
    level: row.level as QualificationLevel,
    certificateNumber: row.certificate_number,
    year: row.year,
    status: row.status as QualificationStatus,
    evidence: row.evidence,
    decidedBy: row.decided_by,
    decidedAt: row.decided_at,
    declaredAt: row.declared_at,
  };
}

export function toTraining(row: WorkerTrainingRow): Training {
  return { id: row.id, title: row.title, provider: row.provider, date: row.date, hours: row.hours, continuingEducation: Boolean(row.continuing_education) };
}

export function toRegistration(
  row: WorkerRegistrationRow,
  trainings: readonly WorkerTrainingRow[],
  level: QualificationLevel | null,
  requirements: ReadonlyMap<string, number>,
  today: string,
): Registration {
  const hours = educationHours(
    trainings.map((t) => ({ date: t.date, hours: t.hours, continuingEducation: Boolean(t.continuing_education) })),
    row.valid_from,
    row.valid_to,
  );
  const required = level === null ? null : (requirements.get(level) ?? null);
  return {
    id: row.id,
    number: row.number,
    validFrom: row.valid_from,
    validTo: row.valid_to,
    level,
    educationHours: hours,
    requiredHours: required,
    requirementMet: required === null ? null : hours >= required,
    current: row.valid_from <= today && row.valid_to >= today,
  };
}

export function toSupervision(row: {
  id: string;
  supervisor_id: string;
  supervisee_id: string;
  supervisor_name: string;
  supervisee_name: string;
  from_date: string;
  to_date: string | null;
}): Supervision {
  return {
    id: row.id,
    supervisorId: row.supervisor_id,
    supervisorName: row.supervisor_name,
    superviseeId: row.supervisee_id,
    superviseeName: row.supervisee_name,
    from: row.from_date,
    to: row.to_date,
  };
}

export function toWorker(
  row: WorkerRowWithArea,
  posts: readonly PostRowWithArea[],
  qualifications: readonly WorkerQualificationRow[],
  cipher: PersonalDataCipher,
  reveal: boolean,
  today: string,
): Worker {
  const idNumber = row.id_number_cipher === null ? null : cipher.decrypt('idNumber', row.id_number_cipher);
  const phone = row.phone_cipher === null ? null : cipher.decrypt('phone', row.phone_cipher);
  const facts = factsOf(posts, qualifications);
  const current = posts.filter((p) => heldOn({ from: p.from_date, to: p.to_date }, today));
  return {
    id: row.id,
    areaCode: row.area_code,
    areaName: row.area_name,
    name: row.name,
    idNumber: idNumber === null ? null : reveal ? idNumber : maskIdNumber(idNumber),
    phone: phone === null ? null : reveal ? phone : maskPhone(phone),
    userId: row.user_id,
    currentPosts: [...new Set(current.map((p) => p.kind as PostKind))],
    qualification: verifiedLevelOn(facts.qualifications, today) as QualificationLevel | null,
    socialWorker: actsAsSocialWorkerOn(facts, today),
    generated: Boolean(row.generated),
    version: row.version,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
