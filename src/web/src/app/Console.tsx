import { useMemo, type ReactNode } from 'react';
import { App as AntApp, ConfigProvider } from 'antd';
import { usePreferences } from './preferences.tsx';
import { themeFor } from './theme.ts';
import { antdLocaleOf } from './antd-locale.ts';
import { AppLayout } from './AppLayout.tsx';

/**
 * The console behind a login: Ant Design's theme and locale (elder mode: larger components) and the
 * frame with the menu. Its own chunk, loaded after the login: the login page is plain HTML and does
 * not pay for Ant Design (about 190 kB gzipped with the form, select and card it used).
 */
export default function Console({ children }: { children: ReactNode }) {
  const { elderMode, language, reducedMotion } = usePreferences();
  const theme = useMemo(() => themeFor(elderMode, reducedMotion), [elderMode, reducedMotion]);
  return (
    <ConfigProvider theme={theme} locale={antdLocaleOf(language)} componentSize={elderMode ? 'large' : 'middle'} button={{ autoInsertSpace: false }}>
      <AntApp>
        <AppLayout>{children}</AppLayout>
      </AntApp>
    </ConfigProvider>
  );
}
