import { useEffect, useMemo, useState } from 'react';
import { Button, Card, Dropdown, Input, Select, Space, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import { api, apiUrl } from '../../api/client.ts';
import { FACILITY_KINDS, FACILITY_STATUSES, type Facility, type FacilityFilter } from '../../api/facilities.ts';
import type { Page } from '../../api/types.ts';
import { useUser } from '../../app/session.tsx';
import { useFormat } from '../../i18n/format.ts';
import { ColorTag } from '../../shared/ColorTag.tsx';
import { ErrorAlert } from '../../shared/ErrorAlert.tsx';
import { useApi } from '../../shared/use-api.ts';
import { AreaPicker } from './AreaPicker.tsx';
import { FacilityDrawer } from './FacilityDrawer.tsx';
import { FacilityMap } from './FacilityMap.tsx';
import { ImportWizard } from './ImportWizard.tsx';
import { KIND_COLOURS, STATUS_GLYPHS, STATUS_TONE } from './style.ts';
import { may } from '../../../../contracts/policy.ts';

const PAGE_SIZE = 20;
/** The map draws at most this many facilities (4 requests of 500). */
const MAP_MAX = 2000;

const oneOf = <T extends string>(list: readonly T[], value: string | null): T | undefined => (list.includes(value as T) ? (value as T) : undefined);

/** The filters a URL asks for; values the API would refuse are left out rather than sent. */
function filterOf(params: URLSearchParams): FacilityFilter {
  const filter: FacilityFilter = {
    q: params.get('q')?.trim() || undefined,
    kind: oneOf(FACILITY_KINDS, params.get('kind')),
    status: oneOf(FACILITY_STATUSES, params.get('status')),
    urbanRural: oneOf(['urban', 'rural'] as const, params.get('urbanRural')),
    area: /^[0-9]{2,12}$/.test(params.get('area') ?? '') ? params.get('area')! : undefined,
  };
  for (const k of Object.keys(filter) as (keyof FacilityFilter)[]) if (filter[k] === undefined) delete filter[k];
  return filter;
}

/** Facilities in the user's scope: filters, a paged list, a map; details, edits, import and export. */
export default function FacilitiesPage() {
  const { t } = useTranslation();
  const user = useUser();
  const format = useFormat();
  const canWrite = may(user.role, 'facilities.write');
  const [params, setParams] = useSearchParams();
  const openId = params.get('open');
  // The filters live in the URL: a link (planning's "see them on the facilities page") opens the
  // list filtered, and back, forward and reload keep what the person chose.
  const filter = useMemo(() => filterOf(params), [params]);
  const [q, setQ] = useState(filter.q ?? '');
  // Back and forward change the URL's search: the box follows (set during render, not in an effect).
  const [shownQ, setShownQ] = useState(filter.q);
  if (shownQ !== filter.q) {
    setShownQ(filter.q);
    setQ(filter.q ?? '');
  }
  // Cursor of each page seen so far: page n starts at cursors[n - 1].
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const [page, setPage] = useState(1);
  const [importOpen, setImportOpen] = useState(false);
  const [tick, setTick] = useState(0);
  const key = JSON.stringify(filter);

  useEffect(() => {
    document.title = `${t('facilities.title')} · ${t('app.name')}`;
  }, [t]);

  const list = useApi(
    (signal) => api.get<Page<Facility>>('/facilities', { ...filter, limit: PAGE_SIZE, cursor: cursors[page - 1] }, signal),
    [key, page, tick],
  );
  const all = useApi(async (signal) => {
    const items: Facility[] = [];
    let cursor: string | null = null;
    let total: number;
    do {
      const p: Page<Facility> = await api.get<Page<Facility>>('/facilities', { ...filter, limit: 500, cursor }, signal);
      items.push(...p.items);
      total = p.total;
      cursor = p.nextCursor;
    } while (cursor && items.length < MAP_MAX);
    return { items, total };
  }, [key, tick]);

  useEffect(() => {
    const next = list.data?.nextCursor;
    if (next && cursors.length === page) setCursors([...cursors, next]);
  }, [list.data, page, cursors]);

  const update = (change: Partial<FacilityFilter>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(change)) {
      if (v === undefined || v === '') next.delete(k);
      else next.set(k, String(v));
    }
    setParams(next);
    setCursors([null]);
    setPage(1);
  };
  const refresh = () => {
    setCursors([null]);
    setPage(1);
    setTick((n) => n + 1);
  };
  const open = (id: string | null) => {
    const next = new URLSearchParams(params);
    if (id) next.set('open', id);
    else next.delete('open');
    setParams(next, { replace: !id });
  };

  const total = list.data?.total ?? 0;
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  const exportQuery = { ...filter };

  return (
    <div>
      <Typography.Title level={1} className="page-title" style={{ fontSize: '1.6em' }}>
        {t('facilities.title')}
      </Typography.Title>
      <Card size="small" style={{ marginBottom: 16 }}>
        <h2 className="visually-hidden">{t('facilities.filters')}</h2>
        <div className="filter-bar" data-testid="facility-filters">
          <label>
            <span className="filter-label">{t('facilities.search')}</span>
            <Input.Search
              value={q}
              onChange={(e) => setQ(e.target.value)}
              onSearch={(v) => update({ q: v.trim() || undefined })}
              placeholder={t('facilities.searchPlaceholder')}
              allowClear
              enterButton={t('common.search')}
              style={{ width: 260 }}
              data-testid="facility-search"
            />
          </label>
          <label>
            <span className="filter-label">{t('facilities.kind')}</span>
            <Select
              value={filter.kind ?? ''}
              onChange={(v) => update({ kind: (v || undefined) as FacilityFilter['kind'] })}
              options={[{ value: '', label: t('facilities.allKinds') }, ...FACILITY_KINDS.map((k) => ({ value: k, label: t(`facilityKind.${k}`) }))]}
              style={{ minWidth: 160 }}
              popupMatchSelectWidth={false}
              data-testid="kind-filter"
            />
          </label>
          <label>
            <span className="filter-label">{t('facilities.status')}</span>
            <Select
              value={filter.status ?? ''}
              onChange={(v) => update({ status: (v || undefined) as FacilityFilter['status'] })}
              options={[{ value: '', label: t('facilities.allStatuses') }, ...FACILITY_STATUSES.map((s) => ({ value: s, label: t(`facilityStatus.${s}`) }))]}
              style={{ minWidth: 130 }}
              popupMatchSelectWidth={false}
              data-testid="status-filter"
            />
          </label>
          <label>
            <span className="filter-label">{t('facilities.urbanRural')}</span>
            <Select
              value={filter.urbanRural ?? ''}
              onChange={(v) => update({ urbanRural: (v || undefined) as FacilityFilter['urbanRural'] })}
              options={[
                { value: '', label: t('facilities.allUrbanRural') },
                { value: 'urban', label: t('kind.urban') },
                { value: 'rural', label: t('kind.rural') },
              ]}
              style={{ minWidth: 130 }}
              popupMatchSelectWidth={false}
              data-testid="urban-filter"
            />
          </label>
          <label>
            <span className="filter-label">{t('facilities.area')}</span>
            <AreaPicker scope={user.scope} scopeName={user.scopeName ?? user.scope} value={filter.area} onChange={(area) => update({ area })} />
          </label>
        </div>
        <Space wrap style={{ marginTop: 12 }}>
          {canWrite && (
            <Button type="primary" onClick={() => open('new')} data-testid="facility-create">
              {t('facilities.create')}
            </Button>
          )}
          {canWrite && (
            <Button onClick={() => setImportOpen(true)} data-testid="facility-import">
              {t('facilities.import')}
            </Button>
          )}
          <Dropdown
            menu={{
              items: (['csv', 'xlsx'] as const).map((f) => ({
                key: f,
                label: (
                  <a href={apiUrl('/facilities/export', { ...exportQuery, format: f })} download data-testid={`export-${f}`}>
                    {f === 'csv' ? t('facilities.exportCsv') : t('facilities.exportXlsx')}
                  </a>
                ),
              })),
            }}
          >
            <Button title={t('facilities.exportHint')} data-testid="facility-export">
              {t('facilities.export')} ▾
            </Button>
          </Dropdown>
        </Space>
      </Card>

      <div className="facilities-grid">
        <Card title={<h2 className="card-title">{t('facilities.list')}</h2>} extra={<span data-testid="facility-total">{t('facilities.total', { count: total })}</span>}>
          <ErrorAlert error={list.error} onRetry={list.reload} />
          <Table<Facility>
            size="small"
            rowKey="id"
            loading={list.loading}
            dataSource={list.data?.items ?? []}
            pagination={false}
            scroll={{ x: true }}
            data-testid="facility-table"
            columns={[
              {
                key: 'name',
                title: t('facilities.name'),
                render: (_, f) => (
                  <a
                    href={`/facilities?open=${f.id}`}
                    onClick={(e) => {
                      e.preventDefault();
                      open(f.id);
                    }}
                    data-testid="facility-link"
                  >
                    {f.name}
                  </a>
                ),
              },
              {
                key: 'kind',
                title: t('facilities.kind'),
                render: (_, f) => (
                  <span>
                    <span className="legend-dot" style={{ background: KIND_COLOURS[f.kind] }} />
                    {t(`facilityKind.${f.kind}`)}
                  </span>
                ),
              },
              {
                key: 'status',
                title: t('facilities.status'),
                render: (_, f) => (
                  <ColorTag tone={STATUS_TONE[f.status]}>
                    <span aria-hidden="true">{STATUS_GLYPHS[f.status]} </span>
                    {t(`facilityStatus.${f.status}`)}
                  </ColorTag>
                ),
              },
              { key: 'community', title: t('facilities.community'), render: (_, f) => f.areaName ?? f.areaCode },
              { key: 'floorArea', title: t('facilities.floorArea'), align: 'right', render: (_, f) => <span style={{ whiteSpace: 'nowrap' }}>{format.decimal(f.floorArea)} m²</span> },
              { key: 'generated', title: '', render: (_, f) => (f.generated ? <Tag>{t('facilities.generated')}</Tag> : null) },
            ]}
          />
          <nav className="pager" aria-label={t('facilities.list')}>
            <Button disabled={page <= 1} onClick={() => setPage(page - 1)} data-testid="page-previous">
              {t('facilities.previousPage')}
            </Button>
            <span aria-live="polite">{t('facilities.pageOf', { page, pages })}</span>
            <Button disabled={!list.data?.nextCursor || cursors.length <= page} onClick={() => setPage(page + 1)} data-testid="page-next">
              {t('facilities.nextPage')}
            </Button>
          </nav>
        </Card>
        <Card title={<h2 className="card-title">{t('facilities.map')}</h2>}>
          <ErrorAlert error={all.error} onRetry={all.reload} />
          <FacilityMap
            facilities={all.loading ? null : (all.data?.items ?? [])}
            scope={filter.area ?? user.scope}
            areaName={user.scopeName ?? user.scope}
            truncated={all.data && all.data.total > all.data.items.length ? all.data.items.length : null}
            onOpen={open}
          />
        </Card>
      </div>

      <FacilityDrawer
        id={openId}
        canWrite={canWrite}
        onClose={() => open(null)}
        onChanged={() => setTick((n) => n + 1)}
        onCreated={(saved) => {
          refresh();
          open(saved.id);
        }}
      />
      {canWrite && <ImportWizard open={importOpen} onClose={() => setImportOpen(false)} onImported={refresh} />}
    </div>
  );
}
