import { useMemo, type ReactNode } from 'react';
import { App as AntApp, ConfigProvider, Switch, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { usePreferences } from '../../app/preferences.tsx';
import { themeFor } from '../../app/theme.ts';
import { antdLocaleOf } from '../../app/antd-locale.ts';
import './field.css';

/**
 * The offline page's own frame: the console needs a live session (its menu comes from it), and a
 * phone in the hills has none. Theme, language and elder mode as in the console.
 */
export default function FieldShell({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const { elderMode, setElderMode, language, reducedMotion } = usePreferences();
  const theme = useMemo(() => themeFor(elderMode, reducedMotion), [elderMode, reducedMotion]);
  return (
    <ConfigProvider theme={theme} locale={antdLocaleOf(language)} componentSize={elderMode ? 'large' : 'middle'} button={{ autoInsertSpace: false }}>
      <AntApp>
        <div className="field-shell">
          <header className="field-shell-bar">
            <Link to="/">
              <Typography.Text strong>{t('app.name')}</Typography.Text>
            </Link>
            <label>
              <Switch size="small" checked={elderMode} onChange={setElderMode} aria-label={t('field.elderMode')} /> {t('field.elderMode')}
            </label>
          </header>
          <main className="field-shell-main">{children}</main>
        </div>
      </AntApp>
    </ConfigProvider>
  );
}
