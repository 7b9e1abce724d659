import { lazy, Suspense, useMemo, type ReactNode } from 'react';
import { App as AntApp, ConfigProvider } from 'antd';
import { BrowserRouter, Navigate, Route, Routes, useLocation } from 'react-router-dom';
import { PageSpinner } from '../shared/PageSpinner.tsx';
import { PreferencesProvider, usePreferences } from './preferences.tsx';
import { SessionProvider, useSession } from './session.tsx';
import { themeFor } from './theme.ts';
import { antdLocaleOf } from './antd-locale.ts';
import { ErrorBoundary } from './ErrorBoundary.tsx';
import { homeOf, NAV_ITEMS, type NavItem } from './navigation.ts';
import { Forbidden, NotFound } from './StatusPages.tsx';

// Each page is its own chunk: the login page does not pay for ECharts or the admin tables.
const LoginPage = lazy(() => import('../features/auth/LoginPage.tsx'));
// The console's frame (menu, header, drawer) is for pages behind a login: the login page does not load it.
const AppLayout = lazy(() => import('./AppLayout.tsx').then((m) => ({ default: m.AppLayout })));
const AreaBrowserPage = lazy(() => import('../features/areas/AreaBrowserPage.tsx'));
const UsersPage = lazy(() => import('../features/users/UsersPage.tsx'));
const AuditPage = lazy(() => import('../features/audit/AuditPage.tsx'));
const FacilitiesPage = lazy(() => import('../features/facilities/FacilitiesPage.tsx'));
const CoveragePage = lazy(() => import('../features/coverage/CoveragePage.tsx'));
const IndicatorsPage = lazy(() => import('../features/indicators/IndicatorsPage.tsx'));
const PlanningPage = lazy(() => import('../features/planning/PlanningPage.tsx'));
const PersonsPage = lazy(() => import('../features/residents/PersonsPage.tsx'));
const LeftBehindPage = lazy(() => import('../features/residents/LeftBehindPage.tsx'));
const ResidentPortalPage = lazy(() => import('../features/resident/ResidentPortalPage.tsx'));

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
  return <AppLayout>{allowed ? children : <Forbidden />}</AppLayout>;
}

function Home() {
  const { state } = useSession();
  if (state.status === 'loading') return <PageSpinner />;
  if (state.status === 'anonymous') return <Navigate to="/login" replace />;
  return <Navigate to={homeOf(state.user.role)} replace />;
}

function Themed({ children }: { children: ReactNode }) {
  const { elderMode, language } = usePreferences();
  const theme = useMemo(() => themeFor(elderMode), [elderMode]);
  return (
    <ConfigProvider theme={theme} locale={antdLocaleOf(language)} componentSize={elderMode ? 'large' : 'middle'} button={{ autoInsertSpace: false }}>
      <AntApp>{children}</AntApp>
    </ConfigProvider>
  );
}

export function App() {
  return (
    <PreferencesProvider>
      <Themed>
        <ErrorBoundary>
          <BrowserRouter>
            <SessionProvider>
              <Suspense fallback={<PageSpinner />}>
                <Routes>
                  <Route path="/" element={<Home />} />
                  <Route path="/login" element={<LoginPage />} />
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
                  <Route path="*" element={<RequireSession><NotFound /></RequireSession>} />
                </Routes>
              </Suspense>
            </SessionProvider>
          </BrowserRouter>
        </ErrorBoundary>
      </Themed>
    </PreferencesProvider>
  );
}
