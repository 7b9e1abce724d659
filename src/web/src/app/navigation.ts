import type { Role } from '../api/types.ts';
import { ownOnly, rolesFor, type Action } from '../../../contracts/policy.ts';

/** Menu sections, in the order they show: a role's daily work first, administration last. */
export const NAV_GROUPS = ['overview', 'services', 'residents', 'people', 'facilities', 'system'] as const;
export type NavGroup = (typeof NAV_GROUPS)[number];

export interface NavItem {
  key: 'careDay' | 'field' | 'syncConflicts' | 'areas' | 'indicators' | 'persons' | 'leftBehind' | 'facilities' | 'coverage' | 'planning' | 'users' | 'audit' | 'portal'
    | 'myRequests' | 'serviceWindow' | 'serviceQueue' | 'serviceStats' | 'agency' | 'catalog' | 'catalogManage'
    | 'organizations' | 'myOrganization'
    | 'workers' | 'volunteering' | 'volunteers'
    | 'linkageNeeds' | 'linkageProjects' | 'linkageCalls' | 'linkageScoring'
    | 'linkageDelivery' | 'linkageEvaluations'
    | 'infoPoint' | 'infoPoints' | 'recycling' | 'recyclingCollect'
    | 'marketShop' | 'marketProduce' | 'marketRounds';
  path: string;
  /** The menu section the page sits in (headings show when a role has many pages). */
  group: NavGroup;
  /** The policy action (src/contracts/policy.ts) the page is for: its roles see the page. */
  action: Action;
  /**
   * Which of the action's roles the page serves: `staff` leaves out the roles that reach only their
   * own records (a resident, who has the portal), `own` keeps only those.
   */
  audience?: 'staff' | 'own';
  /** Who sees the page: read from the policy table, never listed here. */
  roles: readonly Role[];
  /** Roles that land here after logging in (otherwise a role lands on its first menu entry). */
  homeOf?: readonly Role[];
}

function item(key: NavItem['key'], path: string, action: Action, options: { audience?: 'staff' | 'own'; homeOf?: readonly Role[] } = {}): NavItem {
  const group = GROUP_OF[key];
  const roles = rolesFor(action).filter((role) =>
    options.audience === 'staff' ? role !== 'resident' && !ownOnly(role, action) : options.audience === 'own' ? ownOnly(role, action) : true,
  );
  return { key, path, group, action, roles, ...options };
}

const GROUP_OF: Record<NavItem['key'], NavGroup> = {
  careDay: 'residents',
  field: 'residents',
  syncConflicts: 'residents',
  portal: 'overview',
  linkageNeeds: 'services',
  linkageProjects: 'services',
  linkageCalls: 'services',
  linkageScoring: 'services',
  linkageDelivery: 'services',
  linkageEvaluations: 'services',
  areas: 'overview',
  indicators: 'overview',
  catalog: 'services',
  myRequests: 'services',
  serviceWindow: 'services',
  serviceQueue: 'services',
  agency: 'services',
  infoPoint: 'services',
  infoPoints: 'facilities',
  recycling: 'services',
  recyclingCollect: 'services',
  marketShop: 'services',
  marketProduce: 'services',
  marketRounds: 'services',
  serviceStats: 'services',
  catalogManage: 'services',
  persons: 'residents',
  leftBehind: 'residents',
  workers: 'people',
  organizations: 'people',
  myOrganization: 'people',
  volunteers: 'people',
  volunteering: 'people',
  facilities: 'facilities',
  coverage: 'facilities',
  planning: 'facilities',
  users: 'system',
  audit: 'system',
};

/**
 * The menu, by role, from the policy table: a page is shown to the roles that may do its action,
 * and the server refuses the others, so a hidden page is also a closed one. The facility register
 * and its coverage map are staff pages for those who keep the register (`facilities.write`); other
 * roles read facilities and coverage where another page shows them.
 */
export const NAV_ITEMS: readonly NavItem[] = [
  item('portal', '/portal', 'registry.read', { audience: 'own' }),
  item('areas', '/areas', 'areas.read', { audience: 'staff' }),
  item('indicators', '/indicators', 'indicators.read', { homeOf: ['official', 'evaluator'] }),
  item('persons', '/persons', 'registry.review'),
  item('leftBehind', '/left-behind', 'registry.review'),
  item('facilities', '/facilities', 'facilities.write'),
  item('coverage', '/coverage', 'facilities.write'),
  item('planning', '/planning', 'planning.use'),
  item('users', '/users', 'users.manage'),
  item('audit', '/audit', 'audit.read'),
  // -- people --
  item('organizations', '/organizations', 'organizations.read', { audience: 'staff' }),
  item('myOrganization', '/my-organization', 'organizations.keep', { audience: 'own', homeOf: ['organizationMember'] }),
  item('workers', '/workers', 'workers.read'),
  // Volunteering for oneself is the page of those without the registry (a resident); staff use the registry page.
  { ...item('volunteering', '/volunteering', 'volunteers.self'), roles: rolesFor('volunteers.self').filter((role) => !rolesFor('volunteers.read').includes(role)) },
  item('volunteers', '/volunteers', 'volunteers.read'),
  // -- end people --
  // -- services --
  // Everyone reads the catalog of their own area; officials and admins publish it and keep the calendar.
  item('catalog', '/catalog', 'serviceCatalog.read'),
  item('myRequests', '/requests', 'serviceRequests.read', { audience: 'own' }),
  // The window files for a person and accepts what it filed: those who may do both.
  { ...item('serviceWindow', '/service-window', 'serviceRequests.file', { audience: 'staff' }), roles: rolesFor('serviceRequests.file').filter((role) => rolesFor('serviceRequests.handle').includes(role)) },
  item('serviceQueue', '/service-queue', 'serviceRequests.handle'),
  item('serviceStats', '/service-stats', 'serviceRequests.stats'),
  item('agency', '/agency', 'agency.mandate', { homeOf: ['agent'] }),
  item('catalogManage', '/catalog/manage', 'serviceCatalog.publish'),
  // -- end services --
  // -- linkage: procurement --
  // The needs board for those who raise and support needs (residents and their community's workers);
  // the community designs projects and runs calls; organizations bid and evaluators score from the calls.
  item('linkageNeeds', '/linkage/needs', 'needs.support'),
  item('linkageProjects', '/linkage/projects', 'linkageProjects.design'),
  item('linkageCalls', '/linkage/calls', 'calls.read'),
  item('linkageScoring', '/linkage/scoring', 'calls.score'),
  // -- end linkage: procurement --
  // -- linkage: delivery --
  // Delivery of contracted projects (activities, attendance on a phone, milestones, spending) for
  // those who follow it; evaluation forms for every rater: residents who took part, the community,
  // the funder, the independent evaluator. The public notice (/notice/{community}) needs no account.
  item('linkageDelivery', '/linkage/delivery', 'linkageDelivery.read'),
  item('linkageEvaluations', '/linkage/evaluations', 'linkageEvaluations.respond'),
  // -- end linkage: delivery --
  // -- care: cases --
  // The worker's day, the supervisor's queue and the caseload (docs/care.md). An agent reaches only
  // the cases whose team they are on: their day is on the field page (离线走访), not in this menu.
  item('careDay', '/care', 'care.read', { audience: 'staff' }),
  // -- end care: cases --
  // -- care: referrals and family --
  // -- end care: referrals and family --
  // -- market: information points --
  // The operator's phone page of their village information point; recycling for residents and its collectors.
  item('infoPoint', '/info-point', 'infoPoints.log'),
  // The register of points for those who keep it (township and county staff).
  item('infoPoints', '/info-points', 'infoPoints.write'),
  item('recycling', '/recycling', 'recycling.request'),
  item('recyclingCollect', '/recycling/collect', 'recycling.collect'),
  // -- end market: information points --
  // -- market: sales --
  // The shop page of the rounds of one's community, for residents; agents and village workers list
  // produce for farmers and confirm what they deliver; the hub's staff run the rounds and pick lists.
  { ...item('marketShop', '/market', 'market.order'), roles: ['resident'] },
  item('marketProduce', '/market/produce', 'market.list'),
  item('marketRounds', '/market/rounds', 'market.coordinate'),
  // -- end market: sales --
  // -- field --
  // Offline field work (docs/sync.md): the phone page, and the conflicts its edits may meet.
  item('field', '/field', 'sync.use'),
  item('syncConflicts', '/sync-conflicts', 'sync.resolve'),
  // -- end field --
];

/** A role's pages, section by section (the order of NAV_GROUPS, then of NAV_ITEMS within one). */
export function navFor(role: Role): NavItem[] {
  const mine = NAV_ITEMS.filter((item) => item.roles.includes(role));
  return NAV_GROUPS.flatMap((group) => mine.filter((item) => item.group === group));
}

/** Above this many pages the menu shows its section headings. */
export const GROUPED_MENU_FROM = 8;

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
