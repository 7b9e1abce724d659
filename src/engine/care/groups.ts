import { isLeapYear } from './calendar.ts';

/**
 * Care groups that follow time: a left-behind child is under 16, a child in difficulty under 18.
 * Pure. A person reaches an age on their birthday; someone born on 29 February reaches it on
 * 1 March in a year without one (as the residents module's `ageOn` counts).
 */
export type Group = 'leftBehindChild' | 'leftBehindWoman' | 'leftBehindElderly' | 'elderlyAlone' | 'disabled' | 'hardship' | 'childInDifficulty';

export const GROUP_AGE_LIMITS: Partial<Record<Group, number>> = { leftBehindChild: 16, childInDifficulty: 18 };

/** The day a person born on `birthDate` reaches `years` of age. */
export function birthdayOf(birthDate: string, years: number): string {
  const year = Number(birthDate.slice(0, 4)) + years;
  const monthDay = birthDate.slice(5);
  if (monthDay === '02-29' && !isLeapYear(year)) return `${String(year).padStart(4, '0')}-03-01`;
  return `${String(year).padStart(4, '0')}-${monthDay}`;
}

/** The day the person leaves the group by age, or null for groups without an age limit. */
export function groupEndsOn(group: Group, birthDate: string): string | null {
  const limit = GROUP_AGE_LIMITS[group];
  return limit === undefined ? null : birthdayOf(birthDate, limit);
}

/** Whole years on `asOf`: 16 from the 16th birthday (29 February births: from 1 March in common years). */
export function ageOn(birthDate: string, asOf: string): number {
  const years = Number(asOf.slice(0, 4)) - Number(birthDate.slice(0, 4));
  return asOf >= birthdayOf(birthDate, years) ? years : years - 1;
}

export interface RecheckInput {
  group: Group;
  birthDate: string;
  /** For left-behind groups: whether the residents module's flag still applies (confirmed and found by the rules). */
  flagApplies: boolean | null;
  today: string;
}

export type GroupEnd = 'ageLimit' | 'flagEnded';

/** Why the person no longer belongs to the case's group on `today`, or null when they still do. */
export function recheckGroup(input: RecheckInput): GroupEnd | null {
  const ends = groupEndsOn(input.group, input.birthDate);
  if (ends !== null && input.today >= ends) return 'ageLimit';
  if (input.group.startsWith('leftBehind') && input.flagApplies === false) return 'flagEnded';
  return null;
}
