import { useEffect, useState } from 'react';
import { Alert, Button, Card, Form, Input, Radio, Select, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { api } from '../../api/client.ts';
import { catalogApi, type Channel, type ServiceRequestDetail } from '../../api/requests.ts';
import type { Person } from '../../api/residents.ts';
import type { Page } from '../../api/types.ts';
import { ErrorAlert } from '../../shared/ErrorAlert.tsx';
import { useApi } from '../../shared/use-api.ts';
import { ItemHeader } from './ApplyPage.tsx';
import { itemNameIn, labelIn } from './labels.tsx';
import { MaterialsChecklist, type Photos } from './MaterialsChecklist.tsx';
import { requestErrorMessage } from './request-errors.ts';
import { cleanFormValues } from './form-values.ts';
import { RequestFields } from './RequestFields.tsx';
import { useSubmission } from './use-submission.ts';
import './requests.css';

interface WindowValues {
  formValues?: Record<string, unknown>;
  note?: string;
}

/**
 * The service hall's window (便民服务窗口): find the person in the registry, choose the item of
 * their community's catalog, fill it in for them, tick the papers handed over, and file it as
 * taken at the window or by phone. The request then opens for acceptance and its receipt.
 */
export default function WindowPage() {
  const { t, i18n } = useTranslation();
  const [q, setQ] = useState('');
  const [searched, setSearched] = useState('');
  const [person, setPerson] = useState<Person | null>(null);
  const [itemCode, setItemCode] = useState<string | undefined>();
  const [channel, setChannel] = useState<Channel>('window');
  const [received, setReceived] = useState<Record<string, boolean>>({});
  const [photos, setPhotos] = useState<Photos>({});
  const [filed, setFiled] = useState<ServiceRequestDetail[]>([]);
  const [form] = Form.useForm<WindowValues>();
  const submission = useSubmission();

  useEffect(() => {
    document.title = `${t('requests.window.title')} · ${t('app.name')}`;
  }, [t]);

  const found = useApi(
    (signal) => (searched ? api.get<Page<Person>>('/persons', { q: searched, limit: 10 }, signal) : Promise.resolve(null)),
    [searched],
  );
  const catalog = useApi((signal) => (person ? catalogApi.catalog(person.areaCode, signal) : Promise.resolve(null)), [person?.areaCode]);
  const item = useApi(
    (signal) => (person && itemCode ? catalogApi.item(person.areaCode, itemCode, signal) : Promise.resolve(null)),
    [person?.areaCode, itemCode],
  );
  const chosen = item.data;
  const channels: Channel[] = (['window', 'phone'] as const).filter((c) => !chosen || chosen.channels.includes(c));

  const reset = () => {
    form.resetFields();
    setReceived({});
    setPhotos({});
  };
  const labelOf = (field: string) => {
    const [head, key] = field.split('.');
    const f = head === 'formValues' ? chosen?.fields.find((x) => x.key === key) : undefined;
    if (f) return labelIn(i18n.language, f);
    if (head === 'materials') return t('requests.apply.materials');
    if (head === 'applicantPersonId') return t('requests.detail.applicant');
    return undefined;
  };

  const send = async (values: WindowValues) => {
    if (!person || !chosen) return;
    const done = await submission.submit(
      {
        itemCode: chosen.code,
        applicantPersonId: person.id,
        communityCode: person.areaCode,
        channel: channels.includes(channel) ? channel : channels[0] ?? 'window',
        formValues: cleanFormValues(values.formValues),
        materials: chosen.materials.map((m) => ({ material: m.key, received: received[m.key] ?? false })),
        note: values.note?.trim() || undefined,
      },
      photos,
    );
    if (done) {
      setFiled([done, ...filed]);
      reset();
      setItemCode(undefined);
    }
  };

  return (
    <div className="request-page" data-testid="window-page">
      <Typography.Title level={1} className="page-title" style={{ fontSize: '1.6em' }}>
        {t('requests.window.title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('requests.window.intro')}</Typography.Paragraph>

      {filed.length > 0 && (
        <Alert
          type="success"
          showIcon
          role="status"
          data-testid="window-filed"
          title={t('requests.window.filed', { number: filed[0]!.number })}
          action={
            <Link to={`/requests/${filed[0]!.id}`} className="request-link-button" data-testid="window-open-request">
              {t('requests.window.openRequest')}
            </Link>
          }
        />
      )}

      <Card size="small" title={<h2 className="card-title">{t('requests.window.step1')}</h2>}>
        {person ? (
          <div className="request-facts">
            <strong data-testid="window-person">{t('requests.window.chosen', { name: person.name })}</strong>
            <span className="request-muted">{person.areaName ?? person.areaCode}</span>
            <Button
              size="small"
              onClick={() => {
                setPerson(null);
                setItemCode(undefined);
                reset();
              }}
            >
              {t('requests.window.change')}
            </Button>
          </div>
        ) : (
          <>
            <label className="filter-label" htmlFor="window-search">
              {t('requests.window.search')}
            </label>
            <Input.Search
              id="window-search"
              value={q}
              onChange={(e) => setQ(e.target.value)}
              onSearch={(v) => setSearched(v.trim())}
              enterButton={t('requests.window.searchButton')}
              style={{ maxWidth: 420 }}
              data-testid="window-search"
            />
            <ErrorAlert error={found.error} onRetry={found.reload} />
            {found.data && found.data.items.length === 0 && <Typography.Paragraph style={{ marginTop: 8 }}>{t('requests.window.noPerson')}</Typography.Paragraph>}
            {found.data && found.data.items.length > 0 && (
              <ul className="plain-list request-people" aria-label={t('requests.window.step1')}>
                {found.data.items.map((p) => (
                  <li key={p.id}>
                    <span>
                      <strong>{p.name}</strong>{' '}
                      <span className="request-muted">
                        {p.areaName ?? p.areaCode} · {p.idNumber ?? ''}
                      </span>
                    </span>
                    <Button size="small" onClick={() => setPerson(p)} data-testid="window-choose">
                      {t('requests.window.choose')}
                    </Button>
                  </li>
                ))}
              </ul>
            )}
          </>
        )}
      </Card>

      {person && (
        <Card size="small" title={<h2 className="card-title">{t('requests.window.step2')}</h2>} style={{ marginTop: 12 }}>
          <ErrorAlert error={catalog.error} onRetry={catalog.reload} />
          <label className="filter-label" htmlFor="window-item">
            {t('requests.window.item')}
          </label>
          <Select
            id="window-item"
            value={itemCode}
            onChange={(v) => {
              reset();
              setItemCode(v);
            }}
            loading={catalog.loading}
            showSearch
            optionFilterProp="label"
            // About forty items: all in the page, so that every one is reachable by screen readers and search alike.
            virtual={false}
            placeholder={t('requests.window.itemPlaceholder')}
            options={(catalog.data?.items ?? [])
              .filter((i) => i.channels.includes('window') || i.channels.includes('phone'))
              .map((i) => ({ value: i.code, label: itemNameIn(i18n.language, i) }))}
            style={{ width: '100%', maxWidth: 480 }}
            data-testid="window-item"
          />
          <ErrorAlert error={item.error} onRetry={item.reload} />
        </Card>
      )}

      {person && chosen && (
        <div style={{ marginTop: 12 }}>
          <ItemHeader item={chosen} />
          <Form<WindowValues> form={form} layout="vertical" onFinish={send} data-testid="window-form" style={{ marginTop: 12 }}>
            <Card size="small" title={<h2 className="card-title">{t('requests.window.step3')}</h2>}>
              <Form.Item label={t('requests.window.channel')}>
                <div data-testid="window-channel">
                  <Radio.Group
                    value={channels.includes(channel) ? channel : channels[0]}
                    onChange={(e) => setChannel(e.target.value as Channel)}
                    options={channels.map((c) => ({ value: c, label: t(`requests.channel.${c}`) }))}
                  />
                </div>
              </Form.Item>
              <RequestFields fields={chosen.fields} />
              {chosen.materials.length > 0 && (
                <fieldset className="request-fieldset">
                  <legend>{t('requests.handle.materialsReceived')}</legend>
                  <MaterialsChecklist materials={chosen.materials} photos={photos} onPhotos={setPhotos} received={received} onReceived={setReceived} />
                </fieldset>
              )}
              <Form.Item name="note" label={t('requests.apply.note')} htmlFor="window-note">
                <Input.TextArea id="window-note" rows={2} maxLength={2000} />
              </Form.Item>
              {submission.error != null && (
                <Alert type="error" showIcon role="alert" style={{ marginBottom: 12 }} title={requestErrorMessage(t, submission.error, labelOf)} data-testid="window-error" />
              )}
              <Button type="primary" htmlType="submit" loading={submission.busy} data-testid="window-submit">
                {t('requests.window.submit')}
              </Button>
            </Card>
          </Form>
        </div>
      )}
    </div>
  );
}
