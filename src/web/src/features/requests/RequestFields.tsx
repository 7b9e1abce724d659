import { Checkbox, Form, Input, InputNumber, Radio, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import type { FormField } from '../../api/requests.ts';
import { labelIn } from './labels.tsx';

/** An item's typed fields, in their order: the form a request fills (text, number, date, single, multi). */
export function RequestFields({ fields, namePrefix = 'formValues' }: { fields: readonly FormField[]; namePrefix?: string }) {
  const { t, i18n } = useTranslation();
  const sorted = [...fields].sort((a, b) => a.order - b.order);
  return (
    <>
      {sorted.map((field) => {
        const label = labelIn(i18n.language, field);
        const rules = field.required ? [{ required: true, message: t('problemCodes.required') }] : [];
        const name = [namePrefix, field.key];
        const id = `field-${field.key}`;
        const options = (field.options ?? []).map((o) => ({ value: o.key, label: labelIn(i18n.language, o) }));
        let control;
        switch (field.type) {
          case 'number':
            control = <InputNumber id={id} style={{ width: '100%' }} inputMode="decimal" />;
            break;
          case 'date':
            // The phone's own date picker; the value is YYYY-MM-DD, as the API wants it.
            control = <Input id={id} type="date" />;
            break;
          case 'single':
            control =
              options.length <= 6 ? (
                <Radio.Group id={id} options={options} className="request-choices" />
              ) : (
                <Select id={id} options={options} placeholder={t('requests.apply.chooseOne')} showSearch optionFilterProp="label" />
              );
            break;
          case 'multi':
            control = <Checkbox.Group options={options} className="request-choices" />;
            break;
          default:
            control = <Input id={id} maxLength={2000} />;
        }
        return (
          <div key={field.key} data-testid={`request-field-${field.key}`}>
            <Form.Item
              name={name}
              label={label}
              htmlFor={field.type === 'single' || field.type === 'multi' ? undefined : id}
              rules={rules}
              extra={field.description ?? undefined}
            >
              {control}
            </Form.Item>
          </div>
        );
      })}
    </>
  );
}

// The agency's filing page imports it from here too.
export { cleanFormValues } from './form-values.ts';
