import { useCallback, useEffect, useRef, useState } from 'react';
import { TreeSelect } from 'antd';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client.ts';
import type { AreaDetail, AreaSummary } from '../api/types.ts';
import { allChildren } from '../features/areas/area-points.ts';

interface Node {
  id: string;
  pId: string | null;
  value: string;
  title: string;
  isLeaf: boolean;
}

/** Code lengths of the levels above a community. */
const ANCESTOR_LENGTHS = [2, 4, 6, 9];

/** The level (1–5) of a canonical code. */
const levelOfLength = (code: string) => ANCESTOR_LENGTHS.filter((length) => length < code.length).length + 1;

const rootNode = (scope: string, title: string, maxLevel: number): Node => ({ id: scope, pId: null, value: scope, title, isLeaf: levelOfLength(scope) >= maxLevel });

/**
 * The one area picker of the web: an area inside the user's scope, chosen down the tree from it
 * (children load as a branch opens), so nothing outside the scope can be picked. `maxLevel` stops
 * the tree (4: down to townships, as siting asks); a value set from outside (the URL, a scenario)
 * opens the tree down to it, so that it shows by name.
 */
export function AreaPicker({
  scope,
  scopeName,
  value,
  onChange,
  id,
  maxLevel = 5,
  clearable = true,
  testId = 'area-filter',
  width,
}: {
  scope: string;
  /** The scope's name when known (otherwise it is read from the API). */
  scopeName?: string;
  value: string | undefined;
  onChange: (code: string | undefined) => void;
  id?: string;
  maxLevel?: number;
  /** Whether the choice may be cleared (a filter) or an area is always chosen (a form field). */
  clearable?: boolean;
  testId?: string;
  width?: number | string;
}) {
  const { t } = useTranslation();
  const [nodes, setNodes] = useState<Node[]>(() => (scopeName ? [rootNode(scope, scopeName, maxLevel)] : []));
  const loaded = useRef(new Map<string, Promise<void>>());

  const load = useCallback(
    (code: string): Promise<void> => {
      let pending = loaded.current.get(code);
      if (!pending) {
        pending = allChildren(code).then(
          (children: AreaSummary[]) =>
            setNodes((current) => {
              const known = new Set(current.map((n) => n.id));
              return [
                ...current,
                ...children
                  .filter((c) => c.level <= maxLevel && !known.has(c.code))
                  .map((c) => ({ id: c.code, pId: c.parentCode, value: c.code, title: c.name, isLeaf: c.level >= maxLevel })),
              ];
            }),
          () => {
            loaded.current.delete(code);
          },
        );
        loaded.current.set(code, pending);
      }
      return pending;
    },
    [maxLevel],
  );

  useEffect(() => {
    if (scopeName) return;
    void api.get<AreaDetail>(`/areas/${scope}`).then(
      (root) => setNodes((current) => (current.some((n) => n.id === root.code) ? current : [rootNode(scope, root.name, maxLevel), ...current])),
      () => undefined,
    );
  }, [scope, scopeName, maxLevel]);

  useEffect(() => {
    if (levelOfLength(scope) < maxLevel) void load(scope);
  }, [scope, load, maxLevel]);

  // A value set from outside, below the first level: open the tree down to it.
  useEffect(() => {
    if (!value || !value.startsWith(scope)) return;
    for (const length of ANCESTOR_LENGTHS) if (length > scope.length && length < value.length && levelOfLength(value.slice(0, length)) < maxLevel) void load(value.slice(0, length));
  }, [value, scope, load, maxLevel]);

  return (
    <TreeSelect
      id={id}
      data-testid={testId}
      treeDataSimpleMode
      treeData={nodes.map((n) => (n.pId && !nodes.some((m) => m.id === n.pId) ? { ...n, pId: null } : n))}
      value={clearable ? value : nodes.some((n) => n.id === value) ? value : undefined}
      onChange={(code: string | undefined) => (clearable ? onChange(code || undefined) : code && onChange(code))}
      loadData={(node) => load(String(node.value))}
      treeDefaultExpandedKeys={[scope]}
      allowClear={clearable}
      placeholder={clearable ? t('facilities.areaPlaceholder') : t('common.loading')}
      style={width !== undefined ? { width } : { minWidth: 200 }}
      popupMatchSelectWidth={false}
    />
  );
}
