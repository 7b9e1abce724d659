import { useEffect, useState } from 'react';
import { Alert, Button, Card, Form, Input, Select, Switch, Typography } from 'antd';
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

interface LoginForm {
  username: string;
  password: string;
}

export default function LoginPage() {
  const { t } = useTranslation();
  const { state, login } = useSession();
  const { language, setLanguage, elderMode, setElderMode } = usePreferences();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const [form] = Form.useForm<LoginForm>();
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

  const submit = async (values: LoginForm) => {
    setSubmitting(true);
    setError(null);
    try {
      const user = await login(values.username.trim(), values.password);
      navigate(next ?? homeOf(user.role), { replace: true });
    } catch (failure) {
      setError(apiErrorMessage(t, failure));
      setSubmitting(false);
    }
  };

  return (
    <div className="login-page">
      <div className="login-top">
        <Select<Language>
          aria-label={t('layout.language')}
          className="language-select"
          value={language}
          onChange={setLanguage}
          options={LANGUAGES.map((l) => ({ value: l, label: LANGUAGE_NAMES[l] }))}
          data-testid="language"
        />
        <label className="elder-switch">
          <Switch checked={elderMode} onChange={setElderMode} data-testid="elder-mode" />
          <span>{t('layout.elderMode')}</span>
        </label>
      </div>
      <header className="login-brand">
        <img src="/favicon.svg" alt="" width={56} height={56} />
        <h1>{t('app.name')}</h1>
        <Typography.Text type="secondary">{t('app.tagline')}</Typography.Text>
      </header>
      <main id="main" className="login-grid">
        <Card title={<h2 style={{ margin: 0, fontSize: '1.15em' }}>{t('login.welcome')}</h2>}>
          {params.get('expired') && <Alert type="warning" showIcon title={t('login.sessionExpired')} style={{ marginBottom: 16 }} />}
          {params.get('loggedOut') && !error && <Alert type="success" showIcon title={t('login.loggedOut')} style={{ marginBottom: 16 }} />}
          {error && <Alert type="error" showIcon role="alert" title={error} style={{ marginBottom: 16 }} data-testid="login-error" />}
          <Form<LoginForm> form={form} layout="vertical" onFinish={submit} requiredMark={false} autoComplete="on">
            <Form.Item name="username" label={t('login.username')} rules={[{ required: true, whitespace: true, message: t('login.usernameRequired') }]}>
              <Input autoComplete="username" autoFocus />
            </Form.Item>
            <Form.Item name="password" label={t('login.password')} rules={[{ required: true, message: t('login.passwordRequired') }]}>
              <Input.Password autoComplete="current-password" />
            </Form.Item>
            <Button type="primary" htmlType="submit" block loading={submitting} size="large">
              {t('login.submit')}
            </Button>
          </Form>
        </Card>
        {demo && demo.accounts.length > 0 && (
          <Card title={<h2 style={{ margin: 0, fontSize: '1.15em' }}>{t('login.demoTitle')}</h2>} data-testid="demo-accounts">
            <Typography.Paragraph>{t('login.demoHint', { password: demo.password ?? '' })}</Typography.Paragraph>
            <ul style={{ listStyle: 'none', margin: 0, padding: 0, display: 'grid', gap: 8 }}>
              {demo.accounts.map((account) => (
                <li key={account.username}>
                  <Button
                    className="demo-account"
                    title={t('login.useAccount', { username: account.username })}
                    onClick={() => form.setFieldsValue({ username: account.username, password: demo.password ?? '' })}
                  >
                    <span>
                      <span className="demo-account-name">{account.username}</span>
                      <br />
                      <span className="demo-account-meta">{account.displayName}</span>
                    </span>
                    <span className="demo-account-meta">
                      {t(`roles.${account.role}`)} · {account.scopeName ?? account.scope}
                    </span>
                  </Button>
                </li>
              ))}
            </ul>
          </Card>
        )}
      </main>
    </div>
  );
}
