/**
 * Tables of the workers part of the service side (one interface per table, collected here into
 * `WorkersTables`, which the `Database` type in ../schema.ts extends). Snake_case columns as the
 * migration creates them; the module's schema file maps rows to the API shape.
 */
import type { ColumnType, Insertable, Selectable, Updateable } from 'kysely';

/** Booleans read back as 0/1 on SQLite and true/false on PostgreSQL; mappers use Boolean(). */
type Bool = ColumnType<boolean | number, boolean, boolean>;

export interface WorkersTable {
  id: string;
  /** The community or township the worker is registered under: their scope. */
  area_code: string;
  name: string;
  /** The name in Simplified characters, for search. */
  name_search: string;
  /** Pinyin initials of the name, lower case. */
  name_initials: string;
  id_number_cipher: string | null;
  id_number_hash: string | null;
  phone_cipher: string | null;
  phone_hash: string | null;
  user_id: string | null;
  generated: Bool;
  version: number;
  created_at: string;
  updated_at: string;
}

export interface WorkerPostsTable {
  id: string;
  worker_id: string;
  /** The community (12 digits) or township (9 digits) of the post. */
  area_code: string;
  kind: string;
  title: string | null;
  from_date: string;
  to_date: string | null;
  created_at: string;
}

export interface WorkerQualificationsTable {
  id: string;
  worker_id: string;
  level: string;
  certificate_number: string;
  year: number;
  status: string;
  evidence: string | null;
  decided_by_id: string | null;
  decided_by: string | null;
  decided_at: string | null;
  declared_at: string;
}

export interface WorkerRegistrationsTable {
  id: string;
  worker_id: string;
  number: string | null;
  valid_from: string;
  valid_to: string;
  created_at: string;
}

export interface WorkerTrainingsTable {
  id: string;
  worker_id: string;
  title: string;
  provider: string | null;
  date: string;
  hours: number;
  continuing_education: Bool;
  created_at: string;
}

export interface WorkerSupervisionsTable {
  id: string;
  supervisor_id: string;
  supervisee_id: string;
  from_date: string;
  to_date: string | null;
  created_at: string;
}

export interface WorkerEducationRequirementsTable {
  level: string;
  hours: number;
  updated_at: string;
  updated_by: string | null;
}

export interface WorkersTables {
  workers: WorkersTable;
  worker_posts: WorkerPostsTable;
  worker_qualifications: WorkerQualificationsTable;
  worker_registrations: WorkerRegistrationsTable;
  worker_trainings: WorkerTrainingsTable;
  worker_supervisions: WorkerSupervisionsTable;
  worker_education_requirements: WorkerEducationRequirementsTable;
}

export type WorkerRow = Selectable<WorkersTable>;
export type NewWorkerRow = Insertable<WorkersTable>;
export type WorkerPostRow = Selectable<WorkerPostsTable>;
export type WorkerQualificationRow = Selectable<WorkerQualificationsTable>;
export type WorkerRegistrationRow = Selectable<WorkerRegistrationsTable>;
export type WorkerTrainingRow = Selectable<WorkerTrainingsTable>;
export type WorkerSupervisionRow = Selectable<WorkerSupervisionsTable>;
export type WorkerUpdate = Updateable<WorkersTable>;
export type NewWorkerTrainingRow = Insertable<WorkerTrainingsTable>;
