/**
 * Open Contracting Data Standard 1.1 releases of a linkage project, built from plain data. A
 * project is one contracting process (one ocid); each stage it has reached is one release:
 * planning (the designed project and its budget), tender (the call), award, contract, and
 * implementation (delivery milestones and payments). Pure, no I/O.
 *
 * Personal data never enters: the input types carry organizations and public bodies only (names,
 * unified social credit codes, area codes), counts rather than people, and titles of milestones.
 */

export const OCDS_VERSION = '1.1';
export const CURRENCY = 'CNY';

/** An organization or public body: never a person. */
export interface OcdsOrganization {
  id: string;
  name: string;
  /** The 18-character unified social credit code, when the body has one. */
  creditCode?: string | null;
  areaCode?: string | null;
  areaName?: string | null;
}

export interface OcdsBudgetLine {
  code: string;
  description: string;
  /** Fen. */
  amount: number;
}

export interface OcdsPlanning {
  date: string;
  /** Fen. */
  budgetAmount: number;
  budgetLines: readonly OcdsBudgetLine[];
  fundingSource: string;
  rationale?: string | null;
}

export interface OcdsTender {
  id: string;
  date: string;
  title: string;
  description?: string | null;
  /** open: anyone eligible may bid; invitation: only the invited (OCDS `selective`). */
  method: 'open' | 'invitation';
  status: 'planned' | 'active' | 'complete' | 'cancelled' | 'unsuccessful';
  enquiryPeriod?: { start: string; end: string } | null;
  tenderPeriod: { start: string; end: string };
  awardPeriod?: { start: string; end: string } | null;
  /** Fen. */
  value: number;
  tenderers: readonly OcdsOrganization[];
  eligibilityCriteria?: string | null;
}

export interface OcdsAward {
  id: string;
  date: string;
  status: 'pending' | 'active' | 'cancelled' | 'unsuccessful';
  supplier: OcdsOrganization;
  /** Fen. */
  value: number;
  title?: string | null;
}

export interface OcdsContract {
  id: string;
  awardId: string;
  status: 'pending' | 'active' | 'cancelled' | 'terminated';
  dateSigned?: string | null;
  period?: { start: string; end: string } | null;
  /** Fen. */
  value: number;
  title?: string | null;
}

export interface OcdsMilestone {
  id: string;
  title: string;
  dueDate?: string | null;
  dateMet?: string | null;
  status: 'scheduled' | 'met' | 'notMet';
  /** Evidence published with the milestone: titles and kinds, never the files' contents. */
  documents?: readonly { id: string; title: string; format?: string | null }[];
}

export interface OcdsTransaction {
  id: string;
  date: string;
  /** Fen. */
  amount: number;
  payer: OcdsOrganization;
  payee: OcdsOrganization;
}

export interface OcdsProcess {
  /** The publisher's prefix, as registered with the Open Contracting Partnership (e.g. `ocds-abc123`). */
  ocidPrefix: string;
  projectId: string;
  title: string;
  description?: string | null;
  buyer: OcdsOrganization;
  planning: OcdsPlanning;
  tender?: OcdsTender | null;
  award?: OcdsAward | null;
  contract?: OcdsContract | null;
  implementation?: { date: string; milestones: readonly OcdsMilestone[]; transactions: readonly OcdsTransaction[] } | null;
}

export interface OcdsPublisher {
  name: string;
  uri?: string | null;
}

/** The ocid of a project: the prefix, a hyphen, the project's id. */
export function ocidFor(prefix: string, projectId: string): string {
  return `${prefix}-${projectId}`;
}

/** Fen to yuan, exact to the fen. */
function yuan(fen: number): number {
  return Math.round(fen) / 100;
}

function amount(fen: number): { amount: number; currency: string } {
  return { amount: yuan(fen), currency: CURRENCY };
}

function period(p: { start: string; end: string }): { startDate: string; endDate: string } {
  return { startDate: dateTime(p.start), endDate: dateTime(p.end) };
}

/** A day (YYYY-MM-DD, read as midnight in China) or a timestamp, as an RFC 3339 date-time in UTC (so dates sort as strings). */
export function dateTime(value: string): string {
  // A county's package converts the same days and instants many times over: remembered (bounded).
  const known = dateTimes.get(value);
  if (known !== undefined) return known;
  const out = new Date(/^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00+08:00` : value).toISOString();
  if (dateTimes.size >= 50_000) dateTimes.clear();
  dateTimes.set(value, out);
  return out;
}
const dateTimes = new Map<string, string>();

type Json = Record<string, unknown>;

function party(org: OcdsOrganization, roles: string[]): Json {
  const out: Json = { id: org.id, name: org.name, roles };
  if (org.creditCode) out.identifier = { scheme: 'CN-USCC', id: org.creditCode, legalName: org.name };
  if (org.areaCode) out.address = { region: org.areaCode, ...(org.areaName ? { locality: org.areaName } : {}), countryName: 'CN' };
  return out;
}

function reference(org: OcdsOrganization): Json {
  return { id: org.id, name: org.name };
}

/** Parties of a release: each organization once, with every role it plays. */
function parties(entries: readonly [OcdsOrganization, string][]): Json[] {
  const byId = new Map<string, { org: OcdsOrganization; roles: string[] }>();
  for (const [org, role] of entries) {
    const e = byId.get(org.id) ?? { org, roles: [] };
    if (!e.roles.includes(role)) e.roles.push(role);
    byId.set(org.id, e);
  }
  return [...byId.values()].map((e) => party(e.org, e.roles));
}

function base(p: OcdsProcess, tag: string, date: string): Json {
  const ocid = ocidFor(p.ocidPrefix, p.projectId);
  return {
    ocid,
    id: `${ocid}-${tag}-${dateTime(date).replace(/[-:.]/g, '')}`,
    date: dateTime(date),
    tag: [tag],
    initiationType: 'tender',
    language: 'zh',
    buyer: reference(p.buyer),
  };
}

function planningSection(p: OcdsProcess): Json {
  return {
    ...(p.planning.rationale ? { rationale: p.planning.rationale } : {}),
    budget: {
      id: `${p.projectId}-budget`,
      // OCDS 1.1 `budget.source` is a URI of a data source, not a funding source: the funding source and the lines go in the description.
      description: [`资金来源: ${p.planning.fundingSource}`, ...p.planning.budgetLines.map((l) => `${l.code} ${l.description}: ${yuan(l.amount).toFixed(2)}`)].join('; '),
      amount: amount(p.planning.budgetAmount),
      project: p.title,
      projectID: p.projectId,
    },
  };
}

function tenderSection(p: OcdsProcess, t: OcdsTender): Json {
  return {
    id: t.id,
    title: t.title,
    ...(t.description ? { description: t.description } : {}),
    status: t.status,
    procuringEntity: reference(p.buyer),
    value: amount(t.value),
    procurementMethod: t.method === 'open' ? 'open' : 'selective',
    procurementMethodDetails: t.method === 'open' ? '公开竞争承接' : '邀请竞争承接',
    mainProcurementCategory: 'services',
    awardCriteria: 'ratedCriteria',
    submissionMethod: ['electronicSubmission'],
    ...(t.eligibilityCriteria ? { eligibilityCriteria: t.eligibilityCriteria } : {}),
    ...(t.enquiryPeriod ? { enquiryPeriod: period(t.enquiryPeriod) } : {}),
    tenderPeriod: period(t.tenderPeriod),
    ...(t.awardPeriod ? { awardPeriod: period(t.awardPeriod) } : {}),
    numberOfTenderers: t.tenderers.length,
    tenderers: t.tenderers.map(reference),
  };
}

function awardSection(a: OcdsAward): Json {
  return { id: a.id, ...(a.title ? { title: a.title } : {}), status: a.status, date: dateTime(a.date), value: amount(a.value), suppliers: [reference(a.supplier)] };
}

function contractSection(c: OcdsContract, implementation?: Json): Json {
  return {
    id: c.id,
    awardID: c.awardId,
    ...(c.title ? { title: c.title } : {}),
    status: c.status,
    ...(c.period ? { period: period(c.period) } : {}),
    value: amount(c.value),
    ...(c.dateSigned ? { dateSigned: dateTime(c.dateSigned) } : {}),
    ...(implementation ? { implementation } : {}),
  };
}

function implementationSection(impl: NonNullable<OcdsProcess['implementation']>): Json {
  return {
    milestones: impl.milestones.map((m) => ({
      id: m.id,
      title: m.title,
      type: 'delivery',
      status: m.status,
      ...(m.dueDate ? { dueDate: dateTime(m.dueDate) } : {}),
      ...(m.dateMet ? { dateMet: dateTime(m.dateMet) } : {}),
      ...(m.documents && m.documents.length > 0
        ? { documents: m.documents.map((d) => ({ id: d.id, title: d.title, documentType: 'physicalProgressReport', ...(d.format ? { format: d.format } : {}) })) }
        : {}),
    })),
    transactions: impl.transactions.map((t) => ({
      id: t.id,
      date: dateTime(t.date),
      value: amount(t.amount),
      payer: reference(t.payer),
      payee: reference(t.payee),
    })),
  };
}

/** The releases of one process, one per stage reached, in order. */
export function processReleases(p: OcdsProcess): Json[] {
  const releases: Json[] = [];
  const title = p.title;
  // Each section is built once and shared by the releases that repeat it (they are only serialized).
  const planning = planningSection(p);
  releases.push({ ...base(p, 'planning', p.planning.date), parties: parties([[p.buyer, 'buyer']]), planning, tender: { id: `${p.projectId}-tender`, title, status: 'planned' } });
  const t = p.tender;
  if (!t) return releases;
  const tenderParties: [OcdsOrganization, string][] = [[p.buyer, 'buyer'], [p.buyer, 'procuringEntity'], ...t.tenderers.map((o): [OcdsOrganization, string] => [o, 'tenderer'])];
  const tender = tenderSection(p, t);
  releases.push({ ...base(p, 'tender', t.date), parties: parties(tenderParties), planning, tender });
  const a = p.award;
  if (!a) return releases;
  const awardParties: [OcdsOrganization, string][] = [...tenderParties, [a.supplier, 'supplier']];
  const award = awardSection(a);
  const withSupplier = parties(awardParties);
  releases.push({ ...base(p, 'award', a.date), parties: withSupplier, tender, awards: [award] });
  const c = p.contract;
  if (!c) return releases;
  releases.push({ ...base(p, 'contract', c.dateSigned ?? a.date), parties: withSupplier, awards: [award], contracts: [contractSection(c)] });
  const impl = p.implementation;
  if (!impl || (impl.milestones.length === 0 && impl.transactions.length === 0)) return releases;
  const implParties: [OcdsOrganization, string][] = [...awardParties, ...impl.transactions.flatMap((x): [OcdsOrganization, string][] => [[x.payer, 'payer'], [x.payee, 'payee']])];
  releases.push({ ...base(p, 'implementation', impl.date), parties: parties(implParties), contracts: [contractSection(c, implementationSection(impl))] });
  return releases;
}

/**
 * A release package of the given processes. `publishedDate` is the date of the latest change to
 * what the package holds (OCDS: for a package generated on demand), so the same data gives the
 * same package.
 */
export function releasePackage(processes: readonly OcdsProcess[], options: { uri: string; publisher: OcdsPublisher; license?: string | null; publishedDate?: string }): Json {
  const releases = processes.flatMap(processReleases);
  const latest = releases.reduce<string | null>((max, r) => (max === null || (r.date as string) > max ? (r.date as string) : max), null);
  return {
    uri: options.uri,
    version: OCDS_VERSION,
    publishedDate: options.publishedDate ?? latest ?? new Date(0).toISOString(),
    publisher: { name: options.publisher.name, ...(options.publisher.uri ? { uri: options.publisher.uri } : {}) },
    ...(options.license ? { license: options.license } : {}),
    releases,
  };
}
