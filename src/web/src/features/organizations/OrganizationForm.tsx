import { useState } from 'react';
import { Alert, Button, DatePicker, Form, Input, Select, Space } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.ts';
import { useUser } from '../../app/session.tsx';
import { apiErrorMessage } from '../../shared/api-error-message.ts';
import { AreaPicker } from '../../shared/AreaPicker.tsx';
import { MANAGEMENT_MODES, ORGANIZATION_NATURES, REGISTERED_KINDS, SERVICE_FIELDS } from '../../../../contracts/organizations.ts';
import type { OrganizationDetail } from '../../../../contracts/organizations-api.ts';
import { CommunitiesSelect } from './parts.tsx';

interface Values {
  areaCode?: string;
  name: string;
  creditCode?: string;
  management: string;
  registeredKind?: string;
  nature: string;
  fields: string[];
  communities: string[];
  foundedOn?: Dayjs;
  address?: string;
  description?: string;
}

/** A new organization (no `organization`) or its profile (officials, or its own members). */
export function OrganizationForm({ organization, onSaved, onCancel }: { organization?: OrganizationDetail; onSaved: (saved: OrganizationDetail) => void; onCancel?: () => void }) {
  const { t } = useTranslation();
  const user = useUser();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const management = Form.useWatch('management', form) ?? organization?.management;
  const required = [{ required: true, message: t('problemCodes.required') }];

  const submit = async (v: Values) => {
    setBusy(true);
    setError(null);
    const common = {
      name: v.name,
      creditCode: v.creditCode?.trim() || null,
      registeredKind: v.management === 'registered' || organization?.management === 'registered' ? (v.registeredKind ?? null) : null,
      nature: v.nature,
      fields: v.fields ?? [],
      communities: v.communities,
      foundedOn: v.foundedOn ? v.foundedOn.format('YYYY-MM-DD') : null,
      address: v.address?.trim() || null,
      description: v.description?.trim() || null,
    };
    try {
      const saved = organization
        ? await api.patch<OrganizationDetail>(`/organizations/${organization.id}`, { version: organization.version, ...common })
        : await api.post<OrganizationDetail>('/organizations', { ...common, areaCode: v.areaCode, management: v.management });
      onSaved(saved);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Form<Values>
      form={form}
      layout="vertical"
      onFinish={submit}
      data-testid="organization-form"
      initialValues={
        organization
          ? {
              name: organization.name,
              creditCode: organization.creditCode ?? undefined,
              management: organization.management,
              registeredKind: organization.registeredKind ?? undefined,
              nature: organization.nature,
              fields: organization.fields,
              communities: organization.communities.map((c) => c.code),
              foundedOn: organization.foundedOn ? dayjs(organization.foundedOn) : undefined,
              address: organization.address ?? undefined,
              description: organization.description ?? undefined,
            }
          : { areaCode: user.scope, management: 'filed', nature: 'service', fields: [], communities: [] }
      }
    >
      {!organization && (
        <Form.Item name="areaCode" label={t('organizations.registeredIn')} rules={required}>
          <AreaPicker scope={user.scope} scopeName={user.scopeName ?? user.scope} value={undefined} onChange={() => undefined} clearable={false} testId="organization-area" />
        </Form.Item>
      )}
      <Form.Item name="name" label={t('organizations.name')} rules={required}>
        <Input maxLength={100} />
      </Form.Item>
      {!organization && (
        <Form.Item name="management" label={t('organizations.management')} rules={required}>
          <Select options={MANAGEMENT_MODES.map((m) => ({ value: m, label: t(`organizations.managements.${m}`) }))} data-testid="management-select" />
        </Form.Item>
      )}
      {management === 'registered' && (
        <>
          <Form.Item name="creditCode" label={t('organizations.creditCode')} extra={t('organizations.form.creditCodeHint')} rules={required}>
            <Input maxLength={20} style={{ fontFamily: 'monospace' }} />
          </Form.Item>
          <Form.Item name="registeredKind" label={t('organizations.registeredKind')} rules={required}>
            <Select options={REGISTERED_KINDS.map((k) => ({ value: k, label: t(`organizations.kinds.${k}`) }))} data-testid="kind-select" />
          </Form.Item>
        </>
      )}
      <Form.Item name="nature" label={t('organizations.nature')} rules={required}>
        <Select options={ORGANIZATION_NATURES.map((n) => ({ value: n, label: t(`organizations.natures.${n}`) }))} data-testid="nature-select" />
      </Form.Item>
      <Form.Item name="fields" label={t('organizations.fields')}>
        <Select mode="multiple" options={SERVICE_FIELDS.map((f) => ({ value: f, label: t(`organizations.serviceFields.${f}`) }))} data-testid="fields-select" />
      </Form.Item>
      <Form.Item name="communities" label={t('organizations.communities')} rules={required}>
        <CommunitiesSelect initial={organization?.communities} />
      </Form.Item>
      <Form.Item name="foundedOn" label={t('organizations.foundedOn')}>
        <DatePicker disabledDate={(d) => d.isAfter(dayjs())} />
      </Form.Item>
      <Form.Item name="address" label={t('organizations.address')}>
        <Input maxLength={100} />
      </Form.Item>
      <Form.Item name="description" label={t('organizations.description')}>
        <Input.TextArea rows={3} maxLength={2000} />
      </Form.Item>
      {error !== null && <Alert type="error" showIcon style={{ marginBottom: 12 }} title={apiErrorMessage(t, error)} data-testid="organization-form-error" />}
      <Space>
        <Button type="primary" htmlType="submit" loading={busy} data-testid="organization-save">
          {t('organizations.form.save')}
        </Button>
        {onCancel && <Button onClick={onCancel}>{t('common.cancel')}</Button>}
      </Space>
    </Form>
  );
}
