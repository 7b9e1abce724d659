import { useEffect, useMemo, useState } from 'react';
import { Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.ts';
import type { CoverageReport, UncoveredCommunity } from '../../api/facilities.ts';
import type { AreaSummary, Page } from '../../api/types.ts';
import { usePreferences } from '../../app/preferences.tsx';
import { useFormat } from '../../i18n/format.ts';
import { ErrorAlert } from '../../shared/ErrorAlert.tsx';
import { echarts, type EChartsOption } from '../areas/echarts.ts';
import { boundariesFor, loadCountyBoundaries, type BoundaryCollection } from '../areas/boundaries.ts';
import { mapPoints } from '../areas/area-points.ts';
import { MapChart } from '../facilities/MapChart.tsx';

/** Five steps from red (low) to green (high); each dark enough for the county names on top. */
export const SHARE_COLOURS = ['#f4b6a6', '#f7d59c', '#e6eca0', '#b6df9f', '#7cc48a'] as const;
export const NO_DATA = '#e3e6ea';
export const COVERED = '#237804';
export const UNCOVERED = '#b3122e';

export function shareColour(share: number | null): string {
  if (share === null) return NO_DATA;
  return SHARE_COLOURS[Math.min(SHARE_COLOURS.length - 1, Math.floor(share * SHARE_COLOURS.length))]!;
}

/** Every uncovered community under the area (the API pages them, 500 a page). */
async function allUncovered(query: Record<string, string | number | undefined>, signal: AbortSignal): Promise<UncoveredCommunity[]> {
  const items: UncoveredCommunity[] = [];
  let cursor: string | null = null;
  do {
    const page: Page<UncoveredCommunity> = await api.get<Page<UncoveredCommunity>>('/coverage/uncovered', { ...query, limit: 500, cursor }, signal);
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor && items.length < 20_000);
  return items;
}

/**
 * The children of the area on the map: counties as polygons shaded by facility coverage (a city
 * or above); below a county, each community as a point, covered or not by the service radius.
 */
export function CoverageMap({ report, query, kindLabel }: { report: CoverageReport; query: Record<string, string | number | undefined>; kindLabel: string }) {
  const { t } = useTranslation();
  const format = useFormat();
  const { elderMode } = usePreferences();
  const area = report.area;
  const counties = area.level <= 2;
  const [boundaries, setBoundaries] = useState<BoundaryCollection | null>(null);
  const [points, setPoints] = useState<{ all: AreaSummary[]; uncovered: Set<string> } | null>(null);
  const [error, setError] = useState<unknown>(null);
  const queryKey = JSON.stringify(query);

  useEffect(() => {
    let live = true;
    loadCountyBoundaries().then(
      (all) => live && setBoundaries(all),
      (e: unknown) => live && setError(e),
    );
    return () => {
      live = false;
    };
  }, []);

  useEffect(() => {
    if (counties) return;
    const controller = new AbortController();
    setPoints(null);
    Promise.all([
      mapPoints({ code: area.code, level: area.level, parentCode: null }, () => undefined, controller.signal),
      allUncovered({ ...query, area: area.code }, controller.signal),
    ]).then(
      ([all, uncovered]) => !controller.signal.aborted && setPoints({ all, uncovered: new Set(uncovered.map((u) => u.code)) }),
      (e: unknown) => !controller.signal.aborted && setError(e),
    );
    return () => controller.abort();
  }, [area.code, counties, queryKey]);

  const mapName = boundaries ? `linli-coverage-${counties ? 'all' : area.code.slice(0, 6)}` : null;
  if (boundaries && mapName && !echarts.getMap(mapName)) echarts.registerMap(mapName, boundariesFor(boundaries, counties ? '' : area.code.slice(0, 6)) as never);

  const located = useMemo(() => (points?.all ?? []).filter((p) => p.lon !== null && p.lat !== null), [points]);
  const uncoveredCount = located.filter((p) => points?.uncovered.has(p.code)).length;

  const option = useMemo<EChartsOption | null>(() => {
    if (!mapName || !boundaries) return null;
    const geoBase = {
      map: mapName,
      roam: true,
      label: { show: true, color: '#1f1f1f', fontSize: elderMode ? 15 : 12 },
      itemStyle: { areaColor: '#eef3fa', borderColor: '#5b7fb0', borderWidth: 1 },
      emphasis: { disabled: true },
      select: { disabled: true },
    };
    if (counties) {
      const byCode = new Map(report.children.map((c) => [c.code.slice(0, 6), c]));
      return {
        animation: false,
        tooltip: {
          trigger: 'item',
          formatter: (p: unknown) => {
            const name = (p as { name: string }).name;
            const feature = boundaries.features.find((f) => f.properties.name === name);
            const c = feature && byCode.get(feature.properties.code);
            const share = c?.facilityCoverage.communities.all.share;
            return `${name}<br/>${t('coverage.facilityCoverage')}：${share === null || share === undefined ? t('coverage.notApplicable') : format.percent(share)}`;
          },
        },
        geo: {
          ...geoBase,
          tooltip: { show: true },
          regions: boundaries.features.map((f) => ({
            name: f.properties.name,
            itemStyle: { areaColor: shareColour(byCode.get(f.properties.code)?.facilityCoverage.communities.all.share ?? null) },
          })),
        },
        series: [],
      } as EChartsOption;
    }
    // Below a county the communities sit in a corner of it: centre on them.
    let view: { center: [number, number]; zoom: number } | undefined;
    if (area.level >= 4 && located.length > 1) {
      const lons = located.map((p) => p.lon!);
      const lats = located.map((p) => p.lat!);
      const county = boundariesFor(boundaries, area.code.slice(0, 6));
      const box = [Infinity, Infinity, -Infinity, -Infinity];
      const visit = (v: unknown): void => {
        if (Array.isArray(v) && typeof v[0] === 'number') {
          box[0] = Math.min(box[0]!, v[0] as number);
          box[1] = Math.min(box[1]!, v[1] as number);
          box[2] = Math.max(box[2]!, v[0] as number);
          box[3] = Math.max(box[3]!, v[1] as number);
        } else if (Array.isArray(v)) v.forEach(visit);
      };
      county.features.forEach((f) => visit(f.geometry.coordinates));
      const [minLon, minLat, maxLon, maxLat] = [Math.min(...lons), Math.min(...lats), Math.max(...lons), Math.max(...lats)];
      const zoom = 0.7 * Math.min((box[2]! - box[0]!) / Math.max(maxLon - minLon, 0.02), (box[3]! - box[1]!) / Math.max(maxLat - minLat, 0.02));
      view = { center: [(minLon + maxLon) / 2, (minLat + maxLat) / 2], zoom: Math.min(Math.max(zoom, 1), 12) };
    }
    const size = elderMode ? 10 : 7;
    const group = (covered: boolean) => ({
      type: 'scatter' as const,
      name: covered ? t('coverage.covered') : t('coverage.uncoveredLegend'),
      coordinateSystem: 'geo' as const,
      symbol: covered ? 'circle' : 'diamond',
      symbolSize: covered ? size : size + 3,
      itemStyle: { color: covered ? COVERED : UNCOVERED, borderColor: '#fff', borderWidth: 0.5 },
      data: located
        .filter((p) => points!.uncovered.has(p.code) !== covered)
        .map((p) => ({ name: p.name, value: [p.lon!, p.lat!] })),
    });
    return {
      animation: false,
      tooltip: { trigger: 'item', formatter: (p: unknown) => `${(p as { data: { name: string } }).data.name} · ${(p as { seriesName: string }).seriesName}` },
      geo: { ...geoBase, ...(view ?? {}) },
      series: points ? [group(true), group(false)] : [],
    } as EChartsOption;
  }, [mapName, boundaries, counties, report, located, points, elderMode, t, format, area.code, area.level]);

  const label = counties
    ? t('coverage.mapCounties', { name: area.name, kind: kindLabel })
    : t('coverage.mapCommunities', { name: area.name, kind: kindLabel, count: located.length, uncovered: uncoveredCount });

  return (
    <div>
      <ErrorAlert error={error} />
      {option && <MapChart option={option} label={label} testId="coverage-map" />}
      {(!option || (!counties && !points)) && !error && (
        <Typography.Text type="secondary" role="status">
          {t('coverage.mapLoading')}
        </Typography.Text>
      )}
      <div className="map-legend" data-testid="coverage-legend">
        {counties ? (
          <>
            <span>{t('coverage.legendLow')}</span>
            {SHARE_COLOURS.map((c, i) => (
              <span key={c} title={`${format.percent(i / SHARE_COLOURS.length)}–${format.percent((i + 1) / SHARE_COLOURS.length)}`}>
                <span className="legend-swatch" style={{ background: c }} />
                {format.percent(i / SHARE_COLOURS.length)}–{format.percent((i + 1) / SHARE_COLOURS.length)}
              </span>
            ))}
            <span>{t('coverage.legendHigh')}</span>
            <span>
              <span className="legend-swatch" style={{ background: NO_DATA }} />
              {t('coverage.noBoundary')}
            </span>
          </>
        ) : (
          <>
            <span>
              <span className="legend-dot" style={{ background: COVERED }} />
              {t('coverage.covered')}
            </span>
            <span>
              <span aria-hidden="true" style={{ color: UNCOVERED }}>
                ◆
              </span>{' '}
              {t('coverage.uncoveredLegend')}
            </span>
          </>
        )}
      </div>
    </div>
  );
}
