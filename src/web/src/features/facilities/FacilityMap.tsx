import { useEffect, useMemo, useState } from 'react';
import { Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { FACILITY_KINDS, FACILITY_STATUSES, type Facility } from '../../api/facilities.ts';
import { usePreferences } from '../../app/preferences.tsx';
import { ErrorAlert } from '../../shared/ErrorAlert.tsx';
import { echarts, type EChartsOption } from '../areas/echarts.ts';
import { boundariesFor, loadCountyBoundaries } from '../areas/boundaries.ts';
import { MapChart } from './MapChart.tsx';
import { KIND_COLOURS, STATUS_GLYPHS, STATUS_SYMBOLS } from './style.ts';

/** Registers (once) and names the boundary map for an area: its county, or every county of the demo city. */
export function useBoundaryMap(areaCode: string): { mapName: string | null; error: unknown } {
  const [mapName, setMapName] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const key = areaCode.length >= 6 ? areaCode.slice(0, 6) : 'all';
  useEffect(() => {
    let live = true;
    loadCountyBoundaries().then(
      (all) => {
        const name = `linli-${key}`;
        if (!echarts.getMap(name)) echarts.registerMap(name, boundariesFor(all, key === 'all' ? '' : key) as never);
        if (live) setMapName(name);
      },
      (failure: unknown) => live && setError(failure),
    );
    return () => {
      live = false;
    };
  }, [key]);
  return { mapName, error };
}

export interface FacilityPoint {
  name: string;
  value: [number, number];
  id: string;
}

/** Facilities over the county boundaries: colour = kind, shape = status; a click opens one. */
export function FacilityMap({
  facilities,
  scope,
  areaName,
  truncated,
  onOpen,
}: {
  facilities: Facility[] | null;
  scope: string;
  areaName: string;
  truncated: number | null;
  onOpen: (id: string) => void;
}) {
  const { t } = useTranslation();
  const { elderMode } = usePreferences();
  const { mapName, error } = useBoundaryMap(scope);
  const located = useMemo(() => (facilities ?? []).filter((f) => f.location), [facilities]);
  const size = elderMode ? 14 : 10;

  const option = useMemo<EChartsOption | null>(() => {
    if (!mapName) return null;
    return {
      animation: false,
      tooltip: {
        trigger: 'item',
        formatter: (p: unknown) => {
          const d = (p as { data: FacilityPoint & { kind: string; status: string } }).data;
          return `${d.name}<br/>${t(`facilityKind.${d.kind}` as 'facilityKind.other')} · ${t(`facilityStatus.${d.status}` as 'facilityStatus.planned')}`;
        },
      },
      geo: {
        map: mapName,
        roam: true,
        label: { show: true, color: '#3d3d3d', fontSize: elderMode ? 15 : 12 },
        itemStyle: { areaColor: '#eef3fa', borderColor: '#5b7fb0', borderWidth: 1 },
        emphasis: { disabled: true },
        select: { disabled: true },
      },
      series: FACILITY_KINDS.map((kind) => ({
        type: 'scatter' as const,
        name: t(`facilityKind.${kind}`),
        coordinateSystem: 'geo' as const,
        symbolSize: size,
        itemStyle: { color: KIND_COLOURS[kind], borderColor: '#fff', borderWidth: 0.5 },
        data: located
          .filter((f) => f.kind === kind)
          .map((f) => ({
            id: f.id,
            name: f.name,
            kind: f.kind,
            status: f.status,
            value: [f.location!.lon, f.location!.lat],
            symbol: STATUS_SYMBOLS[f.status],
            itemStyle: f.status === 'closed' ? { color: KIND_COLOURS[kind], borderColor: KIND_COLOURS[kind], borderWidth: 2 } : undefined,
          })),
      })).filter((s) => s.data.length),
    } as EChartsOption;
  }, [mapName, located, elderMode, size, t]);

  const kinds = FACILITY_KINDS.filter((k) => located.some((f) => f.kind === k));
  const statuses = FACILITY_STATUSES.filter((s) => located.some((f) => f.status === s));
  const withoutLocation = (facilities?.length ?? 0) - located.length;

  return (
    <div>
      <ErrorAlert error={error} />
      {option && (
        <MapChart<FacilityPoint>
          option={option}
          label={t('facilities.mapDescription', { name: areaName, count: located.length })}
          testId="facility-map"
          onPoint={(d) => onOpen(d.id)}
        />
      )}
      {(!option || facilities === null) && !error && (
        <Typography.Text type="secondary" role="status">
          {t('facilities.mapLoading')}
        </Typography.Text>
      )}
      <div className="map-legend" data-testid="facility-legend">
        <span className="visually-hidden">{t('facilities.legendKinds')}</span>
        {kinds.map((k) => (
          <span key={k}>
            <span className="legend-dot" style={{ background: KIND_COLOURS[k] }} />
            {t(`facilityKind.${k}`)}
          </span>
        ))}
      </div>
      <div className="map-legend">
        <span className="visually-hidden">{t('facilities.legendStatuses')}</span>
        {statuses.map((s) => (
          <span key={s}>
            <span aria-hidden="true" className="legend-glyph">
              {STATUS_GLYPHS[s]}
            </span>{' '}
            {t(`facilityStatus.${s}`)}
          </span>
        ))}
      </div>
      {truncated !== null && <Typography.Paragraph type="secondary">{t('facilities.mapTruncated', { count: truncated })}</Typography.Paragraph>}
      {withoutLocation > 0 && <Typography.Paragraph type="secondary">{t('facilities.mapNoLocation', { count: withoutLocation })}</Typography.Paragraph>}
    </div>
  );
}
