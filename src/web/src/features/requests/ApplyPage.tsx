import { useEffect, useState } from 'react';
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { catalogApi, type EffectiveServiceItem } from '../../api/requests.ts';
import { useUser } from '../../app/session.tsx';
import { useFormDraft } from '../../shared/form-draft.ts';
import { ErrorAlert } from '../../shared/ErrorAlert.tsx';
import { PageSpinner } from '../../shared/PageSpinner.tsx';
import { useApi } from '../../shared/use-api.ts';
import { itemNameIn, labelIn } from './labels.tsx';
import { MaterialsChecklist, type Photos } from './MaterialsChecklist.tsx';
import { requestErrorMessage } from './request-errors.ts';
import { cleanFormValues } from './form-values.ts';
import { RequestFields } from './RequestFields.tsx';
import { useSubmission } from './use-submission.ts';
import './requests.css';

interface ApplyValues {
  formValues?: Record<string, unknown>;
  note?: string;
}

/** What an item is and asks for, above its form: limit, fee, conditions. */
export function ItemHeader({ item }: { item: EffectiveServiceItem }) {
  const { t, i18n } = useTranslation();
  return (
    <Card size="small" data-testid="apply-item">
      <Typography.Title level={2} style={{ fontSize: '1.25em', marginTop: 0 }} data-testid="apply-item-name">
        {itemNameIn(i18n.language, item)}
      </Typography.Title>
      <div className="request-facts">
        <span>{item.department}</span>
        <span>{t('requests.apply.committed', { days: item.committedDays })}</span>
        <span>{t('requests.apply.fee', { fee: item.feeYuan > 0 ? t('requests.apply.feeYuan', { amount: item.feeYuan }) : t('requests.apply.free') })}</span>
      </div>
      {item.conditions && (
        <details className="request-conditions">
          <summary>{t('requests.apply.conditions')}</summary>
          <p>{item.conditions}</p>
        </details>
      )}
      {item.generated && <Typography.Paragraph type="secondary" style={{ margin: '8px 0 0', fontSize: '0.9em' }}>{t('requests.apply.generated')}</Typography.Paragraph>}
    </Card>
  );
}

/** A resident applies for one item of their community's catalog, from a phone first. */
export default function ApplyPage() {
  const { t, i18n } = useTranslation();
  const user = useUser();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const code = params.get('item') ?? '';
  const [form] = Form.useForm<ApplyValues>();
  const [photos, setPhotos] = useState<Photos>({});
  const draft = useFormDraft<ApplyValues>(`requests.apply.${code}`, form);
  const submission = useSubmission();
  const item = useApi((signal) => (code ? catalogApi.item(user.scope, code, signal) : Promise.resolve(null)), [user.scope, code]);

  useEffect(() => {
    document.title = `${t('requests.apply.title')} · ${t('app.name')}`;
  }, [t]);
  useEffect(() => {
    if (item.data) draft.restore();
    // eslint-disable-next-line react-hooks/exhaustive-deps -- restore once the item's fields are on the page
  }, [item.data]);

  if (!code)
    return (
      <div className="portal">
        <Typography.Title level={1} className="page-title" style={{ fontSize: '1.5em' }}>
          {t('requests.apply.title')}
        </Typography.Title>
        <Alert type="info" showIcon title={t('requests.apply.noItem')} action={<Link to="/catalog">{t('requests.apply.toCatalog')}</Link>} />
      </div>
    );

  const found = item.data;
  // Staff file for someone else, at the window (an online filing is the applicant's own).
  if (user.role !== 'resident')
    return (
      <div className="portal" data-testid="apply-page">
        <Typography.Title level={1} className="page-title" style={{ fontSize: '1.5em' }}>
          {t('requests.apply.title')}
        </Typography.Title>
        {found && <ItemHeader item={found} />}
        <Alert
          type="info"
          showIcon
          title={t('requests.apply.staffHint')}
          action={user.role === 'agent' ? <Link to="/agency">{t('nav.agency')}</Link> : <Link to="/service-window">{t('nav.serviceWindow')}</Link>}
        />
      </div>
    );
  const labelOf = (field: string) => {
    const [head, key] = field.split('.');
    if (head === 'formValues' && found) {
      const f = found.fields.find((x) => x.key === key);
      if (f) return labelIn(i18n.language, f);
    }
    if (head === 'materials' && found) return t('requests.apply.materials');
    if (head === 'note') return t('requests.apply.note');
    return undefined;
  };

  const send = async (values: ApplyValues) => {
    if (!found) return;
    const done = await submission.submit(
      { itemCode: found.code, channel: 'online', formValues: cleanFormValues(values.formValues), note: values.note?.trim() || undefined },
      photos,
    );
    if (done) {
      draft.clear();
      navigate(`/requests/${done.id}`, { state: { filed: done.number } });
    }
  };

  return (
    <div className="portal" data-testid="apply-page">
      <Typography.Title level={1} className="page-title" style={{ fontSize: '1.5em' }}>
        {t('requests.apply.title')}
      </Typography.Title>
      <ErrorAlert error={item.error} onRetry={item.reload} />
      {item.loading && !found && <PageSpinner />}
      {found && <ItemHeader item={found} />}
      {found && !found.channels.includes('online') && <Alert type="warning" showIcon title={t('requests.apply.notAllowedChannel')} />}
      {found && found.channels.includes('online') && (
        <Form<ApplyValues> form={form} layout="vertical" onFinish={send} onValuesChange={draft.save} data-testid="apply-form" requiredMark>
          {found.fields.length > 0 && (
            <Card size="small" title={<h2 className="card-title">{t('requests.apply.form')}</h2>}>
              <RequestFields fields={found.fields} />
            </Card>
          )}
          {found.materials.length > 0 && (
            <Card size="small" title={<h2 className="card-title">{t('requests.apply.materials')}</h2>} style={{ marginTop: 12 }}>
              <Typography.Paragraph type="secondary">{t('requests.apply.materialsHint')}</Typography.Paragraph>
              <MaterialsChecklist materials={found.materials} photos={photos} onPhotos={setPhotos} />
            </Card>
          )}
          <Card size="small" style={{ marginTop: 12 }}>
            <Form.Item name="note" label={t('requests.apply.note')} htmlFor="apply-note" style={{ marginBottom: 12 }}>
              <Input.TextArea id="apply-note" rows={3} maxLength={2000} />
            </Form.Item>
            {submission.error != null && (
              <Alert type="error" showIcon role="alert" style={{ marginBottom: 12 }} title={requestErrorMessage(t, submission.error, labelOf)} data-testid="apply-error" />
            )}
            {submission.created && submission.failed.length > 0 && (
              <Alert
                type="warning"
                showIcon
                style={{ marginBottom: 12 }}
                title={t('requests.apply.uploadFailed', { count: submission.failed.length })}
                action={
                  <Button
                    size="small"
                    onClick={async () => {
                      const done = await submission.retryUploads();
                      if (done) navigate(`/requests/${done.id}`, { state: { filed: done.number } });
                    }}
                  >
                    {t('requests.apply.retryUploads')}
                  </Button>
                }
              />
            )}
            {submission.progress && (
              <Typography.Paragraph aria-live="polite">{t('requests.apply.uploading', submission.progress)}</Typography.Paragraph>
            )}
            {!(submission.created && submission.failed.length > 0) && (
              <Button type="primary" htmlType="submit" size="large" block loading={submission.busy} data-testid="apply-submit">
                {submission.busy ? t('requests.apply.submitting') : submission.error ? t('requests.apply.retry') : t('requests.apply.submit')}
              </Button>
            )}
          </Card>
        </Form>
      )}
    </div>
  );
}
