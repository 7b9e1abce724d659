export type CommunityKind = 'urban' | 'rural';

// Longest, most specific endings first: 社区委员会 is a residents' committee, 村民委员会 a villagers'.
const URBAN = /(居委会|居民委员会|社区委员会|社区居委会|社区)$/;
const RURAL = /(村委会|村民委员会|嘎查|嘎查委员会|牧委会|牧民委员会|村)$/;
const URBAN_ANYWHERE = /(居委会|居民委员会|社区)/;

/**
 * The kind of a level-5 unit, read from its committee's name: a residents' committee
 * (居委会) is urban, a villagers' committee (村委会, 嘎查, 牧委会) rural. An explicit
 * override wins. Names that say neither (a state farm's 生活区, a 管理区) are rural:
 * they are farms and reclamation areas, and an override can say otherwise.
 */
export function communityKind(name: string, override?: CommunityKind | null): CommunityKind {
  if (override) return override;
  const trimmed = name.trim();
  if (URBAN.test(trimmed)) return 'urban';
  if (RURAL.test(trimmed)) return 'rural';
  return URBAN_ANYWHERE.test(trimmed) ? 'urban' : 'rural';
}

/** Whether the name itself says the kind (false means communityKind fell back to rural). */
export function kindIsStated(name: string): boolean {
  const trimmed = name.trim();
  return URBAN.test(trimmed) || RURAL.test(trimmed) || URBAN_ANYWHERE.test(trimmed);
}
