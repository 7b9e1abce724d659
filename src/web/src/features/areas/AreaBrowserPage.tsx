import { useCallback, useEffect, useState } from 'react';
import { Card, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Navigate, useNavigate, useParams, useSearchParams } from 'react-router-dom';
import { api } from '../../api/client.ts';
import type { AreaDetail } from '../../api/types.ts';
import { useUser } from '../../app/session.tsx';
import { ErrorAlert } from '../../shared/ErrorAlert.tsx';
import { PageSpinner } from '../../shared/PageSpinner.tsx';
import { useApi } from '../../shared/use-api.ts';
import { AreaSearch } from './AreaSearch.tsx';
import { AreaTree } from './AreaTree.tsx';
import { AreaDetailPanel } from './AreaDetailPanel.tsx';

export default function AreaBrowserPage() {
  const { t } = useTranslation();
  const user = useUser();
  const { code } = useParams();
  const [params, setParams] = useSearchParams();
  const navigate = useNavigate();
  const [treeError, setTreeError] = useState<unknown>(null);
  const year = params.get('year') ? Number(params.get('year')) : undefined;

  const root = useApi((signal) => api.get<AreaDetail>(`/areas/${user.scope}`, undefined, signal), [user.scope]);
  const detail = useApi(
    (signal) => (code ? api.get<AreaDetail>(`/areas/${code}`, { year }, signal) : Promise.resolve(undefined)),
    [code, year],
  );

  useEffect(() => {
    document.title = `${detail.data?.name ?? t('areas.title')} · ${t('app.name')}`;
  }, [detail.data?.name, t]);

  const open = useCallback((next: string) => navigate(`/areas/${next}`), [navigate]);
  const onTreeError = useCallback((error: unknown) => setTreeError(error), []);

  if (!code) return <Navigate to={`/areas/${user.scope}`} replace />;
  const area = detail.data;

  return (
    <div>
      <Typography.Title level={1} className="page-title" style={{ fontSize: '1.6em' }}>
        {t('areas.title')}
      </Typography.Title>
      <div style={{ marginBottom: 16 }}>
        <AreaSearch onOpen={open} />
      </div>
      <div className="areas-grid">
        <Card className="area-tree-card" title={<h2 className="card-title">{t('areas.tree')}</h2>} size="small">
          <Typography.Paragraph type="secondary" style={{ fontSize: '0.9em' }}>
            {t('areas.treeHint')}
          </Typography.Paragraph>
          <ErrorAlert error={root.error ?? treeError} onRetry={root.reload} />
          {root.data && (
            <AreaTree
              root={root.data}
              selected={code}
              path={area ? area.path.map((p) => p.code) : []}
              onSelect={open}
              onError={onTreeError}
            />
          )}
        </Card>
        <div aria-busy={detail.loading}>
          <ErrorAlert error={detail.error} onRetry={detail.reload} />
          {detail.loading && !area && <PageSpinner />}
          {area && (
            <AreaDetailPanel
              area={area}
              scope={user.scope}
              year={year}
              onYear={(y) => setParams(y === area.statisticsYears.at(-1) ? {} : { year: String(y) }, { replace: true })}
            />
          )}
        </div>
      </div>
    </div>
  );
}
