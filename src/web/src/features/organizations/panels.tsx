import { useState } from 'react';
import { Alert, Button, DatePicker, Descriptions, Empty, Form, Input, InputNumber, List, Select, Space, Tag, Timeline, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.ts';
import { apiErrorMessage } from '../../shared/api-error-message.ts';
import { CREDIT_RECORD_KINDS } from '../../../../contracts/organizations.ts';
import type { OrganizationDetail } from '../../../../contracts/organizations-api.ts';
import { AppealDialog, DecideDialog } from './dialogs.tsx';
import { GradeTag, StatusTag } from './parts.tsx';

type Save = (saved: OrganizationDetail) => void;

function useAction() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const run = async (work: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await work();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, run };
}

function ErrorLine({ error, testId }: { error: unknown; testId?: string }) {
  const { t } = useTranslation();
  return error ? <Alert type="error" showIcon role="alert" title={apiErrorMessage(t, error)} style={{ margin: '8px 0' }} data-testid={testId} /> : null;
}

export function ProfilePanel({ o }: { o: OrganizationDetail }) {
  const { t } = useTranslation();
  return (
    <Descriptions column={1} size="small" bordered data-testid="organization-profile">
      <Descriptions.Item label={t('organizations.status')}>
        <StatusTag status={o.status} /> {o.statusDate}
      </Descriptions.Item>
      <Descriptions.Item label={t('organizations.management')}>
        {t(`organizations.managements.${o.management}`)}
        {o.registeredKind ? `（${t(`organizations.kinds.${o.registeredKind}`)}）` : ''}
      </Descriptions.Item>
      <Descriptions.Item label={t('organizations.creditCode')}>
        <span className="numeric" data-testid="organization-credit-code">{o.creditCode ?? t('organizations.none')}</span>
      </Descriptions.Item>
      <Descriptions.Item label={t('organizations.registeredIn')}>{o.areaName ?? o.areaCode}</Descriptions.Item>
      <Descriptions.Item label={t('organizations.nature')}>{t(`organizations.natures.${o.nature}`)}</Descriptions.Item>
      <Descriptions.Item label={t('organizations.fields')}>{o.fields.map((f) => t(`organizations.serviceFields.${f}`)).join('、') || t('organizations.none')}</Descriptions.Item>
      <Descriptions.Item label={t('organizations.communities')}>{o.communities.map((c) => c.name ?? c.code).join('、')}</Descriptions.Item>
      <Descriptions.Item label={t('organizations.rating')}>
        {o.rating ? (
          <>
            <GradeTag grade={o.rating.grade} /> {t('organizations.validUntil', { date: o.rating.validUntil })}
          </>
        ) : (
          t('organizations.none')
        )}
      </Descriptions.Item>
      <Descriptions.Item label={t('organizations.foundedOn')}>{o.foundedOn ?? t('organizations.none')}</Descriptions.Item>
      <Descriptions.Item label={t('organizations.address')}>{o.address ?? t('organizations.none')}</Descriptions.Item>
      <Descriptions.Item label={t('organizations.description')}>{o.description ?? t('organizations.none')}</Descriptions.Item>
    </Descriptions>
  );
}

export function HistoryPanel({ o }: { o: OrganizationDetail }) {
  const { t } = useTranslation();
  return (
    <Timeline
      data-testid="organization-history"
      items={[...o.events].reverse().map((e) => ({
        key: e.id,
        content: (
          <div>
            <strong>{e.date}</strong> {e.from ? `${t(`organizations.statuses.${e.from}`)} → ` : ''}
            {t(`organizations.statuses.${e.to}`)}
            {e.reason ? <div className="muted">{e.reason}</div> : null}
            {e.username ? <div className="muted">{e.username}</div> : null}
          </div>
        ),
      }))}
    />
  );
}

export function RatingsPanel({ o, canAppeal, canDecide, onSaved }: { o: OrganizationDetail; canAppeal: boolean; canDecide: boolean; onSaved: Save }) {
  const { t } = useTranslation();
  const [appealing, setAppealing] = useState<string | null>(null);
  const [deciding, setDeciding] = useState<string | null>(null);
  if (o.ratings.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('organizations.rate.noRatings')} />;
  return (
    <>
      <List
        data-testid="organization-ratings"
        dataSource={o.ratings}
        renderItem={(r) => (
          <List.Item
            actions={[
              canAppeal && !r.appeal && r.valid ? (
                <Button key="appeal" size="small" onClick={() => setAppealing(r.id)} data-testid="rating-appeal">
                  {t('organizations.rate.appeal')}
                </Button>
              ) : null,
              canDecide && r.appeal?.state === 'pending' ? (
                <Button key="decide" size="small" onClick={() => setDeciding(r.id)} data-testid="rating-decide">
                  {t('organizations.rate.decide')}
                </Button>
              ) : null,
            ].filter(Boolean)}
          >
            <div>
              <Space wrap>
                <GradeTag grade={r.grade} />
                <span className="numeric">
                  {r.score} / {r.scaleMax}
                </span>
                <span>{r.ratedOn}</span>
                <Tag>{r.valid ? t('organizations.rate.current') : t('organizations.rate.expired')}</Tag>
              </Space>
              <div className="muted">
                {r.assessor} · {t('organizations.validUntil', { date: r.validUntil })}
              </div>
              {r.appeal && (
                <div>
                  {t(`organizations.appealStates.${r.appeal.state}`)}：{r.appeal.reason}
                  {r.appeal.decision ? ` — ${r.appeal.decision}` : ''}
                  {r.appeal.originalScore !== null ? `（${t('organizations.rate.original', { score: r.appeal.originalScore })}）` : ''}
                </div>
              )}
            </div>
          </List.Item>
        )}
      />
      <AppealDialog
        organization={o}
        ratingId={appealing}
        onClose={() => setAppealing(null)}
        onSaved={(saved) => {
          setAppealing(null);
          onSaved(saved);
        }}
      />
      <DecideDialog
        organization={o}
        ratingId={deciding}
        onClose={() => setDeciding(null)}
        onSaved={(saved) => {
          setDeciding(null);
          onSaved(saved);
        }}
      />
    </>
  );
}

interface IncubationValues {
  base: string;
  mentor?: string;
  startedOn: Dayjs;
  plannedGraduation?: Dayjs;
  graduatedOn?: Dayjs;
  notes?: string;
  milestones: { title: string; dueOn?: Dayjs; doneOn?: Dayjs }[];
}

export function IncubationPanel({ o, canEdit, onSaved }: { o: OrganizationDetail; canEdit: boolean; onSaved: Save }) {
  const { t } = useTranslation();
  const [editing, setEditing] = useState(false);
  const { busy, error, run } = useAction();
  const i = o.incubation;
  const day = (d?: Dayjs | null) => (d ? d.format('YYYY-MM-DD') : null);
  if (editing) {
    return (
      <Form<IncubationValues>
        layout="vertical"
        data-testid="incubation-form"
        initialValues={
          i
            ? {
                base: i.base,
                mentor: i.mentor ?? undefined,
                startedOn: dayjs(i.startedOn),
                plannedGraduation: i.plannedGraduation ? dayjs(i.plannedGraduation) : undefined,
                graduatedOn: i.graduatedOn ? dayjs(i.graduatedOn) : undefined,
                notes: i.notes ?? undefined,
                milestones: i.milestones.map((m) => ({ title: m.title, dueOn: m.dueOn ? dayjs(m.dueOn) : undefined, doneOn: m.doneOn ? dayjs(m.doneOn) : undefined })),
              }
            : { startedOn: dayjs(), milestones: [] }
        }
        onFinish={(v) =>
          run(async () => {
            const saved = await api.put<OrganizationDetail>(`/organizations/${o.id}/incubation`, {
              base: v.base,
              mentor: v.mentor?.trim() || null,
              startedOn: day(v.startedOn),
              plannedGraduation: day(v.plannedGraduation),
              graduatedOn: day(v.graduatedOn),
              notes: v.notes?.trim() || null,
              milestones: (v.milestones ?? []).map((m) => ({ title: m.title, dueOn: day(m.dueOn), doneOn: day(m.doneOn) })),
            });
            setEditing(false);
            onSaved(saved);
          })
        }
      >
        <Form.Item name="base" label={t('organizations.incubation.base')} rules={[{ required: true, message: t('problemCodes.required') }]}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="mentor" label={t('organizations.incubation.mentor')}>
          <Input maxLength={100} />
        </Form.Item>
        <Space wrap>
          <Form.Item name="startedOn" label={t('organizations.incubation.startedOn')} rules={[{ required: true, message: t('problemCodes.required') }]}>
            <DatePicker />
          </Form.Item>
          <Form.Item name="plannedGraduation" label={t('organizations.incubation.plannedGraduation')}>
            <DatePicker />
          </Form.Item>
          <Form.Item name="graduatedOn" label={t('organizations.incubation.graduatedOn')}>
            <DatePicker />
          </Form.Item>
        </Space>
        <Form.List name="milestones">
          {(fields, { add, remove }) => (
            <fieldset>
              <legend>{t('organizations.incubation.milestones')}</legend>
              {fields.map((field) => (
                <Space key={field.key} wrap align="start">
                  <Form.Item name={[field.name, 'title']} label={t('organizations.incubation.milestone')} rules={[{ required: true, message: t('problemCodes.required') }]}>
                    <Input maxLength={100} />
                  </Form.Item>
                  <Form.Item name={[field.name, 'dueOn']} label={t('organizations.incubation.dueOn')}>
                    <DatePicker />
                  </Form.Item>
                  <Form.Item name={[field.name, 'doneOn']} label={t('organizations.incubation.doneOn')}>
                    <DatePicker />
                  </Form.Item>
                  <Button onClick={() => remove(field.name)} style={{ marginTop: 30 }}>
                    {t('organizations.members.remove')}
                  </Button>
                </Space>
              ))}
              <Button onClick={() => add({ title: '' })}>{t('organizations.incubation.addMilestone')}</Button>
            </fieldset>
          )}
        </Form.List>
        <Form.Item name="notes" label={t('organizations.incubation.notes')} style={{ marginTop: 12 }}>
          <Input.TextArea rows={2} maxLength={2000} />
        </Form.Item>
        <ErrorLine error={error} testId="incubation-error" />
        <Space>
          <Button type="primary" htmlType="submit" loading={busy}>
            {t('common.save')}
          </Button>
          <Button onClick={() => setEditing(false)}>{t('common.cancel')}</Button>
        </Space>
      </Form>
    );
  }
  return (
    <div data-testid="organization-incubation">
      {i ? (
        <>
          <Descriptions column={1} size="small" bordered>
            <Descriptions.Item label={t('organizations.incubation.base')}>{i.base}</Descriptions.Item>
            <Descriptions.Item label={t('organizations.incubation.mentor')}>{i.mentor ?? t('organizations.none')}</Descriptions.Item>
            <Descriptions.Item label={t('organizations.incubation.startedOn')}>{i.startedOn}</Descriptions.Item>
            <Descriptions.Item label={t('organizations.incubation.plannedGraduation')}>{i.plannedGraduation ?? t('organizations.none')}</Descriptions.Item>
            <Descriptions.Item label={t('organizations.incubation.graduatedOn')}>
              {i.graduatedOn ? `${i.graduatedOn}（${t('organizations.incubation.graduated')}）` : t('organizations.incubation.inProgress')}
            </Descriptions.Item>
          </Descriptions>
          <Typography.Title level={3} style={{ fontSize: '1em', marginTop: 12 }}>
            {t('organizations.incubation.milestones')}
          </Typography.Title>
          <List
            size="small"
            dataSource={i.milestones}
            renderItem={(m) => (
              <List.Item>
                {m.doneOn ? '✓ ' : '○ '}
                {m.title}
                <span className="muted">
                  {' '}
                  {m.dueOn ? `${t('organizations.incubation.dueOn')} ${m.dueOn}` : ''} {m.doneOn ? `${t('organizations.incubation.doneOn')} ${m.doneOn}` : ''}
                </span>
              </List.Item>
            )}
          />
        </>
      ) : (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('organizations.incubation.none')} />
      )}
      {canEdit && (
        <Button onClick={() => setEditing(true)} style={{ marginTop: 12 }} data-testid="incubation-edit">
          {t('organizations.incubation.edit')}
        </Button>
      )}
    </div>
  );
}

export function MembersPanel({ o, canEdit, onSaved }: { o: OrganizationDetail; canEdit: boolean; onSaved: Save }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ username: string; position?: string }>();
  const { busy, error, run } = useAction();
  return (
    <div data-testid="organization-members">
      {o.members.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('organizations.members.none')} />
      ) : (
        <List
          dataSource={o.members}
          renderItem={(m) => (
            <List.Item
              actions={
                canEdit
                  ? [
                      <Button key="remove" size="small" danger onClick={() => run(async () => onSaved(await api.post<OrganizationDetail>(`/organizations/${o.id}/members/remove`, { userId: m.userId })))}>
                        {t('organizations.members.remove')}
                      </Button>,
                    ]
                  : []
              }
            >
              <span>
                {m.displayName}（{m.username}）{m.position ? ` · ${m.position}` : ''}
              </span>
            </List.Item>
          )}
        />
      )}
      {canEdit && (
        <Form
          form={form}
          layout="inline"
          style={{ marginTop: 12, rowGap: 8 }}
          onFinish={(v) =>
            run(async () => {
              onSaved(await api.post<OrganizationDetail>(`/organizations/${o.id}/members`, { username: v.username.trim(), position: v.position?.trim() || null }));
              form.resetFields();
            })
          }
        >
          <Form.Item name="username" label={t('organizations.members.username')} rules={[{ required: true, message: t('problemCodes.required') }]} extra={t('organizations.members.addHint')}>
            <Input maxLength={64} data-testid="member-username" />
          </Form.Item>
          <Form.Item name="position" label={t('organizations.members.position')}>
            <Input maxLength={100} />
          </Form.Item>
          <Button htmlType="submit" loading={busy} data-testid="member-add">
            {t('organizations.members.add')}
          </Button>
        </Form>
      )}
      <ErrorLine error={error} testId="member-error" />
    </div>
  );
}

export function CreditPanel({ o, canEdit, onSaved }: { o: OrganizationDetail; canEdit: boolean; onSaved: Save }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ kind: string; date: Dayjs; title: string; detail?: string; source?: string }>();
  const { busy, error, run } = useAction();
  return (
    <div data-testid="organization-credit">
      {o.creditRecords.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('organizations.credit.none')} />
      ) : (
        <List
          dataSource={o.creditRecords}
          renderItem={(c) => (
            <List.Item>
              <div>
                <Space wrap>
                  <Tag>{t(`organizations.creditKinds.${c.kind}`)}</Tag>
                  <span>{c.date}</span>
                  <strong>{c.title}</strong>
                </Space>
                {(c.detail || c.source) && <div className="muted">{[c.source, c.detail].filter(Boolean).join(' · ')}</div>}
              </div>
            </List.Item>
          )}
        />
      )}
      {canEdit && (
        <Form
          form={form}
          layout="vertical"
          style={{ marginTop: 12 }}
          initialValues={{ kind: 'award', date: dayjs() }}
          onFinish={(v) =>
            run(async () => {
              onSaved(
                await api.post<OrganizationDetail>(`/organizations/${o.id}/credit-records`, {
                  kind: v.kind,
                  date: v.date.format('YYYY-MM-DD'),
                  title: v.title,
                  detail: v.detail?.trim() || null,
                  source: v.source?.trim() || null,
                }),
              );
              form.resetFields();
            })
          }
        >
          <Space wrap align="start">
            <Form.Item name="kind" label={t('organizations.credit.kind')}>
              <Select style={{ minWidth: 120 }} options={CREDIT_RECORD_KINDS.map((k) => ({ value: k, label: t(`organizations.creditKinds.${k}`) }))} />
            </Form.Item>
            <Form.Item name="date" label={t('organizations.credit.date')} rules={[{ required: true, message: t('problemCodes.required') }]}>
              <DatePicker disabledDate={(d) => d.isAfter(dayjs())} />
            </Form.Item>
          </Space>
          <Form.Item name="title" label={t('organizations.credit.title')} rules={[{ required: true, message: t('problemCodes.required') }]}>
            <Input maxLength={100} />
          </Form.Item>
          <Form.Item name="source" label={t('organizations.credit.source')}>
            <Input maxLength={100} />
          </Form.Item>
          <Form.Item name="detail" label={t('organizations.credit.detail')}>
            <Input.TextArea rows={2} maxLength={2000} />
          </Form.Item>
          <Button htmlType="submit" loading={busy}>
            {t('organizations.credit.add')}
          </Button>
        </Form>
      )}
      <ErrorLine error={error} testId="credit-error" />
    </div>
  );
}

interface ReportValues {
  year: number;
  members: number;
  volunteers: number;
  activities: number;
  beneficiaries: number;
  income: number;
  expenditure: number;
  summary: string;
}

export function ReportsPanel({ o, canEdit, onSaved }: { o: OrganizationDetail; canEdit: boolean; onSaved: Save }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<ReportValues>();
  const { busy, error, run } = useAction();
  const thisYear = new Date().getFullYear();
  const number = (name: keyof ReportValues, label: string) => (
    <Form.Item name={name} label={label} rules={[{ required: true, message: t('problemCodes.required') }]}>
      <InputNumber min={0} style={{ width: 140 }} data-testid={`report-${name}`} />
    </Form.Item>
  );
  return (
    <div data-testid="organization-reports">
      {o.annualReports.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('organizations.reports.none')} />
      ) : (
        <List
          dataSource={o.annualReports}
          renderItem={(r) => (
            <List.Item>
              <div>
                <strong>
                  {r.year} {t('organizations.reports.year')}
                </strong>
                <div>
                  {t('organizations.reports.membersCount')} {r.members} · {t('organizations.reports.volunteers')} {r.volunteers} · {t('organizations.reports.activities')} {r.activities} ·{' '}
                  {t('organizations.reports.beneficiaries')} {r.beneficiaries}
                </div>
                <div>
                  {t('organizations.reports.income')} {r.income} · {t('organizations.reports.expenditure')} {r.expenditure}
                </div>
                <div className="muted">{r.summary}</div>
              </div>
            </List.Item>
          )}
        />
      )}
      {canEdit && (
        <Form<ReportValues>
          form={form}
          layout="vertical"
          style={{ marginTop: 12 }}
          initialValues={{ year: thisYear - 1 }}
          data-testid="report-form"
          onFinish={(v) => run(async () => onSaved(await api.post<OrganizationDetail>(`/organizations/${o.id}/annual-reports`, v)))}
        >
          <Typography.Title level={3} style={{ fontSize: '1em' }}>
            {t('organizations.reports.submit')}
          </Typography.Title>
          <Space wrap align="start">
            <Form.Item name="year" label={t('organizations.reports.year')} rules={[{ required: true, message: t('problemCodes.required') }]}>
              <InputNumber min={1990} max={thisYear} style={{ width: 100 }} />
            </Form.Item>
            {number('members', t('organizations.reports.membersCount'))}
            {number('volunteers', t('organizations.reports.volunteers'))}
            {number('activities', t('organizations.reports.activities'))}
            {number('beneficiaries', t('organizations.reports.beneficiaries'))}
            {number('income', t('organizations.reports.income'))}
            {number('expenditure', t('organizations.reports.expenditure'))}
          </Space>
          <Form.Item name="summary" label={t('organizations.reports.summary')} rules={[{ required: true, message: t('problemCodes.required') }]}>
            <Input.TextArea rows={3} maxLength={2000} data-testid="report-summary" />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={busy} data-testid="report-submit">
            {t('organizations.reports.submit')}
          </Button>
        </Form>
      )}
      <ErrorLine error={error} testId="report-error" />
    </div>
  );
}
