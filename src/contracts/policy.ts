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
  /** The registry of community and social workers, within one's scope. */
  'workers.read': { roles: ['admin', 'official', 'communityWorker', 'socialWorker'], scope: 'area' },
  /** Register workers and keep their posts, declared qualifications, registrations, trainings, supervision. */
  'workers.write': { roles: ['admin', 'official', 'communityWorker'], scope: 'area' },
  /** Verify or reject a declared qualification (civil affairs; never one's own). */
  'workers.verify': { roles: ['admin', 'official'], scope: 'area' },
  /** A worker's full ID and phone numbers (audited). */
  'workers.reveal': { roles: ['admin', 'official'], scope: 'area' },
  /** One's own worker profile, linked to one's account. */
  'workers.readOwn': { roles: ['communityWorker', 'socialWorker', 'agent', 'organizationMember'], scope: 'none' },
  /** The continuing-education hours required per registration period (platform-wide). */
  'workers.configure': { roles: ADMIN, scope: 'none' },
  // -- end people: workers --
  // -- people: organizations --
  /** Community social organizations: staff read those registered in or serving their scope; a member, their own. */
  'organizations.read': { roles: ['admin', 'official', 'communityWorker', 'socialWorker', 'evaluator', 'organizationMember'], scope: 'area', own: ['organizationMember'] },
  /** Register organizations, move their status, incubation, credit record, rating scales, import. */
  'organizations.write': { roles: PLANNERS, scope: 'area' },
  /** Rate organizations (1A–5A) and decide appeals: civil affairs and third-party assessors. */
  'organizations.rate': { roles: ['admin', 'official', 'evaluator'], scope: 'area' },
  /** Keep an organization's profile, members and annual reports, and appeal its rating: officials, and its own members. */
  'organizations.keep': { roles: ['admin', 'official', 'organizationMember'], scope: 'area', own: ['organizationMember'] },
  // -- end people: organizations --
  // -- people: volunteers --
  /** The volunteer registry and service records of an area. */
  'volunteers.read': { roles: ['admin', 'official', 'communityWorker', 'socialWorker', 'organizationMember'], scope: 'area' },
  /** Register a volunteer (a registry person or a name) and record hours for them. */
  'volunteers.write': { roles: ['admin', 'communityWorker', 'socialWorker', 'organizationMember'], scope: 'area' },
  /** Verify or reject claimed hours in scope (organizers); never one's own hours. */
  'volunteers.verify': { roles: ['admin', 'communityWorker', 'socialWorker', 'organizationMember'], scope: 'area' },
  /** Anyone as a volunteer themselves: register, claim their own hours, their certificate. */
  'volunteers.self': { roles: ALL, scope: 'none' },
  /** A community's time bank: its settings, members' names, offers and requests. */
  'timeBank.read': { roles: ALL, scope: 'area' },
  /** One's own time bank account: join, balance, history, pay, post offers and requests. */
  'timeBank.use': { roles: ALL, scope: 'none' },
  /** Run a community's time bank: settings, accounts, payments on a member's behalf. */
  'timeBank.manage': { roles: ['admin', 'communityWorker'], scope: 'area' },
  // -- end people: volunteers --
  // -- services: catalog --
  /** The catalog of an area as its residents see it (published items, the limits that hold there). */
  'serviceCatalog.read': { roles: ALL, scope: 'area' },
  /** The master catalog, for those who publish from it. */
  'serviceCatalog.manage': { roles: PLANNERS, scope: 'none' },
  /** Define and change master catalog items: the province's catalog, so a province-wide admin. */
  'serviceCatalog.define': { roles: ADMIN, scope: 'province' },
  /** A county or township publishes items for its area and may shorten their limits. */
  'serviceCatalog.publish': { roles: PLANNERS, scope: 'area' },
  /** The working-day calendar of an area (national holidays and the local days). */
  'serviceCalendar.read': { roles: ALL, scope: 'area' },
  /** Add or remove an area's local holidays and working days. */
  'serviceCalendar.write': { roles: PLANNERS, scope: 'area' },
  /** Issue and revoke Open311 API keys of client applications, scoped to an area. */
  'open311Keys.manage': { roles: ADMIN, scope: 'area' },
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
  /** Mandates and errands of the full-process agency; an agent reaches their own, a resident those where they are the principal. */
  'agency.read': { roles: ['admin', 'official', 'communityWorker', 'agent', 'resident'], scope: 'area', own: ['resident'] },
  /** Record a mandate with its consent evidence (an agent: authorising themselves). */
  'agency.mandate': { roles: ['admin', 'communityWorker', 'agent'], scope: 'area' },
  /** Revoke a mandate: staff, the agent, or the principal themselves. */
  'agency.revoke': { roles: ['admin', 'communityWorker', 'agent', 'resident'], scope: 'area', own: ['resident'] },
  /** Record the custody steps of an errand: the agent who carries the materials. */
  'agency.custody': { roles: ['agent'], scope: 'area' },
  /** Printable receipts of a request (受理回执, 代办回执): whoever may read the request. */
  'receipts.read': { roles: ['admin', 'official', 'communityWorker', 'socialWorker', 'agent', 'resident'], scope: 'area', own: ['resident'] },
  /** One's own notification inbox. */
  'inbox.read': { roles: ALL, scope: 'none' },
  // -- end services: agency --
  // -- linkage: procurement --
  /** Needs of the communities in one's scope (a resident: their community's board). */
  'needs.read': { roles: ALL, scope: 'area' },
  /** Raise a need (a resident, in their community) or record one on residents' behalf with evidence (a worker). */
  'needs.raise': { roles: ['admin', 'communityWorker', 'resident'], scope: 'area' },
  /** Support a need (a resident, once); record an in-person supporter identified in the registry (a worker). */
  'needs.support': { roles: ['admin', 'communityWorker', 'resident'], scope: 'area' },
  /** Follow a need to hear of its answer and project. */
  'needs.follow': { roles: ALL, scope: 'area' },
  /** Answer needs (internal answer, its publication), merge duplicates, set a community's support threshold. */
  'needs.answer': { roles: ['admin', 'official', 'communityWorker'], scope: 'area' },
  /** Projects designed from needs, within one's scope. */
  'linkageProjects.read': { roles: ALL, scope: 'area' },
  /** Design a project from needs: objectives, target group, budget lines, indicators, bidder requirements, phases. */
  'linkageProjects.design': { roles: ['admin', 'official', 'communityWorker'], scope: 'area' },
  /** Competitive calls (竞争承接) of projects in one's scope; bids as one's role allows (an organization member: their own). */
  'calls.read': { roles: ['admin', 'official', 'communityWorker', 'socialWorker', 'organizationMember', 'evaluator'], scope: 'area' },
  /** Open and move calls, answer enquiries, name the panel. */
  'calls.manage': { roles: ['admin', 'official', 'communityWorker'], scope: 'area' },
  /** Award a call and sign its contract (refused while a complaint is open). */
  'calls.award': { roles: ['admin', 'official', 'communityWorker'], scope: 'area' },
  /** Ask a question during a call's questions period. */
  'calls.enquire': { roles: ['organizationMember'], scope: 'area' },
  /** Bid for one's own organization. */
  'bids.submit': { roles: ['organizationMember'], scope: 'area', own: ['organizationMember'] },
  /** Declare conflicts and score the bids of calls whose panel one sits on; one's evaluation queue. */
  'calls.score': { roles: ['evaluator'], scope: 'area' },
  /** Complain during a call's public notice; escalate or withdraw one's own complaint. */
  'complaints.file': { roles: ['organizationMember', 'resident'], scope: 'area', own: ['organizationMember', 'resident'] },
  /** Answer, resolve or reject complaints. */
  'complaints.handle': { roles: ['admin', 'official', 'communityWorker'], scope: 'area' },
  // -- end linkage: procurement --
  // -- linkage: delivery --
  /** A project's delivery (activities, attendance by masked name, milestones, results, spending), its evaluations and its chain from needs to verdict. */
  'linkageDelivery.read': { roles: ['admin', 'official', 'communityWorker', 'socialWorker', 'evaluator', 'organizationMember'], scope: 'area' },
  /**
   * Record activities, attendance from the registry, volunteers' minutes, milestones and evidence, results, spending.
   * An organization member: only of the projects whose contract their own organization holds (checked by the linkage service).
   */
  'linkageDelivery.write': { roles: ['admin', 'communityWorker', 'socialWorker', 'organizationMember'], scope: 'area', own: ['organizationMember'] },
  /** Open an evaluation round with its raters and weights; close it (the score goes on the organization's credit record). */
  'linkageEvaluations.manage': { roles: ['admin', 'official'], scope: 'area' },
  /** Answer a round as one's rater kind (a resident: a participant, for themselves); one's evaluation queue. */
  'linkageEvaluations.respond': { roles: ['admin', 'official', 'communityWorker', 'socialWorker', 'evaluator', 'resident'], scope: 'area', own: ['resident'] },
  // -- end linkage: delivery --
  // -- care: cases --
  /**
   * Care cases in one's scope: lists, the worker's day, a case (every read audited; notes only for
   * the team and supervisors). An agent (代办员) reaches only the cases whose team they are on: by
   * membership, not by role (`own`; the care service checks the team).
   */
  'care.read': { roles: ['admin', 'official', 'communityWorker', 'socialWorker', 'agent'], scope: 'area', own: ['agent'] },
  /** Open cases; change a case's owner, summary and team. */
  'care.work': { roles: ['admin', 'communityWorker', 'socialWorker'], scope: 'area' },
  /** Record visits and assessments, write notes, ask for approvals (risk change, closing); an agent on the case's team only. */
  'care.visit': { roles: ['admin', 'communityWorker', 'socialWorker', 'agent'], scope: 'area', own: ['agent'] },
  /** The care figures of an area beside left_behind_visited: overdue visits, high-risk cases without a current plan (counts, no names). */
  'care.figures': { roles: ['admin', 'official', 'evaluator', 'communityWorker', 'socialWorker'], scope: 'area' },
  /** Decide approvals: the service also requires a supervisor of the case (docs/care.md). */
  'care.decide': { roles: ['admin', 'official', 'socialWorker'], scope: 'area' },
  /** Set the visit policy (risk → frequency) of an area. */
  'care.policy': { roles: ['admin', 'official'], scope: 'area' },
  /** Run the daily care sweep by hand (it runs by itself every hour): every area at once. */
  'care.sweep': { roles: ['admin'], scope: 'province' },
  // -- end care: cases --
  // -- care: referrals and family --
  /** Case plans, referrals and consents of cases in one's scope; an organization member, the referrals their organization received; an agent, those of cases whose team they are on. */
  'careReferrals.read': { roles: ['admin', 'official', 'communityWorker', 'socialWorker', 'agent', 'organizationMember'], scope: 'area', own: ['organizationMember', 'agent'] },
  /** Write a case plan, refer, mark a referral done or revoke it, record or withdraw a consent. */
  'careReferrals.write': { roles: ['admin', 'official', 'communityWorker', 'socialWorker'], scope: 'area' },
  /** Refer without consent in an emergency, with a reason (a supervisor: civil affairs of the township or county). */
  'careReferrals.override': { roles: ['admin', 'official'], scope: 'area' },
  /** Accept or reject a referral received: an organization member for their organization; staff for a facility or a service item. */
  'careReferrals.respond': { roles: ['admin', 'official', 'communityWorker', 'organizationMember'], scope: 'area', own: ['organizationMember'] },
  /** Link relatives working away to a person in care, and write with them. */
  'careFamily.work': { roles: ['admin', 'communityWorker', 'socialWorker'], scope: 'area' },
  /** The family page of a relative working away: their linked relatives in care, messages, contact, consent. */
  'family.use': { roles: ['resident'], scope: 'none' },
  // -- end care: referrals and family --
  // -- market: information points --
  /** Village information points and their service logs, within one's scope. */
  'infoPoints.read': { roles: ['admin', 'official', 'communityWorker', 'socialWorker', 'agent'], scope: 'area' },
  /** Register a point, change its operator, hours, equipment, services and status. */
  'infoPoints.write': { roles: ['admin', 'official', 'communityWorker'], scope: 'area' },
  /** Record a service given at a point (its operator only: an agent). */
  'infoPoints.log': { roles: ['agent'], scope: 'area' },
  /** Ask for a recycling pickup, see and cancel one's own, and one's points. */
  'recycling.request': { roles: ['resident'], scope: 'area', own: ['resident'] },
  /** The pickups of one's scope. */
  'recycling.read': { roles: ['admin', 'official', 'communityWorker', 'agent'], scope: 'area' },
  /** Accept and complete pickups (the collector: an agent). */
  'recycling.collect': { roles: ['agent'], scope: 'area' },
  // -- end market: information points --
  // -- market: sales --
  /** Producers, products, hubs, pairings and sales rounds of an area (a round as its shop page). */
  'market.read': { roles: ALL, scope: 'area' },
  /** List producers and their products in a village (an agent on behalf of farmers without a phone). */
  'market.list': { roles: ['admin', 'communityWorker', 'agent'], scope: 'area' },
  /** Run a hub: pairings, sales rounds and their moves, orders, pick lists, settlements. */
  'market.coordinate': { roles: ['admin', 'communityWorker'], scope: 'area' },
  /** Confirm what a producer of one's village can deliver of what was ordered. */
  'market.confirm': { roles: ['admin', 'communityWorker', 'agent'], scope: 'area' },
  /** Order in a round of a hub in one's scope, read one's own orders, confirm receipt. */
  'market.order': { roles: ALL, scope: 'area' },
  /** The market's figures of an area (producers, products, open rounds, orders, settled value), for the dashboard's readers. */
  'market.figures': { roles: INDICATOR_READERS, scope: 'area' },
  // -- end market: sales --
  // -- sync --
  /** Offline field work: register one's devices, push commands, pull one's scope (docs/sync.md). */
  'sync.use': { roles: ['communityWorker', 'socialWorker', 'agent'], scope: 'area' },
  /** Revoke a device: one's own, or (an admin) any device of a user in scope. */
  'sync.revoke': { roles: ['admin', 'communityWorker', 'socialWorker', 'agent'], scope: 'area', own: ['communityWorker', 'socialWorker', 'agent'] },
  /** Conflicts of offline edits: a worker of one community, their own; officials, admins and workers above one community (supervisors), any in scope. */
  'sync.resolve': { roles: ['admin', 'official', 'communityWorker', 'socialWorker', 'agent'], scope: 'area', own: ['communityWorker', 'socialWorker', 'agent'] },
  // -- end sync --
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
  'GET /workers': 'workers.read',
  'POST /workers': 'workers.write',
  'GET /workers/export': 'workers.read',
  'GET /workers/map': 'workers.read',
  'GET /workers/import-template': 'files.template',
  'POST /workers/import': 'workers.write',
  'GET /workers/me': 'workers.readOwn',
  'GET /workers/requirements': 'workers.read',
  'PUT /workers/requirements': 'workers.configure',
  'GET /workers/{id}': 'workers.read',
  'PATCH /workers/{id}': 'workers.write',
  'POST /workers/{id}/posts': 'workers.write',
  'POST /workers/{id}/posts/{postId}/end': 'workers.write',
  'POST /workers/{id}/qualifications': 'workers.write',
  'POST /workers/{id}/qualifications/{qualificationId}/decision': 'workers.verify',
  'POST /workers/{id}/registrations': 'workers.write',
  'POST /workers/{id}/trainings': 'workers.write',
  'POST /workers/{id}/supervisions': 'workers.write',
  // -- end people: workers --
  // -- people: organizations --
  'GET /organizations': 'organizations.read',
  'POST /organizations': 'organizations.write',
  'GET /organizations/export': 'organizations.read',
  'GET /organizations/import-template': 'files.template',
  'POST /organizations/import': 'organizations.write',
  'GET /organizations/mine': 'organizations.read',
  'GET /organizations/rating-scales/{code}': 'organizations.read',
  'PUT /organizations/rating-scales/{code}': 'organizations.write',
  'GET /organizations/{id}': 'organizations.read',
  'PATCH /organizations/{id}': 'organizations.keep',
  'POST /organizations/{id}/status': 'organizations.write',
  'PUT /organizations/{id}/incubation': 'organizations.write',
  'POST /organizations/{id}/ratings': 'organizations.rate',
  'POST /organizations/{id}/appeals': 'organizations.keep',
  'POST /organizations/{id}/appeals/decision': 'organizations.rate',
  'POST /organizations/{id}/members': 'organizations.keep',
  'POST /organizations/{id}/members/remove': 'organizations.keep',
  'POST /organizations/{id}/annual-reports': 'organizations.keep',
  'POST /organizations/{id}/credit-records': 'organizations.write',
  // -- end people: organizations --
  // -- people: volunteers --
  'GET /volunteers': 'volunteers.read',
  'POST /volunteers': 'volunteers.write',
  'GET /volunteers/me': 'volunteers.self',
  'POST /volunteers/me': 'volunteers.self',
  'POST /volunteers/me/hours': 'volunteers.self',
  'GET /volunteers/me/certificate.pdf': 'volunteers.self',
  'GET /volunteers/{id}': 'volunteers.read',
  'PATCH /volunteers/{id}': 'volunteers.write',
  'GET /volunteers/export': 'volunteers.read',
  'GET /volunteers/import-template': 'volunteers.write',
  'POST /volunteers/import': 'volunteers.write',
  'GET /volunteers/{id}/hours': 'volunteers.read',
  'POST /volunteers/{id}/hours': 'volunteers.write',
  'GET /volunteers/{id}/certificate.pdf': 'volunteers.read',
  'GET /volunteer-hours': 'volunteers.read',
  'POST /volunteer-hours/{id}/decision': 'volunteers.verify',
  'GET /time-banks/{code}': 'timeBank.read',
  'PUT /time-banks/{code}': 'timeBank.manage',
  'GET /time-bank/members': 'timeBank.read',
  'GET /time-bank/posts': 'timeBank.read',
  'POST /time-bank/posts/{id}/close': 'timeBank.use',
  'GET /time-bank/me': 'timeBank.use',
  'POST /time-bank/me': 'timeBank.use',
  'GET /time-bank/me/history': 'timeBank.use',
  'POST /time-bank/me/payments': 'timeBank.use',
  'POST /time-bank/me/posts': 'timeBank.use',
  'POST /time-bank/accounts': 'timeBank.manage',
  'GET /time-bank/accounts/{id}': 'timeBank.manage',
  'GET /time-bank/accounts/{id}/history': 'timeBank.manage',
  'POST /time-bank/transfers': 'timeBank.manage',
  // -- end people: volunteers --
  // -- services: catalog --
  'GET /service-items': 'serviceCatalog.manage',
  'POST /service-items': 'serviceCatalog.define',
  'GET /service-items/{itemCode}': 'serviceCatalog.manage',
  'PUT /service-items/{itemCode}': 'serviceCatalog.define',
  'GET /areas/{code}/service-catalog': 'serviceCatalog.read',
  'GET /areas/{code}/service-catalog/{itemCode}': 'serviceCatalog.read',
  'GET /areas/{code}/service-publications': 'serviceCatalog.publish',
  'PUT /areas/{code}/service-publications/{itemCode}': 'serviceCatalog.publish',
  'DELETE /areas/{code}/service-publications/{itemCode}': 'serviceCatalog.publish',
  'GET /areas/{code}/calendar-days': 'serviceCalendar.read',
  'POST /areas/{code}/calendar-days': 'serviceCalendar.write',
  'DELETE /areas/{code}/calendar-days/{id}': 'serviceCalendar.write',
  'GET /areas/{code}/open311-keys': 'open311Keys.manage',
  'POST /areas/{code}/open311-keys': 'open311Keys.manage',
  'POST /areas/{code}/open311-keys/{id}/revoke': 'open311Keys.manage',
  // -- end services: catalog --
  // -- services: requests --
  'POST /service-requests': 'serviceRequests.file',
  'GET /service-requests': 'serviceRequests.read',
  'GET /service-requests/queue': 'serviceRequests.handle',
  'GET /service-requests/stats': 'serviceRequests.stats',
  'GET /service-requests/{id}': 'serviceRequests.read',
  'POST /service-requests/{id}/transitions': 'serviceRequests.handle',
  'POST /service-requests/{id}/assignment': 'serviceRequests.handle',
  'GET /service-requests/{id}/assignees': 'serviceRequests.handle',
  'POST /service-requests/{id}/supplement': 'serviceRequests.file',
  'POST /service-requests/{id}/withdraw': 'serviceRequests.file',
  'POST /service-requests/{id}/rating': 'serviceRequests.file',
  'POST /service-requests/{id}/reopen': 'serviceRequests.file',
  'POST /service-requests/{id}/attachments': 'serviceRequests.file',
  'GET /service-requests/{id}/attachments/{attachmentId}': 'serviceRequests.read',
  // -- end services: requests --
  // -- services: agency --
  'GET /agency/principals': 'agency.mandate',
  'GET /mandates': 'agency.read',
  'POST /mandates': 'agency.mandate',
  'GET /mandates/{id}': 'agency.read',
  'GET /mandates/{id}/consent-form': 'agency.read',
  'POST /mandates/{id}/revoke': 'agency.revoke',
  'GET /errands': 'agency.read',
  'GET /errands/{id}': 'agency.read',
  'POST /errands/{id}/custody': 'agency.custody',
  'GET /service-requests/{id}/receipt.pdf': 'receipts.read',
  'GET /inbox': 'inbox.read',
  'GET /inbox/unread-count': 'inbox.read',
  'POST /inbox/{id}/read': 'inbox.read',
  'POST /inbox/read-all': 'inbox.read',
  // -- end services: agency --
  // -- linkage: procurement --
  'GET /linkage/needs': 'needs.read',
  'POST /linkage/needs': 'needs.raise',
  'GET /linkage/needs/{id}': 'needs.read',
  'POST /linkage/needs/{id}/supports': 'needs.support',
  'POST /linkage/needs/{id}/follow': 'needs.follow',
  'DELETE /linkage/needs/{id}/follow': 'needs.follow',
  'POST /linkage/needs/{id}/answers': 'needs.answer',
  'POST /linkage/needs/{id}/answers/{answerId}/publish': 'needs.answer',
  'POST /linkage/needs/{id}/merge': 'needs.answer',
  'GET /linkage/thresholds/{code}': 'needs.read',
  'PUT /linkage/thresholds/{code}': 'needs.answer',
  'GET /linkage/target-count': 'linkageProjects.design',
  'GET /linkage/projects': 'linkageProjects.read',
  'POST /linkage/projects': 'linkageProjects.design',
  'GET /linkage/projects/{id}': 'linkageProjects.read',
  'PUT /linkage/projects/{id}': 'linkageProjects.design',
  'POST /linkage/projects/{id}/calls': 'calls.manage',
  // -- helper 3: invitation calls --
  'GET /linkage/projects/{id}/invitation-candidates': 'calls.manage',
  // -- end helper 3 --
  'GET /linkage/panel-candidates': 'calls.manage',
  'GET /linkage/calls': 'calls.read',
  'GET /linkage/calls/{id}': 'calls.read',
  'POST /linkage/calls/{id}/transitions': 'calls.manage',
  'POST /linkage/calls/{id}/enquiries': 'calls.enquire',
  'POST /linkage/calls/{id}/enquiries/{enquiryId}/answer': 'calls.manage',
  'POST /linkage/calls/{id}/bids': 'bids.submit',
  'GET /linkage/calls/{id}/team-candidates': 'bids.submit',
  'GET /linkage/bids/{id}': 'calls.read',
  'GET /linkage/scoring-queue': 'calls.score',
  'GET /linkage/calls/{id}/scoring': 'calls.score',
  'POST /linkage/calls/{id}/declaration': 'calls.score',
  'PUT /linkage/calls/{id}/bids/{bidId}/scores': 'calls.score',
  'POST /linkage/calls/{id}/award': 'calls.award',
  'POST /linkage/calls/{id}/contract': 'calls.award',
  'GET /linkage/contracts/{id}': 'calls.read',
  'POST /linkage/calls/{id}/complaints': 'complaints.file',
  'POST /linkage/complaints/{id}/transitions': 'complaints.handle',
  'POST /linkage/complaints/{id}/escalate': 'complaints.file',
  'POST /linkage/complaints/{id}/withdraw': 'complaints.file',
  // -- end linkage: procurement --
  // -- linkage: delivery --
  'GET /linkage/projects/{id}/delivery': 'linkageDelivery.read',
  'GET /linkage/projects/{id}/chain': 'linkageDelivery.read',
  'GET /linkage/projects/{id}/activities': 'linkageDelivery.read',
  'POST /linkage/projects/{id}/activities': 'linkageDelivery.write',
  'GET /linkage/activities/{id}': 'linkageDelivery.read',
  'POST /linkage/activities/{id}/attendance': 'linkageDelivery.write',
  'POST /linkage/activities/{id}/attendance/remove': 'linkageDelivery.write',
  'POST /linkage/activities/{id}/volunteers': 'linkageDelivery.write',
  'POST /linkage/projects/{id}/milestones': 'linkageDelivery.write',
  'POST /linkage/milestones/{id}/status': 'linkageDelivery.write',
  'PUT /linkage/milestones/{id}': 'linkageDelivery.write',
  'POST /linkage/milestones/{id}/evidence': 'linkageDelivery.write',
  'GET /linkage/milestones/{id}/evidence/{evidenceId}': 'linkageDelivery.read',
  'PUT /linkage/projects/{id}/results/{indicatorId}': 'linkageDelivery.write',
  'POST /linkage/projects/{id}/expenditures': 'linkageDelivery.write',
  'POST /linkage/projects/{id}/start': 'linkageDelivery.write',
  'POST /linkage/projects/{id}/close': 'linkageEvaluations.manage',
  'POST /linkage/projects/{id}/evaluation-rounds': 'linkageEvaluations.manage',
  'GET /linkage/evaluation-rounds/{id}': 'linkageEvaluations.respond',
  'POST /linkage/evaluation-rounds/{id}/responses': 'linkageEvaluations.respond',
  'POST /linkage/evaluation-rounds/{id}/close': 'linkageEvaluations.manage',
  'GET /linkage/evaluation-rounds/{id}/participants': 'linkageEvaluations.respond',
  'GET /linkage/evaluation-rounds/queue': 'linkageEvaluations.respond',
  'GET /open-contracting/releases': 'public',
  'GET /public-notices/{code}': 'public',
  // -- end linkage: delivery --
  // -- care: cases --
  'GET /care/cases': 'care.read',
  'POST /care/cases': 'care.work',
  'GET /care/day': 'care.read',
  'GET /care/figures': 'care.figures',
  'GET /care/cases/{id}': 'care.read',
  'PATCH /care/cases/{id}': 'care.work',
  'PUT /care/cases/{id}/team': 'care.work',
  // -- care: the team editor's candidates --
  'GET /care/cases/{id}/team-candidates': 'care.work',
  // -- end care: the team editor's candidates --
  'POST /care/cases/{id}/assessments': 'care.visit',
  'POST /care/cases/{id}/visits': 'care.visit',
  'POST /care/cases/{id}/notes': 'care.visit',
  'POST /care/cases/{id}/approvals': 'care.visit',
  'GET /care/approvals': 'care.read',
  'POST /care/approvals/{id}/approve': 'care.decide',
  'POST /care/approvals/{id}/reject': 'care.decide',
  'GET /care/visit-policy': 'care.read',
  'PUT /care/visit-policy/{code}': 'care.policy',
  'POST /care/sweep': 'care.sweep',
  // -- end care: cases --
  // -- care: referrals and family --
  'GET /care/cases/{id}/plan': 'careReferrals.read',
  'PUT /care/cases/{id}/plan': 'careReferrals.write',
  'GET /care/cases/{id}/referrals': 'careReferrals.read',
  'POST /care/cases/{id}/referrals': 'careReferrals.write',
  'GET /care/cases/{id}/consents': 'careReferrals.read',
  'POST /care/cases/{id}/consents': 'careReferrals.write',
  'POST /care/consents/{id}/withdraw': 'careReferrals.write',
  'GET /care/referrals': 'careReferrals.read',
  'GET /care/referrals/received': 'careReferrals.respond',
  'GET /care/referrals/{id}': 'careReferrals.read',
  'POST /care/referrals/{id}/accept': 'careReferrals.respond',
  'POST /care/referrals/{id}/reject': 'careReferrals.respond',
  'POST /care/referrals/{id}/done': 'careReferrals.write',
  'POST /care/referrals/{id}/revoke': 'careReferrals.write',
  'GET /care/cases/{id}/family': 'careFamily.work',
  'POST /care/cases/{id}/family': 'careFamily.work',
  'POST /care/family-links/{id}/end': 'careFamily.work',
  'GET /care/cases/{id}/messages': 'careFamily.work',
  'POST /care/cases/{id}/messages': 'careFamily.work',
  'GET /care/family-messages': 'careFamily.work',
  'GET /family': 'family.use',
  'PUT /family/contact': 'family.use',
  'GET /family/links/{id}/messages': 'family.use',
  'POST /family/links/{id}/messages': 'family.use',
  'POST /family/links/{id}/consents': 'family.use',
  // -- end care: referrals and family --
  // -- market: information points --
  'GET /info-points': 'infoPoints.read',
  'POST /info-points': 'infoPoints.write',
  // -- helper 2: the information point register's operator picker --
  'GET /info-points/operators': 'infoPoints.write',
  // -- end helper 2 --
  'GET /info-points/{id}': 'infoPoints.read',
  'PATCH /info-points/{id}': 'infoPoints.write',
  'POST /info-points/{id}/status': 'infoPoints.write',
  'GET /info-points/{id}/services': 'infoPoints.read',
  'POST /info-points/{id}/services': 'infoPoints.log',
  'GET /recycling/me': 'recycling.request',
  'POST /recycling/pickups': 'recycling.request',
  'POST /recycling/pickups/{id}/cancel': 'recycling.request',
  'GET /recycling/pickups': 'recycling.read',
  'POST /recycling/pickups/{id}/accept': 'recycling.collect',
  'POST /recycling/pickups/{id}/complete': 'recycling.collect',
  // -- end market: information points --
  // -- market: sales --
  'GET /market/producers': 'market.read',
  'POST /market/producers': 'market.list',
  'GET /market/products': 'market.read',
  'POST /market/products': 'market.list',
  'GET /market/products/{id}': 'market.read',
  'PATCH /market/products/{id}': 'market.list',
  'GET /market/hubs': 'market.read',
  'POST /market/hubs': 'market.coordinate',
  'GET /market/hubs/{id}/products': 'market.coordinate',
  'GET /market/pairings': 'market.read',
  'POST /market/pairings': 'market.coordinate',
  'GET /market/rounds': 'market.read',
  'POST /market/rounds': 'market.coordinate',
  'GET /market/rounds/{id}': 'market.read',
  'PATCH /market/rounds/{id}': 'market.coordinate',
  'POST /market/rounds/{id}/moves': 'market.coordinate',
  'GET /market/rounds/{id}/orders': 'market.coordinate',
  'POST /market/rounds/{id}/orders': 'market.order',
  'GET /market/rounds/{id}/pick-list': 'market.coordinate',
  'GET /market/rounds/{id}/settlements': 'market.coordinate',
  'POST /market/settlements/{id}/paid': 'market.coordinate',
  'GET /market/offers': 'market.confirm',
  'POST /market/offers/{id}/confirmation': 'market.confirm',
  'GET /market/orders': 'market.order',
  'POST /market/orders/{id}/receipt': 'market.order',
  'GET /market/products/{id}/photo': 'market.read',
  'POST /market/products/{id}/photo': 'market.list',
  'GET /market/offers/{id}/photo': 'market.read',
  'GET /market/summary': 'market.figures',
  // -- end market: sales --
  // -- sync --
  'POST /sync/devices': 'sync.use',
  'GET /sync/devices': 'sync.use',
  'POST /sync/devices/{id}/revoke': 'sync.revoke',
  'POST /sync/push': 'sync.use',
  'GET /sync/pull': 'sync.use',
  'GET /sync/conflicts': 'sync.resolve',
  'POST /sync/conflicts/{id}/resolve': 'sync.resolve',
  // care visit photos, for the offline visit form (src/server/modules/care/care-visit-photos.ts)
  'POST /care/cases/{id}/visits/{visitId}/photos': 'care.visit',
  'GET /care/cases/{id}/visits/{visitId}/photos/{sha256}': 'care.read',
  // -- end sync --
};
