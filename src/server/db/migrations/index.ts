import type { Migration } from 'kysely';
import * as foundation from './2026112801_foundation.ts';
import * as facilities from './2026120101_facilities.ts';
import * as planning from './2026120302_planning.ts';
import * as residents from './2026120303_residents.ts';
import * as plans from './2026120401_plans.ts';
import * as planTemplates from './2026120501_plan_templates.ts';
import * as usernamesCaseInsensitive from './2026120601_usernames_case_insensitive.ts';
// -- imports: people --
import * as workers from './2026120701_workers.ts';
import * as organizations from './2026120702_organizations.ts';
import * as volunteers from './2026120703_volunteers.ts';
// -- imports: services --
import * as serviceCatalog from './2026120801_service_catalog.ts';
import * as serviceRequests from './2026120802_service_requests.ts';
import * as agency from './2026120803_agency.ts';
// -- imports: linkage: procurement --
import * as linkageProcurement from './2026120901_linkage_procurement.ts';
// -- imports: linkage: delivery --
import * as linkageDelivery from './2026120911_linkage_delivery.ts';
// -- imports: care: cases --
import * as careCases from './2026121001_care_cases.ts';
// -- imports: care: referrals and family --
import * as careReferralsFamily from './2026121011_care_referrals_family.ts';
// -- imports: market: information points --
import * as infoPoints from './2026121101_info_points.ts';
// -- imports: market: sales --
import * as marketSales from './2026121111_market_sales.ts';
// -- imports: people: volunteers (2) --
import * as volunteerStatus from './2026121201_volunteer_status.ts';
// -- imports: sync --
import * as sync from './2026121301_sync.ts';
// -- imports: linkage: delivery (2) --
import * as linkageProjectLife from './2026121321_linkage_project_life.ts';
// -- care: plan revisions (helper 5) --
import * as carePlanRevisions from './2026121505_care_plan_revisions.ts';

/** Every migration, by name; names sort in the order they apply. */
export const migrations: Record<string, Migration> = {
  '2026112801_foundation': foundation,
  '2026120101_facilities': facilities,
  '2026120302_planning': planning,
  '2026120303_residents': residents,
  '2026120401_plans': plans,
  '2026120501_plan_templates': planTemplates,
  '2026120601_usernames_case_insensitive': usernamesCaseInsensitive,
  // -- people: 2026120701_workers, 2026120702_organizations, 2026120703_volunteers --
  '2026120701_workers': workers,
  '2026120702_organizations': organizations,
  '2026120703_volunteers': volunteers,
  // -- services: 2026120801_service_catalog, 2026120802_service_requests, 2026120803_agency --
  '2026120801_service_catalog': serviceCatalog,
  '2026120802_service_requests': serviceRequests,
  '2026120803_agency': agency,
  // -- linkage: procurement --
  '2026120901_linkage_procurement': linkageProcurement,
  // -- linkage: delivery --
  '2026120911_linkage_delivery': linkageDelivery,
  // -- care: cases --
  '2026121001_care_cases': careCases,
  // -- care: referrals and family --
  '2026121011_care_referrals_family': careReferralsFamily,
  // -- market: information points --
  '2026121101_info_points': infoPoints,
  // -- market: sales --
  '2026121111_market_sales': marketSales,
  // -- people: volunteers (2) --
  '2026121201_volunteer_status': volunteerStatus,
  // -- sync --
  '2026121301_sync': sync,
  // -- linkage: delivery (2) --
  '2026121321_linkage_project_life': linkageProjectLife,
  // -- care: plan revisions (helper 5) --
  '2026121505_care_plan_revisions': carePlanRevisions,
};
