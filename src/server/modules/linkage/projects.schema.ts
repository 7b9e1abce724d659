/** Row ↔ API mapping of projects. */
import type { Project, ProjectSummary } from '../../../contracts/linkage-api.ts';
import type { CallStatus, FundingSource, NeedStatus, ProjectIndicatorKind, ProjectStatus, TargetKind } from '../../../contracts/linkage.ts';
import type { OrganizationStatus, RatingGrade } from '../../../contracts/organizations.ts';
import type { ProjectParts, ProjectRow, listProjects } from './projects.repository.ts';

export function toProject(row: ProjectRow, parts: ProjectParts): Project {
  return {
    id: row.id,
    areaCode: row.area_code,
    areaName: row.area_name ?? null,
    title: row.title,
    summary: row.summary,
    objectives: row.objectives,
    targetGroup: row.target_group,
    targetKind: row.target_kind as TargetKind | null,
    targetCount: Number(row.target_count),
    communities: parts.communities.map((c) => ({ code: c.community_code, name: c.name ?? null })),
    needs: parts.needs.map((n) => ({ id: n.id, areaCode: n.area_code, title: n.title, supports: Number(n.supports), status: n.status as NeedStatus })),
    fundingSource: row.funding_source as FundingSource,
    budgetCents: Number(row.budget_cents),
    budgetLines: parts.lines.map((l) => ({ id: l.id, title: l.title, amountCents: Number(l.amount_cents) })),
    indicators: parts.indicators.map((i) => ({ id: i.id, kind: i.kind as ProjectIndicatorKind, name: i.name, unit: i.unit, target: Number(i.target) })),
    requirements: {
      statuses: JSON.parse(row.required_statuses) as OrganizationStatus[],
      minimumGrade: row.required_grade as RatingGrade | null,
      socialWorkers: Number(row.required_social_workers),
    },
    phases: parts.phases.map((p) => ({ id: p.id, title: p.title, startsOn: p.starts_on, endsOn: p.ends_on })),
    status: row.status as ProjectStatus,
    callId: parts.call?.id ?? null,
    contractId: parts.contract?.id ?? null,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    version: Number(row.version),
  };
}

type SummaryRow = Awaited<ReturnType<typeof listProjects>>['rows'][number];

export function toProjectSummary(r: SummaryRow): ProjectSummary {
  return {
    id: r.id,
    areaCode: r.area_code,
    areaName: r.area_name ?? null,
    title: r.title,
    status: r.status as ProjectStatus,
    fundingSource: r.funding_source as FundingSource,
    budgetCents: Number(r.budget_cents),
    needCount: Number(r.need_count ?? 0),
    callId: r.call_id ?? null,
    callStatus: (r.call_status as CallStatus | null) ?? null,
    updatedAt: r.updated_at,
  };
}
