import { useCallback, useEffect, useState } from 'react';
import { Select, TreeSelect } from 'antd';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.ts';
import type { AreaSummary, Page } from '../../api/types.ts';
import { allChildren } from '../areas/area-points.ts';

interface Node {
  value: string;
  title: string;
  isLeaf: boolean;
  pId?: string;
  id: string;
}

const nodeOf = (a: AreaSummary): Node => ({ id: a.code, value: a.code, title: a.name, isLeaf: a.level >= 5, pId: a.parentCode ?? undefined });

/** An area inside the user's scope, chosen down the tree (children load when a node opens). */
export function AreaPicker({
  scope,
  scopeName,
  value,
  onChange,
  id,
}: {
  scope: string;
  scopeName: string;
  value: string | undefined;
  onChange: (code: string | undefined) => void;
  id?: string;
}) {
  const { t } = useTranslation();
  const [nodes, setNodes] = useState<Node[]>([{ id: scope, value: scope, title: scopeName, isLeaf: scope.length >= 12 }]);
  const [loaded] = useState(() => new Set<string>());

  const load = useCallback(
    async (code: string) => {
      if (loaded.has(code)) return;
      loaded.add(code);
      const children = await allChildren(code).catch(() => {
        loaded.delete(code);
        return [];
      });
      setNodes((current) => [...current, ...children.filter((c) => !current.some((n) => n.id === c.code)).map(nodeOf)]);
    },
    [loaded],
  );

  useEffect(() => {
    void load(scope);
  }, [scope, load]);

  // A value from the URL, below the first level: open the tree down to it, so that it shows by name.
  useEffect(() => {
    if (!value || !value.startsWith(scope)) return;
    for (const length of [2, 4, 6, 9]) if (length > scope.length && length < value.length) void load(value.slice(0, length));
  }, [value, scope, load]);

  return (
    <TreeSelect
      id={id}
      treeDataSimpleMode
      treeData={nodes}
      value={value}
      onChange={(v) => onChange(v || undefined)}
      loadData={(node) => load(String(node.value))}
      treeDefaultExpandedKeys={[scope]}
      allowClear
      placeholder={t('facilities.areaPlaceholder')}
      style={{ minWidth: 200 }}
      popupMatchSelectWidth={false}
      data-testid="area-filter"
    />
  );
}

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
