/**
 * Who may do what: the one policy table of the platform. The server's services check it
 * (`requirePermission` in src/server/http/actor.ts), the web builds its menus and buttons from it
 * (src/web/src/app/navigation.ts), and the authorization matrix test
 * (test/integration/authorization-matrix.test.ts) calls every route of the OpenAPI document as
 * every role, in scope, out of scope and anonymously, and checks the answers against it.
 *
 * Each action lists the roles that may do it and its scope rule:
 * - `none`: no area is involved (who am I, the indicator definitions);
 * - `area`: the area or record the request names must lie within the user's scope (their area
 *   code prefix); an area outside it is refused with 403 (audited);
 * - `province`: only users whose scope is a whole province (the security log, tied to no area).
 * `own` lists roles that reach only their own household's records (a resident), even inside
 * their scope.
 */
import { ROLES, type Role } from './roles.ts';

export type ScopeRule = 'none' | 'area' | 'province';

export interface Permission {
  readonly roles: readonly Role[];
  readonly scope: ScopeRule;
  readonly own?: readonly Role[];
}

const ALL: readonly Role[] = ROLES;
const ADMIN: readonly Role[] = ['admin'];
/** Those who keep the facility register (and read its coverage on the staff pages). */
const FACILITY_KEEPERS: readonly Role[] = ['admin', 'official', 'communityWorker'];
/** Staff who read the resident registry within their scope. */
const REGISTRY_STAFF: readonly Role[] = ['admin', 'official', 'communityWorker', 'socialWorker'];
/** Those who change the resident registry and review left-behind findings. */
const REGISTRY_KEEPERS: readonly Role[] = ['admin', 'communityWorker'];
const PLANNERS: readonly Role[] = ['admin', 'official'];
/** Those who read indicators and plans. */
const INDICATOR_READERS: readonly Role[] = ['admin', 'official', 'evaluator', 'communityWorker', 'socialWorker'];

export const POLICY = {
  /** Who am I. */
  'session.read': { roles: ALL, scope: 'none' },
  /** Empty import templates (they hold no data). */
  'files.template': { roles: ALL, scope: 'none' },
  'areas.read': { roles: ALL, scope: 'area' },
  /** Set or clear a community's urban/rural override. */
  'areas.write': { roles: ADMIN, scope: 'area' },
  'users.manage': { roles: ADMIN, scope: 'area' },
  'audit.read': { roles: ADMIN, scope: 'area' },
  'audit.readSecurity': { roles: ADMIN, scope: 'province' },
  /** Facilities are public facts of an area: anyone logged in reads those of their scope. */
  'facilities.read': { roles: ALL, scope: 'area' },
  'facilities.write': { roles: FACILITY_KEEPERS, scope: 'area' },
  'coverage.read': { roles: ALL, scope: 'area' },
  /** Resident population figures of an area (registry counts beside statistics). */
  'population.read': { roles: ALL, scope: 'area' },
  /** Persons and households; a resident reaches only their own household. */
  'registry.read': { roles: [...REGISTRY_STAFF, 'resident'], scope: 'area', own: ['resident'] },
  /** Lists that look across households: duplicates, left-behind findings. */
  'registry.review': { roles: REGISTRY_STAFF, scope: 'area' },
  'registry.write': { roles: REGISTRY_KEEPERS, scope: 'area' },
  /** Full ID and phone numbers (audited). */
  'registry.reveal': { roles: ['admin', 'official', 'communityWorker'], scope: 'area' },
  'leftBehind.decide': { roles: REGISTRY_KEEPERS, scope: 'area' },
  /** Run the left-behind rules over a whole area. */
  'leftBehind.identify': { roles: ADMIN, scope: 'area' },
  'planning.use': { roles: PLANNERS, scope: 'area' },
  'indicators.read': { roles: INDICATOR_READERS, scope: 'area' },
  'plans.read': { roles: INDICATOR_READERS, scope: 'area' },
  'plans.write': { roles: PLANNERS, scope: 'area' },
  // -- people: workers --
  // -- end people: workers --
  // -- people: organizations --
  // -- end people: organizations --
  // -- people: volunteers --
  // -- end people: volunteers --
  // -- services: catalog --
  // -- end services: catalog --
  // -- services: requests --
  /** File a request and act on the applicant's side (supplement, withdraw, rate, reopen, upload); a resident only their own. */
  'serviceRequests.file': { roles: ['admin', 'communityWorker', 'agent', 'resident'], scope: 'area', own: ['resident'] },
  /** Read requests in scope; a resident only their own. */
  'serviceRequests.read': { roles: ['admin', 'official', 'communityWorker', 'socialWorker', 'agent', 'resident'], scope: 'area', own: ['resident'] },
  /** The deciding unit's steps: accept, decide, transfer, assign; its queue. */
  'serviceRequests.handle': { roles: ['admin', 'official', 'communityWorker'], scope: 'area' },
  /** Volume, on-time share, overdue by area, satisfaction. */
  'serviceRequests.stats': { roles: INDICATOR_READERS, scope: 'area' },
  // -- end services: requests --
  // -- services: agency --
  // -- end services: agency --
} as const satisfies Record<string, Permission>;

export type Action = keyof typeof POLICY;

export function isAction(value: string): value is Action {
  return Object.hasOwn(POLICY, value);
}

/** The roles that may do `action`. */
export function rolesFor(action: Action): readonly Role[] {
  return POLICY[action].roles;
}

/** Whether `role` may do `action` at all (its scope rule still applies to each request). */
export function may(role: Role, action: Action): boolean {
  return (POLICY[action].roles as readonly Role[]).includes(role);
}

/** Whether `role` reaches only its own household's records under `action`. */
export function ownOnly(role: Role, action: Action): boolean {
  const own = (POLICY[action] as Permission).own;
  return own !== undefined && own.includes(role);
}

/**
 * Every route of the API and the action it needs; `public` routes answer without a session.
 * A route missing here fails the authorization matrix test. Keys are `METHOD /path` as the
 * OpenAPI document writes them (without the /api/v1 prefix).
 */
export const ROUTE_ACTIONS: Readonly<Record<string, Action | 'public'>> = {
  'GET /health': 'public',
  'POST /auth/login': 'public',
  'POST /auth/logout': 'public',
  'GET /auth/demo-accounts': 'public',
  'GET /auth/me': 'session.read',
  'GET /users': 'users.manage',
  'POST /users': 'users.manage',
  'GET /users/{id}': 'users.manage',
  'PATCH /users/{id}': 'users.manage',
  'POST /users/{id}/lock': 'users.manage',
  'POST /users/{id}/unlock': 'users.manage',
  'GET /audit': 'audit.read',
  'GET /audit/security': 'audit.readSecurity',
  'GET /areas': 'areas.read',
  'GET /areas/{code}': 'areas.read',
  'PATCH /areas/{code}': 'areas.write',
  'GET /areas/{code}/children': 'areas.read',
  'GET /facilities': 'facilities.read',
  'POST /facilities': 'facilities.write',
  'GET /facilities/export': 'facilities.read',
  'GET /facilities/import-template': 'files.template',
  'POST /facilities/import': 'facilities.write',
  'GET /facilities/{id}': 'facilities.read',
  'PATCH /facilities/{id}': 'facilities.write',
  'POST /facilities/{id}/status': 'facilities.write',
  'GET /households': 'registry.read',
  'POST /households': 'registry.write',
  'GET /households/{id}': 'registry.read',
  'PATCH /households/{id}': 'registry.write',
  'GET /persons': 'registry.read',
  'POST /persons': 'registry.write',
  'GET /persons/export': 'registry.read',
  'GET /persons/import-template': 'files.template',
  'POST /persons/import': 'registry.write',
  'GET /persons/duplicates': 'registry.review',
  'POST /persons/merge': 'registry.write',
  'GET /persons/{id}': 'registry.read',
  'PATCH /persons/{id}': 'registry.write',
  'GET /persons/{id}/history': 'registry.read',
  'GET /left-behind': 'registry.review',
  'POST /left-behind/{id}/confirm': 'leftBehind.decide',
  'POST /left-behind/{id}/reject': 'leftBehind.decide',
  'POST /left-behind/identify': 'leftBehind.identify',
  'GET /residents/population': 'population.read',
  'GET /coverage': 'coverage.read',
  'GET /coverage/uncovered': 'coverage.read',
  'POST /planning/siting': 'planning.use',
  'GET /planning/scenarios': 'planning.use',
  'GET /planning/scenarios/compare': 'planning.use',
  'GET /planning/scenarios/{id}': 'planning.use',
  'DELETE /planning/scenarios/{id}': 'planning.use',
  'POST /planning/scenarios/{id}/adopt': 'planning.use',
  'GET /indicators': 'indicators.read',
  'GET /indicators/dashboard': 'indicators.read',
  'GET /indicators/export.xlsx': 'indicators.read',
  'GET /indicators/{code}/values': 'indicators.read',
  'GET /plans': 'plans.read',
  'POST /plans': 'plans.write',
  'GET /plans/templates': 'plans.read',
  'GET /plans/{id}': 'plans.read',
  'POST /plans/{id}/adoptions': 'plans.write',
  'PUT /plans/{id}/targets': 'plans.write',
  'GET /plans/{id}/progress': 'plans.read',
  'GET /plans/{id}/report.pdf': 'plans.read',
  // -- people: workers --
  // -- end people: workers --
  // -- people: organizations --
  // -- end people: organizations --
  // -- people: volunteers --
  // -- end people: volunteers --
  // -- services: catalog --
  // -- end services: catalog --
  // -- services: requests --
  // -- end services: requests --
  // -- services: agency --
  // -- end services: agency --
};
