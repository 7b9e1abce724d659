import { useEffect, useRef, type ReactNode } from 'react';
import { Empty, Spin, Table } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { usePhone } from './use-media-query.ts';

export interface RegisterColumn<T> {
  key: string;
  /** The column heading; on a phone, the label before the value (an empty title shows the value alone, as a tag line). */
  title: ReactNode;
  render: (row: T, index: number) => ReactNode;
  align?: 'left' | 'right' | 'center';
  /**
   * On a phone: `title` heads the card (a name, a link), `hidden` is left out (a detail the
   * drawer or a wider screen shows); any other column shows as "label value".
   */
  phone?: 'title' | 'hidden';
  /** Never wrapped: names, numbers and dates stay on one line and the table scrolls instead. */
  nowrap?: boolean;
}

export interface RegisterTableProps<T> {
  rows: readonly T[];
  rowKey: (row: T) => string;
  columns: RegisterColumn<T>[];
  /** The row's actions: a column kept in view at the table's right edge, a button row under each card. */
  actions?: { title: ReactNode; render: (row: T) => ReactNode };
  loading?: boolean;
  /** What the list is, for screen readers (the cards' list label). */
  label: string;
  testId?: string;
  emptyText?: ReactNode;
  rowClassName?: (row: T) => string;
}

/**
 * The register of a staff page: a table on wide screens, one card per row below 600 px. The
 * pages say which columns they have and which one names the row; the table keeps names on one
 * line (scrolling sideways instead of squeezing a name to a character per line) and keeps the
 * actions column in view at its right edge, so no action is ever cut off.
 */
export function RegisterTable<T extends object>({ rows, rowKey, columns, actions, loading = false, label, testId, emptyText, rowClassName }: RegisterTableProps<T>) {
  const phone = usePhone();
  const box = useRef<HTMLDivElement>(null);
  // A table wider than its box scrolls sideways; keyboard users must reach that scrolling too
  // (axe: scrollable-region-focusable), so the scrolling region takes focus and is named.
  useEffect(() => {
    for (const region of box.current?.querySelectorAll<HTMLElement>('.ant-table-content, .ant-table-body') ?? []) {
      region.tabIndex = 0;
      region.setAttribute('role', 'region');
      region.setAttribute('aria-label', label);
    }
  });

  if (phone) {
    const title = columns.find((c) => c.phone === 'title');
    const fields = columns.filter((c) => c.phone === undefined && c !== title);
    return (
      <Spin spinning={loading}>
        <div className="register-cards" data-testid={testId} aria-busy={loading}>
          {rows.length === 0 && !loading && <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={emptyText} />}
          <ul className="plain-list" aria-label={label}>
            {rows.map((row, index) => (
              <li key={rowKey(row)} className={`register-card ${rowClassName?.(row) ?? ''}`.trim()} data-testid={testId ? `${testId}-card` : undefined}>
                {title && <div className="register-card-title">{title.render(row, index)}</div>}
                <dl className="register-card-fields">
                  {fields
                    .filter((c) => c.title)
                    .map((c) => (
                      <div key={c.key}>
                        <dt>{c.title}</dt>
                        <dd>{c.render(row, index)}</dd>
                      </div>
                    ))}
                </dl>
                {fields.some((c) => !c.title) && (
                  <div className="register-card-tags">
                    {fields
                      .filter((c) => !c.title)
                      .map((c) => (
                        <span key={c.key}>{c.render(row, index)}</span>
                      ))}
                  </div>
                )}
                {actions && <div className="register-actions">{actions.render(row)}</div>}
              </li>
            ))}
          </ul>
        </div>
      </Spin>
    );
  }

  const tableColumns: ColumnsType<T> = columns.map((c) => ({
    key: c.key,
    title: c.title,
    align: c.align,
    className: c.nowrap ? 'register-nowrap' : undefined,
    render: (_: unknown, row: T, index: number) => c.render(row, index),
  }));
  if (actions)
    tableColumns.push({
      key: 'actions',
      title: actions.title,
      fixed: 'right',
      className: 'register-actions-cell',
      render: (_: unknown, row: T) => <div className="register-actions">{actions.render(row)}</div>,
    });
  return (
    <div ref={box}>
      <Table<T>
        size="small"
        rowKey={rowKey}
        loading={loading}
        dataSource={rows as T[]}
        pagination={false}
        scroll={{ x: 'max-content' }}
        columns={tableColumns}
        rowClassName={rowClassName}
        locale={emptyText ? { emptyText } : undefined}
        data-testid={testId}
      />
    </div>
  );
}
