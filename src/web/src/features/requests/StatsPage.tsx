import { useEffect, useState } from 'react';
import { Card, Input, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { requestsApi, type AreaRequestStats } from '../../api/requests.ts';
import { useUser } from '../../app/session.tsx';
import { useFormat } from '../../i18n/format.ts';
import { AreaPicker } from '../../shared/AreaPicker.tsx';
import { ErrorAlert } from '../../shared/ErrorAlert.tsx';
import { PageSpinner } from '../../shared/PageSpinner.tsx';
import { RegisterTable } from '../../shared/RegisterTable.tsx';
import { useApi } from '../../shared/use-api.ts';
import './requests.css';

const DATE = /^[0-9]{4}-[0-9]{2}-[0-9]{2}$/;

/**
 * Officials' overview of the requests of an area: volume, the share decided on time, what is
 * overdue now, by the areas below, and satisfaction. The two indicators that come from these
 * records (按时办结率, 居民满意度) are on the indicators page with their maps and drill-down.
 */
export default function StatsPage() {
  const { t } = useTranslation();
  const user = useUser();
  const format = useFormat();
  const [area, setArea] = useState<string | undefined>();
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const query = { area, from: DATE.test(from) ? from : undefined, to: DATE.test(to) ? to : undefined };
  const stats = useApi((signal) => requestsApi.stats(query, signal), [area, query.from, query.to]);

  useEffect(() => {
    document.title = `${t('requests.stats.title')} · ${t('app.name')}`;
  }, [t]);

  const share = (value: number | null) => (value === null ? t('requests.stats.none') : format.percent(value));
  const points = (value: number | null) => (value === null ? t('requests.stats.none') : format.decimal(Math.round(value * 10) / 10));
  const data = stats.data;
  /** The indicator on the indicators page, for the same area: its map by area and the drill-down there. */
  const drill = (indicator: string) => `/indicators?indicator=${indicator}${area ? `&area=${area}` : ''}`;
  const total = data?.total;

  return (
    <div className="request-page" data-testid="stats-page">
      <Typography.Title level={1} className="page-title" style={{ fontSize: '1.6em' }}>
        {t('requests.stats.title')}
      </Typography.Title>
      <Card size="small" style={{ marginBottom: 16 }}>
        <div className="filter-bar">
          <label>
            <span className="filter-label">{t('requests.stats.area')}</span>
            <AreaPicker scope={user.scope} scopeName={user.scopeName ?? user.scope} value={area} onChange={setArea} maxLevel={4} testId="stats-area" />
          </label>
          <label>
            <span className="filter-label">{t('requests.stats.from')}</span>
            <Input type="date" value={from} onChange={(e) => setFrom(e.target.value)} />
          </label>
          <label>
            <span className="filter-label">{t('requests.stats.to')}</span>
            <Input type="date" value={to} onChange={(e) => setTo(e.target.value)} />
          </label>
        </div>
      </Card>
      <ErrorAlert error={stats.error} onRetry={stats.reload} />
      {stats.loading && !data && <PageSpinner />}
      {data && total && (
        <>
          <Typography.Paragraph type="secondary">
            {t('requests.stats.intro', { area: total.areaName ?? total.areaCode, from: data.from, to: data.to })}{' '}
            <Link to="/indicators" className="request-inline-link">
              {t('requests.stats.indicators')}
            </Link>
          </Typography.Paragraph>
          <div className="request-tiles" data-testid="stats-tiles">
            <div className="request-tile">
              <div className="request-tile-figure">{format.number(total.submitted)}</div>
              <div>{t('requests.stats.submitted')}</div>
            </div>
            <div className="request-tile">
              <div className="request-tile-figure">{format.number(total.decided)}</div>
              <div>{t('requests.stats.decided')}</div>
            </div>
            <div className="request-tile">
              <div className="request-tile-figure" data-testid="stats-on-time">{share(total.onTimeShare)}</div>
              <div>{t('requests.stats.onTime')}</div>
              <Link to={drill('requests_on_time')} className="request-inline-link" data-testid="stats-drill-on-time">
                {t('requests.stats.drill')}
              </Link>
            </div>
            <div className={`request-tile ${total.openOverdue > 0 ? 'request-tile-overdue' : ''}`}>
              <div className="request-tile-figure">
                {total.openOverdue > 0 && <span aria-hidden="true">⛔ </span>}
                {format.number(total.openOverdue)}
              </div>
              <div>{t('requests.stats.overdue')}</div>
            </div>
            <div className="request-tile">
              <div className="request-tile-figure" data-testid="stats-satisfaction">{points(total.satisfaction)}</div>
              <div>
                {t('requests.stats.satisfaction')} <span className="request-muted">({t('requests.stats.ratingsCount', { count: total.ratings })})</span>
              </div>
              <Link to={drill('satisfaction')} className="request-inline-link">
                {t('requests.stats.drill')}
              </Link>
            </div>
          </div>
          <Typography.Paragraph type="secondary" style={{ fontSize: '0.9em' }}>
            {t('requests.stats.satisfactionHint')}
          </Typography.Paragraph>

          <h2 className="card-title">{t('requests.stats.byChild')}</h2>
          <RegisterTable<AreaRequestStats>
            rows={data.byChild}
            rowKey={(r) => r.areaCode}
            label={t('requests.stats.byChild')}
            testId="stats-table"
            rowClassName={(r) => (r.openOverdue > 0 ? 'request-row-overdue' : '')}
            columns={[
              { key: 'area', title: t('requests.stats.area'), phone: 'title', nowrap: true, render: (r) => r.areaName ?? r.areaCode },
              { key: 'submitted', title: t('requests.stats.submitted'), align: 'right', render: (r) => format.number(r.submitted) },
              { key: 'decided', title: t('requests.stats.decided'), align: 'right', render: (r) => format.number(r.decided) },
              { key: 'onTime', title: t('requests.stats.onTime'), align: 'right', render: (r) => share(r.onTimeShare) },
              {
                key: 'overdue',
                title: t('requests.stats.overdue'),
                align: 'right',
                render: (r) => (r.openOverdue > 0 ? <strong className="request-overdue-text">⛔ {format.number(r.openOverdue)}</strong> : '0'),
              },
              { key: 'warning', title: t('requests.stats.warning'), align: 'right', render: (r) => (r.openWarning > 0 ? `⚠ ${format.number(r.openWarning)}` : '0') },
              { key: 'satisfaction', title: t('requests.stats.satisfaction'), align: 'right', render: (r) => points(r.satisfaction) },
            ]}
          />

          <div className="request-two" style={{ marginTop: 16 }}>
            <Card size="small" title={<h2 className="card-title">{t('requests.stats.byChannel')}</h2>}>
              <dl className="request-summary">
                {Object.entries(data.byChannel).map(([channel, count]) => (
                  <div key={channel}>
                    <dt>{(t as unknown as (k: string, o: object) => string)(`requests.channel.${channel}`, { defaultValue: channel })}</dt>
                    <dd>{format.number(count)}</dd>
                  </div>
                ))}
              </dl>
            </Card>
            <Card size="small" title={<h2 className="card-title">{t('requests.stats.byMonth')}</h2>}>
              <table className="request-table">
                <thead>
                  <tr>
                    <th scope="col">{t('requests.stats.month')}</th>
                    <th scope="col">{t('requests.stats.submitted')}</th>
                    <th scope="col">{t('requests.stats.decided')}</th>
                    <th scope="col">{t('requests.stats.onTime')}</th>
                  </tr>
                </thead>
                <tbody>
                  {data.byMonth.map((m) => (
                    <tr key={m.month}>
                      <th scope="row">{m.month}</th>
                      <td>{format.number(m.submitted)}</td>
                      <td>{format.number(m.decided)}</td>
                      <td>{share(m.decided ? m.decidedOnTime / m.decided : null)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </Card>
          </div>
        </>
      )}
    </div>
  );
}
