import { useState } from 'react';
import { Alert, Button, Drawer, Form, Input, Radio, Select, Upload } from 'antd';
import { useTranslation } from 'react-i18next';
import { ApiError, fieldProblems } from '../../api/client.ts';
import { agencyApi, chinaToday, CONSENT_FORM_BYTES_MAX, fileToBase64, type Mandate, type Principal } from './agency-api.ts';
import { agencyErrorMessage } from './agency-errors.ts';
import { useItemNames } from './item-names.ts';

interface Values {
  coverage: 'items' | 'request';
  itemCodes: string[];
  validFrom: string;
  validUntil: string;
  consentKind: 'signedForm' | 'witnessed';
  witnessName?: string;
  witnessNote?: string;
}

/**
 * Records a mandate: the principal found by name or pinyin initials, the services entrusted (those
 * of the catalog an agent may carry), the validity dates, and the consent — a photo or PDF of the
 * signed form, or the name of the witness before whom the resident consented.
 */
export function MandateDrawer({ open, onClose, onSaved, scope }: { open: boolean; onClose: () => void; onSaved: (m: Mandate) => void; scope: string }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const [query, setQuery] = useState('');
  const [found, setFound] = useState<Principal[]>([]);
  const [principal, setPrincipal] = useState<Principal | null>(null);
  const [file, setFile] = useState<File | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const catalog = useItemNames(principal?.areaCode ?? scope);
  const items = catalog.items.filter((i) => i.agencyAllowed && i.channels.includes('agent'));
  const consentKind = Form.useWatch('consentKind', form);

  const search = async (text: string) => {
    if (!text.trim()) return setFound([]);
    try {
      setFound(await agencyApi.principals(text.trim()));
    } catch (failure) {
      setError(failure);
    }
  };

  const save = async (values: Values) => {
    if (!principal) return;
    setBusy(true);
    setError(null);
    try {
      if (values.consentKind === 'signedForm' && file && file.size > CONSENT_FORM_BYTES_MAX) throw new Error(t('agency.mandates.consentFileTooLarge'));
      const mandate = await agencyApi.createMandate({
        principalPersonId: principal.personId,
        coverage: values.coverage,
        itemCodes: values.itemCodes,
        validFrom: values.validFrom,
        validUntil: values.validUntil,
        consentKind: values.consentKind,
        ...(values.consentKind === 'signedForm' ? { consentFormBase64: file ? await fileToBase64(file) : undefined } : { witnessName: values.witnessName?.trim(), witnessNote: values.witnessNote?.trim() || undefined }),
      });
      form.resetFields();
      setPrincipal(null);
      setFile(null);
      setQuery('');
      onSaved(mandate);
    } catch (failure) {
      setError(failure);
      const problems = fieldProblems(failure);
      if (problems.length) form.setFields(problems.map((p) => ({ name: p.field.split('.')[0] as keyof Values, errors: [t(`problemCodes.${p.code}`)] })));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Drawer open={open} onClose={onClose} title={t('agency.mandates.add')} size={520} closable={{ 'aria-label': t('common.close') }} destroyOnHidden={false}>
      {error !== null && <Alert type="error" showIcon role="alert" title={error instanceof ApiError || error instanceof Error ? agencyErrorMessage(t, error) : String(error)} style={{ marginBottom: 12 }} />}
      <Form<Values>
        form={form}
        layout="vertical"
        onFinish={(v) => void save(v)}
        initialValues={{ coverage: 'items', itemCodes: [], validFrom: chinaToday(), validUntil: chinaToday(180), consentKind: 'witnessed' }}
        data-testid="mandate-form"
      >
        <Form.Item label={t('agency.mandates.principal')} required>
          {principal ? (
            <div className="agency-facts">
              <strong data-testid="mandate-principal">{t('agency.mandates.principalChosen', { name: principal.name, birthYear: principal.birthYear, area: principal.areaName ?? principal.areaCode })}</strong>
              <Button size="small" onClick={() => setPrincipal(null)}>
                {t('agency.mandates.changePrincipal')}
              </Button>
            </div>
          ) : (
            <div className="agency-actions" style={{ flexDirection: 'column' }}>
              <Input.Search
                value={query}
                onChange={(e) => setQuery(e.target.value)}
                onSearch={(text) => void search(text)}
                placeholder={t('agency.mandates.principalSearch')}
                aria-label={t('agency.mandates.principal')}
                enterButton={t('common.search')}
                data-testid="mandate-principal-search"
              />
              {found.map((p) => (
                <Button key={p.personId} onClick={() => setPrincipal(p)} className="agency-principal-option" data-testid="mandate-principal-option">
                  {t('agency.mandates.principalChosen', { name: p.name, birthYear: p.birthYear, area: p.areaName ?? p.areaCode })}
                </Button>
              ))}
            </div>
          )}
        </Form.Item>
        <Form.Item name="coverage" label={t('agency.mandates.coverage')}>
          <Radio.Group
            options={[
              { value: 'items', label: t('agency.mandates.coverageItems') },
              { value: 'request', label: t('agency.mandates.coverageRequest') },
            ]}
          />
        </Form.Item>
        <Form.Item name="itemCodes" label={t('agency.mandates.items')} rules={[{ required: true, message: t('problemCodes.required') }]}>
          <Select
            mode="multiple"
            showSearch={{ optionFilterProp: 'label' }}
            options={items.map((i) => ({ value: i.code, label: catalog.name(i.code) }))}
            aria-label={t('agency.mandates.items')}
            data-testid="mandate-items"
          />
        </Form.Item>
        <div className="agency-facts">
          <Form.Item name="validFrom" label={t('agency.mandates.validFrom')} rules={[{ required: true, message: t('problemCodes.required') }]}>
            <Input type="date" data-testid="mandate-valid-from" />
          </Form.Item>
          <Form.Item name="validUntil" label={t('agency.mandates.validUntil')} rules={[{ required: true, message: t('problemCodes.required') }]}>
            <Input type="date" data-testid="mandate-valid-until" />
          </Form.Item>
        </div>
        <Form.Item name="consentKind" label={t('agency.mandates.consent')}>
          <Radio.Group
            options={[
              { value: 'witnessed', label: t('agency.mandates.consentWitnessed') },
              { value: 'signedForm', label: t('agency.mandates.consentSignedForm') },
            ]}
            data-testid="mandate-consent-kind"
          />
        </Form.Item>
        {consentKind === 'signedForm' ? (
          <Form.Item label={t('agency.mandates.consentFile')} required>
            <Upload
              accept="image/jpeg,image/png,image/webp,application/pdf"
              maxCount={1}
              beforeUpload={(f) => {
                setFile(f);
                return false;
              }}
              onRemove={() => setFile(null)}
            >
              <Button>{t('agency.mandates.consentFile')}</Button>
            </Upload>
          </Form.Item>
        ) : (
          <>
            <Form.Item name="witnessName" label={t('agency.mandates.witnessName')} rules={[{ required: true, message: t('problemCodes.required') }]}>
              <Input maxLength={100} data-testid="mandate-witness" />
            </Form.Item>
            <Form.Item name="witnessNote" label={t('agency.mandates.witnessNote')}>
              <Input.TextArea maxLength={1000} rows={2} />
            </Form.Item>
          </>
        )}
        <Button type="primary" htmlType="submit" loading={busy} disabled={!principal} className="agency-big-button" data-testid="mandate-save">
          {t('agency.mandates.save')}
        </Button>
      </Form>
    </Drawer>
  );
}
