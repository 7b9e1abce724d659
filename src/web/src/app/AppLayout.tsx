import { Suspense, useState, type ReactNode } from 'react';
import { Button, Drawer, Layout, Menu, Select, Switch, Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useNavigate } from 'react-router-dom';
import { LANGUAGE_NAMES, LANGUAGES, type Language } from '../i18n/index.ts';
import { usePreferences } from './preferences.tsx';
import { useSession, useUser } from './session.tsx';
import { GROUPED_MENU_FROM, NAV_GROUPS, navFor } from './navigation.ts';
import { PageSpinner } from '../shared/PageSpinner.tsx';
import { useNarrow } from '../shared/use-media-query.ts';
import { InboxBadge } from '../features/inbox/InboxBadge.tsx';

/**
 * The frame of every page after login: brand, scope, language, elder mode, account; the role's
 * menu. On a narrow screen the menu opens from a button in the header (no floating trigger over
 * the page) and the header scrolls away with the page instead of holding a third of a phone.
 */
export function AppLayout({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const user = useUser();
  const { logout } = useSession();
  const { language, setLanguage, elderMode, setElderMode } = usePreferences();
  const location = useLocation();
  const navigate = useNavigate();
  const items = navFor(user.role);
  const selected = items.find((i) => location.pathname === i.path || location.pathname.startsWith(`${i.path}/`))?.key;
  const scopeLabel = user.scopeName ?? user.scope;
  const narrow = useNarrow();
  const [menuOpen, setMenuOpen] = useState(false);
  const menu = (
    <nav aria-label={t('nav.label')}>
      <Menu
        mode="inline"
        selectedKeys={selected ? [selected] : []}
        items={
          items.length < GROUPED_MENU_FROM
            ? items.map((item) => ({ key: item.key, label: t(`nav.${item.key}`) }))
            : NAV_GROUPS.filter((group) => items.some((i) => i.group === group)).map((group) => ({
                type: 'group' as const,
                key: `group-${group}`,
                label: t(`navGroups.${group}`),
                children: items.filter((i) => i.group === group).map((item) => ({ key: item.key, label: t(`nav.${item.key}`) })),
              }))
        }
        onClick={({ key }) => {
          setMenuOpen(false);
          navigate(items.find((i) => i.key === key)!.path);
        }}
        data-testid="menu"
      />
    </nav>
  );

  return (
    <Layout className="app-shell">
      <a className="skip-link" href="#main">
        {t('app.skipToContent')}
      </a>
      <header className="app-header">
        <Link to="/" className="brand" aria-label={`${t('app.name')} — ${t('app.tagline')}`}>
          <img src="/favicon.svg" alt="" width={32} height={32} />
          <span className="brand-name">{t('app.name')}</span>
          <span className="brand-tagline">{t('app.tagline')}</span>
        </Link>
        {items.length > 1 && narrow && (
          <Button className="menu-button" onClick={() => setMenuOpen(true)} aria-expanded={menuOpen} aria-controls="app-menu" data-testid="menu-button">
            <span aria-hidden="true">☰</span> {t('layout.openMenu')}
          </Button>
        )}
        <div className="header-tools">
          <Tooltip title={`${t('layout.scope')}: ${user.scope}`}>
            <span className="scope-tag" data-testid="scope">
              {t('layout.myScope', { name: scopeLabel })}
            </span>
          </Tooltip>
          <Select<Language>
            aria-label={t('layout.language')}
            className="language-select"
            value={language}
            onChange={setLanguage}
            options={LANGUAGES.map((l) => ({ value: l, label: LANGUAGE_NAMES[l] }))}
            popupMatchSelectWidth={false}
            data-testid="language"
          />
          <label className="elder-switch">
            <Switch checked={elderMode} onChange={setElderMode} aria-describedby="elder-hint" data-testid="elder-mode" />
            <span>{t('layout.elderMode')}</span>
            <span id="elder-hint" className="visually-hidden">
              {t('layout.elderModeHint')}
            </span>
          </label>
          <InboxBadge />
          <span className="account" title={t('layout.account')}>
            {user.displayName} · {t(`roles.${user.role}`)}
          </span>
          <Button
            onClick={() => void logout()}
          >
            {t('layout.logout')}
          </Button>
        </div>
      </header>
      <Layout className="app-body">
        {items.length > 1 && !narrow && (
          <Layout.Sider width={208} theme="light" className="app-sider">
            {menu}
          </Layout.Sider>
        )}
        {items.length > 1 && narrow && (
          <Drawer
            open={menuOpen}
            onClose={() => setMenuOpen(false)}
            placement="left"
            size={260}
            title={t('nav.label')}
            closable={{ 'aria-label': t('common.close') }}
            id="app-menu"
            className="menu-drawer"
          >
            {menu}
          </Drawer>
        )}
        {/* Layout.Content is the page's <main>. */}
        <Layout.Content className="app-content" id="main" tabIndex={-1}>
          {items.length === 1 && (
            <nav aria-label={t('nav.label')} className="single-nav" data-testid="menu">
              <Link to={items[0]!.path} aria-current="page">
                {t(`nav.${items[0]!.key}`)}
              </Link>
            </nav>
          )}
          <Suspense fallback={<PageSpinner />}>{children}</Suspense>
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
