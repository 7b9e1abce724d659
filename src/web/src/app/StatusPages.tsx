import { Button, Result } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';

function StatusPage({ status, title }: { status: '403' | '404'; title: string }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  return (
    <Result
      status={status}
      title={<h1 className="result-title">{title}</h1>}
      extra={
        <Button type="primary" onClick={() => navigate('/')}>
          {t('errors.backHome')}
        </Button>
      }
    />
  );
}

export const NotFound = () => {
  const { t } = useTranslation();
  return <StatusPage status="404" title={t('errors.pageNotFound')} />;
};

export const Forbidden = () => {
  const { t } = useTranslation();
  return <StatusPage status="403" title={t('errors.forbidden')} />;
};
