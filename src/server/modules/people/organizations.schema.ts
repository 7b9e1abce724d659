import type { Static } from 'typebox';
import type {
  AnnualReport,
  CreditRecord,
  Incubation,
  Organization,
  OrganizationEvent,
  OrganizationMember,
  Rating,
} from '../../../contracts/organizations-api.ts';
import type {
  ManagementMode,
  OrganizationNature,
  OrganizationStatus,
  RatingGrade,
  RegisteredKind,
  ServiceField,
  AppealState,
  CreditRecordKind,
} from '../../../contracts/organizations.ts';
import type {
  OrganizationAnnualReportsTable,
  OrganizationCreditRecordsTable,
  OrganizationEventsTable,
  OrganizationIncubationsTable,
  OrganizationRatingsTable,
  OrganizationRow,
} from '../../db/tables/organizations.ts';

/** Row → API shapes of the organization registry. */

const iso = (value: unknown): string => (value instanceof Date ? value.toISOString() : String(value));

export function toOrganization(
  row: OrganizationRow & { area_name: string | null },
  communities: { code: string; name: string | null }[],
  rating: OrganizationRatingsTable | undefined,
): Organization {
  return {
    id: row.id,
    areaCode: row.area_code,
    areaName: row.area_name,
    name: row.name,
    creditCode: row.credit_code,
    management: row.management as ManagementMode,
    registeredKind: row.registered_kind as RegisteredKind | null,
    nature: row.nature as OrganizationNature,
    fields: JSON.parse(row.fields) as ServiceField[],
    communities,
    status: row.status as OrganizationStatus,
    statusDate: row.status_date,
    foundedOn: row.founded_on,
    address: row.address,
    description: row.description,
    rating: rating ? { grade: rating.grade as RatingGrade, score: rating.score, validUntil: rating.valid_until } : null,
    generated: Boolean(row.generated),
    version: row.version,
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
  };
}

export function toEvent(row: OrganizationEventsTable): Static<typeof OrganizationEvent> {
  return {
    id: row.id,
    date: row.date,
    from: row.from_status as OrganizationStatus | null,
    to: row.to_status as OrganizationStatus,
    reason: row.reason,
    at: iso(row.at),
    username: row.username,
  };
}

export function toIncubation(row: OrganizationIncubationsTable): Incubation {
  return {
    base: row.base,
    mentor: row.mentor,
    startedOn: row.started_on,
    plannedGraduation: row.planned_graduation,
    graduatedOn: row.graduated_on,
    milestones: JSON.parse(row.milestones) as Incubation['milestones'],
    notes: row.notes,
  };
}

export function toRating(row: OrganizationRatingsTable, valid: boolean): Rating {
  return {
    id: row.id,
    score: row.score,
    scaleMax: row.scale_max,
    grade: row.grade as RatingGrade,
    assessor: row.assessor,
    ratedOn: row.rated_on,
    validUntil: row.valid_until,
    valid,
    notes: row.notes,
    appeal: row.appeal_state
      ? {
          state: row.appeal_state as AppealState,
          reason: row.appeal_reason ?? '',
          filedOn: row.appeal_filed_on ?? '',
          decidedOn: row.appeal_decided_on,
          decision: row.appeal_decision,
          originalScore: row.original_score,
        }
      : null,
    username: row.username,
  };
}

export function toMember(row: { user_id: string; username: string; display_name: string; position: string | null; added_at: unknown }): Static<typeof OrganizationMember> {
  return { userId: row.user_id, username: row.username, displayName: row.display_name, position: row.position, addedAt: iso(row.added_at) };
}

export function toAnnualReport(row: OrganizationAnnualReportsTable): Static<typeof AnnualReport> {
  return {
    year: row.year,
    members: row.members,
    volunteers: row.volunteers,
    activities: row.activities,
    beneficiaries: row.beneficiaries,
    income: row.income,
    expenditure: row.expenditure,
    summary: row.summary,
    submittedAt: iso(row.submitted_at),
    submittedBy: row.submitted_by,
  };
}

export function toCreditRecord(row: OrganizationCreditRecordsTable): Static<typeof CreditRecord> {
  return {
    id: row.id,
    kind: row.kind as CreditRecordKind,
    date: row.date,
    title: row.title,
    detail: row.detail,
    source: row.source,
    at: iso(row.at),
    username: row.username,
  };
}
