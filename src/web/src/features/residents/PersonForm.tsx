import { useEffect, useState } from 'react';
import { Alert, Button, Checkbox, DatePicker, Form, Input, Select, Space } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { ApiError, api } from '../../api/client.ts';
import { RELATIONS, RESIDENCE_STATUSES, RESIDENTS_LIMITS, SEXES, type Household, type PersonDetail, type Relation, type ResidenceStatus, type Sex } from '../../api/residents.ts';
import type { Page } from '../../api/types.ts';
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
  notes?: string;
}

const FORM_FIELDS = ['areaCode', 'householdId', 'name', 'idNumber', 'sex', 'birthDate', 'phone', 'ethnicity', 'relation', 'residenceStatus', 'awayTo', 'awaySince', 'migrantWorker', 'livingAlone', 'notes'] as const;

const day = (v: Dayjs | string | null | undefined) => (v ? (dayjs.isDayjs(v) ? v.format('YYYY-MM-DD') : v) : null);

/** Households of a community to pick from (by number or address). */
function HouseholdSelect({ areaCode, value, onChange, id }: { areaCode?: string; value?: string | null; onChange?: (v: string | null) => void; id?: string }) {
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
      options={items.map((h) => ({ value: h.id, label: `${h.number ?? ''} ${h.headName ?? ''} · ${h.address}` }))}
      style={{ minWidth: 280 }}
      data-testid="household-select"
    />
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
        if (fields) form.setFields(fields.map((f) => ({ name: f.name as keyof Values, errors: f.errors })));
        else setProblem(apiErrorMessage(t, error));
      }
    } finally {
      setSaving(false);
    }
  };

  const required = (field: string) => [{ required: true, message: t('residents.required', { field }) }];

  return (
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
        <Form.Item name="householdId" label={t('residents.household')}>
          <HouseholdSelect areaCode={areaCode} />
        </Form.Item>
      </Space>
      <Space wrap size={16} align="start">
        <Form.Item name="name" label={t('residents.name')} rules={[...required(t('residents.name')), { max: RESIDENTS_LIMITS.nameMaxLength }]}>
          <Input maxLength={RESIDENTS_LIMITS.nameMaxLength} style={{ width: 200 }} />
        </Form.Item>
        <Form.Item name="relation" label={t('residents.relation')} rules={required(t('residents.relation'))}>
          <Select style={{ minWidth: 160 }} options={RELATIONS.map((r) => ({ value: r, label: t(`relation.${r}`) }))} />
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
  );
}
