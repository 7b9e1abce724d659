import { useEffect, useState } from 'react';
import { Alert, Button, Form, InputNumber, Select, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { may } from '../../../../contracts/policy.ts';
import { useUser } from '../../app/session.tsx';
import { AreaPicker } from '../../shared/AreaPicker.tsx';
import { ErrorAlert } from '../../shared/ErrorAlert.tsx';
import { PageSpinner } from '../../shared/PageSpinner.tsx';
import { useApi } from '../../shared/use-api.ts';
import { careApi, RISK_LEVELS, VISIT_FREQUENCIES, type VisitFrequency, type VisitPolicy } from './care-api.ts';

type Draft = Pick<VisitPolicy, 'high' | 'medium' | 'low' | 'escalateAfterDays'>;

/**
 * The visit policy of an area (risk → how often a person in care is visited, and the days after
 * which an overdue visit goes to the supervisor): everyone who follows care reads it, officials
 * and admins (care.policy) set it for an area in their scope. The longest area prefix with a
 * policy applies; with none, the defaults (high weekly, medium monthly, low quarterly).
 */
export function VisitPolicyPanel() {
  const { t } = useTranslation();
  const user = useUser();
  const writer = may(user.role, 'care.policy');
  const [area, setArea] = useState<string>(user.scope);
  const policy = useApi((signal) => careApi.policy(area, signal), [area]);
  const [draft, setDraft] = useState<Draft | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    if (policy.data) setDraft({ high: policy.data.high, medium: policy.data.medium, low: policy.data.low, escalateAfterDays: policy.data.escalateAfterDays });
  }, [policy.data]);
  const save = async () => {
    if (!draft) return;
    setBusy(true);
    setError(null);
    setSaved(false);
    try {
      await careApi.setPolicy(area, draft);
      setSaved(true);
      policy.reload();
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };
  const options = VISIT_FREQUENCIES.map((f) => ({ value: f, label: t(`care.frequencies.${f}`) }));
  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid="care-visit-policy">
      <Typography.Paragraph type="secondary">{t('care.policyIntro')}</Typography.Paragraph>
      <Form layout="vertical">
        <Form.Item label={t('care.policyArea')} htmlFor="care-policy-area">
          <AreaPicker id="care-policy-area" scope={user.scope} scopeName={user.scopeName ?? undefined} value={area} onChange={(code) => code && setArea(code)} clearable={false} testId="care-policy-area" width="100%" />
        </Form.Item>
        {policy.error ? (
          <ErrorAlert error={policy.error} />
        ) : !policy.data || !draft ? (
          <PageSpinner />
        ) : (
          <>
            <Alert
              type="info"
              showIcon
              data-testid="care-policy-source"
              message={policy.data.isDefault ? t('care.policyDefault') : policy.data.areaCode === area ? t('care.policyOwn') : t('care.policyInherited', { code: policy.data.areaCode })}
              style={{ marginBottom: 12 }}
            />
            {RISK_LEVELS.map((level) => (
              <Form.Item key={level} label={t(`care.risks.${level}`)} htmlFor={`care-policy-${level}`}>
                <Select<VisitFrequency>
                  id={`care-policy-${level}`}
                  data-testid={`care-policy-${level}`}
                  value={draft[level]}
                  onChange={(v) => setDraft({ ...draft, [level]: v })}
                  options={options}
                  disabled={!writer}
                />
              </Form.Item>
            ))}
            <Form.Item label={t('care.escalateAfter')} htmlFor="care-policy-escalate">
              <InputNumber id="care-policy-escalate" min={0} max={90} value={draft.escalateAfterDays} onChange={(v) => v !== null && setDraft({ ...draft, escalateAfterDays: v })} disabled={!writer} style={{ width: '100%' }} />
            </Form.Item>
            {error !== null && <ErrorAlert error={error} />}
            {saved && <Alert type="success" showIcon message={t('care.saved')} style={{ marginBottom: 12 }} />}
            {writer && (
              <Button type="primary" onClick={save} loading={busy} data-testid="care-policy-save" block>
                {t('care.policySave')}
              </Button>
            )}
          </>
        )}
      </Form>
    </Space>
  );
}
