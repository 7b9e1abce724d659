import { useEffect, useMemo, useState } from 'react';
import { Alert, App, Button, Card, Empty, Form, Input, InputNumber, Popconfirm, Select, Space, Tabs, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { CALENDAR_DAY_KINDS, serviceCatalogApi, type CalendarDayKind, type Publication, type ServiceItemSummary } from '../../api/catalog.ts';
import { useUser } from '../../app/session.tsx';
import { AreaPicker } from '../../shared/AreaPicker.tsx';
import { ColorTag } from '../../shared/ColorTag.tsx';
import { apiErrorMessage } from '../../shared/api-error-message.ts';
import { ErrorAlert } from '../../shared/ErrorAlert.tsx';
import { PageSpinner } from '../../shared/PageSpinner.tsx';
import { useApi } from '../../shared/use-api.ts';
import { useItemName } from './labels.tsx';
import './catalog.css';

const publishing = (code: string | undefined): code is string => code !== undefined && (code.length === 6 || code.length === 9);

/** Officials and admins: publish catalog items for a county or township (shorter limits only), and keep the area's local calendar days. */
export default function CatalogManagePage() {
  const { t } = useTranslation();
  const user = useUser();
  const [area, setArea] = useState<string | undefined>(publishing(user.scope) ? user.scope : undefined);

  useEffect(() => {
    document.title = `${t('catalog.manage.title')} · ${t('app.name')}`;
  }, [t]);

  return (
    <div data-testid="catalog-manage" style={{ display: 'grid', gap: 16, maxWidth: 960 }}>
      <Typography.Title level={1} className="page-title">
        {t('catalog.manage.title')}
      </Typography.Title>
      <Form layout="vertical" style={{ maxWidth: 420 }}>
        <Form.Item label={t('catalog.manage.area')} extra={t('catalog.manage.areaHint')} htmlFor="catalog-area">
          <AreaPicker id="catalog-area" scope={user.scope} value={area} onChange={setArea} maxLevel={4} clearable={false} testId="catalog-area" width="100%" />
        </Form.Item>
      </Form>
      {area === undefined ? (
        <Alert type="info" showIcon title={t('catalog.manage.notPublishingLevel')} />
      ) : (
        <Tabs
          items={[
            { key: 'items', label: t('catalog.manage.itemsTab'), children: <PublicationsPanel area={area} /> },
            { key: 'calendar', label: t('catalog.manage.calendarTab'), children: <CalendarPanel area={area} /> },
          ]}
        />
      )}
    </div>
  );
}

function PublicationsPanel({ area }: { area: string }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const itemName = useItemName();
  const items = useApi((signal) => serviceCatalogApi.masterItems(signal), []);
  const publications = useApi((signal) => serviceCatalogApi.publications(area, signal), [area]);
  const [editing, setEditing] = useState<string | null>(null);
  const [days, setDays] = useState<number | null>(null);
  const [busy, setBusy] = useState<string | null>(null);

  /** For each item: the publication here and the one above it, if any. */
  const byItem = useMemo(() => {
    const map = new Map<string, { here?: Publication; above?: Publication }>();
    for (const p of publications.data?.items ?? []) {
      const entry = map.get(p.itemCode) ?? {};
      if (p.areaCode === area) entry.here = p;
      else if (area.startsWith(p.areaCode)) entry.above = p;
      map.set(p.itemCode, entry);
    }
    return map;
  }, [publications.data, area]);

  if (!publishing(area)) return <Alert type="info" showIcon title={t('catalog.manage.notPublishingLevel')} />;

  const act = async (code: string, action: () => Promise<unknown>, done: string) => {
    setBusy(code);
    try {
      await action();
      void message.success(done);
      setEditing(null);
      publications.reload();
    } catch (error) {
      void message.error(apiErrorMessage(t, error));
    } finally {
      setBusy(null);
    }
  };

  const row = (item: ServiceItemSummary) => {
    const { here, above } = byItem.get(item.code) ?? {};
    const effective = here?.effectiveCommittedDays ?? above?.effectiveCommittedDays;
    return (
      <li key={item.code} data-testid={`publication-${item.code}`}>
        <Card size="small">
          <div className="catalog-facts" style={{ justifyContent: 'space-between' }}>
            <div style={{ display: 'grid', gap: 2 }}>
              <strong>{itemName(item)}</strong>
              <span className="catalog-muted code">{item.code}</span>
            </div>
            <div className="catalog-facts">
              {here ? (
                <ColorTag tone="green">{t('catalog.manage.published')}</ColorTag>
              ) : above ? (
                <ColorTag tone="blue">{t('catalog.manage.inherited', { area: above.areaName ?? above.areaCode })}</ColorTag>
              ) : (
                <Tag>{t('catalog.manage.notPublished')}</Tag>
              )}
              {effective !== undefined && (
                <span data-testid="publication-limit">
                  {t('catalog.manage.limitHere')}: {t('catalog.workingDays', { count: effective })}
                </span>
              )}
            </div>
          </div>
          {editing === item.code ? (
            <Space wrap style={{ marginTop: 8 }}>
              <label htmlFor={`limit-${item.code}`}>{t('catalog.manage.limitLabel')}</label>
              <InputNumber
                id={`limit-${item.code}`}
                min={1}
                max={365}
                precision={0}
                value={days}
                onChange={(v) => setDays(typeof v === 'number' ? v : null)}
                data-testid="publication-days"
              />
              <Button
                type="primary"
                loading={busy === item.code}
                onClick={() => act(item.code, () => serviceCatalogApi.publish(area, item.code, days), t('catalog.manage.saved'))}
                data-testid="publication-save"
              >
                {t('catalog.manage.save')}
              </Button>
              <Button onClick={() => setEditing(null)}>{t('catalog.manage.cancel')}</Button>
            </Space>
          ) : (
            <Space wrap style={{ marginTop: 8 }}>
              <Button
                size="small"
                onClick={() => {
                  setEditing(item.code);
                  setDays(here?.committedDays ?? null);
                }}
                data-testid="publication-edit"
              >
                {here ? t('catalog.manage.setLimit') : t('catalog.manage.publish')}
              </Button>
              {here && (
                <Popconfirm title={t('catalog.manage.withdrawConfirm')} onConfirm={() => act(item.code, () => serviceCatalogApi.withdraw(area, item.code), t('catalog.manage.withdrawn'))}>
                  <Button size="small" danger loading={busy === item.code}>
                    {t('catalog.manage.withdraw')}
                  </Button>
                </Popconfirm>
              )}
            </Space>
          )}
        </Card>
      </li>
    );
  };

  return (
    <div style={{ display: 'grid', gap: 12 }}>
      <ErrorAlert error={items.error ?? publications.error} onRetry={() => (items.reload(), publications.reload())} />
      {(items.loading || publications.loading) && !items.data && <PageSpinner />}
      <ul className="plain-list catalog-cards">{(items.data?.items ?? []).map(row)}</ul>
    </div>
  );
}

function CalendarPanel({ area }: { area: string }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const thisYear = new Date().getFullYear();
  const [year, setYear] = useState(thisYear);
  const calendar = useApi((signal) => serviceCatalogApi.calendar(area, year, signal), [area, year]);
  const [form] = Form.useForm<{ date: string; kind: CalendarDayKind; note: string }>();
  const [saving, setSaving] = useState(false);

  /** National days by holiday: the days off and the make-up working days. */
  const holidays = useMemo(() => {
    const groups = new Map<string, { off: string[]; on: string[] }>();
    for (const d of calendar.data?.national ?? []) {
      const group = groups.get(d.name) ?? { off: [], on: [] };
      (d.kind === 'holiday' ? group.off : group.on).push(d.date.slice(5));
      groups.set(d.name, group);
    }
    return [...groups];
  }, [calendar.data]);

  const add = async (values: { date: string; kind: CalendarDayKind; note: string }) => {
    setSaving(true);
    try {
      await serviceCatalogApi.addDay(area, values);
      void message.success(t('catalog.manage.added'));
      form.resetFields(['date', 'note']);
      calendar.reload();
    } catch (error) {
      void message.error(apiErrorMessage(t, error));
    } finally {
      setSaving(false);
    }
  };
  const remove = async (id: string) => {
    try {
      await serviceCatalogApi.removeDay(area, id);
      void message.success(t('catalog.manage.removed'));
      calendar.reload();
    } catch (error) {
      void message.error(apiErrorMessage(t, error));
    }
  };

  return (
    <div style={{ display: 'grid', gap: 16 }} data-testid="calendar-panel">
      <Space wrap>
        <label htmlFor="calendar-year">{t('catalog.manage.year')}</label>
        <Select
          id="calendar-year"
          value={year}
          onChange={setYear}
          style={{ width: 120 }}
          options={[thisYear - 1, thisYear, thisYear + 1].map((y) => ({ value: y, label: String(y) }))}
        />
      </Space>
      <ErrorAlert error={calendar.error} onRetry={calendar.reload} />
      {calendar.loading && !calendar.data && <PageSpinner />}
      {calendar.data && !calendar.data.known && <Alert type="warning" showIcon title={t('catalog.manage.unknownYear')} data-testid="calendar-unknown" />}
      {calendar.data && (
        <Card size="small" title={t('catalog.manage.national')}>
          <ul className="plain-list" style={{ display: 'grid', gap: 6 }}>
            {holidays.map(([name, g]) => (
              <li key={name}>
                <strong>{name}</strong> · {t('catalog.manage.holiday')} {g.off.join('、')}
                {g.on.length > 0 && (
                  <>
                    {' '}
                    · {t('catalog.manage.workingDay')} {g.on.join('、')}
                  </>
                )}
              </li>
            ))}
          </ul>
        </Card>
      )}
      {calendar.data && (
        <Card size="small" title={t('catalog.manage.local')}>
          {calendar.data.local.length === 0 ? (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('catalog.manage.noLocal')} />
          ) : (
            <ul className="plain-list" style={{ display: 'grid', gap: 8 }} data-testid="calendar-local">
              {calendar.data.local.map((d) => (
                <li key={d.id} className="catalog-facts">
                  <strong>{d.date}</strong>
                  <ColorTag tone={d.kind === 'holiday' ? 'red' : 'blue'}>{t(`catalog.manage.${d.kind}`)}</ColorTag>
                  <span>{d.note}</span>
                  {d.areaCode === area ? (
                    <Popconfirm title={t('catalog.manage.removeConfirm')} onConfirm={() => remove(d.id)}>
                      <Button size="small" danger>
                        {t('catalog.manage.remove')}
                      </Button>
                    </Popconfirm>
                  ) : (
                    <span className="catalog-muted">{t('catalog.manage.setAt', { area: d.areaName ?? d.areaCode })}</span>
                  )}
                </li>
              ))}
            </ul>
          )}
        </Card>
      )}
      <Card size="small" title={t('catalog.manage.addDay')}>
        <Form form={form} layout="vertical" onFinish={add} initialValues={{ kind: 'holiday' }} style={{ maxWidth: 420 }}>
          <Form.Item name="date" label={t('catalog.manage.date')} rules={[{ required: true, message: t('problemCodes.required') }]}>
            <Input type="date" data-testid="calendar-date" />
          </Form.Item>
          <Form.Item name="kind" label={t('catalog.manage.kind')}>
            <Select options={CALENDAR_DAY_KINDS.map((k) => ({ value: k, label: t(`catalog.manage.${k}`) }))} />
          </Form.Item>
          <Form.Item name="note" label={t('catalog.manage.note')} rules={[{ required: true, whitespace: true, message: t('problemCodes.required') }]}>
            <Input maxLength={200} data-testid="calendar-note" />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={saving} data-testid="calendar-add">
            {t('catalog.manage.add')}
          </Button>
        </Form>
      </Card>
    </div>
  );
}
