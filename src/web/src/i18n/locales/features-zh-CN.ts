// The service features' messages in zh-CN: a chunk of its own, loaded with the first page that needs them.
import { workersZhCN } from '../../features/workers/i18n/zh-CN.ts';
import { organizationsZhCN } from '../../features/organizations/i18n/zh-CN.ts';
import { volunteersZhCN } from '../../features/volunteers/i18n/zh-CN.ts';
import { catalogZhCN } from '../../features/catalog/i18n/zh-CN.ts';
import { requestsZhCN } from '../../features/requests/i18n/zh-CN.ts';
import { agencyZhCN } from '../../features/agency/i18n/zh-CN.ts';
import { fieldZhCN } from '../../features/field/i18n/zh-CN.ts';
// -- imports: linkage: procurement --
import { linkageZhCN } from '../../features/linkage/i18n/zh-CN.ts';
// -- imports: linkage: delivery --
import { linkageDeliveryZhCN } from '../../features/linkage/i18n/delivery-zh-CN.ts';
// -- imports: care: cases --
import { careZhCN } from '../../features/care/i18n/zh-CN.ts';
// -- imports: care: referrals and family --
import { careReferralsZhCN } from '../../features/care-referrals/i18n/zh-CN.ts';
import { careFamilyZhCN } from '../../features/care-family/i18n/zh-CN.ts';
// -- imports: market: information points --
import { infoPointsZhCN } from '../../features/info-points/i18n/zh-CN.ts';
import { recyclingZhCN } from '../../features/recycling/i18n/zh-CN.ts';
// -- imports: market: sales --
import { marketZhCN } from '../../features/market/i18n/zh-CN.ts';

export const featuresZhCN = {
  workers: workersZhCN,
  organizations: organizationsZhCN,
  volunteers: volunteersZhCN,
  catalog: catalogZhCN,
  requests: requestsZhCN,
  agency: agencyZhCN,
  field: fieldZhCN,
  // -- linkage: procurement --
  linkage: linkageZhCN,
  // -- linkage: delivery --
  linkageDelivery: linkageDeliveryZhCN,
  // -- care: cases --
  care: careZhCN,
  // -- care: referrals and family --
  careReferrals: careReferralsZhCN,
  careFamily: careFamilyZhCN,
  // -- market: information points --
  infoPoints: infoPointsZhCN,
  recycling: recyclingZhCN,
  // -- market: sales --
  market: marketZhCN,
};
