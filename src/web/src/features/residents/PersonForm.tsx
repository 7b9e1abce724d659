import { useEffect, useState } from 'react';
import { Alert, App, Button, Checkbox, DatePicker, Form, Input, Modal, Select, Space } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { ApiError, api } from '../../api/client.ts';
import {
  DISABILITY_CATEGORIES,
  HARDSHIP_KINDS,
  RELATIONS,
  RESIDENCE_STATUSES,
  RESIDENTS_LIMITS,
  SEXES,
  type DisabilityCategory,
  type HardshipKind,
  type Household,
  type PersonDetail,
  type Relation,
  type ResidenceStatus,
  type Sex,
} from '../../api/residents.ts';
import type { AreaSummary, Page } from '../../api/types.ts';
import { useUser } from '../../app/session.tsx';
import { apiErrorMessage } from '../../shared/api-error-message.ts';
import { useFormDraft } from '../../shared/form-draft.ts';
import { CommunitySelect } from '../facilities/AreaPicker.tsx';
import { fieldErrors } from '../facilities/problems.ts';

interface Values {
  areaCode?: string;
  householdId?: string | null;
  name?: string;
  idNumber?: string;
  sex?: Sex;
  birthDate?: Dayjs | string | null;
  phone?: string;
  ethnicity?: string;
  relation?: Relation;
  residenceStatus?: ResidenceStatus;
  awayTo?: string;
  awaySince?: Dayjs | string | null;
  migrantWorker?: boolean;
  livingAlone?: boolean;
  hukouAreaCode?: string | null;
  disabilityCategory?: DisabilityCategory | null;
  disabilityGrade?: number | null;
  hardship?: HardshipKind | null;
  notes?: string;
}

const FORM_FIELDS = ['areaCode', 'householdId', 'name', 'idNumber', 'sex', 'birthDate', 'phone', 'ethnicity', 'relation', 'residenceStatus', 'awayTo', 'awaySince', 'migrantWorker', 'livingAlone', 'hukouAreaCode', 'disability', 'hardship', 'notes'] as const;
/** A field problem of the API under the form field that shows it. */
const FIELD_OF: Record<string, keyof Values> = { disability: 'disabilityGrade' };
const HUKOU_CODE = /^([0-9]{6}|[0-9]{9}|[0-9]{12})$/;

const day = (v: Dayjs | string | null | undefined) => (v ? (dayjs.isDayjs(v) ? v.format('YYYY-MM-DD') : v) : null);

/** Households of a community to pick from (by number or address). */
function HouseholdSelect({ areaCode, value, onChange, id, created }: { areaCode?: string; value?: string | null; onChange?: (v: string | null) => void; id?: string; created?: Household | null }) {
  const { t } = useTranslation();
  const [q, setQ] = useState('');
  const [items, setItems] = useState<Household[]>([]);
  useEffect(() => {
    if (!areaCode) return;
    const controller = new AbortController();
    const timer = setTimeout(() => {
      api.get<Page<Household>>('/households', { area: areaCode, q: q.trim() || undefined, limit: 50 }, controller.signal).then(
        (page) => setItems(page.items),
        () => undefined,
      );
    }, 200);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [areaCode, q]);
  return (
    <Select
      id={id}
      allowClear
      value={value ?? undefined}
      onChange={(v: string | undefined) => onChange?.(v ?? null)}
      showSearch={{ filterOption: false, onSearch: setQ }}
      placeholder={t('residents.householdPlaceholder')}
      options={[...(created && !items.some((h) => h.id === created.id) ? [created] : []), ...items].map((h) => ({ value: h.id, label: `${h.number ?? ''} ${h.headName ?? ''} · ${h.address}` }))}
      style={{ minWidth: 280 }}
      data-testid="household-select"
    />
  );
}

/**
 * The hukou area: a county, township or community found by name within the user's scope, or
 * any division code typed in full (a hukou often lies outside the scope).
 */
function HukouSelect({ value, onChange, id, initial }: { value?: string | null; onChange?: (v: string | null) => void; id?: string; initial?: { code: string; name: string } | null }) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const [found, setFound] = useState<AreaSummary[]>([]);
  useEffect(() => {
    const q = text.trim();
    if (!q || /^[0-9]+$/.test(q)) return;
    const controller = new AbortController();
    const timer = setTimeout(() => {
      api.get<Page<AreaSummary>>('/areas', { q, limit: 20 }, controller.signal).then(
        (page) => setFound(page.items.filter((a) => a.level >= 3)),
        () => undefined,
      );
    }, 200);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [text]);
  const typed = text.trim();
  const options = found.map((a) => ({ value: a.code, label: `${a.name}（${a.code}）` }));
  if (HUKOU_CODE.test(typed) && !options.some((o) => o.value === typed)) options.unshift({ value: typed, label: t('residents.hukouAreaCode', { code: typed }) });
  if (value && !options.some((o) => o.value === value)) options.unshift({ value, label: initial?.code === value ? initial.name : t('residents.hukouAreaCode', { code: value }) });
  return (
    <Select
      id={id}
      allowClear
      showSearch={{ filterOption: false, onSearch: setText }}
      value={value ?? undefined}
      onChange={(v: string | undefined) => onChange?.(v ?? null)}
      placeholder={t('areas.searchPlaceholder')}
      options={options}
      style={{ width: 320, maxWidth: '100%' }}
      data-testid="hukou-select"
    />
  );
}

/** A new household in the chosen community: number, address, hukou household or not. */
function NewHouseholdDialog({ areaCode, open, onClose, onCreated }: { areaCode: string; open: boolean; onClose: () => void; onCreated: (h: Household) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ number?: string; address?: string; hukou?: boolean }>();
  const [saving, setSaving] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const submit = async (v: { number?: string; address?: string; hukou?: boolean }) => {
    setSaving(true);
    setProblem(null);
    try {
      const created = await api.post<Household>('/households', { areaCode, address: v.address!.trim(), hukou: Boolean(v.hukou), ...(v.number?.trim() ? { number: v.number.trim() } : {}) });
      void message.success(t('residents.householdCreated', { address: created.address }));
      form.resetFields();
      onCreated(created);
    } catch (error) {
      const fields = fieldErrors(t, error, ['number', 'address', 'hukou']);
      if (fields) form.setFields(fields.map((f) => ({ name: f.name as 'number', errors: f.errors })));
      else setProblem(apiErrorMessage(t, error));
    } finally {
      setSaving(false);
    }
  };
  return (
    <Modal
      open={open}
      title={t('residents.householdCreate')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={saving}
      okButtonProps={{ 'data-testid': 'household-save' } as Record<string, string>}
      destroyOnHidden
    >
      {problem && <Alert type="error" showIcon role="alert" title={t('errors.title')} description={problem} style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical" onFinish={(v) => void submit(v)} data-testid="household-form" initialValues={{ hukou: true }}>
        <Form.Item name="number" label={t('residents.householdNumber')}>
          <Input maxLength={RESIDENTS_LIMITS.householdNumberMaxLength} style={{ width: 200 }} />
        </Form.Item>
        <Form.Item name="address" label={t('residents.householdAddress')} rules={[{ required: true, whitespace: true, message: t('residents.required', { field: t('residents.householdAddress') }) }]}>
          <Input maxLength={RESIDENTS_LIMITS.addressMaxLength} />
        </Form.Item>
        <Form.Item name="hukou" valuePropName="checked">
          <Checkbox>{t('residents.hukouHousehold')}</Checkbox>
        </Form.Item>
      </Form>
    </Modal>
  );
}

/**
 * Register a person or change one. Field problems from the API (a wrong ID number, a birth date
 * or sex that disagrees with it) show under their fields in the user's language; a stale version
 * (409) is explained with a way to load the latest. Personal numbers are never prefilled: a
 * blank ID or phone field on an edit leaves the number on record as it is.
 */
export function PersonForm({ person, onSaved, onCancel, onReload }: { person: PersonDetail | null; onSaved: (saved: PersonDetail) => void; onCancel: () => void; onReload?: () => void }) {
  const { t } = useTranslation();
  const user = useUser();
  const [form] = Form.useForm<Values>();
  const draft = useFormDraft<Values>(person ? `person.edit.${person.id}` : 'person.create', form);
  const [saving, setSaving] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [stale, setStale] = useState(false);
  const [duplicate, setDuplicate] = useState(false);
  const areaCode = Form.useWatch('areaCode', form);
  const status = Form.useWatch('residenceStatus', form);
  const disabilityCategory = Form.useWatch('disabilityCategory', form);
  const [householdOpen, setHouseholdOpen] = useState(false);
  const [createdHousehold, setCreatedHousehold] = useState<Household | null>(null);

  useEffect(() => {
    form.resetFields();
    setStale(false);
    setProblem(null);
    if (person)
      form.setFieldsValue({
        areaCode: person.areaCode,
        householdId: person.householdId,
        name: person.name,
        sex: person.sex,
        birthDate: dayjs(person.birthDate),
        ethnicity: person.ethnicity ?? '',
        relation: person.relation,
        residenceStatus: person.residenceStatus,
        awayTo: person.awayTo ?? '',
        awaySince: person.awaySince ? dayjs(person.awaySince) : null,
        migrantWorker: person.migrantWorker,
        livingAlone: person.livingAlone,
        hukouAreaCode: person.hukouAreaCode,
        disabilityCategory: person.disability?.category ?? null,
        disabilityGrade: person.disability?.grade ?? null,
        hardship: person.hardship,
        notes: person.notes ?? '',
      });
    else form.setFieldsValue({ areaCode: user.scope.length === 12 ? user.scope : undefined, residenceStatus: 'local', relation: 'other', migrantWorker: false, livingAlone: false });
    if (draft.restore()) {
      for (const k of ['birthDate', 'awaySince'] as const) {
        const when = form.getFieldValue(k) as unknown;
        if (typeof when === 'string') form.setFieldValue(k, dayjs(when));
      }
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [person?.id, person?.version]);

  const submit = async (v: Values) => {
    setSaving(true);
    setProblem(null);
    setStale(false);
    setDuplicate(false);
    const away = v.residenceStatus === 'outflow';
    const body = {
      name: v.name!.trim(),
      sex: v.sex,
      birthDate: day(v.birthDate) ?? undefined,
      ...(v.idNumber?.trim() ? { idNumber: v.idNumber.trim().toUpperCase() } : {}),
      ...(v.phone?.trim() ? { phone: v.phone.trim() } : {}),
      ethnicity: v.ethnicity?.trim() || null,
      relation: v.relation!,
      residenceStatus: v.residenceStatus,
      awayTo: away ? v.awayTo?.trim() || null : null,
      awaySince: away ? day(v.awaySince) : null,
      migrantWorker: Boolean(v.migrantWorker),
      livingAlone: Boolean(v.livingAlone),
      hukouAreaCode: v.hukouAreaCode || null,
      disability: v.disabilityCategory && v.disabilityGrade ? { category: v.disabilityCategory, grade: v.disabilityGrade } : null,
      hardship: v.hardship ?? null,
      notes: v.notes?.trim() || null,
    };
    try {
      const saved = person
        ? await api.patch<PersonDetail>(`/persons/${person.id}`, { version: person.version, ...body, ...(v.householdId && v.householdId !== person.householdId ? { householdId: v.householdId } : {}) })
        : await api.post<PersonDetail>('/persons', { ...body, ...(v.householdId ? { householdId: v.householdId } : { areaCode: v.areaCode }) });
      draft.clear();
      onSaved(saved);
    } catch (error) {
      if (error instanceof ApiError && error.status === 409 && (error.details as { field?: string } | undefined)?.field === 'idNumber') {
        setDuplicate(true);
        form.setFields([{ name: 'idNumber', errors: [t('problems.idTaken')] }]);
      } else if (error instanceof ApiError && error.status === 409) setStale(true);
      else {
        const fields = fieldErrors(t, error, FORM_FIELDS);
        // Problems that belong to a field show under it; a general sentence only when none does.
        if (fields) form.setFields(fields.map((f) => ({ name: FIELD_OF[f.name] ?? (f.name as keyof Values), errors: f.errors })));
        else setProblem(apiErrorMessage(t, error));
      }
    } finally {
      setSaving(false);
    }
  };

  const required = (field: string) => [{ required: true, message: t('residents.required', { field }) }];

  return (
    <>
      <Form<Values> form={form} layout="vertical" onFinish={(v) => void submit(v)} onValuesChange={draft.save} data-testid="person-form" scrollToFirstError>
        {draft.restored && <Alert type="info" showIcon title={t('users.draftRestored')} style={{ marginBottom: 12 }} />}
        {stale && (
          <Alert
            type="warning"
            showIcon
            role="alert"
            data-testid="stale-alert"
            title={t('errors.conflict')}
            description={t('residents.stale', { yours: person?.version ?? '' })}
            action={
              <Button
                onClick={() => {
                  draft.clear();
                  onReload?.();
                }}
              >
                {t('residents.reloadLatest')}
              </Button>
            }
            style={{ marginBottom: 12 }}
          />
        )}
        {duplicate && <Alert type="error" showIcon role="alert" title={t('errors.title')} description={t('problems.idTaken')} style={{ marginBottom: 12 }} />}
        {problem && <Alert type="error" showIcon role="alert" title={t('errors.title')} description={problem} style={{ marginBottom: 12 }} data-testid="form-error" />}
        <Space wrap size={16} align="start">
          <Form.Item name="areaCode" label={t('residents.community')} rules={required(t('residents.community'))}>
            <CommunitySelect disabled={Boolean(person)} initial={person ? { code: person.areaCode, name: person.areaName ?? person.areaCode } : user.scope.length === 12 ? { code: user.scope, name: user.scopeName ?? user.scope } : null} />
          </Form.Item>
          <Form.Item label={t('residents.household')} required={false}>
            <Space wrap align="start">
              <Form.Item name="householdId" noStyle>
                <HouseholdSelect areaCode={areaCode} created={createdHousehold} />
              </Form.Item>
              <Button onClick={() => setHouseholdOpen(true)} disabled={!areaCode} title={areaCode ? undefined : t('residents.householdNeedsCommunity')} data-testid="household-create">
                {t('residents.householdCreate')}
              </Button>
            </Space>
          </Form.Item>
        </Space>
        <Space wrap size={16} align="start">
          <Form.Item name="name" label={t('residents.name')} rules={[...required(t('residents.name')), { max: RESIDENTS_LIMITS.nameMaxLength }]}>
            <Input maxLength={RESIDENTS_LIMITS.nameMaxLength} style={{ width: 200 }} />
          </Form.Item>
          <Form.Item name="relation" label={t('residents.relation')} rules={required(t('residents.relation'))}>
            <Select style={{ minWidth: 160 }} virtual={false} options={RELATIONS.map((r) => ({ value: r, label: t(`relation.${r}`) }))} />
          </Form.Item>
        </Space>
        <Form.Item
          name="idNumber"
          label={t('residents.idNumber')}
          extra={person?.idNumber ? t('residents.idKeep', { masked: person.idNumber }) : t('residents.idHint')}
          rules={[{ pattern: /^\s*[0-9]{17}[0-9Xx]\s*$/, message: t('problems.idCharacters'), warningOnly: true }]}
        >
          <Input maxLength={18} autoComplete="off" style={{ width: 260 }} data-testid="id-number" />
        </Form.Item>
        <Space wrap size={16} align="start">
          <Form.Item name="sex" label={t('residents.sex')}>
            <Select allowClear style={{ minWidth: 110 }} options={SEXES.map((s) => ({ value: s, label: t(`sex.${s}`) }))} />
          </Form.Item>
          <Form.Item name="birthDate" label={t('residents.birthDate')}>
            <DatePicker disabledDate={(d) => d.isAfter(dayjs(), 'day')} />
          </Form.Item>
          <Form.Item name="ethnicity" label={t('residents.ethnicity')}>
            <Input maxLength={RESIDENTS_LIMITS.ethnicityMaxLength} style={{ width: 120 }} />
          </Form.Item>
        </Space>
        <Form.Item name="phone" label={t('residents.phone')} extra={person?.phone ? t('residents.idKeep', { masked: person.phone }) : undefined}>
          <Input maxLength={20} autoComplete="off" style={{ width: 200 }} inputMode="tel" />
        </Form.Item>
        <Space wrap size={16} align="start">
          <Form.Item name="residenceStatus" label={t('residents.residenceStatus')}>
            <Select style={{ minWidth: 120 }} options={RESIDENCE_STATUSES.map((s) => ({ value: s, label: t(`residenceStatus.${s}`) }))} />
          </Form.Item>
          {status === 'outflow' && (
            <>
              <Form.Item name="awayTo" label={t('residents.awayTo')} rules={required(t('residents.awayTo'))}>
                <Input maxLength={RESIDENTS_LIMITS.awayToMaxLength} style={{ width: 200 }} />
              </Form.Item>
              <Form.Item name="awaySince" label={t('residents.awaySince')}>
                <DatePicker disabledDate={(d) => d.isAfter(dayjs(), 'day')} />
              </Form.Item>
            </>
          )}
        </Space>
        <Space wrap size={16}>
          <Form.Item name="migrantWorker" valuePropName="checked">
            <Checkbox>{t('residents.migrantWorker')}</Checkbox>
          </Form.Item>
          <Form.Item name="livingAlone" valuePropName="checked">
            <Checkbox>{t('residents.livingAlone')}</Checkbox>
          </Form.Item>
        </Space>
        <Form.Item name="hukouAreaCode" label={t('residents.hukouArea')} extra={t('residents.hukouAreaHint')}>
          <HukouSelect initial={person?.hukouAreaCode && person.hukouAreaPath ? { code: person.hukouAreaCode, name: person.hukouAreaPath.join(' ') } : null} />
        </Form.Item>
        <Space wrap size={16} align="start">
          <Form.Item name="disabilityCategory" label={t('residents.disabilityCategory')}>
            <Select
              allowClear
              style={{ minWidth: 140 }}
              placeholder={t('common.none')}
              options={DISABILITY_CATEGORIES.map((c) => ({ value: c, label: t(`disability.${c}`) }))}
              onChange={(c: DisabilityCategory | undefined) => {
                if (!c) form.setFieldValue('disabilityGrade', null);
              }}
              data-testid="disability-category"
            />
          </Form.Item>
          <Form.Item
            name="disabilityGrade"
            label={t('residents.disabilityGrade')}
            rules={disabilityCategory ? required(t('residents.disabilityGrade')) : []}
          >
            <Select
              allowClear
              disabled={!disabilityCategory}
              style={{ minWidth: 110 }}
              options={[1, 2, 3, 4].map((g) => ({ value: g, label: t('residents.gradeOption', { grade: g }) }))}
              data-testid="disability-grade"
            />
          </Form.Item>
          <Form.Item name="hardship" label={t('residents.hardship')}>
            <Select allowClear style={{ minWidth: 140 }} placeholder={t('common.none')} options={HARDSHIP_KINDS.map((h) => ({ value: h, label: t(`hardship.${h}`) }))} data-testid="hardship" />
          </Form.Item>
        </Space>
        <Form.Item name="notes" label={t('residents.notes')}>
          <Input.TextArea maxLength={RESIDENTS_LIMITS.notesMaxLength} rows={2} />
        </Form.Item>
        <Space style={{ marginTop: 8 }}>
          <Button type="primary" htmlType="submit" loading={saving} data-testid="person-save">
            {person ? t('residents.save') : t('residents.create')}
          </Button>
          <Button onClick={onCancel}>{t('common.cancel')}</Button>
        </Space>
      </Form>
      {areaCode && (
        <NewHouseholdDialog
          areaCode={areaCode}
          open={householdOpen}
          onClose={() => setHouseholdOpen(false)}
          onCreated={(h) => {
            setCreatedHousehold(h);
            setHouseholdOpen(false);
            form.setFieldValue('householdId', h.id);
            draft.save({ householdId: h.id }, form.getFieldsValue());
          }}
        />
      )}
    </>
  );
}
