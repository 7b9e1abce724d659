// The service features' messages in zh-TW: a chunk of its own, loaded with the first page that needs them.
import type { FeatureMessages } from './zh-CN.ts';
import { workersZhTW } from '../../features/workers/i18n/zh-TW.ts';
import { organizationsZhTW } from '../../features/organizations/i18n/zh-TW.ts';
import { volunteersZhTW } from '../../features/volunteers/i18n/zh-TW.ts';
import { catalogZhTW } from '../../features/catalog/i18n/zh-TW.ts';
import { requestsZhTW } from '../../features/requests/i18n/zh-TW.ts';
import { agencyZhTW } from '../../features/agency/i18n/zh-TW.ts';
import { fieldZhTW } from '../../features/field/i18n/zh-TW.ts';
// -- imports: linkage: procurement --
import { linkageZhTW } from '../../features/linkage/i18n/zh-TW.ts';
// -- imports: linkage: delivery --
import { linkageDeliveryZhTW } from '../../features/linkage/i18n/delivery-zh-TW.ts';
// -- imports: care: cases --
import { careZhTW } from '../../features/care/i18n/zh-TW.ts';
// -- imports: care: referrals and family --
import { careReferralsZhTW } from '../../features/care-referrals/i18n/zh-TW.ts';
import { careFamilyZhTW } from '../../features/care-family/i18n/zh-TW.ts';
// -- imports: market: information points --
import { infoPointsZhTW } from '../../features/info-points/i18n/zh-TW.ts';
import { recyclingZhTW } from '../../features/recycling/i18n/zh-TW.ts';
// -- imports: market: sales --
import { marketZhTW } from '../../features/market/i18n/zh-TW.ts';

export const featuresZhTW: FeatureMessages = {
  workers: workersZhTW,
  organizations: organizationsZhTW,
  volunteers: volunteersZhTW,
  catalog: catalogZhTW,
  requests: requestsZhTW,
  agency: agencyZhTW,
  field: fieldZhTW,
  // -- linkage: procurement --
  linkage: linkageZhTW,
  // -- linkage: delivery --
  linkageDelivery: linkageDeliveryZhTW,
  // -- care: cases --
  care: careZhTW,
  // -- care: referrals and family --
  careReferrals: careReferralsZhTW,
  careFamily: careFamilyZhTW,
  // -- market: information points --
  infoPoints: infoPointsZhTW,
  recycling: recyclingZhTW,
  // -- market: sales --
  market: marketZhTW,
};
