import { lazy as lazyCore, Suspense, type ReactNode } from 'react';
import { lazyPage as lazy } from '../i18n/lazy-page.ts';
import { BrowserRouter, Navigate, Route, Routes, useLocation } from 'react-router-dom';
import { PageSpinner } from '../shared/PageSpinner.tsx';
import { PreferencesProvider } from './preferences.tsx';
import { SessionProvider, useSession } from './session.tsx';
import { ErrorBoundary } from './ErrorBoundary.tsx';
import { homeOf, NAV_ITEMS, type NavItem } from './navigation.ts';

// Each page is its own chunk: the login page does not pay for ECharts or the admin tables.
const LoginPage = lazyCore(() => import('../features/auth/LoginPage.tsx'));
// Ant Design's theme and the console's frame (menu, header, drawer) are for pages behind a login:
// the login page, plain HTML, loads neither (docs/web.md, web weight).
const Console = lazyCore(() => import('./Console.tsx'));
const Forbidden = lazyCore(() => import('./StatusPages.tsx').then((m) => ({ default: m.Forbidden })));
const NotFound = lazyCore(() => import('./StatusPages.tsx').then((m) => ({ default: m.NotFound })));
const AreaBrowserPage = lazy(() => import('../features/areas/AreaBrowserPage.tsx'));
const UsersPage = lazy(() => import('../features/users/UsersPage.tsx'));
const AuditPage = lazy(() => import('../features/audit/AuditPage.tsx'));
const FacilitiesPage = lazy(() => import('../features/facilities/FacilitiesPage.tsx'));
const CoveragePage = lazy(() => import('../features/coverage/CoveragePage.tsx'));
const IndicatorsPage = lazyCore(() => import('../features/indicators/IndicatorsPage.tsx'));
const PlanningPage = lazy(() => import('../features/planning/PlanningPage.tsx'));
const PersonsPage = lazy(() => import('../features/residents/PersonsPage.tsx'));
const LeftBehindPage = lazy(() => import('../features/residents/LeftBehindPage.tsx'));
const ResidentPortalPage = lazy(() => import('../features/resident/ResidentPortalPage.tsx'));
// -- pages: people --
const OrganizationsPage = lazy(() => import('../features/organizations/OrganizationsPage.tsx'));
const MyOrganizationPage = lazy(() => import('../features/organizations/MyOrganizationPage.tsx'));
const WorkersPage = lazy(() => import('../features/workers/WorkersPage.tsx'));
const VolunteeringPage = lazy(() => import('../features/volunteers/VolunteeringPage.tsx'));
const VolunteersStaffPage = lazy(() => import('../features/volunteers/VolunteersStaffPage.tsx'));
// -- end pages: people --
// -- pages: services --
const MyRequestsPage = lazy(() => import('../features/requests/MyRequestsPage.tsx'));
const ApplyPage = lazy(() => import('../features/requests/ApplyPage.tsx'));
const RequestDetailPage = lazy(() => import('../features/requests/RequestDetailPage.tsx'));
const ServiceWindowPage = lazy(() => import('../features/requests/WindowPage.tsx'));
const ServiceQueuePage = lazy(() => import('../features/requests/QueuePage.tsx'));
const ServiceStatsPage = lazy(() => import('../features/requests/StatsPage.tsx'));
const AgentWorkspacePage = lazy(() => import('../features/agency/AgentWorkspacePage.tsx'));
const ErrandPage = lazy(() => import('../features/agency/ErrandPage.tsx'));
const FileErrandPage = lazy(() => import('../features/agency/FileErrandPage.tsx'));
const InboxPage = lazy(() => import('../features/inbox/InboxPage.tsx'));
const CatalogPage = lazy(() => import('../features/catalog/CatalogPage.tsx'));
const CatalogItemPage = lazy(() => import('../features/catalog/CatalogItemPage.tsx'));
const CatalogManagePage = lazy(() => import('../features/catalog/CatalogManagePage.tsx'));
// -- end pages: services --
// -- pages: field (offline) --
const FieldShell = lazy(() => import('../features/field/FieldShell.tsx'));
const FieldPage = lazy(() => import('../features/field/FieldPage.tsx'));
const ConflictsPage = lazy(() => import('../features/field/ConflictsPage.tsx'));
// -- end pages: field --
// -- pages: linkage: procurement --
const NeedsBoardPage = lazy(() => import('../features/linkage/NeedsBoardPage.tsx'));
const LinkageProjectsPage = lazy(() => import('../features/linkage/ProjectsPage.tsx'));
const LinkageCallsPage = lazy(() => import('../features/linkage/CallsPage.tsx'));
const LinkageCallPage = lazy(() => import('../features/linkage/CallPage.tsx'));
const LinkageScoringPage = lazy(() => import('../features/linkage/ScoringPage.tsx'));
// -- end pages: linkage: procurement --
// -- pages: linkage: delivery --
const LinkageDeliveryPage = lazy(() => import('../features/linkage/DeliveryPage.tsx'));
const LinkageAttendancePage = lazy(() => import('../features/linkage/AttendancePage.tsx'));
const LinkageEvaluationsPage = lazy(() => import('../features/linkage/EvaluationsPage.tsx'));
const LinkageChainPage = lazy(() => import('../features/linkage/ChainPage.tsx'));
const PublicNoticePage = lazy(() => import('../features/linkage/PublicNoticePage.tsx'));
// -- end pages: linkage: delivery --
// -- pages: care: referrals and family --
// -- care: cases --
const CareDayPage = lazy(() => import('../features/care/CareDayPage.tsx'));
const CareCasePage = lazy(() => import('../features/care/CareCasePage.tsx'));
// -- end care: cases --
const FamilyPage = lazy(() => import('../features/care-family/FamilyPage.tsx'));
const FamilyMessagesPage = lazy(() => import('../features/care-family/FamilyMessagesPage.tsx'));
const ReceivedReferralsPage = lazy(() => import('../features/care-referrals/ReceivedReferralsPage.tsx'));
const CaseReferralsPage = lazy(() => import('../features/care-referrals/CaseReferralsPage.tsx'));
// -- end pages: care: referrals and family --
// -- pages: market: information points --
const InfoPointPage = lazy(() => import('../features/info-points/InfoPointPage.tsx'));
const RecyclingPage = lazy(() => import('../features/recycling/RecyclingPage.tsx'));
const RecyclingCollectPage = lazy(() => import('../features/recycling/RecyclingCollectPage.tsx'));
const InfoPointsRegisterPage = lazy(() => import('../features/info-points/InfoPointsRegisterPage.tsx'));
// -- end pages: market: information points --
// -- pages: market: sales --
const MarketShopPage = lazy(() => import('../features/market/MarketShopPage.tsx'));
const MarketProducePage = lazy(() => import('../features/market/MarketProducePage.tsx'));
const MarketRoundsPage = lazy(() => import('../features/market/MarketRoundsPage.tsx'));
// -- end pages: market: sales --

/** Pages behind a login: anonymous visitors go to the login page, and come back here after. */
function RequireSession({ children, page }: { children: ReactNode; page?: NavItem['key'] }) {
  const { state } = useSession();
  const location = useLocation();
  if (state.status === 'loading') return <PageSpinner />;
  if (state.status === 'anonymous') {
    // After a deliberate logout there is no way back to offer: the next person starts afresh.
    if (state.reason === 'loggedOut') return <Navigate to="/login?loggedOut=1" replace />;
    const next = encodeURIComponent(location.pathname + location.search);
    return <Navigate to={`/login?next=${next}${state.reason === 'expired' ? '&expired=1' : ''}`} replace />;
  }
  const item = page && NAV_ITEMS.find((i) => i.key === page);
  const allowed = !item || item.roles.includes(state.user.role);
  return <Console>{allowed ? children : <Forbidden />}</Console>;
}

function Home() {
  const { state } = useSession();
  if (state.status === 'loading') return <PageSpinner />;
  if (state.status === 'anonymous') return <Navigate to="/login" replace />;
  return <Navigate to={homeOf(state.user.role)} replace />;
}

export function App() {
  return (
    <PreferencesProvider>
      <ErrorBoundary>
        <BrowserRouter>
          <SessionProvider>
            <Suspense fallback={<PageSpinner />}>
              <Routes>
                <Route path="/" element={<Home />} />
                <Route path="/login" element={<LoginPage />} />
                {/* Offline field work opens without a live session (its own frame; unlocked by the PIN). */}
                <Route path="/field" element={<FieldShell><FieldPage /></FieldShell>} />
                <Route path="/areas/:code?" element={<RequireSession page="areas"><AreaBrowserPage /></RequireSession>} />
                <Route path="/indicators" element={<RequireSession page="indicators"><IndicatorsPage /></RequireSession>} />
                <Route path="/persons" element={<RequireSession page="persons"><PersonsPage /></RequireSession>} />
                <Route path="/left-behind" element={<RequireSession page="leftBehind"><LeftBehindPage /></RequireSession>} />
                <Route path="/facilities" element={<RequireSession page="facilities"><FacilitiesPage /></RequireSession>} />
                <Route path="/coverage" element={<RequireSession page="coverage"><CoveragePage /></RequireSession>} />
                <Route path="/planning" element={<RequireSession page="planning"><PlanningPage /></RequireSession>} />
                <Route path="/users" element={<RequireSession page="users"><UsersPage /></RequireSession>} />
                <Route path="/audit" element={<RequireSession page="audit"><AuditPage /></RequireSession>} />
                <Route path="/portal" element={<RequireSession page="portal"><ResidentPortalPage /></RequireSession>} />
                {/* -- people -- */}
                <Route path="/organizations" element={<RequireSession page="organizations"><OrganizationsPage /></RequireSession>} />
                <Route path="/my-organization" element={<RequireSession page="myOrganization"><MyOrganizationPage /></RequireSession>} />
                <Route path="/workers" element={<RequireSession page="workers"><WorkersPage /></RequireSession>} />
                <Route path="/volunteering" element={<RequireSession><VolunteeringPage /></RequireSession>} />
                <Route path="/volunteers" element={<RequireSession page="volunteers"><VolunteersStaffPage /></RequireSession>} />
                {/* -- end people -- */}
                {/* -- services -- */}
                <Route path="/requests" element={<RequireSession page="myRequests"><MyRequestsPage /></RequireSession>} />
                <Route path="/requests/new" element={<RequireSession><ApplyPage /></RequireSession>} />
                <Route path="/requests/:id" element={<RequireSession><RequestDetailPage /></RequireSession>} />
                <Route path="/service-window" element={<RequireSession page="serviceWindow"><ServiceWindowPage /></RequireSession>} />
                <Route path="/service-queue" element={<RequireSession page="serviceQueue"><ServiceQueuePage /></RequireSession>} />
                <Route path="/service-stats" element={<RequireSession page="serviceStats"><ServiceStatsPage /></RequireSession>} />
                <Route path="/agency" element={<RequireSession page="agency"><AgentWorkspacePage /></RequireSession>} />
                <Route path="/agency/file/:mandateId" element={<RequireSession page="agency"><FileErrandPage /></RequireSession>} />
                <Route path="/agency/errands/:id" element={<RequireSession><ErrandPage /></RequireSession>} />
                <Route path="/inbox" element={<RequireSession><InboxPage /></RequireSession>} />
                <Route path="/catalog" element={<RequireSession page="catalog"><CatalogPage /></RequireSession>} />
                <Route path="/catalog/manage" element={<RequireSession page="catalogManage"><CatalogManagePage /></RequireSession>} />
                <Route path="/catalog/:code" element={<RequireSession page="catalog"><CatalogItemPage /></RequireSession>} />
                {/* -- end services -- */}
                {/* -- linkage: procurement -- */}
                <Route path="/linkage/needs" element={<RequireSession page="linkageNeeds"><NeedsBoardPage /></RequireSession>} />
                <Route path="/linkage/projects" element={<RequireSession page="linkageProjects"><LinkageProjectsPage /></RequireSession>} />
                <Route path="/linkage/calls" element={<RequireSession page="linkageCalls"><LinkageCallsPage /></RequireSession>} />
                <Route path="/linkage/calls/:id" element={<RequireSession page="linkageCalls"><LinkageCallPage /></RequireSession>} />
                <Route path="/linkage/scoring" element={<RequireSession page="linkageScoring"><LinkageScoringPage /></RequireSession>} />
                <Route path="/linkage/scoring/:id" element={<RequireSession page="linkageScoring"><LinkageScoringPage /></RequireSession>} />
                {/* -- end linkage: procurement -- */}
                {/* -- linkage: delivery -- */}
                <Route path="/linkage/delivery" element={<RequireSession page="linkageDelivery"><LinkageDeliveryPage /></RequireSession>} />
                <Route path="/linkage/delivery/:id" element={<RequireSession page="linkageDelivery"><LinkageDeliveryPage /></RequireSession>} />
                <Route path="/linkage/activities/:id" element={<RequireSession page="linkageDelivery"><LinkageAttendancePage /></RequireSession>} />
                <Route path="/linkage/projects/:id/chain" element={<RequireSession page="linkageDelivery"><LinkageChainPage /></RequireSession>} />
                <Route path="/linkage/evaluations" element={<RequireSession page="linkageEvaluations"><LinkageEvaluationsPage /></RequireSession>} />
                <Route path="/linkage/evaluations/:id" element={<RequireSession page="linkageEvaluations"><LinkageEvaluationsPage /></RequireSession>} />
                {/* The public notice (公示) of a community: no account needed. */}
                <Route path="/notice/:code" element={<PublicNoticePage />} />
                {/* -- end linkage: delivery -- */}
                {/* -- care: cases -- */}
                <Route path="/care" element={<RequireSession page="careDay"><CareDayPage /></RequireSession>} />
                {/* A case is also opened by an agent on its team (not in the menu): the server decides. */}
                <Route path="/care/cases/:id" element={<RequireSession><CareCasePage /></RequireSession>} />
                {/* -- end care: cases -- */}
                {/* -- care: referrals and family -- */}
                <Route path="/family" element={<RequireSession><FamilyPage /></RequireSession>} />
                <Route path="/care/family-messages" element={<RequireSession><FamilyMessagesPage /></RequireSession>} />
                <Route path="/care/referrals/received" element={<RequireSession><ReceivedReferralsPage /></RequireSession>} />
                <Route path="/care/cases/:id/referrals" element={<RequireSession><CaseReferralsPage /></RequireSession>} />
                {/* -- end care: referrals and family -- */}
                {/* -- market: information points -- */}
                <Route path="/info-point" element={<RequireSession page="infoPoint"><InfoPointPage /></RequireSession>} />
                <Route path="/recycling" element={<RequireSession page="recycling"><RecyclingPage /></RequireSession>} />
                <Route path="/recycling/collect" element={<RequireSession page="recyclingCollect"><RecyclingCollectPage /></RequireSession>} />
                <Route path="/info-points" element={<RequireSession page="infoPoints"><InfoPointsRegisterPage /></RequireSession>} />
                {/* -- end market: information points -- */}
                {/* -- market: sales -- */}
                <Route path="/market" element={<RequireSession page="marketShop"><MarketShopPage /></RequireSession>} />
                <Route path="/market/produce" element={<RequireSession page="marketProduce"><MarketProducePage /></RequireSession>} />
                <Route path="/market/rounds" element={<RequireSession page="marketRounds"><MarketRoundsPage /></RequireSession>} />
                {/* -- end market: sales -- */}
                {/* -- field -- */}
                <Route path="/sync-conflicts" element={<RequireSession page="syncConflicts"><ConflictsPage /></RequireSession>} />
                {/* -- end field -- */}
                <Route path="*" element={<RequireSession><NotFound /></RequireSession>} />
              </Routes>
            </Suspense>
          </SessionProvider>
        </BrowserRouter>
      </ErrorBoundary>
    </PreferencesProvider>
  );
}
