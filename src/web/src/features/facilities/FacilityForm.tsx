import { useEffect, useState } from 'react';
import { Alert, Button, Checkbox, DatePicker, Form, Input, InputNumber, Select, Space } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { ApiError, api } from '../../api/client.ts';
import {
  CONSTRUCTION_MODES,
  FACILITY_KINDS,
  FACILITY_LIMITS,
  FACILITY_STATUSES,
  FUNDING_SOURCES,
  type ConstructionMode,
  type FacilityDetail,
  type FacilityKind,
  type FacilityStatus,
  type FundingSource,
} from '../../api/facilities.ts';
import { useUser } from '../../app/session.tsx';
import { apiErrorMessage } from '../../shared/api-error-message.ts';
import { useFormDraft } from '../../shared/form-draft.ts';
import { CommunitySelect } from './AreaPicker.tsx';
import { LocationPicker } from './LocationPicker.tsx';
import { fieldErrors } from './problems.ts';

interface Values {
  areaCode?: string;
  name?: string;
  kind?: FacilityKind;
  status?: FacilityStatus;
  statusDate?: Dayjs | string;
  constructionMode?: ConstructionMode | null;
  floorArea?: number;
  activityArea?: number;
  lon?: number | null;
  lat?: number | null;
  services?: string[];
  openingHours?: string;
  stepFreeEntrance?: boolean;
  accessibleToilet?: boolean;
  selfServiceTerminal?: boolean;
  funding?: { source?: FundingSource; year?: number; amount?: number }[];
}

const FORM_FIELDS = [
  'areaCode',
  'name',
  'kind',
  'status',
  'statusDate',
  'constructionMode',
  'floorArea',
  'activityArea',
  'lon',
  'lat',
  'services',
  'openingHours',
  'stepFreeEntrance',
  'accessibleToilet',
  'selfServiceTerminal',
  'funding',
] as const;

function valuesOf(f: FacilityDetail): Values {
  return {
    areaCode: f.areaCode,
    name: f.name,
    kind: f.kind,
    constructionMode: f.constructionMode,
    floorArea: f.floorArea,
    activityArea: f.activityArea,
    lon: f.location?.lon ?? null,
    lat: f.location?.lat ?? null,
    services: f.services,
    openingHours: f.openingHours ?? '',
    stepFreeEntrance: f.accessibility.stepFreeEntrance,
    accessibleToilet: f.accessibility.accessibleToilet,
    selfServiceTerminal: f.selfServiceTerminal,
    funding: f.funding,
  };
}

/**
 * Register a facility or change one. The location is picked on the county map (or typed);
 * the API's field problems show under their fields in the user's language; a stale version
 * (409) is explained with a way to load the latest.
 */
export function FacilityForm({
  facility,
  onSaved,
  onCancel,
  onReload,
}: {
  /** The facility to change; none to register a new one. */
  facility: FacilityDetail | null;
  onSaved: (saved: FacilityDetail) => void;
  onCancel: () => void;
  /** Load the latest version (after a 409). */
  onReload?: () => void;
}) {
  const { t } = useTranslation();
  const user = useUser();
  const [form] = Form.useForm<Values>();
  const draft = useFormDraft<Values>(facility ? `facility.edit.${facility.id}` : 'facility.create', form);
  const [saving, setSaving] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [stale, setStale] = useState(false);
  const areaCode = Form.useWatch('areaCode', form);
  const lon = Form.useWatch('lon', form);
  const lat = Form.useWatch('lat', form);

  useEffect(() => {
    form.resetFields();
    setStale(false);
    setProblem(null);
    if (facility) form.setFieldsValue(valuesOf(facility));
    else form.setFieldsValue({ status: 'planned', statusDate: dayjs(), stepFreeEntrance: false, accessibleToilet: false, selfServiceTerminal: false });
    if (draft.restore()) {
      const when = form.getFieldValue('statusDate') as unknown;
      if (typeof when === 'string') form.setFieldValue('statusDate', dayjs(when));
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [facility?.id, facility?.version]);

  const submit = async (v: Values) => {
    setSaving(true);
    setProblem(null);
    setStale(false);
    const location = typeof v.lon === 'number' && typeof v.lat === 'number' ? { lon: v.lon, lat: v.lat } : null;
    const common = {
      name: v.name!.trim(),
      kind: v.kind!,
      constructionMode: v.constructionMode ?? null,
      floorArea: v.floorArea!,
      activityArea: v.activityArea!,
      location,
      services: v.services ?? [],
      openingHours: v.openingHours?.trim() || null,
      accessibility: { stepFreeEntrance: Boolean(v.stepFreeEntrance), accessibleToilet: Boolean(v.accessibleToilet) },
      selfServiceTerminal: Boolean(v.selfServiceTerminal),
      funding: (v.funding ?? [])
        .filter((f) => f.source && f.year !== undefined && f.amount !== undefined)
        .map((f) => ({ source: f.source!, year: f.year!, amount: f.amount! })),
    };
    try {
      const saved = facility
        ? await api.patch<FacilityDetail>(`/facilities/${facility.id}`, { version: facility.version, ...common })
        : await api.post<FacilityDetail>('/facilities', {
            ...common,
            areaCode: v.areaCode,
            status: v.status,
            statusDate: dayjs.isDayjs(v.statusDate) ? v.statusDate.format('YYYY-MM-DD') : v.statusDate,
          });
      draft.clear();
      onSaved(saved);
    } catch (error) {
      if (error instanceof ApiError && error.status === 409) setStale(true);
      else {
        const fields = fieldErrors(t, error, FORM_FIELDS);
        if (fields) form.setFields(fields.map((f) => ({ name: f.name as keyof Values, errors: f.errors })));
        setProblem(apiErrorMessage(t, error));
      }
    } finally {
      setSaving(false);
    }
  };

  const required = (field: string) => [{ required: true, message: t('facilities.required', { field }) }];

  return (
    <Form<Values>
      form={form}
      layout="vertical"
      onFinish={(v) => void submit(v)}
      onValuesChange={draft.save}
      data-testid="facility-form"
      scrollToFirstError
    >
      {draft.restored && <Alert type="info" showIcon title={t('users.draftRestored')} style={{ marginBottom: 12 }} />}
      {stale && (
        <Alert
          type="warning"
          showIcon
          role="alert"
          data-testid="stale-alert"
          title={t('errors.conflict')}
          description={t('facilities.stale', { yours: facility?.version ?? '' })}
          action={
            <Button
              onClick={() => {
                draft.clear();
                onReload?.();
              }}
            >
              {t('facilities.reloadLatest')}
            </Button>
          }
          style={{ marginBottom: 12 }}
        />
      )}
      {problem && (
        <Alert type="error" showIcon role="alert" title={t('errors.title')} description={problem} style={{ marginBottom: 12 }} data-testid="form-error" />
      )}
      <Form.Item name="areaCode" label={t('fields.areaCode')} rules={required(t('fields.areaCode'))}>
        <CommunitySelect disabled={Boolean(facility)} initial={facility ? { code: facility.areaCode, name: facility.areaName ?? facility.areaCode } : null} />
      </Form.Item>
      <Form.Item name="name" label={t('facilities.name')} rules={[...required(t('facilities.name')), { max: FACILITY_LIMITS.nameMaxLength }]}>
        <Input maxLength={FACILITY_LIMITS.nameMaxLength} />
      </Form.Item>
      <Space wrap size={16} align="start">
        <Form.Item name="kind" label={t('facilities.kind')} rules={required(t('facilities.kind'))}>
          <Select style={{ minWidth: 200 }} options={FACILITY_KINDS.map((k) => ({ value: k, label: t(`facilityKind.${k}`) }))} />
        </Form.Item>
        <Form.Item name="constructionMode" label={t('facilities.constructionModeLabel')}>
          <Select allowClear style={{ minWidth: 160 }} options={CONSTRUCTION_MODES.map((m) => ({ value: m, label: t(`constructionMode.${m}`) }))} />
        </Form.Item>
      </Space>
      {!facility && (
        <Space wrap size={16} align="start">
          <Form.Item name="status" label={t('facilities.status')}>
            <Select style={{ minWidth: 160 }} options={FACILITY_STATUSES.map((s) => ({ value: s, label: t(`facilityStatus.${s}`) }))} />
          </Form.Item>
          <Form.Item name="statusDate" label={t('facilities.statusDate')}>
            <DatePicker disabledDate={(d) => d.isAfter(dayjs(), 'day')} />
          </Form.Item>
        </Space>
      )}
      <Space wrap size={16} align="start">
        <Form.Item name="floorArea" label={`${t('facilities.floorArea')}（m²）`} rules={required(t('facilities.floorArea'))}>
          <InputNumber min={0} max={FACILITY_LIMITS.floorAreaMax} style={{ width: 180 }} />
        </Form.Item>
        <Form.Item
          name="activityArea"
          label={`${t('facilities.activityArea')}（m²）`}
          dependencies={['floorArea']}
          rules={[
            ...required(t('facilities.activityArea')),
            ({ getFieldValue }) => ({
              validator: (_, value: number | undefined) =>
                value === undefined || getFieldValue('floorArea') === undefined || value <= (getFieldValue('floorArea') as number)
                  ? Promise.resolve()
                  : Promise.reject(new Error(t('facilities.activityTooLarge'))),
            }),
          ]}
        >
          <InputNumber min={0} max={FACILITY_LIMITS.floorAreaMax} style={{ width: 180 }} />
        </Form.Item>
      </Space>
      <fieldset className="form-fieldset">
        <legend>{t('facilities.location')}</legend>
        <LocationPicker
          areaCode={areaCode ?? facility?.areaCode ?? user.scope}
          lon={lon}
          lat={lat}
          onPick={(x, y) => {
            form.setFieldsValue({ lon: x, lat: y });
            form.setFields([
              { name: 'lon', errors: [] },
              { name: 'lat', errors: [] },
            ]);
            draft.save(null, form.getFieldsValue(true) as Values);
          }}
        />
        <Space wrap size={16} align="start" style={{ marginTop: 8 }}>
          <Form.Item name="lon" label={t('facilities.lon')}>
            <InputNumber min={-180} max={180} step={0.0001} style={{ width: 180 }} data-testid="lon" />
          </Form.Item>
          <Form.Item name="lat" label={t('facilities.lat')}>
            <InputNumber min={-90} max={90} step={0.0001} style={{ width: 180 }} data-testid="lat" />
          </Form.Item>
          <Form.Item label=" " colon={false}>
            <Button onClick={() => form.setFieldsValue({ lon: null, lat: null })}>{t('facilities.clearLocation')}</Button>
          </Form.Item>
        </Space>
      </fieldset>
      <Form.Item name="services" label={t('facilities.services')} extra={t('facilities.servicesHint')}>
        <Select mode="tags" tokenSeparators={['、', '，', ',', ';', '；']} open={false} suffixIcon={null} />
      </Form.Item>
      <Form.Item name="openingHours" label={t('facilities.openingHours')}>
        <Input maxLength={FACILITY_LIMITS.openingHoursMaxLength} />
      </Form.Item>
      <Space wrap size={16}>
        <Form.Item name="stepFreeEntrance" valuePropName="checked">
          <Checkbox>{t('facilities.stepFreeEntrance')}</Checkbox>
        </Form.Item>
        <Form.Item name="accessibleToilet" valuePropName="checked">
          <Checkbox>{t('facilities.accessibleToilet')}</Checkbox>
        </Form.Item>
        <Form.Item name="selfServiceTerminal" valuePropName="checked">
          <Checkbox>{t('facilities.selfServiceTerminal')}</Checkbox>
        </Form.Item>
      </Space>
      <fieldset className="form-fieldset">
        <legend>{t('facilities.funding')}</legend>
        <Form.List name="funding">
          {(items, { add, remove }) => (
            <>
              {items.map(({ key, name }) => (
                <Space key={key} wrap align="start">
                  <Form.Item name={[name, 'source']} rules={required(t('fields.funding'))}>
                    <Select
                      aria-label={t('fields.funding')}
                      style={{ minWidth: 150 }}
                      options={FUNDING_SOURCES.map((s) => ({ value: s, label: t(`fundingSource.${s}`) }))}
                    />
                  </Form.Item>
                  <Form.Item name={[name, 'year']} rules={required(t('facilities.fundingYear'))}>
                    <InputNumber aria-label={t('facilities.fundingYear')} placeholder={t('facilities.fundingYear')} min={1949} max={2100} />
                  </Form.Item>
                  <Form.Item name={[name, 'amount']} rules={required(t('facilities.fundingAmount'))}>
                    <InputNumber aria-label={t('facilities.fundingAmount')} placeholder={t('facilities.fundingAmount')} min={0} style={{ width: 180 }} />
                  </Form.Item>
                  <Button onClick={() => remove(name)}>{t('facilities.removeFunding')}</Button>
                </Space>
              ))}
              <Button type="dashed" onClick={() => add({ source: 'government', year: new Date().getFullYear() })}>
                {t('facilities.addFunding')}
              </Button>
            </>
          )}
        </Form.List>
      </fieldset>
      <Space style={{ marginTop: 16 }}>
        <Button type="primary" htmlType="submit" loading={saving} data-testid="facility-save">
          {facility ? t('facilities.save') : t('facilities.create')}
        </Button>
        <Button onClick={onCancel}>{t('common.cancel')}</Button>
      </Space>
    </Form>
  );
}
