import { useState } from 'react';
import { App, Button, Card, Descriptions, Drawer, Empty, Space, Table, Timeline, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.ts';
import { type HouseholdDetail, type Person, type PersonDetail, type PersonEvent } from '../../api/residents.ts';
import type { Page } from '../../api/types.ts';
import { useUser } from '../../app/session.tsx';
import { useFormat } from '../../i18n/format.ts';
import { ColorTag } from '../../shared/ColorTag.tsx';
import { ErrorAlert } from '../../shared/ErrorAlert.tsx';
import { PageSpinner } from '../../shared/PageSpinner.tsx';
import { useApi } from '../../shared/use-api.ts';
import { PersonForm } from './PersonForm.tsx';
import { may } from '../../../../contracts/policy.ts';
import { StatusTag } from './labels.tsx';

const FLAG_TONE = { pending: 'orange', confirmed: 'red', rejected: 'green' } as const;

/** One person: details (numbers masked unless revealed), their household and its members, history; edit for writers. */
export function PersonDrawer({
  id,
  canWrite,
  onClose,
  onChanged,
  onCreated,
  onOpen,
}: {
  /** A person id, 'new' to register one, or null when closed. */
  id: string | null;
  canWrite: boolean;
  onClose: () => void;
  onChanged: () => void;
  onCreated: (saved: PersonDetail) => void;
  onOpen: (id: string) => void;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const user = useUser();
  const { message } = App.useApp();
  const [editing, setEditing] = useState(false);
  const [reveal, setReveal] = useState(false);
  const creating = id === 'new';
  const mayReveal = may(user.role, 'registry.reveal');
  const detail = useApi(
    (signal) => (id && !creating ? api.get<PersonDetail>(`/persons/${id}`, reveal ? { reveal: true } : undefined, signal) : Promise.resolve(undefined)),
    [id, reveal],
  );
  const p = id && !creating && detail.data?.id === id ? detail.data : undefined;
  const household = useApi(
    (signal) => (p?.householdId ? api.get<HouseholdDetail>(`/households/${p.householdId}`, undefined, signal) : Promise.resolve(undefined)),
    [p?.householdId, p?.version],
  );
  const history = useApi(
    (signal) => (p ? api.get<Page<PersonEvent>>(`/persons/${p.id}/history`, undefined, signal) : Promise.resolve(undefined)),
    [p?.id, p?.version],
  );
  const title = creating ? t('residents.create') : (p?.name ?? t('residents.detail'));

  const close = () => {
    setEditing(false);
    setReveal(false);
    onClose();
  };
  const yesNo = (b: boolean) => (b ? t('common.yes') : t('common.no'));
  const changeText = (e: PersonEvent) =>
    Object.keys(e.changes)
      .map((field) => t(`personField.${field}` as 'personField.name', { defaultValue: field }))
      .join('、');

  return (
    <Drawer
      open={id !== null}
      onClose={close}
      title={<span data-testid="drawer-title">{title}</span>}
      size={720}
      destroyOnHidden
      closable={{ 'aria-label': t('common.close') }}
      data-testid="person-drawer"
    >
      {creating && (
        <PersonForm
          person={null}
          onCancel={close}
          onSaved={(saved) => {
            void message.success(t('residents.created', { name: saved.name }));
            onCreated(saved);
          }}
        />
      )}
      {!creating && (
        <>
          <ErrorAlert error={detail.error} onRetry={detail.reload} />
          {!p && detail.loading && <PageSpinner />}
          {p && editing && (
            <PersonForm
              person={p}
              onCancel={() => setEditing(false)}
              onReload={detail.reload}
              onSaved={(saved) => {
                void message.success(t('residents.saved'));
                // The saved record at once: the reload follows, and the old one must not show between.
                detail.show(saved);
                setEditing(false);
                detail.reload();
                onChanged();
              }}
            />
          )}
          {p && !editing && (
            <Space direction="vertical" size={16} style={{ width: '100%' }} data-testid="person-detail">
              <div>
                <StatusTag status={p.residenceStatus} />
                {p.leftBehind
                  .filter((f) => f.status !== 'rejected')
                  .map((f) => (
                    <ColorTag key={f.id} tone={FLAG_TONE[f.status]}>
                      {t('indicators.withNote', { text: t(`leftBehindKind.${f.kind}`), note: t(`flagStatus.${f.status}`) })}
                    </ColorTag>
                  ))}
                {p.generated && <ColorTag tone="orange">{t('residents.generated')}</ColorTag>}
                <Typography.Text type="secondary">{t('residents.version', { version: p.version })}</Typography.Text>
              </div>
              <Space wrap>
                {canWrite && (
                  <Button type="primary" onClick={() => setEditing(true)} data-testid="person-edit">
                    {t('residents.edit')}
                  </Button>
                )}
                {mayReveal && (p.idNumber || p.phone) && (
                  <Button onClick={() => setReveal(!reveal)} title={t('residents.revealHint')} data-testid="person-reveal">
                    {reveal ? t('residents.hide') : t('residents.reveal')}
                  </Button>
                )}
              </Space>
              <Descriptions
                size="small"
                bordered
                column={1}
                data-testid="person-facts"
                items={[
                  { key: 'idNumber', label: t('residents.idNumber'), children: <span data-testid="person-id-number">{p.idNumber ?? t('common.none')}</span> },
                  { key: 'phone', label: t('residents.phone'), children: p.phone ?? t('common.none') },
                  { key: 'sex', label: t('residents.sex'), children: t(`sex.${p.sex}`) },
                  { key: 'birth', label: t('residents.birthDate'), children: t('indicators.withNote', { text: format.date(p.birthDate), note: t('residents.ageYears', { age: p.age }) }) },
                  { key: 'ethnicity', label: t('residents.ethnicity'), children: p.ethnicity ?? t('common.none') },
                  { key: 'relation', label: t('residents.relation'), children: t(`relation.${p.relation}`) },
                  { key: 'community', label: t('residents.community'), children: `${p.areaName ?? ''} ${p.areaCode}` },
                  {
                    key: 'hukou',
                    label: t('residents.hukouArea'),
                    children: (
                      <span data-testid="person-hukou" title={p.hukouAreaCode ?? undefined}>
                        {p.hukouAreaPath ? p.hukouAreaPath.join(' ') : p.hukouAreaCode ? t('residents.hukouAreaCode', { code: p.hukouAreaCode }) : t('common.none')}
                      </span>
                    ),
                  },
                  {
                    key: 'away',
                    label: t('residents.awayTo'),
                    children:
                      p.residenceStatus === 'outflow'
                        ? p.awaySince
                          ? t('indicators.withNote', { text: p.awayTo ?? '', note: t('leftBehind.awaySince', { date: format.date(p.awaySince) }) })
                          : (p.awayTo ?? '')
                        : t('common.none'),
                  },
                  { key: 'migrant', label: t('residents.migrantWorker'), children: yesNo(p.migrantWorker) },
                  { key: 'alone', label: t('residents.livingAlone'), children: yesNo(p.livingAlone) },
                  {
                    key: 'disability',
                    label: t('residents.disability'),
                    children: p.disability ? t('residents.disabilityText', { category: t(`disability.${p.disability.category}`), grade: p.disability.grade }) : t('common.none'),
                  },
                  { key: 'hardship', label: t('residents.hardship'), children: p.hardship ? t(`hardship.${p.hardship}`) : t('common.none') },
                  { key: 'notes', label: t('residents.notes'), children: p.notes ?? t('common.none') },
                ]}
              />
              <Card size="small" title={<h3 className="card-title">{t('residents.household')}</h3>} data-testid="person-household">
                <ErrorAlert error={household.error} onRetry={household.reload} />
                {!p.householdId && <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('residents.noHousehold')} />}
                {household.data && (
                  <>
                    <Typography.Paragraph>
                      {t('residents.householdLine', { number: household.data.number ?? '—', address: household.data.address })}
                      {household.data.hukou ? t('indicators.withNote', { text: '', note: t('residents.hukouHousehold') }) : ''}
                    </Typography.Paragraph>
                    <Table<Person>
                      size="small"
                      rowKey="id"
                      pagination={false}
                      dataSource={household.data.persons}
                      columns={[
                        {
                          key: 'name',
                          title: t('residents.name'),
                          render: (_, m) =>
                            m.id === p.id ? (
                              <strong>{m.name}</strong>
                            ) : (
                              <a
                                href={`/persons?open=${m.id}`}
                                onClick={(e) => {
                                  e.preventDefault();
                                  setReveal(false);
                                  onOpen(m.id);
                                }}
                              >
                                {m.name}
                              </a>
                            ),
                        },
                        { key: 'relation', title: t('residents.relation'), render: (_, m) => t(`relation.${m.relation}`) },
                        { key: 'sex', title: t('residents.sex'), render: (_, m) => t(`sex.${m.sex}`) },
                        { key: 'age', title: t('residents.age'), align: 'right', render: (_, m) => m.age },
                        { key: 'status', title: t('residents.residenceStatus'), render: (_, m) => <StatusTag status={m.residenceStatus} /> },
                      ]}
                    />
                  </>
                )}
              </Card>
              <Card size="small" title={<h3 className="card-title">{t('residents.history')}</h3>}>
                <ErrorAlert error={history.error} onRetry={history.reload} />
                <Timeline
                  data-testid="person-history"
                  items={(history.data?.items ?? []).map((e) => ({
                    key: e.id,
                    content: (
                      <div>
                        <strong>{t(`personAction.${e.action.replace('.', '_')}` as 'personAction.create', { defaultValue: e.action })}</strong>
                        {Object.keys(e.changes).length > 0 && <div>{t('residents.changed', { fields: changeText(e) })}</div>}
                        <Typography.Text type="secondary" style={{ fontSize: '0.9em' }}>
                          {t('residents.historyBy', { user: e.username ?? t('audit.system'), at: format.dateTime(e.at) })}
                        </Typography.Text>
                      </div>
                    ),
                  }))}
                />
              </Card>
            </Space>
          )}
        </>
      )}
    </Drawer>
  );
}
