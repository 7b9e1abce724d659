import { useMemo } from 'react';
import { Table } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import type { IndicatorDefinition, IndicatorValue } from '../../api/indicators.ts';
import type { IndicatorFormat } from './format.ts';
import { ValueText } from './IndicatorCard.tsx';

type Row = IndicatorValue & { rank: number | null };

/** Nulls (no data, no such communities) last, whichever way the column is sorted. */
function byNumber(key: 'value' | 'numerator' | 'denominator') {
  return (a: Row, b: Row, order?: 'ascend' | 'descend' | null) => {
    const x = a[key];
    const y = b[key];
    if (x === null && y === null) return 0;
    if (x === null) return order === 'descend' ? -1 : 1;
    if (y === null) return order === 'descend' ? 1 : -1;
    return x - y;
  };
}

/**
 * The area's children for one indicator and split, best first: value, numerator and denominator,
 * each column sortable. A child's name opens it (the URL changes, so the browser's back returns).
 */
export function RankingTable({
  children,
  definition,
  format,
  caption,
  linkTo,
}: {
  children: IndicatorValue[];
  definition: IndicatorDefinition;
  format: IndicatorFormat;
  caption: string;
  linkTo: (code: string) => string;
}) {
  const { t } = useTranslation();
  const rows = useMemo<Row[]>(() => {
    const ranked = children
      .filter((c) => c.value !== null)
      .sort((a, b) => (definition.higherIsBetter ? b.value! - a.value! : a.value! - b.value!));
    const rankOf = new Map<string, number>();
    ranked.forEach((c, i) => {
      const previous = ranked[i - 1];
      // Equal values share a rank (1, 2, 2, 4).
      rankOf.set(c.code, previous && previous.value === c.value ? rankOf.get(previous.code)! : i + 1);
    });
    return [...ranked, ...children.filter((c) => c.value === null)].map((c) => ({ ...c, rank: rankOf.get(c.code) ?? null }));
  }, [children, definition.higherIsBetter]);

  return (
    <Table<Row>
      size="small"
      rowKey="code"
      dataSource={rows}
      pagination={rows.length > 50 ? { pageSize: 50, showSizeChanger: false } : false}
      scroll={{ x: true }}
      data-testid="ranking-table"
      caption={<span className="visually-hidden">{caption}</span>}
      showSorterTooltip={false}
      columns={[
        {
          key: 'rank',
          title: t('indicators.rank'),
          align: 'right',
          width: 64,
          render: (_, row) => (row.rank === null ? '—' : format.number(row.rank)),
        },
        {
          key: 'area',
          title: t('indicators.area'),
          sorter: (a, b) => a.name.localeCompare(b.name, format.language),
          render: (_, row) =>
            row.level < 5 ? (
              <Link to={linkTo(row.code)} data-testid="drill" data-code={row.code}>
                {row.name}
              </Link>
            ) : (
              row.name
            ),
        },
        {
          key: 'value',
          title: t('indicators.value'),
          align: 'right',
          sorter: byNumber('value'),
          render: (_, row) => <ValueText definition={definition} value={row} format={format} />,
        },
        {
          key: 'numerator',
          title: <span title={format.localized(definition.numerator)}>{t('indicators.numerator')}</span>,
          align: 'right',
          sorter: byNumber('numerator'),
          render: (_, row) => (row.numerator === null ? '—' : format.number(row.numerator)),
        },
        {
          key: 'denominator',
          title: <span title={format.localized(definition.denominator)}>{t('indicators.denominator')}</span>,
          align: 'right',
          sorter: byNumber('denominator'),
          render: (_, row) => (row.denominator === null ? '—' : format.number(row.denominator)),
        },
      ]}
    />
  );
}
