import type { Approval, Assessment, AwayMember, Carer, CaseEvent, CaseNote, CaseSummary, Findings, TeamMember, Visit, VisitStage } from '../../../contracts/care.ts';
import { VISIT_STAGES, type CareGroup, type CaseStatus, type RiskLevel } from '../../../contracts/care.ts';
import { ageOn } from '../../../engine/care/groups.ts';
import type { ApprovalListRow, AssessmentRow, AwayRow, CarerRow, CaseListRow, EventRow, NoteRow, TeamRow, VisitRow } from './cases.repository.ts';

/** Row → API shape mappers of care cases. */

export const stageName = (stage: number): VisitStage => VISIT_STAGES[Math.max(0, Math.min(3, Number(stage)))]!;

export function toSummary(r: CaseListRow, today: string): CaseSummary {
  return {
    id: r.id,
    areaCode: r.area_code,
    areaName: r.area_name,
    personId: r.person_id,
    personName: r.person_name,
    age: r.birth_date ? ageOn(r.birth_date, today) : null,
    group: r.care_group as CareGroup,
    status: r.status as CaseStatus,
    riskLevel: r.risk_level as RiskLevel,
    ownerId: r.owner_id,
    ownerName: r.owner_name,
    lastVisitOn: r.last_visit_on,
    visitDueOn: r.status === 'open' ? r.visit_due_on : null,
    visitStage: r.status === 'open' ? stageName(r.visit_stage) : 'scheduled',
    nextAssessmentOn: r.next_assessment_on,
    pendingApproval: Number(r.pending_approvals) > 0,
    lon: r.lon === null ? null : Number(r.lon),
    lat: r.lat === null ? null : Number(r.lat),
  };
}

export const toTeam = (r: TeamRow & { display_name: string | null }): TeamMember => ({ userId: r.user_id, displayName: r.display_name, role: r.role as TeamMember['role'] });

export const toCarer = (r: CarerRow, phone: string | null): Carer => ({
  id: r.id,
  kind: r.kind as Carer['kind'],
  personId: r.person_id,
  name: r.name,
  relation: r.relation,
  phone,
  since: r.since,
  until: r.until,
});

export const toAway = (r: AwayRow): AwayMember => ({
  id: r.id,
  personId: r.person_id,
  name: r.name,
  relation: r.relation,
  workPlace: r.work_place,
  employer: r.employer,
  awaySince: r.away_since,
  returnedOn: r.returned_on,
});

export const toAssessment = (r: AssessmentRow): Assessment => ({
  id: r.id,
  caseId: r.case_id,
  assessedOn: r.assessed_on,
  factors: {
    safety: Number(r.safety),
    health: Number(r.health),
    schooling: r.schooling === null ? null : Number(r.schooling),
    livingConditions: Number(r.living_conditions),
    mood: Number(r.mood),
    carerCapacity: Number(r.carer_capacity),
  },
  computedLevel: r.computed_level as RiskLevel,
  proposedLevel: r.proposed_level as RiskLevel,
  nextDueOn: r.next_due_on,
  notes: r.notes,
  approvalId: r.approval_id,
  createdAt: new Date(r.created_at).toISOString(),
  createdByName: r.created_by_name,
});

export const toApproval = (r: ApprovalListRow): Approval => ({
  id: r.id,
  caseId: r.case_id,
  areaCode: r.area_code,
  kind: r.kind as Approval['kind'],
  status: r.status as Approval['status'],
  fromLevel: r.from_level as RiskLevel | null,
  toLevel: r.to_level as RiskLevel | null,
  assessmentId: r.assessment_id,
  reason: r.reason,
  requestedAt: new Date(r.requested_at).toISOString(),
  requestedByName: r.requested_by_name,
  decidedAt: r.decided_at ? new Date(r.decided_at).toISOString() : null,
  decidedByName: r.decided_by_name,
  comment: r.comment,
  version: Number(r.version),
  personName: r.person_name,
});

export const toVisit = (r: VisitRow): Visit => ({
  id: r.id,
  caseId: r.case_id,
  visitedOn: r.visited_on,
  mode: r.mode as Visit['mode'],
  findings: JSON.parse(r.findings) as Findings,
  actions: r.actions,
  nextSteps: r.next_steps,
  photos: JSON.parse(r.photos) as string[],
  dueOn: r.due_on,
  onTime: Boolean(r.on_time),
  recordedAt: new Date(r.recorded_at).toISOString(),
  recordedByName: r.recorded_by_name,
});

export const toNote = (r: NoteRow): CaseNote => ({ id: r.id, body: r.body, authorName: r.author_name, createdAt: new Date(r.created_at).toISOString() });

export const toEvent = (r: EventRow): CaseEvent => ({
  id: r.id,
  at: new Date(r.at).toISOString(),
  username: r.username,
  action: r.action,
  details: JSON.parse(r.details) as Record<string, unknown>,
});
