import { Card, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../shared/ErrorAlert.tsx';
import { PageSpinner } from '../../shared/PageSpinner.tsx';
import { useApi } from '../../shared/use-api.ts';
import { marketApi, yuan, type MarketFigures } from './market-api.ts';
import './market.css';

const COLUMNS = ['producers', 'products', 'openRounds', 'orders', 'settledCents'] as const satisfies readonly (keyof MarketFigures)[];

/**
 * The market on the officials' dashboard: for the dashboard's area, the producers and products of
 * its villages and what settled rounds owe them, the open rounds and orders of its hubs; urban and
 * rural (by the community each figure belongs to) and by child area. Counts to date, not per period.
 */
export default function MarketDashboardCard({ area }: { area: string }) {
  const { t } = useTranslation();
  const summary = useApi((signal) => marketApi.summary(area, signal), [area]);
  const s = summary.data;
  const cell = (figures: MarketFigures, column: (typeof COLUMNS)[number]) => (column === 'settledCents' ? `¥${yuan(figures.settledCents)}` : figures[column].toLocaleString());
  const row = (key: string, label: string, figures: MarketFigures, testId: string) => (
    <tr key={key} data-testid={testId}>
      <th scope="row">{label}</th>
      {COLUMNS.map((c) => (
        <td key={c}>{cell(figures, c)}</td>
      ))}
    </tr>
  );
  return (
    <Card title={<h2 className="card-title">{t('market.dashboard.title', { area: s?.area.name ?? area })}</h2>} data-testid="market-dashboard">
      <ErrorAlert error={summary.error} onRetry={summary.reload} />
      {summary.loading && !s && <PageSpinner />}
      {s && (
        <>
          <div className="market-figures-scroll" role="region" aria-label={t('market.dashboard.title', { area: s.area.name ?? area })} tabIndex={0}>
            <table className="market-figures">
              <thead>
                <tr>
                  <th scope="col">{t('market.dashboard.area')}</th>
                  {COLUMNS.map((c) => (
                    <th key={c} scope="col">
                      {t(`market.dashboard.columns.${c}`)}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {row('total', t('market.dashboard.total'), s.total, 'market-dashboard-total')}
                {row('urban', t('market.dashboard.urban'), s.urban, 'market-dashboard-urban')}
                {row('rural', t('market.dashboard.rural'), s.rural, 'market-dashboard-rural')}
                {s.children.map((c) => row(c.code, c.name ?? c.code, c.figures, 'market-dashboard-child'))}
              </tbody>
            </table>
          </div>
          <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
            {t('market.dashboard.note')}
          </Typography.Paragraph>
        </>
      )}
    </Card>
  );
}
