import { Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { CareFigureCounts, CareFigures, CareFiguresOfArea } from '../../../../contracts/care.ts';
import type { Split } from '../../../../contracts/indicators.ts';
import { may } from '../../../../contracts/policy.ts';
import { api } from '../../api/client.ts';
import { useUser } from '../../app/session.tsx';
import { ErrorAlert } from '../../shared/ErrorAlert.tsx';
import { useApi } from '../../shared/use-api.ts';

/**
 * Beside `left_behind_visited` on the dashboard's drill-down: overdue visits (and the escalated of
 * them) and high-risk cases without a current case plan, for the area and each of its children,
 * in the split (all, urban, rural) the page shows. Counts on the period's as-of day; no names.
 */
export default function CareFiguresPanel({ area, period, split }: { area: string; period: string; split: Split }) {
  const { t } = useTranslation();
  const user = useUser();
  const allowed = may(user.role, 'care.figures');
  const figures = useApi((signal) => (allowed ? api.get<CareFigures>('/care/figures', { area, period }, signal) : Promise.resolve(null)), [area, period, allowed]);
  if (!allowed) return null;
  const f = figures.data;
  const of = (a: CareFiguresOfArea): CareFigureCounts => a.figures[split];
  const total = f ? of(f.area) : null;
  return (
    <section aria-labelledby="care-figures-title" data-testid="care-figures">
      <h3 id="care-figures-title" className="chart-title">
        {t('care.figures.title', { split: t(`indicators.split.${split}`) })}
      </h3>
      <ErrorAlert error={figures.error} onRetry={figures.reload} />
      {f && total && (
        <>
          <Typography.Paragraph data-testid="care-figures-total">
            {t('care.figures.total', { area: f.area.name, date: f.asOf, inCare: total.inCare, overdue: total.overdue, escalated: total.escalated, highRisk: total.highRisk, withoutPlan: total.highRiskWithoutPlan })}
          </Typography.Paragraph>
          {f.children.length > 0 && (
            <Table<CareFiguresOfArea>
              size="small"
              rowKey="code"
              pagination={false}
              scroll={{ x: 'max-content' }}
              dataSource={f.children}
              caption={<span className="visually-hidden">{t('care.figures.caption', { area: f.area.name })}</span>}
              columns={[
                { key: 'name', title: t('care.figures.area'), dataIndex: 'name' },
                { key: 'overdue', title: t('care.figures.overdue'), align: 'right', render: (_, c) => of(c).overdue, sorter: (a, b) => of(a).overdue - of(b).overdue },
                { key: 'escalated', title: t('care.figures.escalated'), align: 'right', render: (_, c) => of(c).escalated },
                { key: 'withoutPlan', title: t('care.figures.withoutPlan'), align: 'right', render: (_, c) => `${of(c).highRiskWithoutPlan} / ${of(c).highRisk}`, sorter: (a, b) => of(a).highRiskWithoutPlan - of(b).highRiskWithoutPlan },
                { key: 'inCare', title: t('care.figures.inCare'), align: 'right', render: (_, c) => of(c).inCare },
              ]}
            />
          )}
          <Typography.Paragraph type="secondary" className="indicator-fraction-note">
            {t('care.figures.note')}
          </Typography.Paragraph>
        </>
      )}
    </section>
  );
}
