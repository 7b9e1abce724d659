/** Row ↔ API mapping of needs. */
import type { Need, NeedDetail } from '../../../contracts/linkage-api.ts';
import type { NeedCategory, NeedChannel, NeedDecision, NeedEvidenceKind, NeedStatus, SupportChannel } from '../../../contracts/linkage.ts';
import type { LinkageNeedAnswersTable } from '../../db/tables/linkage-procurement.ts';
import { maskName } from '../../../engine/identity/name-mask.ts';
import type { NeedRow } from './needs.repository.ts';
import { DEFAULT_THRESHOLD } from './needs.repository.ts';

export interface NeedReaderFacts {
  staff: boolean;
  userId: string;
  supported: Set<string>;
  followed: Set<string>;
  answers: Map<string, LinkageNeedAnswersTable[]>;
  projects: Map<string, string[]>;
}

export function toNeed(row: NeedRow, f: NeedReaderFacts): Need {
  const published = (f.answers.get(row.id) ?? []).filter((a) => a.published_at !== null && a.public_text !== null).at(-1);
  return {
    id: row.id,
    areaCode: row.area_code,
    areaName: row.area_name ?? null,
    category: row.category as NeedCategory,
    title: row.title,
    description: row.description,
    photo: row.photo,
    channel: row.channel as NeedChannel,
    evidenceKind: row.evidence_kind as NeedEvidenceKind | null,
    evidence: f.staff ? row.evidence : null,
    status: row.status as NeedStatus,
    mergedIntoId: row.merged_into_id,
    supports: Number(row.supports),
    threshold: row.threshold ?? DEFAULT_THRESHOLD,
    supportedByMe: f.supported.has(row.id),
    followedByMe: f.followed.has(row.id),
    mine: row.raised_by_user_id === f.userId,
    publicAnswer: published ? { decision: published.decision as NeedDecision, text: published.public_text!, publishedAt: published.published_at! } : null,
    projectIds: f.projects.get(row.id) ?? [],
    createdAt: row.created_at,
    version: Number(row.version),
  };
}

export function toNeedDetail(
  row: NeedRow,
  f: NeedReaderFacts,
  supports: { channel: string; at: string; person_name: string | null; display_name: string | null }[],
): NeedDetail {
  return {
    ...toNeed(row, f),
    answers: f.staff
      ? (f.answers.get(row.id) ?? []).map((a) => ({
          id: a.id,
          decision: a.decision as NeedDecision,
          reason: a.reason,
          internalNote: a.internal_note,
          publicText: a.public_text,
          publishedAt: a.published_at,
          at: a.at,
          username: a.username,
        }))
      : [],
    supportList: f.staff ? supports.map((s) => ({ channel: s.channel as SupportChannel, at: s.at, name: maskName(s.person_name ?? s.display_name ?? '?') })) : [],
  };
}
