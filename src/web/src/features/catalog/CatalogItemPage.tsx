import { useEffect } from 'react';
import { Alert, Button, Card, Descriptions, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { ApiError } from '../../api/client.ts';
import { serviceCatalogApi } from '../../api/catalog.ts';
import { useUser } from '../../app/session.tsx';
import { ErrorAlert } from '../../shared/ErrorAlert.tsx';
import { PageSpinner } from '../../shared/PageSpinner.tsx';
import { useApi } from '../../shared/use-api.ts';
import { ChannelList, useItemName, useLabel } from './labels.tsx';
import './catalog.css';

/** One service as it holds in the user's area: who may apply, the papers, the limits, the fee, how; and the way to apply. */
export default function CatalogItemPage() {
  const { t } = useTranslation();
  const user = useUser();
  const { code = '' } = useParams();
  const navigate = useNavigate();
  const itemName = useItemName();
  const label = useLabel();
  const item = useApi((signal) => serviceCatalogApi.item(user.scope, code, signal), [user.scope, code]);
  const data = item.data;

  useEffect(() => {
    document.title = `${data ? itemName(data) : t('catalog.title')} · ${t('app.name')}`;
  }, [t, data, itemName]);

  const back = (
    <Link to="/catalog" data-testid="catalog-back">
      ← {t('catalog.back')}
    </Link>
  );
  if (item.error instanceof ApiError && item.error.status === 404) {
    return (
      <div className="portal">
        {back}
        <Alert type="info" showIcon title={t('catalog.notFound')} />
      </div>
    );
  }
  return (
    <div className="portal" data-testid="catalog-detail">
      {back}
      <ErrorAlert error={item.error} onRetry={item.reload} />
      {item.loading && !data && <PageSpinner />}
      {data && (
        <>
          <Typography.Title level={1} className="page-title" style={{ fontSize: '1.5em', marginBottom: 0 }}>
            {itemName(data)}
          </Typography.Title>
          <div className="catalog-facts">
            <Tag>{t(`catalog.category.${data.category}`)}</Tag>
            <Typography.Text type="secondary" className="code">
              {data.code}
            </Typography.Text>
          </div>
          {data.generated && <Alert type="warning" showIcon title={t('catalog.generated')} />}
          <Card size="small">
            <Descriptions column={1} size="small" colon={false} styles={{ label: { minWidth: '7em' } }}>
              <Descriptions.Item label={t('catalog.committed')}>
                <span data-testid="catalog-committed">
                  <strong>{t('catalog.workingDays', { count: data.committedDays })}</strong>
                  {data.committedDays < data.publication.baseCommittedDays && (
                    <Typography.Text type="secondary"> （{t('catalog.shortened', { days: data.publication.baseCommittedDays })}）</Typography.Text>
                  )}
                </span>
              </Descriptions.Item>
              <Descriptions.Item label={t('catalog.statutory')}>{t('catalog.workingDays', { count: data.statutoryDays })}</Descriptions.Item>
              <Descriptions.Item label={t('catalog.feeLabel')}>
                {data.feeYuan === 0 ? t('catalog.free') : t('catalog.fee', { amount: data.feeYuan })}
                {data.feeNote && data.feeYuan !== 0 ? ` · ${data.feeNote}` : ''}
              </Descriptions.Item>
              <Descriptions.Item label={t('catalog.channels')}>
                <ChannelList channels={data.channels} />
                <br />
                <Typography.Text type="secondary">{data.agencyAllowed ? t('catalog.agencyAllowed') : t('catalog.agencyNotAllowed')}</Typography.Text>
              </Descriptions.Item>
              <Descriptions.Item label={t('catalog.department')}>{data.department}</Descriptions.Item>
              <Descriptions.Item label={t('catalog.decidingLevel')}>{t(`catalog.level.${data.decidingLevel}`)}</Descriptions.Item>
            </Descriptions>
          </Card>
          {data.conditions && (
            <section>
              <Typography.Title level={2} style={{ fontSize: '1.2em' }}>
                {t('catalog.conditions')}
              </Typography.Title>
              <Typography.Paragraph>{data.conditions}</Typography.Paragraph>
            </section>
          )}
          <section>
            <Typography.Title level={2} style={{ fontSize: '1.2em' }}>
              {t('catalog.materials')}
            </Typography.Title>
            {data.materials.length === 0 ? (
              <Typography.Text type="secondary">{t('catalog.noMaterials')}</Typography.Text>
            ) : (
              <ol className="catalog-materials" data-testid="catalog-materials">
                {data.materials.map((m) => (
                  <li key={m.key}>
                    <strong>{m.name}</strong>
                    <div className="catalog-muted">
                      {t(`catalog.${m.form}`)} · {t('catalog.pieces', { count: m.count })} · {m.required ? t('catalog.required') : t('catalog.optional')}
                      {m.agentMayCarry && data.agencyAllowed ? ` · ${t('catalog.agentMayCarry')}` : ''}
                    </div>
                  </li>
                ))}
              </ol>
            )}
          </section>
          {data.fields.length > 0 && (
            <section>
              <Typography.Title level={2} style={{ fontSize: '1.2em' }}>
                {t('catalog.fields')}
              </Typography.Title>
              <Typography.Paragraph>{data.fields.map((f) => label(f)).join('、')}</Typography.Paragraph>
            </section>
          )}
          {data.legalBasis && (
            <section>
              <Typography.Title level={2} style={{ fontSize: '1.2em' }}>
                {t('catalog.legalBasis')}
              </Typography.Title>
              <Typography.Paragraph type="secondary">{data.legalBasis}</Typography.Paragraph>
            </section>
          )}
          <Typography.Text type="secondary">{t('catalog.publishedBy', { area: data.publication.areaName ?? data.publication.areaCode })}</Typography.Text>
          <div className="catalog-apply">
            <Button type="primary" size="large" block onClick={() => navigate(`/requests/new?item=${encodeURIComponent(data.code)}`)} data-testid="catalog-apply">
              {t('catalog.apply')}
            </Button>
          </div>
        </>
      )}
    </div>
  );
}
