import { useEffect } from 'react';
import { Card, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { api } from '../../api/client.ts';
import type { AreaDetail, Page } from '../../api/types.ts';
import type { Facility } from '../../api/facilities.ts';
import { useUser } from '../../app/session.tsx';
import { useFormat } from '../../i18n/format.ts';
import { ErrorAlert } from '../../shared/ErrorAlert.tsx';
import { PageSpinner } from '../../shared/PageSpinner.tsx';
import { useApi } from '../../shared/use-api.ts';
import { ColorTag, KIND_TONE } from '../../shared/ColorTag.tsx';
import { STATUS_TONE } from '../facilities/style.ts';

/** The services of the resident's community and their own requests (src/web/src/features/catalog, requests). */
const SERVICES = [
  { key: 'services', icon: '✎', path: '/catalog' },
  { key: 'requests', icon: '☰', path: '/requests' },
] as const;

/** What a resident sees: their community, its facilities, and the services that later modules bring here. Mobile first. */
export default function ResidentPortalPage() {
  const { t } = useTranslation();
  const user = useUser();
  const format = useFormat();
  const area = useApi((signal) => api.get<AreaDetail>(`/areas/${user.scope}`, undefined, signal), [user.scope]);
  const facilities = useApi((signal) => api.get<Page<Facility>>('/facilities', { area: user.scope, limit: 100 }, signal), [user.scope]);

  useEffect(() => {
    document.title = `${t('portal.title')} · ${t('app.name')}`;
  }, [t]);

  const community = area.data;
  const stats = community?.statistics;
  return (
    <div className="portal" data-testid="portal">
      <Typography.Title level={1} className="page-title" style={{ fontSize: '1.5em' }}>
        {t('portal.greeting', { name: user.displayName })}
      </Typography.Title>
      <nav aria-label={`${t('portal.services')} · ${t('portal.requests')}`} style={{ display: 'grid', gap: 12 }}>
        {SERVICES.map((item) => (
          <Link key={item.key} to={item.path} className="portal-link" data-testid={`portal-${item.key}`}>
            <Card size="small" hoverable>
              <div className="portal-tile">
                <span className="portal-tile-icon" aria-hidden="true">
                  {item.icon}
                </span>
                <div>
                  <span className="card-title" style={{ display: 'block' }}>{t(`portal.${item.key}`)}</span>
                  <Typography.Text type="secondary">{t(`portal.${item.key}Desc`)}</Typography.Text>
                </div>
              </div>
            </Card>
          </Link>
        ))}
      </nav>
      <ErrorAlert error={area.error} onRetry={area.reload} />
      {area.loading && !community && <PageSpinner />}
      {community && (
        <Card>
          <Typography.Text type="secondary">{t('portal.community')}</Typography.Text>
          <Typography.Title level={2} style={{ margin: '4px 0 8px', fontSize: '1.35em' }} data-testid="portal-community">
            {community.name}
          </Typography.Title>
          <div style={{ marginBottom: 12 }}>
            {community.kind && <ColorTag tone={KIND_TONE[community.kind]}>{t(`kind.${community.kind}`)}</ColorTag>}
            <Typography.Text type="secondary">{community.path.map((p) => p.name).join(' · ')}</Typography.Text>
          </div>
          {stats && (
            <div className="portal-figures">
              <div>
                <div className="portal-figure">{format.number(stats.residentPopulation)}</div>
                <Typography.Text type="secondary">{t('portal.population')}</Typography.Text>
              </div>
              <div>
                <div className="portal-figure">{format.number(stats.households)}</div>
                <Typography.Text type="secondary">{t('portal.households')}</Typography.Text>
              </div>
              <div>
                <div className="portal-figure">{format.number(stats.aged60Plus)}</div>
                <Typography.Text type="secondary">{t('portal.aged')}</Typography.Text>
              </div>
            </div>
          )}
          {community.generated && (
            <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0, fontSize: '0.9em' }}>
              {t('areas.generatedHint')}
            </Typography.Paragraph>
          )}
        </Card>
      )}
      <section aria-labelledby="facilities-title" data-testid="portal-facilities">
        <h2 id="facilities-title" className="card-title" style={{ margin: '8px 0' }}>
          {t('portal.facilities')}
        </h2>
        <ErrorAlert error={facilities.error} onRetry={facilities.reload} />
        {facilities.loading && !facilities.data && <PageSpinner />}
        {facilities.data && (
          <Card size="small">
            {facilities.data.items.length === 0 ? (
              <Typography.Text>{t('portal.facilitiesNone')}</Typography.Text>
            ) : (
              <ul className="plain-list" aria-label={t('portal.facilitiesCount', { count: facilities.data.total })}>
                {facilities.data.items.map((f) => (
                  <li key={f.id} className="portal-facility" data-testid="portal-facility">
                    <div className="portal-facility-name">{f.name}</div>
                    <div>
                      <Tag>{t(`facilityKind.${f.kind}`)}</Tag>
                      <ColorTag tone={STATUS_TONE[f.status]}>{t(`facilityStatus.${f.status}`)}</ColorTag>
                    </div>
                    {f.openingHours && <Typography.Text type="secondary">{t('portal.openingHours', { hours: f.openingHours })}</Typography.Text>}
                    {f.services.length > 0 && <div>{f.services.join('、')}</div>}
                  </li>
                ))}
              </ul>
            )}
          </Card>
        )}
      </section>
      <Typography.Paragraph type="secondary" style={{ textAlign: 'center', marginTop: 8 }}>
        {t('portal.contact')}
      </Typography.Paragraph>
    </div>
  );
}
