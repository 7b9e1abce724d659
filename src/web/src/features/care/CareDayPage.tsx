import { lazy, useEffect, useState } from 'react';
import { Card, Empty, List, Segmented, Space, Switch, Tabs, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useUser } from '../../app/session.tsx';
import { ErrorAlert } from '../../shared/ErrorAlert.tsx';
import { PageSpinner } from '../../shared/PageSpinner.tsx';
import { useApi } from '../../shared/use-api.ts';
import { careApi, type Approval, type CaseSummary } from './care-api.ts';
import { RiskTag, StageTag } from './care-tags.tsx';
import { VisitPolicyPanel } from './VisitPolicyPanel.tsx';
import { OnScreen } from '../indicators/OnScreen.tsx';

const CareDayMap = lazy(() => import('./CareDayMap.tsx'));

function CaseRow({ c }: { c: CaseSummary }) {
  const { t } = useTranslation();
  return (
    <List.Item>
      <Card size="small" style={{ width: '100%' }} data-testid="care-day-item">
        <Space direction="vertical" size={4} style={{ width: '100%' }}>
          <Space wrap>
            <Link to={`/care/cases/${c.id}`} style={{ fontSize: '1.1em' }}>
              {c.personName}
            </Link>
            {c.age !== null && <span>{t('care.age', { age: c.age })}</span>}
            <RiskTag level={c.riskLevel} />
            <StageTag stage={c.visitStage} />
          </Space>
          <Typography.Text type="secondary">
            {t(`care.groups.${c.group}`)} · {c.areaName ?? c.areaCode}
          </Typography.Text>
          <Typography.Text>{c.visitDueOn ? t('care.dueOn', { date: c.visitDueOn }) : null}</Typography.Text>
          <Typography.Text type="secondary">{c.lastVisitOn ? t('care.lastVisit', { date: c.lastVisitOn }) : t('care.never')}</Typography.Text>
        </Space>
      </Card>
    </List.Item>
  );
}

function Day() {
  const { t } = useTranslation();
  const user = useUser();
  const [mine, setMine] = useState(false);
  const [view, setView] = useState<'list' | 'map'>('list');
  const day = useApi((signal) => careApi.day({ mine: mine || undefined }, signal), [mine]);
  if (day.error) return <ErrorAlert error={day.error} />;
  if (!day.data) return <PageSpinner />;
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Space wrap>
        <Typography.Text strong data-testid="care-day-counts">
          {t('care.counts', { due: day.data.due, overdue: day.data.overdue })}
        </Typography.Text>
        <label>
          <Switch checked={mine} onChange={setMine} /> {t('care.mine')}
        </label>
      </Space>
      <Segmented
        value={view}
        onChange={(v) => setView(v as 'list' | 'map')}
        options={[
          { value: 'list', label: t('care.map.list') },
          { value: 'map', label: t('care.map.map') },
        ]}
        data-testid="care-day-view"
      />
      {view === 'map' ? (
        <OnScreen className="map-box" testId="care-day-map">
          <CareDayMap items={day.data.items} scope={user.scope} />
        </OnScreen>
      ) : day.data.items.length === 0 ? (
        <Empty description={t('care.none')} />
      ) : (
        <List dataSource={day.data.items} renderItem={(c) => <CaseRow key={c.id} c={c} />} />
      )}
    </Space>
  );
}

function Queue() {
  const { t } = useTranslation();
  const approvals = useApi((signal) => careApi.approvals(signal), []);
  const overdue = useApi((signal) => careApi.cases({ stage: 'overdue', status: 'open', limit: 100 }, signal), []);
  if (approvals.error) return <ErrorAlert error={approvals.error} />;
  if (!approvals.data || !overdue.data) return <PageSpinner />;
  const label = (a: Approval) =>
    a.kind === 'riskChange' ? t('care.approvalKinds.riskChange', { from: t(`care.risks.${a.fromLevel ?? 'medium'}`), to: t(`care.risks.${a.toLevel ?? 'medium'}`) }) : t('care.approvalKinds.close');
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Typography.Title level={2} style={{ fontSize: '1.2em' }}>
        {t('care.approvals')}
      </Typography.Title>
      {approvals.data.items.length === 0 ? (
        <Empty description={t('care.none')} />
      ) : (
        <List
          dataSource={approvals.data.items}
          renderItem={(a) => (
            <List.Item key={a.id} data-testid="care-approval-item">
              <Space direction="vertical" size={2}>
                <Link to={`/care/cases/${a.caseId}`}>{a.personName ?? a.caseId}</Link>
                <span>{label(a)}</span>
                <Typography.Text type="secondary">{a.reason}</Typography.Text>
              </Space>
            </List.Item>
          )}
        />
      )}
      <Typography.Title level={2} style={{ fontSize: '1.2em' }}>
        {t('care.stages.overdue')}
      </Typography.Title>
      {overdue.data.items.length === 0 ? <Empty description={t('care.none')} /> : <List dataSource={overdue.data.items} renderItem={(c) => <CaseRow key={c.id} c={c} />} />}
    </Space>
  );
}

function Caseload() {
  const { t } = useTranslation();
  const cases = useApi((signal) => careApi.cases({ mine: true, status: 'open', limit: 200 }, signal), []);
  if (cases.error) return <ErrorAlert error={cases.error} />;
  if (!cases.data) return <PageSpinner />;
  return cases.data.items.length === 0 ? <Empty description={t('care.none')} /> : <List dataSource={cases.data.items} renderItem={(c) => <CaseRow key={c.id} c={c} />} />;
}

/** 关爱服务: the worker's day (phone first), the supervisor's queue, the caseload. */
export default function CareDayPage() {
  const { t } = useTranslation();
  const [tab, setTab] = useState('day');
  useEffect(() => {
    document.title = `${t('care.dayTitle')} · ${t('app.name')}`;
  }, [t]);
  return (
    <div data-testid="care-day-page" style={{ maxWidth: 720 }}>
      <Typography.Title level={1} className="page-title" style={{ fontSize: '1.5em' }}>
        {t('care.dayTitle')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('care.dayIntro')}</Typography.Paragraph>
      <Tabs
        activeKey={tab}
        onChange={setTab}
        items={[
          { key: 'day', label: t('care.tabs.day'), children: <Day /> },
          { key: 'queue', label: t('care.tabs.queue'), children: <Queue /> },
          { key: 'caseload', label: t('care.tabs.caseload'), children: <Caseload /> },
          { key: 'policy', label: t('care.tabs.policy'), children: <VisitPolicyPanel /> },
        ]}
      />
    </div>
  );
}
