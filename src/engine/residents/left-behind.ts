/**
 * Identification of the left-behind (三留守) from household relations and migration status.
 * Pure: members of one household and a date in, findings out.
 *
 * - leftBehindChild: under 16, living at home, whose parents are both away as migrant workers,
 *   or one is away as a migrant worker and the other cannot act as guardian (a severe
 *   disability, grade 1 or 2, or away too), or whose only parent in the household is away as
 *   a migrant worker.
 * - leftBehindElderly: 60 or older, living at home, with at least one child in the household
 *   and every child in the household away.
 * - leftBehindWoman: living at home, whose husband has been away as a migrant worker for six
 *   months or more.
 *
 * Relations are to the household head; parents, children and husbands are found through them.
 * Kin outside the household are unknown here, so a finding says what the registry shows.
 */

export type MemberSex = 'male' | 'female';
export type MemberRelation = 'head' | 'spouse' | 'child' | 'childInLaw' | 'grandchild' | 'parent' | 'grandparent' | 'sibling' | 'other';
export type MemberResidenceStatus = 'local' | 'inflow' | 'outflow';
export type LeftBehindKind = 'leftBehindChild' | 'leftBehindElderly' | 'leftBehindWoman';
export type LeftBehindReason =
  | 'bothParentsAway'
  | 'oneParentAwayOtherUnableToGuard'
  | 'onlyParentAway'
  | 'allChildrenAway'
  | 'husbandAwaySixMonths';

export interface HouseholdMember {
  id: string;
  sex: MemberSex;
  /** YYYY-MM-DD */
  birthDate: string;
  relation: MemberRelation;
  residenceStatus: MemberResidenceStatus;
  migrantWorker: boolean;
  /** YYYY-MM-DD, for those away (outflow); null when unknown. */
  awaySince: string | null;
  /** 1 (most severe) to 4; null when not disabled. */
  disabilityGrade: number | null;
}

export interface LeftBehindFinding {
  personId: string;
  kind: LeftBehindKind;
  reason: LeftBehindReason;
  /** The facts the finding rests on; when they change, a reviewed flag needs review again. */
  facts: Record<string, unknown>;
}

export const CHILD_AGE_LIMIT = 16;
export const ELDERLY_AGE = 60;
export const HUSBAND_AWAY_MONTHS = 6;

/** Whole years from birthDate to asOf (both YYYY-MM-DD): a person is 16 from their 16th birthday. */
export function ageOn(birthDate: string, asOf: string): number {
  const years = Number(asOf.slice(0, 4)) - Number(birthDate.slice(0, 4));
  return asOf.slice(5) >= birthDate.slice(5) ? years : years - 1;
}

/** date + months, clamped to the month's last day (2024-08-31 + 6 → 2025-02-28). */
export function addMonths(date: string, months: number): string {
  const y = Number(date.slice(0, 4));
  const m = Number(date.slice(5, 7)) - 1 + months;
  const year = y + Math.floor(m / 12);
  const month = ((m % 12) + 12) % 12;
  const last = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  const day = Math.min(Number(date.slice(8, 10)), last);
  return `${String(year).padStart(4, '0')}-${String(month + 1).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

const livesHere = (m: HouseholdMember) => m.residenceStatus !== 'outflow';
const awayAsMigrantWorker = (m: HouseholdMember) => m.residenceStatus === 'outflow' && m.migrantWorker;
const severelyDisabled = (m: HouseholdMember) => m.disabilityGrade === 1 || m.disabilityGrade === 2;

function parentFacts(m: HouseholdMember) {
  return { id: m.id, residenceStatus: m.residenceStatus, migrantWorker: m.migrantWorker, disabilityGrade: m.disabilityGrade };
}

/** The child's parents among the members, by relation to the head. */
function parentsOf(child: HouseholdMember, members: HouseholdMember[]): HouseholdMember[] {
  const older = (m: HouseholdMember) => m.id !== child.id && m.birthDate < child.birthDate && ageOn(m.birthDate, child.birthDate) >= 15;
  switch (child.relation) {
    case 'child':
      return members.filter((m) => (m.relation === 'head' || m.relation === 'spouse') && older(m));
    case 'grandchild':
      return members.filter((m) => (m.relation === 'child' || m.relation === 'childInLaw') && older(m));
    case 'head':
    case 'sibling':
      return members.filter((m) => m.relation === 'parent' && older(m));
    default:
      return [];
  }
}

/** The person's children among the members, by relation to the head. */
function childrenOf(person: HouseholdMember, members: HouseholdMember[]): HouseholdMember[] {
  switch (person.relation) {
    case 'head':
    case 'spouse':
      return members.filter((m) => m.relation === 'child');
    case 'parent':
      return members.filter((m) => m.relation === 'head' || m.relation === 'sibling');
    case 'grandparent':
      return members.filter((m) => m.relation === 'parent');
    default:
      return [];
  }
}

/** The woman's husband among the members: head and spouse, or a child and a child-in-law (when only one man fits). */
function husbandOf(woman: HouseholdMember, members: HouseholdMember[]): HouseholdMember | undefined {
  const men = (relations: MemberRelation[]) => members.filter((m) => m.id !== woman.id && m.sex === 'male' && relations.includes(m.relation));
  let candidates: HouseholdMember[] = [];
  if (woman.relation === 'head') candidates = men(['spouse']);
  else if (woman.relation === 'spouse') candidates = men(['head']);
  else if (woman.relation === 'childInLaw') candidates = men(['child']).filter((m) => ageOn(m.birthDate, woman.birthDate) > -30 && ageOn(m.birthDate, woman.birthDate) < 30);
  else if (woman.relation === 'child') candidates = men(['childInLaw']);
  return candidates.length === 1 ? candidates[0] : undefined;
}

function childFinding(child: HouseholdMember, members: HouseholdMember[]): LeftBehindFinding | null {
  const parents = parentsOf(child, members);
  if (parents.length === 0) return null;
  const away = parents.filter(awayAsMigrantWorker);
  if (away.length === 0) return null;
  let reason: LeftBehindReason | null = null;
  if (parents.length === 1) reason = 'onlyParentAway';
  else if (away.length >= 2) reason = 'bothParentsAway';
  else if (parents.some((p) => !away.includes(p) && (severelyDisabled(p) || !livesHere(p)))) reason = 'oneParentAwayOtherUnableToGuard';
  if (!reason) return null;
  return {
    personId: child.id,
    kind: 'leftBehindChild',
    reason,
    facts: { birthDate: child.birthDate, parents: parents.map(parentFacts) },
  };
}

function elderlyFinding(person: HouseholdMember, members: HouseholdMember[]): LeftBehindFinding | null {
  const children = childrenOf(person, members).filter((c) => c.id !== person.id);
  if (children.length === 0 || children.some(livesHere)) return null;
  return {
    personId: person.id,
    kind: 'leftBehindElderly',
    reason: 'allChildrenAway',
    facts: { birthDate: person.birthDate, children: children.map((c) => ({ id: c.id, residenceStatus: c.residenceStatus })) },
  };
}

function womanFinding(woman: HouseholdMember, members: HouseholdMember[], asOf: string): LeftBehindFinding | null {
  const husband = husbandOf(woman, members);
  if (!husband || !awayAsMigrantWorker(husband) || !husband.awaySince) return null;
  if (addMonths(husband.awaySince, HUSBAND_AWAY_MONTHS) > asOf) return null;
  return {
    personId: woman.id,
    kind: 'leftBehindWoman',
    reason: 'husbandAwaySixMonths',
    facts: { husband: { id: husband.id, residenceStatus: husband.residenceStatus, migrantWorker: true, awaySince: husband.awaySince } },
  };
}

/**
 * Every left-behind finding for the members of one household on `asOf` (YYYY-MM-DD).
 * Only people living at home (not away themselves) are found left behind.
 */
export function identifyLeftBehind(members: HouseholdMember[], asOf: string): LeftBehindFinding[] {
  const findings: LeftBehindFinding[] = [];
  for (const m of members) {
    if (!livesHere(m) || m.birthDate > asOf) continue;
    const age = ageOn(m.birthDate, asOf);
    if (age < CHILD_AGE_LIMIT) {
      const f = childFinding(m, members);
      if (f) findings.push(f);
      continue;
    }
    if (age >= ELDERLY_AGE) {
      const f = elderlyFinding(m, members);
      if (f) findings.push(f);
    }
    if (m.sex === 'female') {
      const f = womanFinding(m, members, asOf);
      if (f) findings.push(f);
    }
  }
  return findings;
}
