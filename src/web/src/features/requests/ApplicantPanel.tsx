import { useState } from 'react';
import { Alert, Button, Card, Form, Input, Popconfirm, Radio, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { RATING_RULES, requestsApi, type EffectiveServiceItem, type ServiceRequestDetail } from '../../api/requests.ts';
import { useUser } from '../../app/session.tsx';
import { useFormat } from '../../i18n/format.ts';
import { labelIn } from './labels.tsx';
import { MaterialsChecklist, shrinkPhoto, type Photos } from './MaterialsChecklist.tsx';
import { requestErrorMessage } from './request-errors.ts';
import { cleanFormValues } from './form-values.ts';
import { RequestFields } from './RequestFields.tsx';

const SCORES = [5, 4, 3, 2, 1] as const;

/**
 * The applicant's side of a request: answer a 补正, rate it after closure, reopen it once when
 * dissatisfied, withdraw it while it is open. What shows follows `allowedActions` and the status.
 */
export function ApplicantPanel({
  request,
  item,
  onChanged,
}: {
  request: ServiceRequestDetail;
  item: EffectiveServiceItem | undefined;
  onChanged: (next: ServiceRequestDetail, done: string) => void;
}) {
  const { t, i18n } = useTranslation();
  const format = useFormat();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [photos, setPhotos] = useState<Photos>({});
  const [supplementForm] = Form.useForm<{ formValues?: Record<string, unknown>; note?: string }>();
  const [rateForm] = Form.useForm<{ score?: number; comment?: string }>();
  const [reopenForm] = Form.useForm<{ note?: string }>();
  const allowed = (action: string) => request.allowedActions.includes(action);
  // A window worker or an agent acts for the applicant: the page says so.
  const onBehalf = useUser().role !== 'resident';

  const labelOf = (field: string) => {
    const [head, key] = field.split('.');
    const f = head === 'formValues' ? item?.fields.find((x) => x.key === key) : undefined;
    if (f) return labelIn(i18n.language, f);
    if (head === 'score') return t('requests.rate.score');
    if (head === 'note') return t('requests.supplement.note');
    return undefined;
  };

  const run = async (work: () => Promise<ServiceRequestDetail>, done: string) => {
    setBusy(true);
    setError(null);
    try {
      onChanged(await work(), done);
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };

  // The unit's request for 补正: the latest such event's reason or note.
  const asked = [...request.events].reverse().find((e) => e.kind === 'requestSupplement');
  const askedReason = (typeof asked?.details?.reason === 'string' ? asked.details.reason : null) ?? asked?.note ?? null;

  const supplement = (values: { formValues?: Record<string, unknown>; note?: string }) =>
    run(async () => {
      for (const [material, files] of Object.entries(photos))
        for (const file of files) await requestsApi.upload(request.id, await shrinkPhoto(file), material);
      setPhotos({});
      // Only what the applicant changed goes back (the server merges it over what it holds).
      const changed = Object.fromEntries(
        Object.entries(cleanFormValues(values.formValues)).filter(([key, value]) => JSON.stringify(value) !== JSON.stringify(request.formValues[key])),
      );
      return requestsApi.supplement(request.id, {
        formValues: Object.keys(changed).length ? changed : undefined,
        note: values.note?.trim() || undefined,
      });
    }, t('requests.supplement.done'));

  const errorBox = error != null && <Alert type="error" showIcon role="alert" title={requestErrorMessage(t, error, labelOf)} style={{ marginBottom: 12 }} data-testid="applicant-error" />;

  return (
    <>
      {allowed('supplement') && (
        <Card
          size="small"
          className="request-attention"
          title={<h2 className="card-title">{onBehalf ? t('requests.supplement.titleOnBehalf') : t('requests.supplement.title')}</h2>}
          data-testid="supplement-card"
        >
          <Alert
            type="warning"
            showIcon
            title={askedReason ? t('requests.supplement.asked', { reason: askedReason }) : t('requests.supplement.askedNoReason')}
            description={t('requests.supplement.hint')}
            style={{ marginBottom: 12 }}
            data-testid="supplement-asked"
          />
          <Form form={supplementForm} layout="vertical" onFinish={supplement} initialValues={{ formValues: request.formValues }}>
            {item && item.fields.length > 0 && <RequestFields fields={item.fields} />}
            {item && item.materials.length > 0 && (
              <MaterialsChecklist materials={item.materials} photos={photos} onPhotos={setPhotos} existing={request.materials} />
            )}
            <Form.Item name="note" label={t('requests.supplement.note')} htmlFor="supplement-note">
              <Input.TextArea id="supplement-note" rows={3} maxLength={2000} data-testid="supplement-note" />
            </Form.Item>
            {errorBox}
            <Button type="primary" htmlType="submit" size="large" block loading={busy} data-testid="supplement-submit">
              {t('requests.supplement.submit')}
            </Button>
          </Form>
        </Card>
      )}

      {allowed('rate') && !request.rating && (
        <Card size="small" title={<h2 className="card-title">{t('requests.rate.title')}</h2>} data-testid="rating-card">
          <Form
            form={rateForm}
            layout="vertical"
            onFinish={(values) =>
              run(() => requestsApi.rate(request.id, { score: values.score!, comment: values.comment?.trim() || undefined }), t('requests.rate.done'))
            }
          >
            <Form.Item name="score" label={t('requests.rate.score')} rules={[{ required: true, message: t('problemCodes.required') }]}>
              <Radio.Group className="request-choices">
                {SCORES.map((score) => (
                  <Radio key={score} value={score}>
                    <span data-testid={`rating-${score}`}>{t(`requests.rating.score${score}`)}</span>
                  </Radio>
                ))}
              </Radio.Group>
            </Form.Item>
            <Form.Item name="comment" label={t('requests.rate.comment')} htmlFor="rating-comment">
              <Input.TextArea id="rating-comment" rows={3} maxLength={1000} data-testid="rating-comment" />
            </Form.Item>
            {errorBox}
            <Button type="primary" htmlType="submit" size="large" block loading={busy} data-testid="rating-submit">
              {t('requests.rate.submit')}
            </Button>
          </Form>
        </Card>
      )}

      {request.rating && (
        <Card size="small" data-testid="rating-given">
          <Typography.Text strong>
            {t('requests.rate.yours', { label: t(`requests.rating.score${request.rating.score as 1 | 2 | 3 | 4 | 5}`) })}
          </Typography.Text>
          {request.rating.byAgent && <Typography.Text type="secondary">{t('requests.rate.byAgent')}</Typography.Text>}
          {request.rating.comment && <Typography.Paragraph style={{ margin: '4px 0 0' }}>{request.rating.comment}</Typography.Paragraph>}
          {allowed('reopen') && request.mayReopenUntil && (
            <Form
              form={reopenForm}
              layout="vertical"
              style={{ marginTop: 12 }}
              onFinish={(values) => run(() => requestsApi.reopen(request.id, { note: values.note!.trim() }), t('requests.rate.reopened'))}
              data-testid="reopen-form"
            >
              <Typography.Text strong>{t('requests.rate.reopenTitle')}</Typography.Text>
              <Typography.Paragraph type="secondary">
                {t('requests.rate.reopenHint', { days: RATING_RULES.reopenDays, date: format.dateTime(request.mayReopenUntil) })}
              </Typography.Paragraph>
              <Form.Item
                name="note"
                label={t('requests.rate.reopenNote')}
                htmlFor="reopen-note"
                rules={[{ required: true, whitespace: true, message: t('problemCodes.required') }]}
              >
                <Input.TextArea id="reopen-note" rows={3} maxLength={2000} data-testid="reopen-note" />
              </Form.Item>
              {errorBox}
              <Button htmlType="submit" loading={busy} data-testid="reopen-submit">
                {t('requests.rate.reopen')}
              </Button>
            </Form>
          )}
        </Card>
      )}

      {allowed('withdraw') && (
        <div>
          {!allowed('supplement') && request.status !== 'closed' && errorBox}
          <Popconfirm
            title={t('requests.withdraw.confirm')}
            okText={t('common.confirm')}
            cancelText={t('common.cancel')}
            onConfirm={() => run(() => requestsApi.withdraw(request.id, {}), t('requests.withdraw.done'))}
          >
            <Button danger disabled={busy} data-testid="withdraw">
              {t('requests.withdraw.button')}
            </Button>
          </Popconfirm>
        </div>
      )}
    </>
  );
}
