/**
 * The linkage's open-contracting face: each project is one contracting process, published as OCDS
 * 1.1 releases (src/engine/linkage/ocds.ts builds them) in a release package, for one ocid or for
 * every project of an area (a county's package). Answered without an account: the data are public
 * facts of public spending, read in bulk (one query per table), and carry no personal data — the
 * parties are the community (buyer) and organizations; attendance appears nowhere, not even as
 * names of milestones' evidence files beyond their titles.
 */
import type { Db } from '../../db/database.ts';
import { normalizeAreaCode } from '../../../contracts/area-code.ts';
import type { ReleasesQuery } from '../../../contracts/open-contracting.ts';
import { invalidField, notFound } from '../../http/errors.ts';
import { releasePackage, type OcdsOrganization, type OcdsProcess } from '../../../engine/linkage/ocds.ts';
import * as repo from './delivery.repository.ts';

export interface OcdsSettings {
  ocidPrefix: string;
  publisherName: string;
}

const FUNDING_WORDS: Record<string, string> = { governmentPurchase: '政府购买服务', welfareLottery: '福彩公益金', charity: '慈善资金', villageCollective: '村集体经济' };
const TENDER_STATUS: Record<string, 'planned' | 'active' | 'complete' | 'cancelled'> = {
  open: 'active',
  evaluation: 'active',
  notice: 'active',
  awarded: 'complete',
  contracted: 'complete',
  cancelled: 'cancelled',
};

function groupBy<T, K>(rows: readonly T[], key: (row: T) => K): Map<K, T[]> {
  const out = new Map<K, T[]>();
  for (const r of rows) {
    const k = key(r);
    const list = out.get(k);
    if (list) list.push(r);
    else out.set(k, [r]);
  }
  return out;
}

function organization(id: string, name: string | null, creditCode: string | null): OcdsOrganization {
  return { id: `org-${id}`, name: name ?? id, creditCode };
}

/** The processes of an area (or of one project in it), from one read per table. */
export async function ocdsProcesses(db: Db, settings: OcdsSettings, filter: { scope: string; projectId?: string }): Promise<OcdsProcess[]> {
  const [projects, lines, calls, bidders, contracts, payments, milestones, evidence] = await Promise.all([
    repo.ocdsProjects(db, filter),
    repo.ocdsBudgetLines(db, filter),
    repo.ocdsCalls(db, filter),
    repo.ocdsBidders(db, filter),
    repo.ocdsContracts(db, filter),
    repo.ocdsPayments(db, filter),
    repo.ocdsMilestones(db, filter),
    repo.ocdsEvidence(db, filter),
  ]);
  const linesOf = groupBy(lines, (l) => l.project_id);
  const callsOf = groupBy(calls, (c) => c.project_id);
  const biddersOf = groupBy(bidders, (b) => b.call_id);
  const contractOf = new Map(contracts.map((c) => [c.project_id, c]));
  const paymentsOf = groupBy(payments, (p) => p.project_id);
  const milestonesOf = groupBy(milestones, (m) => m.project_id);
  const evidenceOf = groupBy(evidence, (e) => e.milestone_id);
  return projects.map((p) => {
    const buyer: OcdsOrganization = { id: `CN-AREA-${p.area_code}`, name: `${p.area_name ?? p.area_code}`, areaCode: p.area_code, areaName: p.area_name };
    const call = (callsOf.get(p.id) ?? []).filter((c) => c.status !== 'cancelled').at(-1) ?? (callsOf.get(p.id) ?? []).at(-1);
    const contract = contractOf.get(p.id);
    const supplier = contract ? organization(contract.organization_id, contract.organization_name, contract.credit_code) : call?.awarded_organization_id ? organization(call.awarded_organization_id, call.awarded_organization, call.awarded_credit_code) : null;
    const ms = milestonesOf.get(p.id) ?? [];
    const pays = paymentsOf.get(p.id) ?? [];
    const lastChange = [p.updated_at, ...ms.map((m) => m.updated_at)].sort().at(-1)!;
    return {
      ocidPrefix: settings.ocidPrefix,
      projectId: p.id,
      title: p.title,
      description: p.summary,
      buyer,
      planning: {
        date: p.created_at,
        budgetAmount: Number(p.budget_cents),
        budgetLines: (linesOf.get(p.id) ?? []).map((l) => ({ code: String(l.position), description: l.title, amount: Number(l.amount_cents) })),
        fundingSource: FUNDING_WORDS[p.funding_source] ?? p.funding_source,
        rationale: p.objectives,
      },
      tender: call
        ? {
            id: call.id,
            date: call.opened_at ?? call.created_at,
            title: p.title,
            method: call.mode === 'invitation' ? 'invitation' : 'open',
            status: TENDER_STATUS[call.status] ?? 'planned',
            enquiryPeriod: { start: (call.opened_at ?? call.created_at).slice(0, 10), end: call.questions_until.slice(0, 10) },
            tenderPeriod: { start: (call.opened_at ?? call.created_at).slice(0, 10), end: call.submission_deadline.slice(0, 10) },
            awardPeriod: { start: call.submission_deadline.slice(0, 10), end: call.notice_until.slice(0, 10) },
            value: Number(p.budget_cents),
            tenderers: (biddersOf.get(call.id) ?? []).map((b) => organization(b.organization_id, b.name, b.credit_code)),
          }
        : null,
      award:
        call?.awarded_bid_id && call.awarded_at && supplier
          ? { id: call.awarded_bid_id, date: call.awarded_at, status: 'active', supplier, value: Number(call.awarded_cents ?? contract?.amount_cents ?? 0) }
          : null,
      contract:
        contract && call?.awarded_bid_id
          ? { id: contract.id, awardId: call.awarded_bid_id, status: p.status === 'closed' ? 'terminated' : 'active', dateSigned: contract.signed_on, period: { start: contract.starts_on, end: contract.ends_on }, value: Number(contract.amount_cents) }
          : null,
      implementation:
        contract && supplier
          ? {
              date: lastChange,
              milestones: ms.map((m) => ({
                id: m.id,
                title: m.title,
                dueDate: m.due_on,
                dateMet: m.met_on,
                status: m.status === 'met' ? 'met' : m.status === 'notMet' ? 'notMet' : 'scheduled',
                documents: (evidenceOf.get(m.id) ?? []).map((e) => ({ id: e.id, title: e.title, format: e.media_type })),
              })),
              transactions: pays.map((x) => ({ id: x.id, date: x.paid_on!, amount: Number(x.amount_cents), payer: buyer, payee: supplier })),
            }
          : null,
    } satisfies OcdsProcess;
  });
}

/**
 * A release package: `ocid` names one process (404 when it is not one of ours), `area` every
 * process of an area; one of the two is required (400).
 */
export async function releases(db: Db, settings: OcdsSettings, q: ReleasesQuery, uri: string): Promise<Record<string, unknown>> {
  let filter: { scope: string; projectId?: string };
  if (q.ocid !== undefined) {
    const prefix = `${settings.ocidPrefix}-`;
    if (!q.ocid.startsWith(prefix)) throw notFound('Contracting process', q.ocid);
    const projectId = q.ocid.slice(prefix.length);
    const project = await repo.findProject(db, projectId);
    if (!project) throw notFound('Contracting process', q.ocid);
    filter = { scope: project.area_code, projectId };
  } else if (q.area !== undefined) {
    const code = normalizeAreaCode(q.area);
    if (!code) throw invalidField('area', 'is not a division code (2, 4, 6, 9 or 12 digits)', 'invalid_format');
    filter = { scope: code };
  } else {
    throw invalidField('ocid', 'or area is required', 'required');
  }
  const processes = await ocdsProcesses(db, settings, filter);
  if (processes.length === 0) throw notFound(q.ocid !== undefined ? 'Contracting process' : 'Contracting processes in area', q.ocid ?? q.area ?? '');
  return releasePackage(processes, { uri, publisher: { name: settings.publisherName }, license: 'https://creativecommons.org/licenses/by/4.0/' });
}

/**
 * Area packages, kept a minute per process (the route declares `max-age=60`; the API's blanket
 * `no-store` for JSON answers, security-headers.ts, overrides it today, so browsers and proxies do
 * not keep them): a county's package costs a second or more of CPU for an anonymous request, so
 * each is built at most once a minute per process however often it is asked for, and askers at the
 * same time share one build. A refusal (400, 404) is not kept. Packages are at most a minute stale.
 */
export function areaPackageCache(options: { ttlMs: number; maxEntries: number; now?: () => number }) {
  const entries = new Map<string, { at: number; body: Promise<string> }>();
  const clock = options.now ?? Date.now;
  return {
    get(key: string, build: () => Promise<string>): Promise<string> {
      const now = clock();
      const hit = entries.get(key);
      if (hit && now - hit.at < options.ttlMs) return hit.body;
      entries.delete(key);
      for (const [k, e] of entries) if (now - e.at >= options.ttlMs) entries.delete(k);
      while (entries.size >= options.maxEntries) entries.delete(entries.keys().next().value!);
      const body = build();
      entries.set(key, { at: now, body });
      body.catch(() => {
        if (entries.get(key)?.body === body) entries.delete(key);
      });
      return body;
    },
  };
}
