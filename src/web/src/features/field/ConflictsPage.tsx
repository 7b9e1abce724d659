import { useEffect, useState } from 'react';
import { Alert, Button, Card, Empty, Segmented, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { request } from '../../api/client.ts';
import type { SyncConflict } from '../../../../contracts/sync.ts';
import { useFormat } from '../../i18n/format.ts';
import { ErrorAlert } from '../../shared/ErrorAlert.tsx';
import { PageSpinner } from '../../shared/PageSpinner.tsx';
import { useApi } from '../../shared/use-api.ts';
import './field.css';

type ConflictPage = { items: SyncConflict[]; total: number; nextCursor: string | null };

const conflictsApi = {
  list: (status: 'open' | undefined, signal?: AbortSignal) => request<ConflictPage>('GET', '/sync/conflicts', { query: { status, limit: 100 }, signal }),
  resolve: (id: string, keep: 'device' | 'server') => request<SyncConflict>('POST', `/sync/conflicts/${encodeURIComponent(id)}/resolve`, { body: { keep } }),
};

/**
 * 离线修改冲突: fields both a phone (offline) and someone else changed. The worker sees their own;
 * a supervisor (a township worker, an official) those of their scope; each chooses which value stays.
 */
export default function ConflictsPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const [filter, setFilter] = useState<'open' | 'all'>('open');
  const [error, setError] = useState<unknown>(null);
  const list = useApi((signal) => conflictsApi.list(filter === 'open' ? 'open' : undefined, signal), [filter]);
  useEffect(() => {
    document.title = `${t('field.conflicts.title')} · ${t('app.name')}`;
  }, [t]);
  const show = (value: unknown) => (value === null || value === undefined || value === '' ? '—' : typeof value === 'boolean' ? (value ? t('common.yes') : t('common.no')) : typeof value === 'string' ? value : JSON.stringify(value));
  const resolve = async (c: SyncConflict, keep: 'device' | 'server') => {
    setError(null);
    try {
      await conflictsApi.resolve(c.id, keep);
      list.reload();
    } catch (failure) {
      setError(failure);
    }
  };
  return (
    <div className="field-page" data-testid="conflicts-page">
      <Typography.Title level={1} className="page-title" style={{ fontSize: '1.5em' }}>
        {t('field.conflicts.title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('field.conflicts.intro')}</Typography.Paragraph>
      <Segmented
        value={filter}
        onChange={(v) => setFilter(v as 'open' | 'all')}
        options={[
          { value: 'open', label: t('field.conflicts.open') },
          { value: 'all', label: t('field.conflicts.all') },
        ]}
        style={{ marginBottom: 12 }}
      />
      {error !== null && <ErrorAlert error={error} />}
      <ErrorAlert error={list.error} onRetry={list.reload} />
      {list.loading && !list.data && <PageSpinner />}
      {list.data && list.data.items.length === 0 && <Empty description={t('field.conflicts.empty')} />}
      {list.data?.items.map((c) => (
        <Card key={c.id} size="small" style={{ marginBottom: 12 }} title={t(`field.fields.${c.field}` as 'field.fields.notes')} data-testid="conflict">
          <dl className="conflict-values">
            <dt>{t('field.conflicts.base')}</dt>
            <dd>{show(c.base)}</dd>
            <dt>{t('field.conflicts.device')}</dt>
            <dd data-testid="conflict-device">{show(c.device)}</dd>
            <dt>{t('field.conflicts.server')}</dt>
            <dd data-testid="conflict-server">{show(c.server)}</dd>
            <dt>{t('field.conflicts.who')}</dt>
            <dd>
              {c.username} · {format.dateTime(c.createdAt)}
            </dd>
          </dl>
          {c.status === 'open' ? (
            <Space wrap>
              <Button type="primary" onClick={() => resolve(c, 'device')} data-testid="conflict-keep-device">
                {t('field.conflicts.keepDevice')}
              </Button>
              <Button onClick={() => resolve(c, 'server')} data-testid="conflict-keep-server">
                {t('field.conflicts.keepServer')}
              </Button>
            </Space>
          ) : (
            <Alert type="success" showIcon title={`${t('field.conflicts.resolved')}: ${c.resolution === 'device' ? t('field.conflicts.keepDevice') : t('field.conflicts.keepServer')}`} />
          )}
        </Card>
      ))}
    </div>
  );
}
