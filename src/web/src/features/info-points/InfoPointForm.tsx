import { useState } from 'react';
import { Alert, Button, Checkbox, Form, Input, Radio, Select, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client.ts';
import { apiErrorMessage } from '../../shared/api-error-message.ts';
import { useApi } from '../../shared/use-api.ts';
import { CommunitySelect } from '../facilities/AreaPicker.tsx';
import { fieldErrors } from '../facilities/problems.ts';
import {
  INFO_POINT_EQUIPMENT,
  INFO_POINT_LIMITS,
  INFO_POINT_SERVICES,
  infoPointsApi,
  type InfoPointChanges,
  type InfoPointDetail,
  type InfoPointEquipment,
  type InfoPointService,
} from './info-points-api.ts';

interface Values {
  areaCode?: string;
  name?: string;
  operatorUserId?: string;
  openingHours?: string;
  equipment?: InfoPointEquipment[];
  services?: InfoPointService[];
  facilityId?: string;
  status?: 'preparing' | 'operating';
}

/** The API's fields the form has an item for: a 400 naming one shows at that item. */
const FIELDS = ['areaCode', 'name', 'operatorUserId', 'openingHours', 'equipment', 'services', 'facilityId'] as const;
const isCommunity = (code: string | undefined): code is string => /^[0-9]{12}$/.test(code ?? '');

/**
 * Register a point (`point` null) or change one. The operator is chosen among the agents whose
 * scope holds the community (the server's own rule); the facility among the community's
 * information point facilities. A change sends the version read: a stale one is shown as such,
 * with the way to load the latest, and nothing is saved.
 */
export function InfoPointForm({
  point,
  onSaved,
  onCancel,
  onReload,
}: {
  point: InfoPointDetail | null;
  onSaved: (saved: InfoPointDetail) => void;
  onCancel: () => void;
  /** Load the latest version (after a 409). */
  onReload?: () => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [stale, setStale] = useState(false);
  const chosen = Form.useWatch('areaCode', form);
  const community = point ? point.areaCode : chosen;
  const operators = useApi((signal) => (isCommunity(community) ? infoPointsApi.operators(community, signal) : Promise.resolve(undefined)), [community]);
  const facilities = useApi((signal) => (!point && isCommunity(community) ? infoPointsApi.facilities(community, signal) : Promise.resolve(undefined)), [community, point]);
  const label = (key: 'name' | 'community' | 'operator' | 'openingHours') => t(`infoPoints.register.${key}`);

  const initial: Values = point
    ? { name: point.name, operatorUserId: point.operatorUserId, openingHours: point.openingHours, equipment: point.equipment, services: point.services }
    : { equipment: [], services: [], status: 'operating' };
  // The operator of a point stays listed even when the list no longer holds them (locked since, moved).
  const operatorOptions = (operators.data?.items ?? []).map((o) => ({
    value: o.id,
    label: t('infoPoints.register.operatorOption', { name: o.name, scope: o.scopeName ?? o.scopeCode, count: o.pointsRun }),
  }));
  if (point && !operatorOptions.some((o) => o.value === point.operatorUserId)) operatorOptions.unshift({ value: point.operatorUserId, label: point.operatorName ?? point.operatorUserId });

  const submit = async (v: Values) => {
    setSaving(true);
    setProblem(null);
    setStale(false);
    try {
      let saved: InfoPointDetail;
      if (point) {
        const changes: InfoPointChanges = { version: point.version };
        if (v.name?.trim() !== point.name) changes.name = v.name?.trim();
        if (v.operatorUserId !== point.operatorUserId) changes.operatorUserId = v.operatorUserId;
        if (v.openingHours?.trim() !== point.openingHours) changes.openingHours = v.openingHours?.trim();
        if (JSON.stringify(v.equipment) !== JSON.stringify(point.equipment)) changes.equipment = v.equipment;
        if (JSON.stringify(v.services) !== JSON.stringify(point.services)) changes.services = v.services;
        saved = await infoPointsApi.update(point.id, changes);
      } else {
        saved = await infoPointsApi.create({
          areaCode: v.areaCode!,
          name: v.name!.trim(),
          operatorUserId: v.operatorUserId!,
          openingHours: v.openingHours!.trim(),
          equipment: v.equipment ?? [],
          services: v.services ?? [],
          ...(v.facilityId ? { facilityId: v.facilityId } : {}),
          status: v.status ?? 'operating',
        });
      }
      onSaved(saved);
    } catch (error) {
      if (error instanceof ApiError && error.status === 409) setStale(true);
      else {
        const fields = fieldErrors(t, error, FIELDS);
        if (fields) form.setFields(fields.map((f) => ({ name: f.name as keyof Values, errors: f.errors })));
        setProblem(apiErrorMessage(t, error));
      }
    } finally {
      setSaving(false);
    }
  };

  return (
    <Form<Values>
      form={form}
      layout="vertical"
      initialValues={initial}
      onFinish={(v) => void submit(v)}
      onValuesChange={(changed: Partial<Values>) => {
        // Another community: its operators and facilities are others.
        if ('areaCode' in changed) form.setFieldsValue({ operatorUserId: undefined, facilityId: undefined });
      }}
      data-testid="info-point-form"
      scrollToFirstError
    >
      {stale && (
        <Alert
          type="warning"
          showIcon
          role="alert"
          title={t('errors.conflict')}
          description={t('infoPoints.register.stale')}
          action={
            onReload && (
              <Button size="small" onClick={onReload} data-testid="info-point-reload">
                {t('infoPoints.register.reloadLatest')}
              </Button>
            )
          }
          style={{ marginBottom: 12 }}
          data-testid="info-point-stale"
        />
      )}
      {problem && <Alert type="error" showIcon role="alert" title={t('infoPoints.register.problem')} description={problem} style={{ marginBottom: 12 }} />}
      {point ? (
        <Form.Item label={label('community')}>
          <span>{point.areaName ?? point.areaCode}</span>
        </Form.Item>
      ) : (
        <Form.Item
          name="areaCode"
          label={label('community')}
          rules={[
            { required: true, message: t('infoPoints.register.choose', { field: label('community') }) },
            { validator: (_, code?: string) => (!code || isCommunity(code) ? Promise.resolve() : Promise.reject(new Error(t('infoPoints.register.notCommunity')))) },
          ]}
        >
          <CommunitySelect />
        </Form.Item>
      )}
      <Form.Item name="name" label={label('name')} rules={[{ required: true, whitespace: true, message: t('infoPoints.register.required', { field: label('name') }) }]}>
        <Input maxLength={INFO_POINT_LIMITS.nameMaxLength} autoComplete="off" />
      </Form.Item>
      <Form.Item
        name="operatorUserId"
        label={label('operator')}
        rules={[{ required: true, message: t('infoPoints.register.choose', { field: label('operator') }) }]}
        extra={isCommunity(community) && operators.data && operators.data.items.length === 0 ? t('infoPoints.register.noOperator') : undefined}
      >
        <Select
          options={operatorOptions}
          disabled={!isCommunity(community)}
          loading={operators.loading && isCommunity(community)}
          placeholder={isCommunity(community) ? t('infoPoints.register.operatorPlaceholder') : t('infoPoints.register.operatorFirstCommunity')}
          notFoundContent={t('infoPoints.register.noOperator')}
          data-testid="info-point-operator"
        />
      </Form.Item>
      <Form.Item
        name="openingHours"
        label={label('openingHours')}
        rules={[{ required: true, whitespace: true, message: t('infoPoints.register.required', { field: label('openingHours') }) }]}
      >
        <Input maxLength={INFO_POINT_LIMITS.openingHoursMaxLength} placeholder={t('infoPoints.register.openingHoursPlaceholder')} autoComplete="off" />
      </Form.Item>
      <Form.Item name="equipment" label={t('infoPoints.register.equipment')}>
        <CheckGroup label={t('infoPoints.register.equipment')} options={INFO_POINT_EQUIPMENT.map((e) => ({ value: e, label: t(`infoPoints.equipment.${e}`) }))} />
      </Form.Item>
      <Form.Item name="services" label={t('infoPoints.register.services')} rules={[{ required: true, type: 'array', min: 1, message: t('infoPoints.register.servicesRequired') }]}>
        <CheckGroup label={t('infoPoints.register.services')} options={INFO_POINT_SERVICES.map((s) => ({ value: s, label: t(`infoPoints.services.${s}`) }))} />
      </Form.Item>
      {!point && (
        <Form.Item
          name="facilityId"
          label={t('infoPoints.register.facility')}
          extra={isCommunity(community) && facilities.data && facilities.data.items.length === 0 ? t('infoPoints.register.noFacility') : undefined}
        >
          <Select
            allowClear
            disabled={!isCommunity(community) || !facilities.data?.items.length}
            placeholder={t('infoPoints.register.facilityPlaceholder')}
            options={(facilities.data?.items ?? []).map((f) => ({ value: f.id, label: f.name }))}
          />
        </Form.Item>
      )}
      {!point && (
        <Form.Item name="status" label={t('infoPoints.register.startAs')}>
          <Radio.Group
            options={(['operating', 'preparing'] as const).map((s) => ({ value: s, label: t(`infoPoints.statuses.${s}`) }))}
            optionType="button"
          />
        </Form.Item>
      )}
      <Space wrap>
        <Button type="primary" htmlType="submit" loading={saving} data-testid="info-point-save">
          {t('infoPoints.register.save')}
        </Button>
        <Button onClick={onCancel}>{t('infoPoints.register.cancel')}</Button>
      </Space>
    </Form>
  );
}

/**
 * Checkboxes as one named group. The form item marks a required control with aria-required,
 * which a group of checkboxes may not carry (axe: aria-allowed-attr): the label's asterisk and
 * the error under the group say it instead.
 */
function CheckGroup<V extends string>({
  label,
  options,
  value,
  onChange,
  id,
  'aria-describedby': describedBy,
  'aria-invalid': invalid,
}: {
  label: string;
  options: { value: V; label: string }[];
  value?: V[];
  onChange?: (value: V[]) => void;
  id?: string;
  'aria-describedby'?: string;
  'aria-invalid'?: boolean | 'true' | 'false';
}) {
  return (
    <div role="group" aria-label={label} id={id} aria-describedby={describedBy} aria-invalid={invalid}>
      <Checkbox.Group<V> className="info-point-checks" options={options} value={value} onChange={onChange} />
    </div>
  );
}
