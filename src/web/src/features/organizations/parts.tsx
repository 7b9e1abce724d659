import { useEffect, useState } from 'react';
import { Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.ts';
import type { AreaSummary, Page } from '../../api/types.ts';
import { ColorTag, type Tone } from '../../shared/ColorTag.tsx';
import type { OrganizationStatus } from '../../../../contracts/organizations.ts';

const STATUS_TONE: Record<OrganizationStatus, Tone> = {
  incubating: 'blue',
  filed: 'blue',
  registered: 'green',
  active: 'green',
  abnormal: 'orange',
  suspended: 'red',
  deregistered: 'red',
};

export function StatusTag({ status }: { status: OrganizationStatus }) {
  const { t } = useTranslation();
  return (
    <ColorTag tone={STATUS_TONE[status]} testId="organization-status">
      {t(`organizations.statuses.${status}`)}
    </ColorTag>
  );
}

export function GradeTag({ grade }: { grade: string }) {
  return (
    <ColorTag tone="orange" testId="organization-grade">
      {grade}
    </ColorTag>
  );
}

/** Communities (level 5) in the user's scope, found by name; several may be chosen. */
export function CommunitiesSelect({
  value,
  onChange,
  initial,
  id,
}: {
  value?: string[];
  onChange?: (codes: string[]) => void;
  /** Names of communities already chosen. */
  initial?: { code: string; name: string | null }[];
  id?: string;
}) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const [found, setFound] = useState<AreaSummary[]>([]);
  const [names, setNames] = useState<Map<string, string>>(() => new Map((initial ?? []).map((c) => [c.code, c.name ?? c.code])));

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
  for (const code of value ?? []) if (!options.some((o) => o.value === code)) options.unshift({ value: code, label: names.get(code) ?? code });
  return (
    <Select
      id={id}
      mode="multiple"
      showSearch={{ filterOption: false, onSearch: setText }}
      value={value ?? []}
      onChange={(codes: string[]) => {
        const next = new Map(names);
        for (const a of found) next.set(a.code, a.name);
        setNames(next);
        onChange?.(codes);
      }}
      options={options}
      placeholder={t('organizations.communitiesPlaceholder')}
      notFoundContent={text.trim() ? t('areas.noResults') : null}
      data-testid="communities-select"
    />
  );
}
