import { useCallback, useEffect, useRef, useState, type Key } from 'react';
import { Tree } from 'antd';
import { useTranslation } from 'react-i18next';
import type { AreaSummary } from '../../api/types.ts';
import { allChildren } from './area-points.ts';
import { ColorTag, KIND_TONE } from '../../shared/ColorTag.tsx';

interface Node {
  key: string;
  title: string;
  area: AreaSummary;
  isLeaf: boolean;
  children?: Node[];
}

function toNode(area: AreaSummary): Node {
  return { key: area.code, title: area.name, area, isLeaf: area.level === 5 };
}

function withChildren(nodes: Node[], key: string, children: Node[]): Node[] {
  return nodes.map((node) => {
    if (node.key === key) return { ...node, children };
    if (node.children) return { ...node, children: withChildren(node.children, key, children) };
    return node;
  });
}

/**
 * The division tree from the user's scope down. Children load when a node opens (/children);
 * opening an area elsewhere (search, a link) unfolds the tree down to it.
 */
export function AreaTree({
  root,
  selected,
  path,
  onSelect,
  onError,
}: {
  root: AreaSummary;
  selected: string;
  /** Codes from the root down to the selected area's parent. */
  path: string[];
  onSelect: (code: string) => void;
  onError: (error: unknown) => void;
}) {
  const { t } = useTranslation();
  const [nodes, setNodes] = useState<Node[]>(() => [toNode(root)]);
  const [expanded, setExpanded] = useState<Key[]>([root.code]);
  const loaded = useRef(new Map<string, Promise<void>>());

  const load = useCallback(
    (code: string) => {
      let pending = loaded.current.get(code);
      if (!pending) {
        pending = allChildren(code).then(
          (children) => setNodes((current) => withChildren(current, code, children.map(toNode))),
          (error: unknown) => {
            loaded.current.delete(code);
            onError(error);
          },
        );
        loaded.current.set(code, pending);
      }
      return pending;
    },
    [onError],
  );

  useEffect(() => {
    setNodes([toNode(root)]);
    loaded.current.clear();
    setExpanded([root.code]);
    void load(root.code);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- a new root (not a new load callback) starts the tree afresh
  }, [root.code]);

  const pathKey = path.join(',');
  useEffect(() => {
    const inside = path.filter((code) => code.startsWith(root.code));
    if (!inside.length) return;
    void (async () => {
      for (const code of inside) await load(code);
      setExpanded((current) => [...new Set([...current, ...inside])]);
    })();
    // eslint-disable-next-line react-hooks/exhaustive-deps -- keyed by the path's codes: a new array with the same codes opens nothing new
  }, [pathKey, root.code]);

  return (
    <Tree<Node>
      treeData={nodes}
      loadData={(node) => load(node.key)}
      expandedKeys={expanded}
      onExpand={(keys) => setExpanded(keys)}
      selectedKeys={[selected]}
      onSelect={(_keys, info) => onSelect(info.node.key)}
      aria-label={t('areas.tree')}
      blockNode
      titleRender={(node) => (
        <span data-code={node.key}>
          {node.title}
          {node.area.level === 5 && node.area.kind && (
            <span style={{ marginInlineStart: 6 }}>
              <ColorTag tone={KIND_TONE[node.area.kind]}>{t(`kind.${node.area.kind}`)}</ColorTag>
            </span>
          )}
        </span>
      )}
    />
  );
}
