import { useMemo, useState } from 'react';
import { Card, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import { api } from '../../api/client.ts';
import { FACILITY_KINDS, FACILITY_STATUSES, type Facility, type FacilityFilter } from '../../api/facilities.ts';
import type { Page } from '../../api/types.ts';
import { useUser } from '../../app/session.tsx';
import { useFormat } from '../../i18n/format.ts';
import { ColorTag } from '../../shared/ColorTag.tsx';
import { ErrorAlert } from '../../shared/ErrorAlert.tsx';
import { FilterSelect, Register, RegisterTitle, useOpenParam, useRegisterList } from '../../shared/Register.tsx';
import { useApi } from '../../shared/use-api.ts';
import { FacilityDrawer } from './FacilityDrawer.tsx';
import { FacilityMap } from './FacilityMap.tsx';
import { ImportWizard } from './ImportWizard.tsx';
import { KIND_COLOURS, STATUS_GLYPHS, STATUS_TONE } from './style.ts';
import { may } from '../../../../contracts/policy.ts';

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
  const [openId, open] = useOpenParam();
  // The filters live in the URL: a link (planning's "see them on the facilities page") opens the
  // list filtered, and back, forward and reload keep what the person chose.
  const filter = useMemo(() => filterOf(params), [params]);
  const [importOpen, setImportOpen] = useState(false);
  const register = useRegisterList<Facility>('/facilities', filter);
  const key = JSON.stringify(filter);
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
  }, [key, register.tick]);

  const update = (change: Partial<FacilityFilter>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(change)) {
      if (v === undefined || v === '') next.delete(k);
      else next.set(k, String(v));
    }
    setParams(next);
  };

  return (
    <div>
      <RegisterTitle title={t('facilities.title')} />
      <Register
        record="facility"
        path="/facilities"
        register={register}
        namespace="facilities"
        texts={{
          previous: t('facilities.previousPage'),
          next: t('facilities.nextPage'),
        }}
        filter={filter}
        onFilter={update}
        searchWidth={260}
        filters={
          <>
            <FilterSelect
              label={t('facilities.kind')}
              value={filter.kind}
              onChange={(kind) => update({ kind })}
              options={FACILITY_KINDS.map((k) => ({ value: k, label: t(`facilityKind.${k}`) }))}
              allLabel={t('facilities.allKinds')}
              width={160}
              testId="kind-filter"
            />
            <FilterSelect
              label={t('facilities.status')}
              value={filter.status}
              onChange={(status) => update({ status })}
              options={FACILITY_STATUSES.map((s) => ({ value: s, label: t(`facilityStatus.${s}`) }))}
              allLabel={t('facilities.allStatuses')}
              testId="status-filter"
            />
            <FilterSelect
              label={t('facilities.urbanRural')}
              value={filter.urbanRural}
              onChange={(urbanRural) => update({ urbanRural })}
              options={[
                { value: 'urban', label: t('kind.urban') },
                { value: 'rural', label: t('kind.rural') },
              ]}
              allLabel={t('facilities.allUrbanRural')}
              testId="urban-filter"
            />
          </>
        }
        canWrite={canWrite}
        onCreate={() => open('new')}
        onImport={() => setImportOpen(true)}
        exportFormats={['csv', 'xlsx']}
        nameTitle={t('facilities.name')}
        onOpen={open}
        columns={[
          {
            key: 'kind',
            title: t('facilities.kind'),
            render: (f) => (
              <span>
                <span className="legend-dot" style={{ background: KIND_COLOURS[f.kind] }} />
                {t(`facilityKind.${f.kind}`)}
              </span>
            ),
          },
          {
            key: 'status',
            title: t('facilities.status'),
            render: (f) => (
              <ColorTag tone={STATUS_TONE[f.status]}>
                <span aria-hidden="true">{STATUS_GLYPHS[f.status]} </span>
                {t(`facilityStatus.${f.status}`)}
              </ColorTag>
            ),
          },
          { key: 'community', title: t('facilities.community'), render: (f) => f.areaName ?? f.areaCode },
          { key: 'floorArea', title: t('facilities.floorArea'), align: 'right', nowrap: true, render: (f) => `${format.decimal(f.floorArea)} m²` },
          { key: 'generated', title: '', render: (f) => (f.generated ? <Tag>{t('facilities.generated')}</Tag> : null) },
        ]}
        aside={
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
        }
      />

      <FacilityDrawer
        id={openId}
        canWrite={canWrite}
        onClose={() => open(null)}
        onChanged={register.reload}
        onCreated={(saved) => {
          register.refresh();
          open(saved.id);
        }}
      />
      {canWrite && <ImportWizard open={importOpen} onClose={() => setImportOpen(false)} onImported={register.refresh} />}
    </div>
  );
}
