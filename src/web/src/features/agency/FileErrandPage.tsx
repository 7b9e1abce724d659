import { useEffect, useState } from 'react';
import { Alert, Button, Card, Form, Select, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { ApiError } from '../../api/client.ts';
import { catalogApi } from '../../api/requests.ts';
import { ErrorAlert } from '../../shared/ErrorAlert.tsx';
import { PageSpinner } from '../../shared/PageSpinner.tsx';
import { useApi } from '../../shared/use-api.ts';
import { MaterialsChecklist, type Photos } from '../requests/MaterialsChecklist.tsx';
import { requestErrorMessage } from '../requests/request-errors.ts';
import { cleanFormValues, RequestFields } from '../requests/RequestFields.tsx';
import { useSubmission } from '../requests/use-submission.ts';
import { agencyApi } from './agency-api.ts';
import { agencyErrorMessage } from './agency-errors.ts';
import { useItemNames } from './item-names.ts';
import '../requests/requests.css';
import './agency.css';

/**
 * 代为申请: an agent files for the principal under a mandate — one of the services it covers, the
 * item's form, the papers received from the resident — and lands on the errand to record its custody.
 */
export default function FileErrandPage() {
  const { mandateId = '' } = useParams();
  const { t } = useTranslation();
  const navigate = useNavigate();
  const mandate = useApi((signal) => agencyApi.mandate(mandateId, signal), [mandateId]);
  const names = useItemNames(mandate.data?.areaCode ?? null);
  const [itemCode, setItemCode] = useState<string | undefined>();
  const [received, setReceived] = useState<Record<string, boolean>>({});
  const [photos, setPhotos] = useState<Photos>({});
  const [form] = Form.useForm<{ formValues?: Record<string, unknown> }>();
  const submission = useSubmission();
  const m = mandate.data;
  const code = itemCode ?? (m?.itemCodes.length === 1 ? m.itemCodes[0] : undefined);
  const item = useApi((signal) => (m && code ? catalogApi.item(m.areaCode, code, signal) : Promise.resolve(null)), [m?.areaCode, code]);

  useEffect(() => {
    document.title = `${t('agency.file.title')} · ${t('app.name')}`;
  }, [t]);

  if (!m) return mandate.error ? <ErrorAlert error={mandate.error} onRetry={mandate.reload} /> : <PageSpinner />;
  const chosen = item.data;

  const send = async (values: { formValues?: Record<string, unknown> }) => {
    if (!chosen) return;
    const done = await submission.submit(
      {
        itemCode: chosen.code,
        applicantPersonId: m.principal.personId,
        communityCode: m.areaCode,
        channel: 'agent',
        mandateId: m.id,
        formValues: cleanFormValues(values.formValues),
        materials: chosen.materials.map((x) => ({ material: x.key, received: received[x.key] ?? false })),
      },
      photos,
    );
    if (done) navigate(`/agency/errands/${done.id}`);
  };
  const failure = submission.error;

  return (
    <div className="agency-page" data-testid="file-errand-page">
      <Link to="/agency?tab=mandates">← {t('agency.tabs.mandates')}</Link>
      <Typography.Title level={1} className="page-title" style={{ fontSize: '1.4em' }}>
        {t('agency.file.title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('agency.file.intro', { name: m.principal.name })}</Typography.Paragraph>
      <Card size="small">
        <Form form={form} layout="vertical" onFinish={(v) => void send(v)} data-testid="file-errand-form">
          <Form.Item label={t('agency.file.item')} required>
            <Select
              value={code}
              onChange={(value: string) => {
                setItemCode(value);
                setReceived({});
                setPhotos({});
              }}
              options={m.itemCodes.map((c) => ({ value: c, label: names.name(c) }))}
              aria-label={t('agency.file.item')}
              data-testid="file-errand-item"
            />
          </Form.Item>
          {item.loading && code && !chosen && <PageSpinner />}
          {chosen && (
            <>
              <RequestFields fields={chosen.fields} />
              <MaterialsChecklist materials={chosen.materials} photos={photos} onPhotos={setPhotos} received={received} onReceived={setReceived} />
            </>
          )}
          {failure != null && (
            <Alert
              type="error"
              showIcon
              role="alert"
              style={{ margin: '12px 0' }}
              title={failure instanceof ApiError && failure.code === 'mandate_required' ? agencyErrorMessage(t, failure) : requestErrorMessage(t, failure)}
              data-testid="file-errand-error"
            />
          )}
          <Button type="primary" htmlType="submit" disabled={!chosen} loading={submission.busy} className="agency-big-button" data-testid="file-errand-submit">
            {t('agency.file.submit')}
          </Button>
        </Form>
      </Card>
    </div>
  );
}
