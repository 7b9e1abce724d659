import { useEffect, useState } from 'react';
import { Button, DatePicker, Form, Input, Select, Space, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.ts';
import type { AuditEntry, Page } from '../../api/types.ts';
import { useFormat } from '../../i18n/format.ts';
import { ErrorAlert } from '../../shared/ErrorAlert.tsx';
import { useSessionState } from '../../shared/form-draft.ts';
import { useApi } from '../../shared/use-api.ts';
import { zhCN } from '../../i18n/locales/zh-CN.ts';
import { ColorTag } from '../../shared/ColorTag.tsx';
import { RegisterTable } from '../../shared/RegisterTable.tsx';

interface Filters {
  action: string;
  outcome: '' | AuditEntry['outcome'];
  area: string;
  from: string | null;
  to: string | null;
}

const EMPTY: Filters = { action: '', outcome: '', area: '', from: null, to: null };
const ACTIONS = Object.keys(zhCN.audit.actions) as (keyof typeof zhCN.audit.actions)[];
const OUTCOME_COLOURS = { ok: 'green', denied: 'red', failed: 'orange' } as const;
const PAGE_SIZE = 25;

export default function AuditPage() {
  const { t } = useTranslation();
  const format = useFormat();
  // Filters live in sessionStorage: coming back from the login page keeps them.
  const [filters, setFilters] = useSessionState<Filters>('audit.filters', EMPTY);
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const [form] = Form.useForm<{ action: string; outcome: Filters['outcome']; area: string; range: [Dayjs, Dayjs] | null }>();
  const cursor = cursors.at(-1) ?? null;

  useEffect(() => {
    document.title = `${t('audit.title')} · ${t('app.name')}`;
  }, [t]);

  const list = useApi(
    (signal) =>
      api.get<Page<AuditEntry>>(
        '/audit',
        {
          action: filters.action || undefined,
          outcome: filters.outcome || undefined,
          area: filters.area || undefined,
          from: filters.from ?? undefined,
          to: filters.to ?? undefined,
          limit: PAGE_SIZE,
          cursor,
        },
        signal,
      ),
    [JSON.stringify(filters), cursor],
  );

  const actionLabel = (action: string) => t(`audit.actions.${action}` as 'audit.actions.auth.login', { defaultValue: action });

  return (
    <div>
      <Typography.Title level={1} className="page-title" style={{ fontSize: '1.6em' }}>
        {t('audit.title')}
      </Typography.Title>
      <Form
        form={form}
        layout="inline"
        initialValues={{
          action: filters.action,
          outcome: filters.outcome,
          area: filters.area,
          range: filters.from && filters.to ? [dayjs(filters.from), dayjs(filters.to)] : null,
        }}
        onFinish={(values) => {
          setFilters({
            action: values.action ?? '',
            outcome: values.outcome ?? '',
            area: (values.area ?? '').trim(),
            from: values.range ? values.range[0].startOf('day').toISOString() : null,
            to: values.range ? values.range[1].endOf('day').toISOString() : null,
          });
          setCursors([null]);
        }}
        style={{ marginBottom: 16, rowGap: 12 }}
        data-testid="audit-filters"
      >
        <Form.Item name="action" label={t('audit.action')}>
          <Select
            aria-label={t('audit.action')}
            style={{ minWidth: 160 }}
            options={[{ value: '', label: t('audit.allActions') }, ...ACTIONS.map((a) => ({ value: a, label: actionLabel(a) }))]}
          />
        </Form.Item>
        <Form.Item name="outcome" label={t('audit.outcome')}>
          <Select
            aria-label={t('audit.outcome')}
            style={{ minWidth: 120 }}
            options={[
              { value: '', label: t('audit.allOutcomes') },
              ...(['ok', 'denied', 'failed'] as const).map((o) => ({ value: o, label: t(`audit.outcomes.${o}`) })),
            ]}
          />
        </Form.Item>
        <Form.Item name="area" label={t('audit.area')} rules={[{ pattern: /^\d{2,12}$/, message: t('users.scopeHint') }]}>
          <Input style={{ width: 150 }} inputMode="numeric" />
        </Form.Item>
        <Form.Item name="range" label={t('audit.range')}>
          <DatePicker.RangePicker aria-label={t('audit.range')} />
        </Form.Item>
        <Form.Item>
          <Space>
            <Button type="primary" htmlType="submit">
              {t('common.search')}
            </Button>
            <Button
              onClick={() => {
                form.setFieldsValue({ action: '', outcome: '', area: '', range: null });
                setFilters(EMPTY);
                setCursors([null]);
              }}
            >
              {t('common.reset')}
            </Button>
          </Space>
        </Form.Item>
      </Form>
      <ErrorAlert error={list.error} onRetry={list.reload} />
      <RegisterTable<AuditEntry>
        rows={list.data?.items ?? []}
        rowKey={(e) => e.id}
        loading={list.loading}
        label={t('audit.title')}
        testId="audit-table"
        columns={[
          { key: 'at', title: t('audit.at'), phone: 'title', nowrap: true, render: (e) => format.dateTime(e.at) },
          { key: 'user', title: t('audit.user'), nowrap: true, render: (e) => e.username ?? t('audit.system') },
          { key: 'action', title: t('audit.action'), render: (e) => actionLabel(e.action) },
          { key: 'outcome', title: t('audit.outcome'), render: (e) => <ColorTag tone={OUTCOME_COLOURS[e.outcome]}>{t(`audit.outcomes.${e.outcome}`)}</ColorTag> },
          { key: 'area', title: t('audit.area'), render: (e) => <span className="code">{e.areaCode || '—'}</span> },
          { key: 'address', title: t('audit.address'), phone: 'hidden', render: (e) => e.address },
          {
            key: 'details',
            title: t('audit.details'),
            render: (e) => {
              const { requestId: _r, ...rest } = e.details ?? {};
              const text = Object.keys(rest).length ? JSON.stringify(rest) : '';
              return <span className="audit-details">{text.length > 160 ? `${text.slice(0, 160)}…` : text}</span>;
            },
          },
        ]}
      />
      <Space style={{ marginTop: 12 }} wrap>
        <Typography.Text data-testid="audit-total">{list.data ? t('audit.total', { count: list.data.total }) : ''}</Typography.Text>
        <Button disabled={cursors.length <= 1} onClick={() => setCursors(cursors.slice(0, -1))}>
          {t('common.previous')}
        </Button>
        <Typography.Text>{t('common.page', { page: cursors.length })}</Typography.Text>
        <Button disabled={!list.data?.nextCursor} onClick={() => setCursors([...cursors, list.data!.nextCursor])} data-testid="audit-next">
          {t('common.next')}
        </Button>
      </Space>
    </div>
  );
}
