import { useEffect, useRef, useState } from 'react';
import { TreeSelect } from 'antd';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.ts';
import type { AreaDetail, AreaSummary } from '../../api/types.ts';
import { allChildren } from '../areas/area-points.ts';

interface Node {
  id: string;
  pId: string | null;
  value: string;
  title: string;
  isLeaf: boolean;
}

/** Areas a siting can be asked for, counties and townships, are the leaves' parents. */
const toNode = (a: AreaSummary): Node => ({ id: a.code, pId: a.parentCode, value: a.code, title: a.name, isLeaf: a.level >= 4 });

/**
 * The area to plan for: a tree from the user's scope down to townships (children load as a branch
 * opens), so nothing outside the scope can be picked.
 */
export function AreaPicker({
  id,
  scope,
  value,
  path,
  onChange,
}: {
  id: string;
  scope: string;
  value: string;
  /** The chosen area's ancestors (root first): opened so that its name shows. */
  path: string[];
  onChange: (code: string) => void;
}) {
  const { t } = useTranslation();
  const [nodes, setNodes] = useState<Node[]>([]);
  const loaded = useRef(new Map<string, Promise<void>>());

  const load = (code: string): Promise<void> => {
    let pending = loaded.current.get(code);
    if (!pending) {
      pending = allChildren(code).then(
        (children) =>
          setNodes((current) => {
            const known = new Set(current.map((n) => n.id));
            return [...current, ...children.filter((c) => c.level <= 4 && !known.has(c.code)).map(toNode)];
          }),
        () => {
          loaded.current.delete(code);
        },
      );
      loaded.current.set(code, pending);
    }
    return pending;
  };

  useEffect(() => {
    void api.get<AreaDetail>(`/areas/${scope}`).then((root) =>
      setNodes((current) => (current.some((n) => n.id === root.code) ? current : [{ ...toNode(root), pId: null }, ...current])),
    );
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [scope]);

  useEffect(() => {
    for (const code of path) if (code.length >= scope.length && code !== value && code.length < 9) void load(code);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [path.join(','), scope, value]);

  return (
    <TreeSelect
      id={id}
      data-testid="area-picker"
      style={{ width: '100%' }}
      treeDataSimpleMode
      treeData={nodes.map((n) => (n.pId && !nodes.some((m) => m.id === n.pId) ? { ...n, pId: null } : n))}
      value={nodes.some((n) => n.id === value) ? value : undefined}
      placeholder={t('common.loading')}
      loadData={(node) => load(String(node.value))}
      treeDefaultExpandedKeys={[scope]}
      onChange={(code: string) => code && onChange(code)}
      showSearch={false}
      popupMatchSelectWidth={false}
    />
  );
}
