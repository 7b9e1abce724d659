import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useNavigate, useSearchParams } from 'react-router-dom';
import { api } from '../../api/client.ts';
import type { DemoAccounts } from '../../api/types.ts';
import { usePreferences } from '../../app/preferences.tsx';
import { useSession } from '../../app/session.tsx';
import { homeOf, safeNext } from '../../app/navigation.ts';
import { LANGUAGE_NAMES, LANGUAGES, type Language } from '../../i18n/index.ts';
import { apiErrorMessage } from '../../shared/api-error-message.ts';
import { PageSpinner } from '../../shared/PageSpinner.tsx';
import '../../shared/plain-controls.css';

/**
 * The login page, in plain HTML: it is the first page most people load, and Ant Design (its theme,
 * form, select and card: about 190 kB gzipped) loads after it, with the console. Same fields and
 * behaviour as the console's forms: the language and elder mode switches, the demo accounts.
 */
export default function LoginPage() {
  const { t } = useTranslation();
  const { state, login } = useSession();
  const { language, setLanguage, elderMode, setElderMode } = usePreferences();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [missing, setMissing] = useState<{ username?: boolean; password?: boolean }>({});
  const [error, setError] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const [demo, setDemo] = useState<DemoAccounts | null>(null);
  const next = safeNext(params.get('next'));

  useEffect(() => {
    document.title = `${t('login.title')} · ${t('app.name')}`;
  }, [t]);

  useEffect(() => {
    const controller = new AbortController();
    api.get<DemoAccounts>('/auth/demo-accounts', undefined, controller.signal).then(setDemo, () => setDemo(null));
    return () => controller.abort();
  }, []);

  if (state.status === 'loading') return <PageSpinner />;
  if (state.status === 'authenticated' && !submitting) return <Navigate to={next ?? homeOf(state.user.role)} replace />;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const blank = { username: !username.trim(), password: !password };
    setMissing(blank);
    if (blank.username || blank.password) return;
    setSubmitting(true);
    setError(null);
    try {
      const user = await login(username.trim(), password);
      void navigate(next ?? homeOf(user.role), { replace: true });
    } catch (failure) {
      setError(apiErrorMessage(t, failure));
      setSubmitting(false);
    }
  };

  return (
    <div className="login-page">
      <div className="login-top">
        <select
          aria-label={t('layout.language')}
          className="plain-select language-select"
          value={language}
          onChange={(e) => setLanguage(e.target.value as Language)}
          data-testid="language"
        >
          {LANGUAGES.map((l) => (
            <option key={l} value={l}>
              {LANGUAGE_NAMES[l]}
            </option>
          ))}
        </select>
        <span className="elder-switch">
          <button
            type="button"
            role="switch"
            aria-checked={elderMode}
            aria-labelledby="elder-mode-label"
            className="plain-switch"
            onClick={() => setElderMode(!elderMode)}
            data-testid="elder-mode"
          />
          <span id="elder-mode-label">{t('layout.elderMode')}</span>
        </span>
      </div>
      <header className="login-brand">
        <img src="/favicon.svg" alt="" width={56} height={56} />
        <h1>{t('app.name')}</h1>
        <p className="login-tagline">{t('app.tagline')}</p>
      </header>
      <main id="main" className="login-grid">
        <section className="plain-card" aria-labelledby="login-title">
          <h2 id="login-title">{t('login.welcome')}</h2>
          {params.get('expired') && <div className="plain-alert plain-alert-warning" role="status">{t('login.sessionExpired')}</div>}
          {params.get('loggedOut') && !error && <div className="plain-alert plain-alert-success" role="status">{t('login.loggedOut')}</div>}
          {error && (
            <div className="plain-alert plain-alert-error" role="alert" data-testid="login-error">
              {error}
            </div>
          )}
          <form onSubmit={(e) => void submit(e)} noValidate autoComplete="on">
            <label className="plain-field" htmlFor="username">
              <span>{t('login.username')}</span>
              <input
                id="username"
                name="username"
                className="plain-input"
                autoComplete="username"
                autoFocus
                value={username}
                onChange={(e) => setUsername(e.target.value)}
                aria-invalid={missing.username || undefined}
                aria-describedby={missing.username ? 'username-error' : undefined}
              />
              {missing.username && (
                <span id="username-error" className="plain-field-error">
                  {t('login.usernameRequired')}
                </span>
              )}
            </label>
            <label className="plain-field" htmlFor="password">
              <span>{t('login.password')}</span>
              <input
                id="password"
                name="password"
                type="password"
                className="plain-input"
                autoComplete="current-password"
                value={password}
                onChange={(e) => setPassword(e.target.value)}
                aria-invalid={missing.password || undefined}
                aria-describedby={missing.password ? 'password-error' : undefined}
              />
              {missing.password && (
                <span id="password-error" className="plain-field-error">
                  {t('login.passwordRequired')}
                </span>
              )}
            </label>
            <button type="submit" className="plain-button plain-button-primary plain-button-block" disabled={submitting} aria-busy={submitting}>
              {t('login.submit')}
            </button>
          </form>
        </section>
        {demo && demo.accounts.length > 0 && (
          <section className="plain-card" aria-labelledby="demo-title" data-testid="demo-accounts">
            <h2 id="demo-title">{t('login.demoTitle')}</h2>
            <p>{t('login.demoHint', { password: demo.password ?? '' })}</p>
            <ul style={{ listStyle: 'none', margin: 0, padding: 0, display: 'grid', gap: 8 }}>
              {demo.accounts.map((account) => (
                <li key={account.username}>
                  <button
                    type="button"
                    className="plain-button demo-account"
                    title={t('login.useAccount', { username: account.username })}
                    onClick={() => {
                      setUsername(account.username);
                      setPassword(demo.password ?? '');
                      setMissing({});
                    }}
                  >
                    <span>
                      <span className="demo-account-name">{account.username}</span>
                      <br />
                      <span className="demo-account-meta">{account.displayName}</span>
                    </span>
                    <span className="demo-account-meta">
                      {t(`roles.${account.role}`)} · {account.scopeName ?? account.scope}
                    </span>
                  </button>
                </li>
              ))}
            </ul>
          </section>
        )}
      </main>
    </div>
  );
}
