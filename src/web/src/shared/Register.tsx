import { useEffect, useState, type ReactNode } from 'react';
import { Button, Card, Dropdown, Input, Select, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import { api, apiUrl } from '../api/client.ts';
import { useUser } from '../app/session.tsx';
import { AreaPicker } from './AreaPicker.tsx';
import type { Page } from '../api/types.ts';
import { ErrorAlert } from './ErrorAlert.tsx';
import { useSessionState } from './form-draft.ts';
import { RegisterTable, type RegisterColumn } from './RegisterTable.tsx';
import { useApi, type ApiState } from './use-api.ts';

/*
 * A register page (residents, facilities, workers, organizations) is a search box and filters, a
 * scoped list paged by cursor, a drawer opened from a row's name, import and export. The pieces
 * here hold what the pages shared line for line; a page says only its filters, its columns, its
 * texts and its drawer.
 */

const PAGE_SIZE = 20;

/** The page's title, in the heading and the browser tab. */
export function RegisterTitle({ title }: { title: string }) {
  const { t } = useTranslation();
  useEffect(() => {
    document.title = `${title} · ${t('app.name')}`;
  }, [title, t]);
  return (
    <Typography.Title level={1} className="page-title" style={{ fontSize: '1.6em' }}>
      {title}
    </Typography.Title>
  );
}

/** Drops the filters set to nothing, so they are neither kept nor sent. */
function withoutEmpty<F extends object>(filter: F): F {
  const next = { ...filter };
  for (const k of Object.keys(next) as (keyof F)[]) if (next[k] === undefined || next[k] === '' || next[k] === null) delete next[k];
  return next;
}

/** Filters kept for the browser tab's session (a reload or a return from the login page keeps them). */
export function useSessionFilter<F extends object>(key: string): [F, (change: Partial<F>) => void] {
  const [filter, setFilter] = useSessionState<F>(key, {} as F);
  return [filter, (change) => setFilter(withoutEmpty({ ...filter, ...change }))];
}

/** The drawer's record in the URL (`?open=<id>`, `new` for a blank form): back closes it, a link opens it. */
export function useOpenParam(): [string | null, (id: string | null) => void] {
  const [params, setParams] = useSearchParams();
  const open = (id: string | null) => {
    const next = new URLSearchParams(params);
    if (id) next.set('open', id);
    else next.delete('open');
    setParams(next, { replace: !id });
  };
  return [params.get('open'), open];
}

export interface RegisterList<T> {
  list: ApiState<Page<T>>;
  page: number;
  pages: number;
  total: number;
  hasNext: boolean;
  setPage: (page: number) => void;
  /** Reloads the page shown (a record changed). */
  reload: () => void;
  /** Back to the first page, reloaded (a record was added or imported). */
  refresh: () => void;
  /** Changes with every reload: what else the page loads for the same filter may follow it. */
  tick: number;
}

/**
 * One page of `path` under the filter, paged by cursor: the cursor of each page seen so far is kept,
 * so previous and next need no offsets. A new filter starts again from the first page.
 */
export function useRegisterList<T>(path: string, filter: object, pageSize = PAGE_SIZE): RegisterList<T> {
  const key = JSON.stringify(filter);
  // Cursor of each page seen so far: page n starts at cursors[n - 1].
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const [page, setPage] = useState(1);
  const [tick, setTick] = useState(0);
  const [listedKey, setListedKey] = useState(key);
  if (listedKey !== key) {
    setListedKey(key);
    setCursors([null]);
    setPage(1);
  }
  const list = useApi((signal) => api.get<Page<T>>(path, { ...filter, limit: pageSize, cursor: cursors[page - 1] }, signal), [path, key, page, tick]);

  useEffect(() => {
    const next = list.data?.nextCursor;
    if (next && cursors.length === page) setCursors([...cursors, next]);
  }, [list.data, page, cursors]);

  const total = list.data?.total ?? 0;
  return {
    list,
    page,
    pages: Math.max(1, Math.ceil(total / pageSize)),
    total,
    hasNext: Boolean(list.data?.nextCursor) && cursors.length > page,
    setPage,
    reload: () => setTick((n) => n + 1),
    refresh: () => {
      setCursors([null]);
      setPage(1);
      setTick((n) => n + 1);
    },
    tick,
  };
}

/** A labelled filter: one of the values, or all. */
export function FilterSelect<V extends string>({
  label,
  value,
  onChange,
  options,
  allLabel,
  testId,
  width = 130,
}: {
  label: string;
  value: V | undefined;
  onChange: (value: V | undefined) => void;
  options: readonly { value: V; label: string }[];
  allLabel: string;
  testId: string;
  width?: number;
}) {
  return (
    <label>
      <span className="filter-label">{label}</span>
      <Select<V | ''>
        value={value ?? ''}
        onChange={(v) => onChange(v === '' ? undefined : v)}
        options={[{ value: '' as const, label: allLabel }, ...options]}
        style={{ minWidth: width }}
        popupMatchSelectWidth={false}
        data-testid={testId}
      />
    </label>
  );
}

/**
 * The register's texts: by default the keys of these names in the page's namespace
 * (`workers.filters`, `workers.total` with `count`, `workers.pageOf` with `page` and `pages` …).
 */
export interface RegisterTexts {
  filters?: string;
  search?: string;
  searchPlaceholder?: string;
  list?: string;
  total?: string;
  pageOf?: string;
  create?: string;
  import?: string;
  export?: string;
  exportHint?: string;
  /** The area filter's label. */
  area?: string;
  /** With two export formats, the menu's two entries. */
  exportCsv?: string;
  exportXlsx?: string;
  /** The pager's buttons, when not the common 'Previous' and 'Next'. */
  previous?: string;
  next?: string;
}

/**
 * The filters card and the list card of a register. Test ids follow the record's name
 * (`worker-search`, `worker-filters`, `worker-create`, `worker-import`, `worker-export`,
 * `worker-total`, `worker-table`, `worker-link`), as the pages had them.
 */
export function Register<T extends { id: string; name: string }, F extends { q?: string; area?: string }>({
  record,
  namespace,
  path,
  texts,
  register,
  filter,
  onFilter,
  searchMaxLength,
  searchWidth = 300,
  filters,
  canWrite,
  onCreate,
  onImport,
  exportFormats = ['xlsx'],
  nameTitle,
  columns,
  hint,
  aside,
  onOpen,
}: {
  /** The record's name in test ids: `worker`, `organization`, `person`, `facility`. */
  record: string;
  /** The page's message namespace (`workers`): the texts are read from it. */
  namespace: string;
  /** The page and its API: a name's link is `${path}?open=<id>`, the export `/api/v1${path}/export`. */
  path: string;
  texts?: RegisterTexts;
  register: RegisterList<T>;
  /** The filters in force: `q` is the search box (which follows it when it changes from outside: back, forward), `area` the area picker. */
  filter: F;
  onFilter: (change: Partial<F>) => void;
  searchMaxLength?: number;
  searchWidth?: number;
  /** The filters between the search box and the area. */
  filters: ReactNode;
  canWrite: boolean;
  onCreate: () => void;
  onImport: () => void;
  /** One format is a button; two are a menu. */
  exportFormats?: readonly ('csv' | 'xlsx')[];
  nameTitle: string;
  /** The columns after the name. */
  columns: RegisterColumn<T>[];
  /** A line above the list (what is masked). */
  hint?: ReactNode;
  /** Beside the list on a wide screen (a map). */
  aside?: ReactNode;
  onOpen: (id: string) => void;
}) {
  const { t } = useTranslation();
  const search = filter.q;
  const exportHref = (format: 'csv' | 'xlsx') => apiUrl(`${path}/export`, { ...filter, format });
  const [q, setQ] = useState(search ?? '');
  // Back and forward change the search in force: the box follows (set during render, not in an effect).
  const [shownSearch, setShownSearch] = useState(search);
  if (shownSearch !== search) {
    setShownSearch(search);
    setQ(search ?? '');
  }
  const { list, page, pages, total, hasNext, setPage } = register;
  const text = (name: keyof RegisterTexts): string => texts?.[name] ?? (t as unknown as (key: string, options?: object) => string)(`${namespace}.${name}`, { count: total, page, pages });
  const user = useUser();

  const listCard = (
    <Card title={<h2 className="card-title">{text('list')}</h2>} extra={<span data-testid={`${record}-total`}>{text('total')}</span>}>
      {hint && <Typography.Paragraph type="secondary">{hint}</Typography.Paragraph>}
      <ErrorAlert error={list.error} onRetry={list.reload} />
      <RegisterTable<T>
        rows={list.data?.items ?? []}
        rowKey={(r) => r.id}
        loading={list.loading}
        label={text('list')}
        testId={`${record}-table`}
        columns={[
          {
            key: 'name',
            title: nameTitle,
            phone: 'title',
            nowrap: true,
            render: (r) => (
              <a
                href={`${path}?open=${r.id}`}
                onClick={(e) => {
                  e.preventDefault();
                  onOpen(r.id);
                }}
                data-testid={`${record}-link`}
              >
                {r.name}
              </a>
            ),
          },
          ...columns,
        ]}
      />
      <nav className="pager" aria-label={text('list')}>
        <Button disabled={page <= 1} onClick={() => setPage(page - 1)} data-testid="page-previous">
          {texts?.previous ?? t('common.previous')}
        </Button>
        <span aria-live="polite">{text('pageOf')}</span>
        <Button disabled={!hasNext} onClick={() => setPage(page + 1)} data-testid="page-next">
          {texts?.next ?? t('common.next')}
        </Button>
      </nav>
    </Card>
  );

  return (
    <>
      <Card size="small" style={{ marginBottom: 16 }}>
        <h2 className="visually-hidden">{text('filters')}</h2>
        <div className="filter-bar" data-testid={`${record}-filters`}>
          <label>
            <span className="filter-label">{text('search')}</span>
            <Input.Search
              value={q}
              onChange={(e) => setQ(e.target.value)}
              onSearch={(v) => onFilter({ q: v.trim() || undefined } as Partial<F>)}
              placeholder={text('searchPlaceholder')}
              allowClear
              enterButton={t('common.search')}
              style={{ width: searchWidth, maxWidth: '100%' }}
              maxLength={searchMaxLength}
              data-testid={`${record}-search`}
            />
          </label>
          {filters}
          <label>
            <span className="filter-label">{text('area')}</span>
            <AreaPicker scope={user.scope} scopeName={user.scopeName ?? user.scope} value={filter.area} onChange={(area) => onFilter({ area } as Partial<F>)} />
          </label>
        </div>
        <Space wrap style={{ marginTop: 12 }}>
          {canWrite && (
            <Button type="primary" onClick={onCreate} data-testid={`${record}-create`}>
              {text('create')}
            </Button>
          )}
          {canWrite && (
            <Button onClick={onImport} data-testid={`${record}-import`}>
              {text('import')}
            </Button>
          )}
          {exportFormats.length === 1 ? (
            <Button href={exportHref(exportFormats[0]!)} download title={text('exportHint')} data-testid={`${record}-export`}>
              {text('export')}
            </Button>
          ) : (
            <Dropdown
              menu={{
                items: exportFormats.map((f) => ({
                  key: f,
                  label: (
                    <a href={exportHref(f)} download data-testid={`export-${f}`}>
                      {f === 'csv' ? text('exportCsv') : text('exportXlsx')}
                    </a>
                  ),
                })),
              }}
            >
              <Button title={text('exportHint')} data-testid={`${record}-export`}>
                {text('export')} ▾
              </Button>
            </Dropdown>
          )}
        </Space>
      </Card>
      {aside ? (
        <div className="facilities-grid">
          {listCard}
          {aside}
        </div>
      ) : (
        listCard
      )}
    </>
  );
}
