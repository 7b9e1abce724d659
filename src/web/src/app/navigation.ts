import type { Role } from '../api/types.ts';
import { ROLES } from '../../../contracts/roles.ts';
import { REGISTRY_READERS } from '../../../contracts/residents.ts';

export interface NavItem {
  key: 'areas' | 'indicators' | 'persons' | 'leftBehind' | 'facilities' | 'coverage' | 'planning' | 'users' | 'audit' | 'portal';
  path: string;
  roles: readonly Role[];
  /** Roles that land here after logging in (otherwise a role lands on its first menu entry). */
  homeOf?: readonly Role[];
}

const STAFF = ROLES.filter((r) => r !== 'resident');
/** Those who keep the facility register and read its coverage. */
const FACILITY_KEEPERS: readonly Role[] = ['admin', 'official', 'communityWorker'];

/** The menu, by role. A page's route checks the same list, so a hidden page is also a closed one. */
export const NAV_ITEMS: readonly NavItem[] = [
  { key: 'portal', path: '/portal', roles: ['resident'] },
  { key: 'areas', path: '/areas', roles: STAFF },
  { key: 'indicators', path: '/indicators', roles: ['admin', 'official', 'evaluator'], homeOf: ['official', 'evaluator'] },
  { key: 'persons', path: '/persons', roles: REGISTRY_READERS },
  { key: 'leftBehind', path: '/left-behind', roles: REGISTRY_READERS },
  { key: 'facilities', path: '/facilities', roles: FACILITY_KEEPERS },
  { key: 'coverage', path: '/coverage', roles: FACILITY_KEEPERS },
  { key: 'planning', path: '/planning', roles: ['admin', 'official'] },
  { key: 'users', path: '/users', roles: ['admin'] },
  { key: 'audit', path: '/audit', roles: ['admin'] },
];

export function navFor(role: Role): NavItem[] {
  return NAV_ITEMS.filter((item) => item.roles.includes(role));
}

/** Where a role lands after logging in. */
export function homeOf(role: Role): string {
  const items = navFor(role);
  return (items.find((item) => item.homeOf?.includes(role)) ?? items[0])?.path ?? '/areas';
}

/** Only same-app paths are followed after login (no open redirect). */
export function safeNext(next: string | null): string | null {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/login')) return null;
  return next;
}
