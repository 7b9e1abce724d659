import { useEffect, useState } from 'react';
import { App as AntApp, Alert, Button, Checkbox, Empty, Input, InputNumber, List, Select, Space, Tag, Typography } from 'antd';
import { Link, useParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { useUser } from '../../app/session.tsx';
import { may } from '../../../../contracts/policy.ts';
import type { Person } from '../../../../contracts/residents-api.ts';
import { ApiError, fieldProblems } from '../../api/client.ts';
import { ErrorAlert } from '../../shared/ErrorAlert.tsx';
import { PageSpinner } from '../../shared/PageSpinner.tsx';
import { apiErrorMessage } from '../../shared/api-error-message.ts';
import { useApi } from '../../shared/use-api.ts';
import { deliveryApi, maskedName, refusalMessage } from './delivery-api.ts';
import './linkage.css';

/**
 * One activity's attendance, taken person by person on a phone (360 px): search the residents of
 * the project's communities, tick who is present, save. Names are masked (张*). When the server
 * refuses (a person not living in the project's communities, or gone from the registry), the
 * refusal names the person and nobody of the list is recorded. Volunteers' hours are recorded here too.
 */
export default function AttendancePage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const user = useUser();
  const activity = useApi((signal) => deliveryApi.activity(id, signal), [id]);
  const projectId = activity.data?.projectId;
  const delivery = useApi((signal) => (projectId ? deliveryApi.delivery(projectId, signal) : Promise.resolve(null)), [projectId]);
  // The server says whether the caller records this project (an organization member: only its own contract's);
  // attendance is read from the resident registry, so only those who read it take it.
  const write = Boolean(delivery.data?.mayRecord);
  const attend = write && may(user.role, 'registry.read');
  const [q, setQ] = useState('');
  const [searched, setSearched] = useState('');
  const communities = delivery.data?.communities ?? [];
  const found = useApi(
    async (signal) => (searched && communities.length ? (await Promise.all(communities.map((c) => deliveryApi.searchPersons(c, searched, signal)))).flatMap((p) => p.items) : null),
    [searched, communities.join(',')],
  );
  const [ticked, setTicked] = useState<Map<string, Person>>(new Map());
  const [refusal, setRefusal] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const a = activity.data;

  useEffect(() => {
    document.title = `${t('linkageDelivery.delivery.takeAttendance')} · ${t('app.name')}`;
  }, [t]);

  const tick = (p: Person, on: boolean) =>
    setTicked((m) => {
      const next = new Map(m);
      if (on) next.set(p.id, p);
      else next.delete(p.id);
      return next;
    });

  async function save() {
    const people = [...ticked.values()];
    setSaving(true);
    setRefusal(null);
    try {
      await deliveryApi.attend(id, people.map((p) => p.id));
      setTicked(new Map());
      void message.success(t('linkageDelivery.delivery.attendanceSaved'));
      activity.reload();
    } catch (failure) {
      if (failure instanceof ApiError && failure.status === 400) {
        const problem = fieldProblems(failure).find((p) => p.field.startsWith('personIds.'));
        const who = problem ? people[Number(problem.field.split('.')[1])] : undefined;
        if (problem && who) {
          const key = problem.code === 'unknown_reference' ? 'unknownPerson' : 'notInProject';
          setRefusal(t(`linkageDelivery.delivery.${key}`, { name: maskedName(who.name) }));
        } else setRefusal(t('linkageDelivery.delivery.refused', { reason: apiErrorMessage(t, failure) }));
      } else setRefusal(t('linkageDelivery.delivery.refused', { reason: apiErrorMessage(t, failure) }));
    } finally {
      setSaving(false);
    }
  }

  async function act(run: () => Promise<unknown>) {
    try {
      await run();
      activity.reload();
      return true;
    } catch (failure) {
      void message.error(refusalMessage(t, failure));
      return false;
    }
  }

  if (!a) return activity.error ? <ErrorAlert error={activity.error} onRetry={activity.reload} /> : <PageSpinner />;
  const recorded = new Set(a.attendees.map((x) => x.personId));
  return (
    <div className="linkage-page linkage-attendance" data-testid="attendance-page">
      <Typography.Title level={1} className="page-title" style={{ fontSize: '1.4em' }}>
        {t('linkageDelivery.delivery.attendanceTitle', { title: a.title })}
      </Typography.Title>
      <Space wrap style={{ marginBottom: 8 }}>
        <span>{a.heldOn}</span>
        <Tag>{t(`linkageDelivery.activityKinds.${a.kind}`)}</Tag>
        <span>{a.place}</span>
        <Link to={`/linkage/delivery/${a.projectId}`}>{delivery.data?.title ?? t('linkageDelivery.delivery.open')}</Link>
      </Space>
      <div data-testid="attendance-count" style={{ fontWeight: 600, marginBottom: 8 }}>
        {t('linkageDelivery.delivery.attendanceCount', { count: a.attendance, children: a.leftBehindChildren })}
      </div>

      {attend && (
        <>
          <Input.Search
            value={q}
            onChange={(e) => setQ(e.target.value)}
            onSearch={(v) => setSearched(v.trim())}
            placeholder={t('linkageDelivery.delivery.searchHint')}
            aria-label={t('linkageDelivery.delivery.search')}
            enterButton={t('linkageDelivery.delivery.searchButton')}
            maxLength={40}
            data-testid="attendance-search"
          />
          <ErrorAlert error={found.error} onRetry={found.reload} />
          {found.data && found.data.length === 0 && <Empty description={t('linkageDelivery.delivery.noMatch')} />}
          <List
            dataSource={found.data ?? []}
            data-testid="attendance-results"
            renderItem={(p) => (
              <List.Item data-testid="attendance-person" data-person-id={p.id}>
                <Checkbox
                  checked={recorded.has(p.id) || ticked.has(p.id)}
                  disabled={recorded.has(p.id)}
                  onChange={(e) => tick(p, e.target.checked)}
                  className="linkage-attendance-tick"
                >
                  <strong>{maskedName(p.name)}</strong> {t('linkageDelivery.delivery.years', { age: p.age })}
                  {p.idNumber && <span className="linkage-muted"> {p.idNumber}</span>}
                  {recorded.has(p.id) && <Tag style={{ marginLeft: 6 }}>{t('linkageDelivery.delivery.recorded')}</Tag>}
                </Checkbox>
              </List.Item>
            )}
          />
          {refusal && <Alert type="error" showIcon role="alert" title={refusal} data-testid="attendance-error" style={{ marginBottom: 8 }} />}
          <Button type="primary" block size="large" disabled={ticked.size === 0} loading={saving} onClick={() => void save()} data-testid="attendance-save">
            {t('linkageDelivery.delivery.saveAttendance', { count: ticked.size })}
          </Button>
        </>
      )}

      <List
        style={{ marginTop: 12 }}
        header={<strong>{t('linkageDelivery.delivery.recorded')}</strong>}
        dataSource={a.attendees}
        data-testid="attendance-recorded"
        renderItem={(x) => (
          <List.Item
            actions={
              attend
                ? [
                    <Button key="remove" size="small" onClick={() => void act(() => deliveryApi.unattend(id, x.personId))} aria-label={`${t('linkageDelivery.delivery.remove')} ${x.name}`}>
                      {t('linkageDelivery.delivery.remove')}
                    </Button>,
                  ]
                : []
            }
          >
            {x.name}
            {x.leftBehindChild && <Tag style={{ marginLeft: 6 }}>{t('linkageDelivery.delivery.leftBehindChild')}</Tag>}
          </List.Item>
        )}
      />

      <Typography.Title level={2} style={{ fontSize: '1.15em', marginTop: 12 }}>
        {t('linkageDelivery.delivery.volunteers')}
      </Typography.Title>
      <List
        dataSource={a.volunteers}
        data-testid="activity-volunteers"
        renderItem={(v) => (
          <List.Item>
            {v.name} · {Math.round(v.minutes / 6) / 10} h
          </List.Item>
        )}
      />
      {write && <VolunteerForm area={a.communityCode} onAdd={(volunteerId, minutes) => act(() => deliveryApi.volunteer(id, volunteerId, minutes))} />}
    </div>
  );
}

function VolunteerForm({ area, onAdd }: { area: string; onAdd: (volunteerId: string, minutes: number) => Promise<boolean> }) {
  const { t } = useTranslation();
  const [q, setQ] = useState('');
  const options = useApi((signal) => deliveryApi.volunteers(area, q, signal), [area, q]);
  const [volunteerId, setVolunteerId] = useState<string>();
  const [hours, setHours] = useState<number | null>(2);
  return (
    <div className="linkage-row">
      <Select
        showSearch={{ filterOption: false, onSearch: setQ }}
        value={volunteerId}
        onChange={setVolunteerId}
        loading={options.loading}
        options={(options.data?.items ?? []).map((v) => ({ value: v.id, label: maskedName(v.name) }))}
        placeholder={t('linkageDelivery.delivery.volunteer')}
        aria-label={t('linkageDelivery.delivery.volunteer')}
        style={{ flex: '1 1 10em' }}
        data-testid="volunteer-select"
      />
      <InputNumber min={0.5} max={24} step={0.5} value={hours} onChange={setHours} aria-label={t('linkageDelivery.delivery.hours')} style={{ width: '7em' }} data-testid="volunteer-hours" />
      <Button
        disabled={!volunteerId || !hours}
        onClick={() => void onAdd(volunteerId!, Math.round((hours ?? 0) * 60)).then((ok) => ok && setVolunteerId(undefined))}
        data-testid="volunteer-add"
      >
        {t('linkageDelivery.delivery.addVolunteer')}
      </Button>
      <Typography.Text type="secondary" style={{ width: '100%' }}>
        {t('linkageDelivery.delivery.volunteerHint')}
      </Typography.Text>
    </div>
  );
}
