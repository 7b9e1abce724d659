import { useEffect, useState } from 'react';
import { Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.ts';
import type { AreaSummary, Page } from '../../api/types.ts';

/** The area picker is shared by every page (src/web/src/shared/AreaPicker.tsx). */
export { AreaPicker } from '../../shared/AreaPicker.tsx';

/** A community (level 5) in the user's scope, found by name (Simplified, Traditional or pinyin initials). */
export function CommunitySelect({
  value,
  onChange,
  initial,
  id,
  disabled,
}: {
  value?: string;
  onChange?: (code: string, area: AreaSummary | undefined) => void;
  /** The community's name when the value is already set. */
  initial?: { code: string; name: string } | null;
  id?: string;
  disabled?: boolean;
}) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const [found, setFound] = useState<AreaSummary[]>([]);

  useEffect(() => {
    const q = text.trim();
    if (!q) return;
    const controller = new AbortController();
    const timer = setTimeout(() => {
      api.get<Page<AreaSummary>>('/areas', { q, level: 5, limit: 20 }, controller.signal).then(
        (page) => setFound(page.items),
        () => undefined,
      );
    }, 200);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [text]);

  const options = found.map((a) => ({ value: a.code, label: `${a.name}（${a.fullCode}）` }));
  if (value && !options.some((o) => o.value === value)) options.unshift({ value, label: initial?.code === value ? initial.name : value });
  return (
    <Select
      id={id}
      showSearch={{ filterOption: false, onSearch: setText }}
      value={value}
      disabled={disabled}
      onChange={(code: string) => onChange?.(code, found.find((a) => a.code === code))}
      options={options}
      placeholder={t('facilities.communityPlaceholder')}
      notFoundContent={text.trim() ? t('areas.noResults') : null}
      data-testid="community-select"
    />
  );
}
