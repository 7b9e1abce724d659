// The service features' messages in en: a chunk of its own, loaded with the first page that needs them.
import type { FeatureMessages } from './zh-CN.ts';
import { workersEn } from '../../features/workers/i18n/en.ts';
import { organizationsEn } from '../../features/organizations/i18n/en.ts';
import { volunteersEn } from '../../features/volunteers/i18n/en.ts';
import { catalogEn } from '../../features/catalog/i18n/en.ts';
import { requestsEn } from '../../features/requests/i18n/en.ts';
import { agencyEn } from '../../features/agency/i18n/en.ts';
import { fieldEn } from '../../features/field/i18n/en.ts';
// -- imports: linkage: procurement --
import { linkageEn } from '../../features/linkage/i18n/en.ts';
// -- imports: linkage: delivery --
import { linkageDeliveryEn } from '../../features/linkage/i18n/delivery-en.ts';
// -- imports: care: cases --
import { careEn } from '../../features/care/i18n/en.ts';
// -- imports: care: referrals and family --
import { careReferralsEn } from '../../features/care-referrals/i18n/en.ts';
import { careFamilyEn } from '../../features/care-family/i18n/en.ts';
// -- imports: market: information points --
import { infoPointsEn } from '../../features/info-points/i18n/en.ts';
import { recyclingEn } from '../../features/recycling/i18n/en.ts';
// -- imports: market: sales --
import { marketEn } from '../../features/market/i18n/en.ts';

export const featuresEn: FeatureMessages = {
  workers: workersEn,
  organizations: organizationsEn,
  volunteers: volunteersEn,
  catalog: catalogEn,
  requests: requestsEn,
  agency: agencyEn,
  field: fieldEn,
  // -- linkage: procurement --
  linkage: linkageEn,
  // -- linkage: delivery --
  linkageDelivery: linkageDeliveryEn,
  // -- care: cases --
  care: careEn,
  // -- care: referrals and family --
  careReferrals: careReferralsEn,
  careFamily: careFamilyEn,
  // -- market: information points --
  infoPoints: infoPointsEn,
  recycling: recyclingEn,
  // -- market: sales --
  market: marketEn,
};
