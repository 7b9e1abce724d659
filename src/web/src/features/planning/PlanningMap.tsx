import { useEffect, useMemo, useState } from 'react';
import { Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.ts';
import type { AreaDetail, AreaSummary, Page } from '../../api/types.ts';
import { usePreferences } from '../../app/preferences.tsx';
import { ErrorAlert } from '../../shared/ErrorAlert.tsx';
import { EChart } from '../areas/EChart.tsx';
import { echarts, type EChartsOption } from '../areas/echarts.ts';
import { boundariesFor, boundsOf, loadCountyBoundaries } from '../areas/boundaries.ts';
import { mapPoints } from '../areas/area-points.ts';
import type { FacilityPoint, Scenario, UncoveredCommunity } from './planning-types.ts';

/** Colours (contrast-checked on the map's light fill) and shapes, so the map reads without colour too. */
export const MAP_STYLE = {
  site: { color: '#c41d1d', symbol: 'pin' },
  facility: { color: '#0b3f86', symbol: 'rect' },
  covered: { color: '#5b7fb0', symbol: 'circle' },
  newlyCovered: { color: '#237804', symbol: 'triangle' },
  uncovered: { color: '#ad4e00', symbol: 'diamond' },
} as const;
type Layer = keyof typeof MAP_STYLE;

async function allPages<T>(path: string, query: Record<string, string | number | undefined>, signal: AbortSignal): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | null = null;
  do {
    const page: Page<T> = await api.get<Page<T>>(path, { ...query, limit: 500, cursor }, signal);
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor && items.length < 20_000);
  return items;
}

const RAD = Math.PI / 180;
/** Great-circle km, the same rule the coverage module applies (a point on the radius is inside). */
function km(lon1: number, lat1: number, lon2: number, lat2: number): number {
  const a = Math.sin(((lat2 - lat1) * RAD) / 2) ** 2 + Math.cos(lat1 * RAD) * Math.cos(lat2 * RAD) * Math.sin(((lon2 - lon1) * RAD) / 2) ** 2;
  return 2 * 6371.0088 * Math.asin(Math.min(1, Math.sqrt(a)));
}

interface MapData {
  points: AreaSummary[];
  uncovered: UncoveredCommunity[];
  facilities: FacilityPoint[];
}

/**
 * The area's boundaries (offline), its operating facilities of the kind, the proposed sites, and its
 * communities: reached before, newly reached by the proposal, still out of reach. "Before" is the
 * coverage API's own list of unreached communities; "newly reached" applies its rule (great-circle
 * distance within the community's radius) to the proposed sites.
 */
export function PlanningMap({ area, scenario }: { area: AreaDetail; scenario: Scenario }) {
  const { t } = useTranslation();
  const { elderMode } = usePreferences();
  const [mapName, setMapName] = useState<string | null>(null);
  const [mapBounds, setMapBounds] = useState<[number, number, number, number] | null>(null);
  const [data, setData] = useState<MapData | null>(null);
  const [error, setError] = useState<unknown>(null);
  const { urban, rural } = scenario.parameters.radiusKm;
  const kind = scenario.kind;

  useEffect(() => {
    const controller = new AbortController();
    const { signal } = controller;
    setData(null);
    setError(null);
    Promise.all([
      loadCountyBoundaries().then((all) => {
        const name = `linli-${area.code.slice(0, 6)}`;
        const shown = boundariesFor(all, area.code);
        if (!echarts.getMap(name)) echarts.registerMap(name, shown as never);
        setMapBounds(boundsOf(shown));
        setMapName(name);
      }),
      Promise.all([
        area.level >= 3 ? mapPoints(area, () => undefined, signal) : Promise.resolve([]),
        allPages<UncoveredCommunity>('/coverage/uncovered', { area: area.code, kind, urbanRadiusKm: urban, ruralRadiusKm: rural }, signal),
        allPages<FacilityPoint>('/facilities', { area: area.code, kind, status: 'operating' }, signal),
      ]).then(([points, uncovered, facilities]) => {
        if (!signal.aborted) setData({ points, uncovered, facilities });
      }),
    ]).catch((failure: unknown) => {
      if (!signal.aborted) setError(failure);
    });
    return () => controller.abort();
  }, [area, kind, urban, rural]);

  const layers = useMemo(() => {
    if (!data) return null;
    const sites = scenario.result.sites;
    const uncoveredCodes = new Set(data.uncovered.map((c) => c.code));
    const siteCodes = new Set(sites.map((s) => s.code));
    const newly: UncoveredCommunity[] = [];
    const still: UncoveredCommunity[] = [];
    for (const c of data.uncovered) {
      if (siteCodes.has(c.code) || sites.some((s) => km(c.lon, c.lat, s.lon, s.lat) <= c.radiusKm + 1e-6)) newly.push(c);
      else still.push(c);
    }
    const covered = data.points.filter((p) => p.level === 5 && p.lon !== null && p.lat !== null && !uncoveredCodes.has(p.code) && !siteCodes.has(p.code));
    const byCode = new Map(data.points.map((p) => [p.code, p]));
    const facilities = data.facilities.flatMap((f) => {
      const at = f.location ?? (byCode.get(f.areaCode)?.lon != null ? { lon: byCode.get(f.areaCode)!.lon!, lat: byCode.get(f.areaCode)!.lat! } : null);
      return at ? [{ name: f.name, lon: at.lon, lat: at.lat }] : [];
    });
    return {
      covered: covered.map((p) => ({ name: p.name, lon: p.lon!, lat: p.lat! })),
      newlyCovered: newly.filter((c) => !siteCodes.has(c.code)).map((c) => ({ name: c.name, lon: c.lon, lat: c.lat })),
      uncovered: still.map((c) => ({ name: c.name, lon: c.lon, lat: c.lat })),
      facility: facilities,
      site: sites.map((s) => ({ name: s.name, lon: s.lon, lat: s.lat })),
    } satisfies Record<Layer, { name: string; lon: number; lat: number }[]>;
  }, [data, scenario]);

  const labels: Record<Layer, string> = {
    site: t('planning.map.sites'),
    facility: t('planning.map.facilities'),
    covered: t('planning.map.covered'),
    newlyCovered: t('planning.map.newlyCovered'),
    uncovered: t('planning.map.uncovered'),
  };

  const option = useMemo<EChartsOption | null>(() => {
    if (!mapName || !layers) return null;
    const size = elderMode ? 1.4 : 1;
    const sizes: Record<Layer, number> = { covered: 6, newlyCovered: 9, uncovered: 8, facility: 9, site: 26 };
    let view: { center: [number, number]; zoom: number } | undefined;
    const all = [...layers.covered, ...layers.newlyCovered, ...layers.uncovered, ...layers.site];
    if (area.level >= 4 && all.length > 1 && mapBounds) {
      const lons = all.map((p) => p.lon);
      const lats = all.map((p) => p.lat);
      const [minLon, minLat, maxLon, maxLat] = [Math.min(...lons), Math.min(...lats), Math.max(...lons), Math.max(...lats)];
      const zoom = 0.7 * Math.min((mapBounds[2] - mapBounds[0]) / Math.max(maxLon - minLon, 0.02), (mapBounds[3] - mapBounds[1]) / Math.max(maxLat - minLat, 0.02));
      view = { center: [(minLon + maxLon) / 2, (minLat + maxLat) / 2], zoom: Math.min(Math.max(zoom, 1), 12) };
    }
    const order: Layer[] = ['covered', 'uncovered', 'newlyCovered', 'facility', 'site'];
    return {
      animation: false,
      tooltip: { trigger: 'item', formatter: (p: unknown) => `${(p as { data: { name: string } }).data.name} · ${(p as { seriesName: string }).seriesName}` },
      legend: { show: false },
      geo: {
        map: mapName,
        roam: true,
        ...(view ?? {}),
        label: { show: area.level < 3, color: '#3d3d3d', fontSize: elderMode ? 15 : 12 },
        itemStyle: { areaColor: '#f2f5f9', borderColor: '#5b7fb0', borderWidth: 1 },
        emphasis: { disabled: true },
        select: { disabled: true },
      },
      series: order.map((layer) => ({
        type: 'scatter' as const,
        name: labels[layer],
        coordinateSystem: 'geo' as const,
        symbol: MAP_STYLE[layer].symbol,
        symbolSize: sizes[layer] * size,
        z: order.indexOf(layer) + 2,
        itemStyle: { color: MAP_STYLE[layer].color, borderColor: '#fff', borderWidth: layer === 'site' ? 1.5 : 0.5, opacity: layer === 'covered' ? 0.75 : 1 },
        label: layer === 'site' ? { show: true, position: 'right', formatter: '{b}', color: '#7a0e0e', fontWeight: 'bold', fontSize: elderMode ? 16 : 13, backgroundColor: 'rgba(255,255,255,0.85)', padding: [1, 3] } : undefined,
        data: layers[layer].map((p) => ({ name: p.name, value: [p.lon, p.lat] })),
      })),
    } as EChartsOption;
    // labels changes with t
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [mapName, mapBounds, layers, elderMode, t, area.level]);

  const description = layers
    ? t('planning.map.description', {
        name: area.name,
        sites: layers.site.length,
        facilities: layers.facility.length,
        newly: layers.newlyCovered.length,
        uncovered: layers.uncovered.length,
      })
    : '';

  return (
    <div>
      <ErrorAlert error={error} />
      {option && <EChart option={option} className="planning-map" label={description} testId="planning-map" />}
      {!option && !error && (
        <div className="planning-map planning-map-loading" role="status">
          <Typography.Text type="secondary">{t('planning.map.loading')}</Typography.Text>
        </div>
      )}
      <ul className="planning-legend" aria-label={t('planning.map.legend')}>
        {(['site', 'facility', 'covered', 'newlyCovered', 'uncovered'] as Layer[]).map((layer) => (
          <li key={layer} data-testid={`legend-${layer}`}>
            <span className={`planning-symbol planning-symbol-${layer}`} style={{ background: MAP_STYLE[layer].color }} aria-hidden />
            {labels[layer]}
            {layers && <span className="planning-legend-count">{layers[layer].length}</span>}
          </li>
        ))}
      </ul>
      <Typography.Text type="secondary" className="planning-map-note">
        {area.level < 3 ? t('planning.map.cityNote') : t('planning.map.note')}
      </Typography.Text>
    </div>
  );
}
