import { useEffect, useState } from 'react';
import { App as AntApp, Button, Card, Empty, Form, Input, InputNumber, Radio, Select, Space, Tabs, Typography } from 'antd';
import { ColorTag } from '../../shared/ColorTag.tsx';
import { StateTag } from './StateTag.tsx';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client.ts';
import { useFormat } from '../../i18n/format.ts';
import { ErrorAlert } from '../../shared/ErrorAlert.tsx';
import { PageSpinner } from '../../shared/PageSpinner.tsx';
import { useApi } from '../../shared/use-api.ts';
import { hoursText, timeBankApi, volunteersApi, type HistoryEntry, type Post } from './api.ts';
import './volunteers.css';
import { chinaToday } from '../../shared/china-day.ts';

const today = () => chinaToday();

/** 我的志愿服务: a resident registers, claims hours, and uses their community's time bank. Phone first (360 px). */
export default function VolunteeringPage() {
  const { t } = useTranslation();
  const mine = useApi((signal) => volunteersApi.mine(signal), []);
  useEffect(() => {
    document.title = `${t('volunteers.mine.title')} · ${t('app.name')}`;
  }, [t]);
  if (mine.loading && !mine.data) return <PageSpinner />;
  return (
    <div className="volunteering" data-testid="volunteering">
      <Typography.Title level={1} className="page-title" style={{ fontSize: '1.5em', margin: 0 }}>
        {t('volunteers.mine.title')}
      </Typography.Title>
      <ErrorAlert error={mine.error} onRetry={mine.reload} />
      {mine.data && (
        <Tabs
          items={[
            { key: 'volunteer', label: t('volunteers.mine.tabs.volunteer'), children: <VolunteerPanel data={mine.data} onChange={mine.reload} /> },
            { key: 'bank', label: t('volunteers.mine.tabs.bank'), children: <BankPanel data={mine.data} onChange={mine.reload} /> },
          ]}
        />
      )}
    </div>
  );
}

type Mine = Awaited<ReturnType<typeof volunteersApi.mine>>;

function VolunteerPanel({ data, onChange }: { data: Mine; onChange: () => void }) {
  const { t, i18n } = useTranslation();
  const format = useFormat();
  const { message } = AntApp.useApp();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [claimForm] = Form.useForm<{ serviceDate: string; hours: number; minutes: number; activity: string }>();

  if (!data.volunteer) {
    return (
      <Card title={t('volunteers.mine.register.title')}>
        <Typography.Paragraph type="secondary">{t('volunteers.mine.intro')}</Typography.Paragraph>
        <ErrorAlert error={error} />
        <Form
          layout="vertical"
          onFinish={async (values: { skills?: string[]; availability?: string }) => {
            setBusy(true);
            setError(null);
            try {
              await volunteersApi.registerSelf({ skills: values.skills ?? [], availability: values.availability || undefined });
              void message.success(t('volunteers.mine.register.done'));
              onChange();
            } catch (failure) {
              setError(failure);
            } finally {
              setBusy(false);
            }
          }}
        >
          <Form.Item name="skills" label={t('volunteers.mine.register.skills')}>
            <Select mode="tags" placeholder={t('volunteers.mine.register.skillsPlaceholder')} tokenSeparators={[',', '，', '、']} maxCount={12} />
          </Form.Item>
          <Form.Item name="availability" label={t('volunteers.mine.register.availability')}>
            <Input maxLength={200} placeholder={t('volunteers.mine.register.availabilityPlaceholder')} />
          </Form.Item>
          <Button type="primary" htmlType="submit" block size="large" loading={busy} data-testid="volunteer-register">
            {t('volunteers.mine.register.submit')}
          </Button>
        </Form>
      </Card>
    );
  }

  const v = data.volunteer;
  return (
    <Space direction="vertical" size={12} style={{ width: '100%' }}>
      <Card>
        <div className="volunteer-figures">
          <div className="volunteer-figure" data-testid="volunteer-verified">
            <span className="volunteer-muted">{t('volunteers.mine.verified')}</span>
            <strong>{hoursText(v.verifiedMinutes)}</strong>
          </div>
          <div className="volunteer-figure">
            <span className="volunteer-muted">{t('volunteers.mine.pending')}</span>
            <strong>{hoursText(v.claimedMinutes)}</strong>
          </div>
        </div>
        <Typography.Paragraph type="secondary" style={{ margin: '8px 0 0' }}>
          {v.name} · {v.areaName ?? v.areaCode} {v.skills.length > 0 && `· ${v.skills.join('、')}`}
        </Typography.Paragraph>
        <a href={volunteersApi.myCertificateUrl(i18n.language)} download>
          {t('volunteers.mine.certificate')}
        </a>
      </Card>
      <Card title={t('volunteers.mine.claim.title')}>
        <ErrorAlert error={error} />
        <Form
          form={claimForm}
          layout="vertical"
          initialValues={{ serviceDate: today(), hours: 1, minutes: 0 }}
          onFinish={async (values) => {
            setBusy(true);
            setError(null);
            try {
              await volunteersApi.claim({ serviceDate: values.serviceDate, minutes: (values.hours ?? 0) * 60 + (values.minutes ?? 0), activity: values.activity });
              void message.success(t('volunteers.mine.claim.done'));
              claimForm.resetFields();
              onChange();
            } catch (failure) {
              setError(failure);
            } finally {
              setBusy(false);
            }
          }}
        >
          <Form.Item name="serviceDate" label={t('volunteers.mine.claim.date')} rules={[{ required: true }]}>
            <Input type="date" max={today()} />
          </Form.Item>
          <Space wrap>
            <Form.Item name="hours" label={t('volunteers.mine.claim.hours')}>
              <InputNumber min={0} max={24} precision={0} inputMode="numeric" style={{ width: 120 }} />
            </Form.Item>
            <Form.Item name="minutes" label={t('volunteers.mine.claim.minutes')}>
              <InputNumber min={0} max={59} step={15} precision={0} inputMode="numeric" style={{ width: 120 }} />
            </Form.Item>
          </Space>
          <Form.Item name="activity" label={t('volunteers.mine.claim.activity')} rules={[{ required: true, whitespace: true, message: t('problemCodes.required') }]}>
            <Input maxLength={200} placeholder={t('volunteers.mine.claim.activityPlaceholder')} />
          </Form.Item>
          <Button type="primary" htmlType="submit" block size="large" loading={busy} data-testid="claim-submit">
            {t('volunteers.mine.claim.submit')}
          </Button>
        </Form>
      </Card>
      <Card title={t('volunteers.mine.history')}>
        {data.hours.length === 0 ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('volunteers.mine.noHours')} />
        ) : (
          <ul className="volunteer-list" data-testid="my-hours">
            {data.hours.map((h) => (
              <li key={h.id}>
                <div className="volunteer-row">
                  <strong>{h.activity}</strong>
                  <span>{hoursText(h.minutes)}</span>
                </div>
                <div className="volunteer-row volunteer-muted">
                  <span>{format.date(`${h.serviceDate}T00:00:00`)}</span>
                  <span>
                    <StateTag state={h.state} />
                    {h.credited && <ColorTag tone="blue">{t('volunteers.mine.credited')}</ColorTag>}
                  </span>
                </div>
                {h.reason && <span className="volunteer-muted">{h.reason}</span>}
              </li>
            ))}
          </ul>
        )}
      </Card>
    </Space>
  );
}

function BankPanel({ data, onChange }: { data: Mine; onChange: () => void }) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const bank = data.timeBank;
  if (!bank || !bank.active) {
    return (
      <Card>
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('volunteers.bank.notRunning')} />
      </Card>
    );
  }
  if (!data.account) {
    return (
      <Card>
        <ErrorAlert error={error} />
        <Button
          type="primary"
          block
          size="large"
          loading={busy}
          onClick={async () => {
            setBusy(true);
            try {
              await timeBankApi.join();
              void message.success(t('volunteers.bank.joined'));
              onChange();
            } catch (failure) {
              setError(failure);
            } finally {
              setBusy(false);
            }
          }}
        >
          {t('volunteers.bank.join')}
        </Button>
      </Card>
    );
  }
  const account = data.account;
  return (
    <Space direction="vertical" size={12} style={{ width: '100%' }}>
      <Card>
        <div className="volunteer-figure">
          <span className="volunteer-muted">{t('volunteers.bank.balance')}</span>
          <strong data-testid="time-balance">{hoursText(account.balance)}</strong>
          <span className="volunteer-muted">
            {t('volunteers.bank.limits', { min: hoursText(account.minBalance), max: account.maxBalance === null ? t('volunteers.bank.noMax') : hoursText(account.maxBalance) })}
          </span>
        </div>
      </Card>
      <PayCard area={account.areaCode} ownAccount={account.id} onPaid={onChange} />
      <PostsCard area={account.areaCode} />
      <HistoryCard key={account.balance} />
    </Space>
  );
}

function PayCard({ area, ownAccount, onPaid }: { area: string; ownAccount: string; onPaid: () => void }) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const members = useApi((signal) => timeBankApi.members(area, signal), [area]);
  const [form] = Form.useForm<{ payees: { account?: string; minutes?: number }[]; memo?: string }>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const options = (members.data?.items ?? []).filter((m) => m.id !== ownAccount).map((m) => ({ value: m.id, label: m.holderName }));
  return (
    <Card title={t('volunteers.bank.pay.title')}>
      <ErrorAlert error={error} />
      <Form
        form={form}
        layout="vertical"
        initialValues={{ payees: [{ minutes: 60 }] }}
        onFinish={async (values) => {
          setBusy(true);
          setError(null);
          try {
            const payees = values.payees.filter((p) => p.account && p.minutes).map((p) => ({ account: p.account!, minutes: p.minutes! }));
            const total = payees.reduce((sum, p) => sum + p.minutes, 0);
            await timeBankApi.pay({ payees, memo: values.memo || undefined });
            void message.success(t('volunteers.bank.pay.done', { hours: hoursText(total) }));
            form.resetFields();
            onPaid();
          } catch (failure) {
            if (failure instanceof ApiError && failure.status === 409) setError(new Error(t('volunteers.bank.pay.overLimit')));
            else setError(failure);
          } finally {
            setBusy(false);
          }
        }}
      >
        <Form.List name="payees">
          {(fields, { add, remove }) => (
            <>
              {fields.map((field, i) => (
                <div className="volunteer-payee" key={field.key}>
                  <Form.Item name={[field.name, 'account']} label={i === 0 ? t('volunteers.bank.pay.payee') : undefined} rules={[{ required: true, message: t('problemCodes.required') }]}>
                    <Select showSearch optionFilterProp="label" options={options} placeholder={t('volunteers.bank.pay.payeePlaceholder')} aria-label={t('volunteers.bank.pay.payee')} data-testid="payee" />
                  </Form.Item>
                  <Form.Item name={[field.name, 'minutes']} label={i === 0 ? t('volunteers.bank.pay.minutes') : undefined} rules={[{ required: true, message: t('problemCodes.required') }]}>
                    <InputNumber min={1} max={6000} step={15} precision={0} inputMode="numeric" style={{ width: 110 }} aria-label={t('volunteers.bank.pay.minutes')} />
                  </Form.Item>
                  {fields.length > 1 && <Button onClick={() => remove(field.name)}>{t('volunteers.bank.pay.remove')}</Button>}
                </div>
              ))}
              <Button type="dashed" onClick={() => add({ minutes: 60 })} style={{ marginBottom: 12 }} disabled={fields.length >= 20}>
                {t('volunteers.bank.pay.addPayee')}
              </Button>
            </>
          )}
        </Form.List>
        <Form.Item name="memo" label={t('volunteers.bank.pay.memo')}>
          <Input maxLength={200} placeholder={t('volunteers.bank.pay.memoPlaceholder')} />
        </Form.Item>
        <Button type="primary" htmlType="submit" block size="large" loading={busy}>
          {t('volunteers.bank.pay.submit')}
        </Button>
      </Form>
    </Card>
  );
}

function PostsCard({ area }: { area: string }) {
  const { t } = useTranslation();
  const posts = useApi((signal) => timeBankApi.posts(area, signal), [area]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [form] = Form.useForm<{ kind: 'offer' | 'request'; title: string; minutes?: number }>();
  const list = (items: Post[]) =>
    items.length === 0 ? (
      <Typography.Text type="secondary">{t('volunteers.bank.posts.none')}</Typography.Text>
    ) : (
      <ul className="volunteer-list">
        {items.map((p) => (
          <li key={p.id}>
            <div className="volunteer-row">
              <strong>{p.title}</strong>
              {p.minutes !== null && <span>{hoursText(p.minutes)}</span>}
            </div>
            <div className="volunteer-row volunteer-muted">
              <span>{p.mine ? t('volunteers.bank.posts.mine') : t('volunteers.bank.posts.by', { name: p.holderName })}</span>
              {p.mine && (
                <Button
                  size="small"
                  onClick={async () => {
                    try {
                      await timeBankApi.close(p.id);
                      posts.reload();
                    } catch (failure) {
                      setError(failure);
                    }
                  }}
                >
                  {t('volunteers.bank.posts.close')}
                </Button>
              )}
            </div>
          </li>
        ))}
      </ul>
    );
  const items = posts.data?.items ?? [];
  return (
    <Card title={t('volunteers.bank.posts.title')}>
      <ErrorAlert error={error ?? posts.error} onRetry={posts.reload} />
      <Typography.Title level={2} style={{ fontSize: '1.1em' }}>{t('volunteers.bank.posts.offers')}</Typography.Title>
      {list(items.filter((p) => p.kind === 'offer'))}
      <Typography.Title level={2} style={{ fontSize: '1.1em', marginTop: 12 }}>{t('volunteers.bank.posts.requests')}</Typography.Title>
      {list(items.filter((p) => p.kind === 'request'))}
      <Form
        form={form}
        layout="vertical"
        initialValues={{ kind: 'request' }}
        style={{ marginTop: 12 }}
        onFinish={async (values) => {
          setBusy(true);
          setError(null);
          try {
            await timeBankApi.post({ kind: values.kind, title: values.title, minutes: values.minutes ?? undefined });
            form.resetFields();
            posts.reload();
          } catch (failure) {
            setError(failure);
          } finally {
            setBusy(false);
          }
        }}
      >
        <Form.Item name="kind" label={t('volunteers.bank.posts.kind')}>
          <Radio.Group optionType="button" options={[{ value: 'offer', label: t('volunteers.bank.posts.offer') }, { value: 'request', label: t('volunteers.bank.posts.request') }]} />
        </Form.Item>
        <Form.Item name="title" label={t('volunteers.bank.posts.postTitle')} rules={[{ required: true, whitespace: true, message: t('problemCodes.required') }]}>
          <Input maxLength={60} placeholder={t('volunteers.bank.posts.postTitlePlaceholder')} />
        </Form.Item>
        <Form.Item name="minutes" label={t('volunteers.bank.posts.minutes')}>
          <InputNumber min={1} max={6000} step={15} precision={0} inputMode="numeric" style={{ width: 140 }} />
        </Form.Item>
        <Button htmlType="submit" block loading={busy}>
          {t('volunteers.bank.posts.submit')}
        </Button>
      </Form>
    </Card>
  );
}

function HistoryCard() {
  const { t } = useTranslation();
  const format = useFormat();
  const [cursor, setCursor] = useState<string | null>(null);
  const [shown, setShown] = useState<HistoryEntry[]>([]);
  const page = useApi((signal) => timeBankApi.history(cursor, signal), [cursor]);
  useEffect(() => {
    if (page.data) setShown((before) => (cursor ? [...before, ...page.data!.items] : page.data!.items));
    // eslint-disable-next-line react-hooks/exhaustive-deps -- appends when a page arrives
  }, [page.data]);
  return (
    <Card title={t('volunteers.bank.history')}>
      <ErrorAlert error={page.error} onRetry={page.reload} />
      {page.data && shown.length === 0 && <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('volunteers.bank.noHistory')} />}
      <ul className="volunteer-list" data-testid="time-history">
        {shown.map((h) => (
          <li key={`${h.transferId}`}>
            <div className="volunteer-row">
              <span>{t(`volunteers.bank.kinds.${h.kind}`)}</span>
              <span className={h.minutes > 0 ? 'volunteer-plus' : 'volunteer-minus'}>
                {h.minutes > 0 ? '+' : ''}
                {hoursText(h.minutes)}
              </span>
            </div>
            <div className="volunteer-row volunteer-muted">
              <span>
                {format.dateTime(h.at)}
                {h.kind === 'payment' && h.counterparties.length > 0 && ` · ${h.counterparties.map((c) => c.holderName).join('、')}`}
              </span>
              <span>= {hoursText(h.balanceAfter)}</span>
            </div>
            {h.memo && <span className="volunteer-muted">{h.memo}</span>}
          </li>
        ))}
      </ul>
      {page.data?.nextCursor && (
        <Button block loading={page.loading} onClick={() => setCursor(page.data!.nextCursor)}>
          {t('volunteers.bank.more')}
        </Button>
      )}
    </Card>
  );
}

