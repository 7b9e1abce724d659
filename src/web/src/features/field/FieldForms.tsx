/**
 * The field pages' other forms, each saving one command (or two) to the outbox, online or not
 * (docs/sync.md): filing a request on someone's behalf with its materials checklist and a photo
 * (the window's, or an agent's under a mandate), the custody steps of an agent's errands,
 * volunteer hours, a need raised and its in-person supporters, activity attendance. What they
 * choose from (items, mandates, errands, volunteers, needs, activities) came with the last pull
 * (FieldReference).
 */
import { useState } from 'react';
import { Button, Checkbox, Form, Input, InputNumber, Select, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Person } from '../../../../contracts/residents-api.ts';
import type { FieldReference, SyncCommand } from '../../../../contracts/sync.ts';
import { NEED_CATEGORIES, NEED_EVIDENCE_KINDS } from '../../../../contracts/linkage.ts';
import { CONFIRMATION_KINDS, CUSTODY_STEPS, type CustodyStep } from '../../../../contracts/agency.ts';

type Draft = { [K in SyncCommand['kind']]: Omit<Extract<SyncCommand, { kind: K }>, 'id' | 'idempotencyKey' | 'deviceId' | 'userId' | 'createdAt'> }[SyncCommand['kind']];
export type FieldPhoto = { fileName: string; mediaType: string; data: string; sha256: string; material: string | null };
export interface Saved {
  command: Draft;
  summary: string;
  recordKey: string;
  photos?: FieldPhoto[];
}

/** Today on the phone's calendar (YYYY-MM-DD). */
export function localToday(): string {
  const now = new Date();
  return new Date(now.getTime() - now.getTimezoneOffset() * 60_000).toISOString().slice(0, 10);
}

const personOptions = (persons: Person[]) => persons.map((p) => ({ value: p.id, label: `${p.name}（${p.areaName ?? p.areaCode}）` }));
const filterByLabel = (input: string, option?: { label?: unknown }) => String(option?.label ?? '').includes(input.trim());

export async function photoOf(file: File, material: string | null): Promise<FieldPhoto> {
  const buffer = await file.arrayBuffer();
  const digest = await crypto.subtle.digest('SHA-256', buffer);
  const sha256 = [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
  let binary = '';
  const bytes = new Uint8Array(buffer);
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return { fileName: file.name, mediaType: file.type || 'application/octet-stream', data: btoa(binary), sha256, material };
}

/** An item's name in the page's language. */
export function useItemName(): (i: FieldReference['items'][number]) => string {
  const { i18n } = useTranslation();
  return (i) => (i18n.language === 'en' ? (i.nameEn ?? i.name) : i18n.language === 'zh-TW' ? (i.nameZhTw ?? i.name) : i.name);
}

/**
 * Filing on someone's behalf: the applicant, the item, its form, the materials handed in
 * (checklist), a photo. An agent (`asAgent`) files under one of their mandates in effect instead:
 * the mandate names the applicant and the items it covers.
 */
export function RequestForm({ persons, reference, asAgent, onSave }: { persons: Person[]; reference: FieldReference; asAgent: boolean; onSave: (saved: Saved) => Promise<void> }) {
  const { t, i18n } = useTranslation();
  const [form] = Form.useForm();
  const [itemCode, setItemCode] = useState<string | null>(null);
  const [mandateId, setMandateId] = useState<string | null>(null);
  const [photo, setPhoto] = useState<File | null>(null);
  const mandates = reference.mandates ?? [];
  const mandate = mandates.find((m) => m.id === mandateId) ?? null;
  const items = asAgent ? reference.items.filter((i) => i.agencyAllowed && (mandate?.itemCodes ?? []).includes(i.code)) : reference.items;
  const item = items.find((i) => i.code === itemCode) ?? null;
  const nameOf = useItemName();
  const labelOf = (f: { label: string; labelZhTw?: string | null; labelEn?: string | null }) => (i18n.language === 'en' ? (f.labelEn ?? f.label) : i18n.language === 'zh-TW' ? (f.labelZhTw ?? f.label) : f.label);
  if (reference.items.length === 0) return <Typography.Text type="secondary">{t('field.request.noItems')}</Typography.Text>;
  if (asAgent && mandates.length === 0) return <Typography.Text type="secondary">{t('field.request.noMandates')}</Typography.Text>;
  return (
    <Form
      form={form}
      layout="vertical"
      requiredMark={false}
      onFinish={async (values: Record<string, unknown>) => {
        if (!item) return;
        const applicant = asAgent ? { id: mandate!.principal.personId, name: mandate!.principal.name } : persons.find((p) => p.id === values.applicant)!;
        const formValues: Record<string, string | number | string[]> = {};
        for (const field of item.fields) {
          const value = values[`form_${field.key}`];
          if (value === undefined || value === null || value === '') continue;
          formValues[field.key] = field.type === 'number' ? Number(value) : (value as string | string[]);
        }
        const received = new Set((values.materials as string[] | undefined) ?? []);
        const note = String(values.note ?? '').trim();
        const photos = photo ? [await photoOf(photo, (values.photoMaterial as string | undefined) ?? null)] : [];
        await onSave({
          command: {
            kind: 'serviceRequest.file',
            request: {
              itemCode: item.code,
              applicantPersonId: applicant.id,
              ...(asAgent ? { mandateId: mandate!.id, channel: 'agent' as const } : { channel: 'window' as const }),
              formValues,
              materials: item.materials.map((m) => ({ material: m.key, received: received.has(m.key) })),
              ...(note ? { note } : {}),
            },
          },
          summary: t('field.request.summary', { name: applicant.name, item: nameOf(item), photos: photos.length }),
          recordKey: asAgent ? `mandate:${mandate!.id}` : `person:${applicant.id}`,
          photos,
        });
      }}
      data-testid="field-request-form"
    >
      {asAgent ? (
        <Form.Item name="mandate" label={t('field.request.mandate')} rules={[{ required: true, message: t('field.request.mandate') }]}>
          <Select
            showSearch
            options={mandates.map((m) => ({ value: m.id, label: t('field.request.mandateOption', { name: m.principal.name, until: m.validUntil }) }))}
            filterOption={filterByLabel}
            onChange={(id: string) => {
              setMandateId(id);
              setItemCode(null);
              form.setFieldValue('item', undefined);
            }}
            data-testid="field-request-mandate"
          />
        </Form.Item>
      ) : (
        <Form.Item name="applicant" label={t('field.request.applicant')} rules={[{ required: true, message: t('field.request.applicant') }]}>
          <Select showSearch options={personOptions(persons)} filterOption={filterByLabel} data-testid="field-request-applicant" />
        </Form.Item>
      )}
      <Form.Item name="item" label={t('field.request.item')} rules={[{ required: true, message: t('field.request.item') }]}>
        <Select showSearch options={items.map((i) => ({ value: i.code, label: nameOf(i) }))} filterOption={filterByLabel} onChange={(code: string) => setItemCode(code)} data-testid="field-request-item" />
      </Form.Item>
      {item?.fields.map((field) => (
        <Form.Item key={field.key} name={`form_${field.key}`} label={labelOf(field)} rules={field.required ? [{ required: true, message: labelOf(field) }] : []}>
          {field.type === 'single' || field.type === 'multi' ? (
            <Select mode={field.type === 'multi' ? 'multiple' : undefined} options={(field.options ?? []).map((o) => ({ value: o.key, label: labelOf(o) }))} data-testid={`field-request-form-${field.key}`} />
          ) : field.type === 'number' ? (
            <InputNumber style={{ width: '100%' }} data-testid={`field-request-form-${field.key}`} />
          ) : (
            <Input type={field.type === 'date' ? 'date' : 'text'} maxLength={200} data-testid={`field-request-form-${field.key}`} />
          )}
        </Form.Item>
      ))}
      {item && (
        <Form.Item name="materials" label={t('field.request.materials')} extra={t('field.request.materialsHint')}>
          <Checkbox.Group className="field-checklist" data-testid="field-request-materials">
            {item.materials.map((m) => (
              <Checkbox key={m.key} value={m.key}>
                {m.name}
                {m.required ? '' : ` ${t('field.request.ifApplies')}`}
              </Checkbox>
            ))}
          </Checkbox.Group>
        </Form.Item>
      )}
      {item && (
        <>
          <Form.Item label={t('field.request.photo')} extra={t('field.request.photoHint')}>
            <input type="file" accept="image/jpeg,image/png,image/webp,image/heic,application/pdf" aria-label={t('field.request.photo')} onChange={(e) => setPhoto(e.target.files?.[0] ?? null)} data-testid="field-request-photo" />
          </Form.Item>
          <Form.Item name="photoMaterial" label={t('field.request.photoMaterial')}>
            <Select allowClear options={item.materials.map((m) => ({ value: m.key, label: m.name }))} />
          </Form.Item>
        </>
      )}
      <Form.Item name="note" label={t('field.request.note')}>
        <Input.TextArea rows={2} maxLength={500} />
      </Form.Item>
      <Typography.Paragraph type="secondary">{t('field.request.asked')}</Typography.Paragraph>
      <Button type="primary" htmlType="submit" block data-testid="field-request-save">
        {t('field.visits.save')}
      </Button>
    </Form>
  );
}

/** Volunteer hours: who, which day, how long, doing what (verified later by an organizer). */
export function HoursForm({ reference, onSave }: { reference: FieldReference; onSave: (saved: Saved) => Promise<void> }) {
  const { t } = useTranslation();
  const [today] = useState(localToday);
  if (reference.volunteers.length === 0) return <Typography.Text type="secondary">{t('field.hours.none')}</Typography.Text>;
  return (
    <Form
      layout="vertical"
      requiredMark={false}
      initialValues={{ serviceDate: today, minutes: 60 }}
      onFinish={(values: { volunteerId: string; serviceDate: string; minutes: number; activity: string }) => {
        const volunteer = reference.volunteers.find((v) => v.id === values.volunteerId)!;
        return onSave({
          command: { kind: 'volunteerHours.record', volunteerId: volunteer.id, hours: { serviceDate: values.serviceDate, minutes: Number(values.minutes), activity: values.activity.trim() } },
          summary: t('field.hours.summary', { name: volunteer.name, minutes: values.minutes }),
          recordKey: `volunteer:${volunteer.id}`,
        });
      }}
      data-testid="field-hours-form"
    >
      <Form.Item name="volunteerId" label={t('field.hours.volunteer')} rules={[{ required: true, message: t('field.hours.volunteer') }]}>
        <Select showSearch options={reference.volunteers.map((v) => ({ value: v.id, label: v.name }))} filterOption={filterByLabel} data-testid="field-hours-volunteer" />
      </Form.Item>
      <Form.Item name="serviceDate" label={t('field.hours.date')} rules={[{ required: true }]}>
        <Input type="date" max={today} />
      </Form.Item>
      <Form.Item name="minutes" label={t('field.hours.minutes')} rules={[{ required: true }]}>
        <InputNumber min={1} max={1440} style={{ width: '100%' }} data-testid="field-hours-minutes" />
      </Form.Item>
      <Form.Item name="activity" label={t('field.hours.activity')} rules={[{ required: true, whitespace: true, message: t('field.hours.activity') }]}>
        <Input maxLength={100} data-testid="field-hours-activity" />
      </Form.Item>
      <Typography.Paragraph type="secondary">{t('field.hours.asked')}</Typography.Paragraph>
      <Button type="primary" htmlType="submit" block data-testid="field-hours-save">
        {t('field.visits.save')}
      </Button>
    </Form>
  );
}

/** A need heard in the village, recorded on residents' behalf with how it was found out. */
export function NeedForm({ onSave }: { onSave: (saved: Saved) => Promise<void> }) {
  const { t } = useTranslation();
  return (
    <Form
      layout="vertical"
      requiredMark={false}
      initialValues={{ evidenceKind: 'visit' }}
      onFinish={(values: { category: (typeof NEED_CATEGORIES)[number]; title: string; description: string; evidenceKind: (typeof NEED_EVIDENCE_KINDS)[number]; evidence: string }) =>
        onSave({
          command: { kind: 'need.raise', need: { category: values.category, title: values.title.trim(), description: values.description.trim(), evidenceKind: values.evidenceKind, evidence: values.evidence.trim() } },
          summary: t('field.needs.summary', { title: values.title.trim() }),
          recordKey: `need:new`,
        })
      }
      data-testid="field-need-form"
    >
      <Form.Item name="category" label={t('field.needs.category')} rules={[{ required: true, message: t('field.needs.category') }]}>
        <Select options={NEED_CATEGORIES.map((c) => ({ value: c, label: t(`field.needs.categories.${c}`) }))} data-testid="field-need-category" />
      </Form.Item>
      <Form.Item name="title" label={t('field.needs.title')} rules={[{ required: true, whitespace: true, message: t('field.needs.title') }]}>
        <Input maxLength={80} data-testid="field-need-title" />
      </Form.Item>
      <Form.Item name="description" label={t('field.needs.description')} rules={[{ required: true, whitespace: true, message: t('field.needs.description') }]}>
        <Input.TextArea rows={3} maxLength={1000} data-testid="field-need-description" />
      </Form.Item>
      <Form.Item name="evidenceKind" label={t('field.needs.evidenceKind')}>
        <Select options={NEED_EVIDENCE_KINDS.map((k) => ({ value: k, label: t(`field.needs.evidenceKinds.${k}`) }))} />
      </Form.Item>
      <Form.Item name="evidence" label={t('field.needs.evidence')} rules={[{ required: true, whitespace: true, message: t('field.needs.evidence') }]}>
        <Input.TextArea rows={2} maxLength={1000} data-testid="field-need-evidence" />
      </Form.Item>
      <Typography.Paragraph type="secondary">{t('field.needs.asked')}</Typography.Paragraph>
      <Button type="primary" htmlType="submit" block data-testid="field-need-save">
        {t('field.visits.save')}
      </Button>
    </Form>
  );
}

/** Neighbours who support a need, met in person, each identified in the registry. */
export function SupportForm({ persons, reference, onSave }: { persons: Person[]; reference: FieldReference; onSave: (saved: Saved[]) => Promise<void> }) {
  const { t } = useTranslation();
  if (reference.needs.length === 0) return <Typography.Text type="secondary">{t('field.needs.noneOpen')}</Typography.Text>;
  return (
    <Form
      layout="vertical"
      requiredMark={false}
      onFinish={(values: { needId: string; personIds: string[] }) => {
        const need = reference.needs.find((n) => n.id === values.needId)!;
        return onSave(
          values.personIds.map((personId) => ({
            command: { kind: 'need.support', needId: need.id, support: { personId } },
            summary: t('field.needs.supportSummary', { name: persons.find((p) => p.id === personId)?.name ?? '', title: need.title }),
            recordKey: `need:${need.id}`,
          })),
        );
      }}
      data-testid="field-support-form"
    >
      <Form.Item name="needId" label={t('field.needs.need')} rules={[{ required: true, message: t('field.needs.need') }]}>
        <Select options={reference.needs.map((n) => ({ value: n.id, label: t('field.needs.option', { title: n.title, supports: n.supports }) }))} data-testid="field-support-need" />
      </Form.Item>
      <Form.Item name="personIds" label={t('field.needs.supporters')} rules={[{ required: true, message: t('field.needs.supporters') }]}>
        <Select mode="multiple" showSearch options={personOptions(persons)} filterOption={filterByLabel} data-testid="field-support-persons" />
      </Form.Item>
      <Button type="primary" htmlType="submit" block data-testid="field-support-save">
        {t('field.visits.save')}
      </Button>
    </Form>
  );
}

/** Who came to an activity of a project being delivered, from the registry. */
export function AttendanceForm({ persons, reference, onSave }: { persons: Person[]; reference: FieldReference; onSave: (saved: Saved) => Promise<void> }) {
  const { t } = useTranslation();
  if (reference.activities.length === 0) return <Typography.Text type="secondary">{t('field.attendance.none')}</Typography.Text>;
  return (
    <Form
      layout="vertical"
      requiredMark={false}
      onFinish={(values: { activityId: string; personIds: string[] }) => {
        const activity = reference.activities.find((a) => a.id === values.activityId)!;
        return onSave({
          command: { kind: 'attendance.record', activityId: activity.id, attendance: { personIds: values.personIds } },
          summary: t('field.attendance.summary', { title: activity.title, count: values.personIds.length }),
          recordKey: `activity:${activity.id}`,
        });
      }}
      data-testid="field-attendance-form"
    >
      <Form.Item name="activityId" label={t('field.attendance.activity')} rules={[{ required: true, message: t('field.attendance.activity') }]}>
        <Select options={reference.activities.map((a) => ({ value: a.id, label: `${a.heldOn} ${a.title}（${a.projectTitle}）` }))} data-testid="field-attendance-activity" />
      </Form.Item>
      <Form.Item name="personIds" label={t('field.attendance.persons')} rules={[{ required: true, message: t('field.attendance.persons') }]}>
        <Select mode="multiple" showSearch options={personOptions(persons)} filterOption={filterByLabel} data-testid="field-attendance-persons" />
      </Form.Item>
      <Button type="primary" htmlType="submit" block data-testid="field-attendance-save">
        {t('field.visits.save')}
      </Button>
    </Form>
  );
}

/** An errand the custody form offers: one the last pull brought, or one filed on this phone (named by its command until the server has it). */
export interface CustodyTarget {
  value: string;
  label: string;
  nextStep: CustodyStep | null;
  target: { requestId: string } | { requestRef: string };
}

/**
 * The next custody step of one of the agent's errands: what changed hands, a note, and for the
 * return the resident's confirmation. Append-only: the server keeps the steps in order, once each,
 * and refuses one out of order with the reason on that record.
 */
export function CustodyForm({ targets, onSave }: { targets: CustodyTarget[]; onSave: (saved: Saved) => Promise<void> }) {
  const { t } = useTranslation();
  const [form] = Form.useForm();
  const step = Form.useWatch('step', form) as CustodyStep | undefined;
  if (targets.length === 0) return <Typography.Text type="secondary">{t('field.custody.none')}</Typography.Text>;
  return (
    <Form
      form={form}
      layout="vertical"
      requiredMark={false}
      onFinish={(values: { errand: string; step: CustodyStep; items: string[]; note?: string; confirmation?: (typeof CONFIRMATION_KINDS)[number]; confirmedBy?: string }) => {
        const target = targets.find((x) => x.value === values.errand)!;
        const note = values.note?.trim();
        const returned = values.step === 'returned';
        return onSave({
          command: {
            kind: 'custodyStep.record',
            ...target.target,
            step: {
              step: values.step,
              items: values.items.map((i) => i.trim()).filter(Boolean),
              ...(note ? { note } : {}),
              ...(returned ? { confirmation: values.confirmation!, confirmedBy: values.confirmedBy!.trim() } : {}),
            },
          },
          summary: t('field.custody.summary', { errand: target.label, step: t(`field.custody.steps.${values.step}`) }),
          recordKey: 'requestId' in target.target ? `errand:${target.target.requestId}` : `errand:${target.target.requestRef}`,
        });
      }}
      data-testid="field-custody-form"
    >
      <Form.Item name="errand" label={t('field.custody.errand')} rules={[{ required: true, message: t('field.custody.errand') }]}>
        <Select
          options={targets.map((x) => ({ value: x.value, label: x.label }))}
          onChange={(value: string) => {
            const next = targets.find((x) => x.value === value)?.nextStep;
            if (next) form.setFieldValue('step', next);
          }}
          data-testid="field-custody-errand"
        />
      </Form.Item>
      <Form.Item name="step" label={t('field.custody.step')} rules={[{ required: true, message: t('field.custody.step') }]}>
        <Select options={CUSTODY_STEPS.map((s) => ({ value: s, label: t(`field.custody.steps.${s}`) }))} data-testid="field-custody-step" />
      </Form.Item>
      <Form.Item name="items" label={t('field.custody.items')} extra={t('field.custody.itemsHint')} rules={[{ required: true, message: t('field.custody.items') }]}>
        <Select mode="tags" open={false} suffixIcon={null} tokenSeparators={['，', ',', '、']} data-testid="field-custody-items" />
      </Form.Item>
      {step === 'returned' && (
        <>
          <Form.Item name="confirmation" label={t('field.custody.confirmation')} rules={[{ required: true, message: t('field.custody.confirmation') }]}>
            <Select options={CONFIRMATION_KINDS.map((k) => ({ value: k, label: t(`field.custody.confirmations.${k}`) }))} />
          </Form.Item>
          <Form.Item name="confirmedBy" label={t('field.custody.confirmedBy')} rules={[{ required: true, whitespace: true, message: t('field.custody.confirmedBy') }]}>
            <Input maxLength={100} />
          </Form.Item>
        </>
      )}
      <Form.Item name="note" label={t('field.custody.note')}>
        <Input.TextArea rows={2} maxLength={500} />
      </Form.Item>
      <Typography.Paragraph type="secondary">{t('field.custody.rule')}</Typography.Paragraph>
      <Button type="primary" htmlType="submit" block data-testid="field-custody-save">
        {t('field.visits.save')}
      </Button>
    </Form>
  );
}
